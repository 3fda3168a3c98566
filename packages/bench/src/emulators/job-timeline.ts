// Where a project's time goes under per-project order: the live jobs of one project, by the emulator's clock.
// Jobs come in batches (core's `batch` option): a batch is the job a worker enrolled (sender `<instance>-w<n>`)
// plus the jobs it claimed beside it (`<instance>-w<n>-b<i>`). One batch at a time per project, so the time
// between two batch starts and the batch size bound what a project can apply per second.
import type { EventStore } from "@ayon-sg/testkit";
import { percentile } from "../scenarios/live-figures.js";

export interface JobTimeline {
  /** Live jobs (action shotgrid-event, or of AYON entity events) finished since `since`. */
  jobs: number;
  /** Projects that had live jobs. */
  projects: number;
  /** Batches those jobs ran in (a job alone counts as a batch of one). */
  batches: number;
  /** Mean enroll → outcome time of a batch's first job, ms. */
  meanRunMs: number;
  /** Mean time between two batch starts of the same project while it had work waiting, ms. */
  meanCycleMs: number;
  /** Time in AYON's queue: source event dispatched → its job created by enroll, ms (every live job). */
  waitMs: { mean: number; p50: number; p99: number };
  /** Live jobs by runtime process (the sender name before `-w<slot>`). */
  jobsByInstance: Record<string, number>;
}

/** Two batch starts further apart than this: the project had run out of work in between (not a cycle). */
const IDLE_MS = 2000;
const CLAIMED = /-b\d+$/;
const SLOT = /-w\d+(-b\d+)?$/;

/** Which source events are the live ones: the leecher's ShotGrid events (scenario 3), or AYON's own entity events (4). */
export type LiveSources = "shotgrid-event" | "ayon-entity";

export function jobTimeline(events: EventStore, jobTopic: string, since: number, sources: LiveSources = "shotgrid-event"): JobTimeline {
  const byProject = new Map<string, Array<{ created: number; updated: number }>>();
  let jobs = 0;
  const waits: number[] = [];
  const jobsByInstance: Record<string, number> = {};
  for (const job of events.ofTopic(jobTopic)) {
    if (job.createdAt < since || job.status !== "finished" || job.dependsOn === null) continue;
    const source = events.get(job.dependsOn);
    if (!source?.project) continue;
    if (sources === "shotgrid-event" ? (source.payload as { action?: unknown }).action !== "shotgrid-event" : !source.topic.startsWith("entity.")) continue;
    jobs += 1;
    waits.push(Math.max(0, job.createdAt - source.createdAt));
    const instance = (job.sender ?? "unknown").replace(SLOT, "");
    jobsByInstance[instance] = (jobsByInstance[instance] ?? 0) + 1;
    if (CLAIMED.test(job.sender ?? "")) continue;
    const list = byProject.get(source.project) ?? [];
    list.push({ created: job.createdAt, updated: job.updatedAt });
    byProject.set(source.project, list);
  }
  let batches = 0;
  let runTotal = 0;
  let cycles = 0;
  let cycleTotal = 0;
  for (const list of byProject.values()) {
    list.sort((a, b) => a.created - b.created);
    for (let i = 0; i < list.length; i++) {
      batches += 1;
      runTotal += list[i]!.updated - list[i]!.created;
      const cycle = i > 0 ? list[i]!.created - list[i - 1]!.created : IDLE_MS;
      if (cycle < IDLE_MS) {
        cycles += 1;
        cycleTotal += cycle;
      }
    }
  }
  waits.sort((a, b) => a - b);
  return {
    jobs,
    projects: byProject.size,
    batches,
    meanRunMs: batches ? runTotal / batches : 0,
    meanCycleMs: cycles ? cycleTotal / cycles : 0,
    waitMs: { mean: waits.length ? waits.reduce((a, b) => a + b, 0) / waits.length : 0, p50: percentile(waits, 50), p99: percentile(waits, 99) },
    jobsByInstance,
  };
}
