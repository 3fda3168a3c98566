// What limits a live run's throughput and latency, named from its job timeline, its chain bound and its CPU.
import type { JobTimeline } from "../emulators/job-timeline.js";

export interface CeilingInputs {
  editRate: number;
  /** AYON changes per second over the steady window. */
  eventsPerSecond: number;
  /** Jobs per applied edit (an edit may make more than one ShotGrid event). */
  jobsPerEdit: number;
  latencyMs: { p50: number; p99: number };
  timeline: JobTimeline;
  /** Projects, each one lane under per-project order. */
  lanes: number;
  cores: number;
  /** Cores the bench's own processes kept busy over the run (null when unknown). */
  ownCores: number | null;
  /** Cores everything else kept busy over the run (null when unknown). */
  otherCores: number | null;
}

export interface Ceiling {
  /** The limit, in a few words. */
  limit: string;
  /** Edits per second the per-project chain allows at the measured batch size and cycle. */
  chainBoundPerSecond: number;
  /** Where an edit's median latency goes: before its AYON event exists, waiting in the queue, running. */
  latencyParts: { beforeQueueMs: number; queueWaitMs: number; runMs: number };
  notes: string[];
}

/** Share of the cores above which the run is taken as CPU-bound. */
const CPU_BOUND = 0.85;

export function ceiling(input: CeilingInputs): Ceiling {
  const { timeline: t } = input;
  const batchSize = t.batches > 0 ? t.jobs / t.batches : 0;
  const chainJobsPerSecond = t.meanCycleMs > 0 ? (input.lanes * batchSize * 1000) / t.meanCycleMs : 0;
  const chainBoundPerSecond = chainJobsPerSecond / Math.max(1, input.jobsPerEdit);
  const queueWaitMs = t.waitMs.p50;
  const runMs = t.meanRunMs;
  const beforeQueueMs = Math.max(0, input.latencyMs.p50 - queueWaitMs - runMs);
  const busyCores = input.ownCores === null ? null : input.ownCores + (input.otherCores ?? 0);
  const keepingUp = input.eventsPerSecond >= 0.95 * input.editRate;

  let limit: string;
  if (busyCores !== null && busyCores >= CPU_BOUND * input.cores) {
    const others = input.otherCores ? ` and other processes ${input.otherCores.toFixed(2)}` : "";
    limit = `CPU: the cores were full (the runtimes and emulators kept ${input.ownCores!.toFixed(2)} of ${input.cores} busy${others})`;
  } else if (keepingUp) {
    limit = `the edit rate: ${input.editRate}/s are applied as they come`;
  } else if (chainBoundPerSecond > 0 && chainBoundPerSecond <= 1.15 * input.eventsPerSecond) {
    limit =
      `the per-project chain: one batch in flight per project, a batch every ${Math.round(t.meanCycleMs)} ms ` +
      `(${Math.round(runMs)} ms from claim to outcome) at ${batchSize.toFixed(1)} jobs`;
  } else {
    limit = "not the chain nor the CPU: see the queue wait and the time before the queue";
  }
  const parts = { beforeQueueMs, queueWaitMs, runMs };
  const biggest = (Object.entries(parts) as Array<[keyof typeof parts, number]>).sort((a, b) => b[1] - a[1])[0]![0];
  const partName = { beforeQueueMs: "before the event reaches AYON's queue (leecher poll and dispatch)", queueWaitMs: "waiting in AYON's queue", runMs: "from claim to outcome" }[biggest];
  const shares = Object.entries(t.jobsByInstance)
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([instance, n]) => `${instance} ${Math.round((100 * n) / Math.max(1, t.jobs))}%`)
    .join(", ");
  const notes = [
    `latency p50 ${Math.round(input.latencyMs.p50)} ms = ${Math.round(beforeQueueMs)} ms before the queue + ${Math.round(queueWaitMs)} ms queue wait (p99 ${Math.round(t.waitMs.p99)} ms) + ${Math.round(runMs)} ms claim → outcome; most of it ${partName}`,
    `chain bound ${chainBoundPerSecond.toFixed(0)} edits/s (${input.lanes} projects × ${batchSize.toFixed(1)} jobs per batch every ${Math.round(t.meanCycleMs)} ms, ${input.jobsPerEdit.toFixed(2)} jobs per edit)`,
    ...(shares ? [`jobs by runtime process: ${shares}`] : []),
  ];
  return { limit, chainBoundPerSecond, latencyParts: parts, notes };
}
