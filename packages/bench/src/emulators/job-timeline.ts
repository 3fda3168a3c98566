// Where a project's time goes under per-project order: consecutive live jobs of one project, by the emulator's
// clock — how long a job ran (its enroll to its stored outcome) and how often the project got its next job.
import type { EventStore } from "@ayon-sg/testkit";

export interface JobTimeline {
  /** Live jobs (action shotgrid-event) finished since `since`. */
  jobs: number;
  /** Projects that had live jobs. */
  projects: number;
  /** Mean enroll → outcome time of a job, ms. */
  meanRunMs: number;
  /** Mean time between two enrolls of the same project while it had work waiting, ms: one event's cycle. */
  meanCycleMs: number;
}

/** Two enrolls further apart than this: the project had run out of work in between (not a cycle). */
const IDLE_MS = 2000;

export function jobTimeline(events: EventStore, jobTopic: string, since: number): JobTimeline {
  const byProject = new Map<string, Array<{ created: number; updated: number }>>();
  for (const job of events.ofTopic(jobTopic)) {
    if (job.createdAt < since || job.status !== "finished" || job.dependsOn === null) continue;
    const source = events.get(job.dependsOn);
    if (!source?.project || (source.payload as { action?: unknown }).action !== "shotgrid-event") continue;
    const list = byProject.get(source.project) ?? [];
    list.push({ created: job.createdAt, updated: job.updatedAt });
    byProject.set(source.project, list);
  }
  let jobs = 0;
  let runTotal = 0;
  let cycles = 0;
  let cycleTotal = 0;
  for (const list of byProject.values()) {
    list.sort((a, b) => a.created - b.created);
    for (let i = 0; i < list.length; i++) {
      jobs += 1;
      runTotal += list[i]!.updated - list[i]!.created;
      const cycle = i > 0 ? list[i]!.created - list[i - 1]!.created : IDLE_MS;
      if (cycle < IDLE_MS) {
        cycles += 1;
        cycleTotal += cycle;
      }
    }
  }
  return { jobs, projects: byProject.size, meanRunMs: jobs ? runTotal / jobs : 0, meanCycleMs: cycles ? cycleTotal / cycles : 0 };
}
