import type { AyonClient } from "../ayon/client.js";
import type { EventNode } from "../ayon/types.js";
import type { Logger } from "../logging/logger.js";
import type { HeldJobs } from "./held-jobs.js";
import type { LaneScheduler } from "./lanes.js";

/**
 * Frees the queue from jobs whose worker died: a pending or in-progress job untouched for `stuckJobMs` is
 * failed (AYON then offers it again while retries remain). Running jobs touch their event regularly, so a
 * long full sync is never mistaken for a dead one. Jobs this process holds itself (`held`) are never failed:
 * their worker is alive, only its keepalive is late (a starved CPU, a slow AYON), and a failed job is offered
 * again at once, so a second run would race the first.
 */
export class StuckJobReaper {
  constructor(
    private readonly ayon: AyonClient,
    /** The job topics of the runtime's routes (one per order group). */
    private readonly jobTopics: readonly string[],
    private readonly stuckJobMs: number,
    private readonly scheduler: LaneScheduler,
    private readonly logger: Logger,
    private readonly held: HeldJobs | null = null,
    private readonly now: () => number = Date.now,
  ) {}

  async unfinishedJobs(): Promise<EventNode[]> {
    const jobs: EventNode[] = [];
    if (this.jobTopics.length === 0) return jobs;
    let after: string | undefined;
    for (;;) {
      const page = await this.ayon.queryEvents({ topics: [...this.jobTopics], statuses: ["pending", "in_progress"], first: 500, after, withPayload: false });
      jobs.push(...page.events);
      if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) return jobs;
      after = page.pageInfo.endCursor;
    }
  }

  /** Fails stuck jobs; returns how many. */
  async reap(): Promise<number> {
    const limit = this.now() - this.stuckJobMs;
    let reaped = 0;
    let spared = 0;
    // Held when the query went out (a job recorded, so released, while it runs must not be failed after its outcome
    // landed) or held now (enrolled while it ran: fresh, unless AYON's clock lags this host's).
    const held = this.held?.snapshot() ?? new Set<string>();
    for (const job of await this.unfinishedJobs()) {
      if (Date.parse(job.updatedAt) > limit) continue;
      if (held.has(job.id) || this.held?.has(job.id)) {
        spared += 1;
        continue;
      }
      const seconds = Math.round(this.stuckJobMs / 1000);
      await this.ayon.updateEvent(job.id, {
        status: "failed",
        description: `No sign of life from worker '${job.sender ?? "unknown"}' for ${seconds} s; presumed dead, offered again`,
      });
      this.logger.warn(`released stuck job ${job.id} of worker '${job.sender ?? "unknown"}'`, { jobId: job.id, project: job.project ?? undefined });
      this.scheduler.markProject(job.project);
      reaped += 1;
    }
    if (spared > 0) this.logger.debug(`left ${spared} job(s) alone that look stuck but run in this process (their keepalive is late)`, { spared });
    return reaped;
  }

  /**
   * At start-up: jobs still held by this instance's worker names belong to a previous run of this process
   * (it crashed or was killed). Hand them back at once instead of waiting for the stuck timeout.
   */
  async releaseOwn(senderPrefix: string): Promise<number> {
    let released = 0;
    for (const job of await this.unfinishedJobs()) {
      if (!job.sender?.startsWith(senderPrefix)) continue;
      await this.ayon.updateEvent(job.id, { status: "restarted", description: "Released after a restart of its worker; it will run again" });
      this.scheduler.markProject(job.project);
      released += 1;
    }
    if (released > 0) this.logger.info(`handed back ${released} job(s) left unfinished by a previous run of this instance`);
    return released;
  }
}
