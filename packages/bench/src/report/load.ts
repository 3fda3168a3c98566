// Whether a run's figures can be trusted: the machine's load around it, and how much of it was ours.
import type { LoadFigures } from "./types.js";

/** Above this many cores of load not ours (or load before the run), wall-clock figures say more about the machine. */
export const BUSY_CORES = 0.5;

/** Busy and total CPU time of the machine (ms) from /proc/stat's first line; null when it cannot be read. */
export function parseProcStat(text: string, ticksPerSecond = 100): { busyMs: number; totalMs: number } | null {
  const line = text.split("\n").find((l) => l.startsWith("cpu "));
  if (!line) return null;
  // user nice system idle iowait irq softirq steal guest guest_nice (guest time is already counted in user).
  const fields = line.trim().split(/\s+/).slice(1, 9).map(Number);
  if (fields.length < 4 || fields.some((n) => !Number.isFinite(n))) return null;
  const total = fields.reduce((a, b) => a + b, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  const toMs = (ticks: number) => (ticks * 1000) / ticksPerSecond;
  return { busyMs: toMs(total - idle), totalMs: toMs(total) };
}

export interface LoadInputs {
  cores: number;
  /** 1-minute load average when the bench started. */
  before: number;
  /** 1-minute load averages sampled through the measured window. */
  samples: readonly number[];
  wallMs: number;
  /** CPU time of the bench's own processes over the window: runtimes, emulators, the driver. */
  ownCpuMs: number | null;
  /** The machine's busy CPU time over the window (/proc/stat), null where unknown. */
  machineBusyMs: number | null;
}

export function loadFigures(input: LoadInputs): LoadFigures {
  const { samples, wallMs } = input;
  const max = samples.length ? Math.max(...samples) : input.before;
  // Never above the max by a rounding error (the same value summed n times and divided by n).
  const mean = samples.length ? Math.min(max, samples.reduce((a, b) => a + b, 0) / samples.length) : input.before;
  const ownCores = input.ownCpuMs !== null && wallMs > 0 ? input.ownCpuMs / wallMs : null;
  const otherCores =
    input.machineBusyMs !== null && input.ownCpuMs !== null && wallMs > 0 ? Math.max(0, (input.machineBusyMs - input.ownCpuMs) / wallMs) : null;
  return { cores: input.cores, before: input.before, mean, max, ownCores, otherCores };
}

/** A warning when the load says the run's timings are not to be trusted; null when the machine was quiet. */
export function loadWarning(load: LoadFigures): string | null {
  const reasons: string[] = [];
  if (load.before > BUSY_CORES) reasons.push(`load average ${load.before.toFixed(2)} before the run`);
  if (load.otherCores !== null) {
    if (load.otherCores > BUSY_CORES) reasons.push(`other processes kept ${load.otherCores.toFixed(2)} of ${load.cores} cores busy during it`);
  } else if (load.ownCores !== null && load.mean - load.ownCores > BUSY_CORES) {
    reasons.push(`load average ${load.mean.toFixed(2)} during it, ${(load.mean - load.ownCores).toFixed(2)} more than its own processes account for`);
  }
  if (reasons.length === 0) return null;
  return `WARNING: the machine was not idle (${reasons.join("; ")}): wall-clock figures (throughput, latency, durations) are not trustworthy; request counts and CPU per edit hold better`;
}
