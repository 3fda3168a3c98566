// Where a project's time goes under per-project order: for consecutive jobs of one project, the job's own
// run (enroll → outcome stored) and the gap before the project's next job was enrolled.
import type { EventStore } from "@ayon-sg/testkit";

export interface JobTimeline {
  jobs: number;
  /** Mean enroll → outcome time of a job, ms. */
  meanRunMs: number;
  /** Mean time from a job's outcome to the enroll of the same project's next job, ms (0 when back to back). */
  meanGapMs: number;
  /** Jobs per second per project while it had work (1000 / (run + gap)). */
  perProjectRate: number;
}

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
  let runs = 0;
  let runTotal = 0;
  let gaps = 0;
  let gapTotal = 0;
  for (const list of byProject.values()) {
    list.sort((a, b) => a.created - b.created);
    for (let i = 0; i < list.length; i++) {
      runs += 1;
      runTotal += list[i]!.updated - list[i]!.created;
      if (i === 0) continue;
      const gap = list[i]!.created - list[i - 1]!.updated;
      // A gap over 2 s means the project had no work waiting (the edits came slower than it was served).
      if (gap < 2000) {
        gaps += 1;
        gapTotal += Math.max(0, gap);
      }
    }
  }
  const meanRunMs = runs ? runTotal / runs : 0;
  const meanGapMs = gaps ? gapTotal / gaps : 0;
  return { jobs: runs, meanRunMs, meanGapMs, perProjectRate: meanRunMs + meanGapMs > 0 ? 1000 / (meanRunMs + meanGapMs) : 0 };
}
