// Throughput and latency from the two sets of timestamps (ShotGrid write, first AYON change) per edit.
import type { LiveFigures } from "../report/types.js";

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

/**
 * `eventsPerSecond`: AYON changes per second between the 10th and the 90th percentile of the change times,
 * which leaves out the ramp-up (first leecher poll) and the tail. Edits never applied count in `edits` but not
 * in `applied` nor in the latencies.
 */
export function liveFigures(written: Record<string, number>, changed: Record<string, number>, editRate: number): Omit<LiveFigures, "jobs" | "runtimeProcesses" | "chain" | "ceiling"> {
  const latencies: number[] = [];
  const changeTimes: number[] = [];
  for (const [marker, at] of Object.entries(changed)) {
    const writtenAt = written[marker];
    if (writtenAt === undefined) continue;
    latencies.push(Math.max(0, at - writtenAt));
    changeTimes.push(at);
  }
  latencies.sort((a, b) => a - b);
  changeTimes.sort((a, b) => a - b);
  const from = percentile(changeTimes, 10);
  const to = percentile(changeTimes, 90);
  const inWindow = changeTimes.filter((t) => t >= from && t <= to).length;
  const eventsPerSecond = to > from ? ((inWindow - 1) * 1000) / (to - from) : 0;
  return {
    edits: Object.keys(written).length,
    applied: latencies.length,
    editRatePerSecond: editRate,
    eventsPerSecond,
    latencyMs: { p50: percentile(latencies, 50), p90: percentile(latencies, 90), p99: percentile(latencies, 99), max: latencies.at(-1) ?? 0 },
  };
}
