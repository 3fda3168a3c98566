/**
 * Failed jobs of the runtime's job topics: listed, retried, skipped. One mechanism behind both doors, the CLI
 * (`ayon-sg-runtime jobs failed|retry|skip`) and the addon page (a request served by a handler).
 *
 * How AYON treats a failed job (ayon-backend ayon_server/events/enroll.py): enroll leaves out a source event whose
 * job is `finished`, or `failed` with `retries > maxRetries`; a job `failed` with retries left, or `restarted`, is
 * handed out again as `pending` (retries + 1 when it was failed, unchanged when restarted). The runtime fails a job
 * for good by setting its retries to maxRetries + 1 (job-runner.ts). PATCH /api/events/{id} takes `status` and
 * `retries` (api/events/events.py); a service user (our key) may change a job's status, so:
 * - retry = status `restarted` with retries 0: the next enroll on the job's lane hands it out again, with the whole
 *   retry budget, as a restart of its worker would (reaper.ts does the same);
 * - skip = status `finished` with a description saying who skipped it: enroll never offers it again and it is no
 *   longer listed as failed (AYON has no "skipped" status; the description and `payload.skippedBy` tell it apart).
 *
 * Order: an ordered lane enrolls with `sequential: true`, oldest source first. A retried job is the oldest
 * unfinished source of its project, so it runs before any of its project's events still waiting, and after those
 * that already ran (they stay finished): it is applied on top of newer changes. The handlers re-read the entity
 * (an update applies its current state), so that converges; a full sync mends anything else.
 * A job whose source event is older than `ignoreOlderThanDays` cannot be retried: enroll never offers a source
 * updated before that (enroll.py `updated_at > NOW() - INTERVAL`); a full sync of its project is the way.
 */
import type { AyonClient } from "../ayon/client.js";
import type { EventNode } from "../ayon/types.js";
import { UserError } from "../config/user-error.js";

const PAGE_SIZE = 500;
const DAY_MS = 86_400_000;

export interface FailedJob {
  jobId: string;
  jobTopic: string;
  sourceId: string;
  /** The source event's topic and project, null when it is gone. */
  sourceTopic: string | null;
  project: string | null;
  /** The source's `payload.action` (page requests, ShotGrid events), null without one. */
  action: string | null;
  /** The sentence the job failed with (its description). */
  description: string;
  /** When it failed (the job's last update). */
  failedAt: string;
  /** How many times it ran since it was created or last retried (triesOf below). */
  tries: number;
  /** False while AYON will still offer it again by itself (retries ≤ maxRetries). */
  final: boolean;
}

/** Which failed jobs a retry takes: all, a project's, or the ones named. */
export type JobSelection = { all: true } | { project: string } | { jobIds: readonly string[] };

export interface ReplayOutcome {
  /** Jobs changed. */
  done: FailedJob[];
  /** Jobs refused, with the reason (e.g. source past ignoreOlderThanDays). */
  refused: Array<{ job: FailedJob; reason: string }>;
}

/** A job id that is not one of the runtime's jobs, or a job that is not failed: exit code 1; in a job, not retried. */
export class FailedJobsError extends UserError {
  readonly retryable = false;
  constructor(message: string) {
    super(message, 1);
  }
}

export interface FailedJobsOptions {
  maxRetries: number;
  ignoreOlderThanDays: number;
  now?: () => number;
}

export class FailedJobs {
  constructor(
    private readonly ayon: AyonClient,
    /** The job topics of the runtime's routes (one per order group). */
    readonly jobTopics: readonly string[],
    private readonly options: FailedJobsOptions,
  ) {}

  /** Failed jobs, oldest first, optionally of one project or with the given ids (unknown ids are left out). */
  async list(filter: { project?: string; jobIds?: readonly string[] } = {}): Promise<FailedJob[]> {
    return (await this.listFull(filter)).map(strip);
  }

  /** Makes AYON offer the selected failed jobs again; `by` names who asked (kept in the description). */
  async retry(selection: JobSelection, by: string): Promise<ReplayOutcome> {
    const jobs = await this.select(selection);
    const cutoff = this.options.ignoreOlderThanDays > 0 ? (this.options.now ?? Date.now)() - this.options.ignoreOlderThanDays * DAY_MS : null;
    const outcome: ReplayOutcome = { done: [], refused: [] };
    for (const job of jobs) {
      if (job.sourceTopic === null) {
        outcome.refused.push({ job, reason: `its source event ${job.sourceId} is gone` });
        continue;
      }
      if (cutoff !== null && job.sourceUpdatedAt !== null && Date.parse(job.sourceUpdatedAt) <= cutoff) {
        outcome.refused.push({ job, reason: `its source event is older than ignoreOlderThanDays (${this.options.ignoreOlderThanDays}): AYON will not offer it again; sync the project instead` });
        continue;
      }
      await this.ayon.updateEvent(job.jobId, { status: "restarted", retries: 0, description: `Retry asked by ${by}; it had failed with: ${job.description}`.slice(0, 2000) });
      outcome.done.push(strip(job));
    }
    return outcome;
  }

  /** Marks the named failed jobs so AYON never offers them again and they are no longer listed as failed. */
  async skip(jobIds: readonly string[], by: string): Promise<FailedJob[]> {
    const jobs = await this.select({ jobIds });
    for (const job of jobs) {
      await this.ayon.updateEvent(job.jobId, {
        status: "finished",
        description: `Skipped by ${by}; it had failed with: ${job.description}`.slice(0, 2000),
        payload: { skippedBy: by, failedWith: job.description },
      });
    }
    return jobs.map(strip);
  }

  private async select(selection: JobSelection): Promise<Array<FailedJob & { sourceUpdatedAt: string | null }>> {
    if ("all" in selection) return this.listFull({});
    if ("project" in selection) return this.listFull({ project: selection.project });
    const ids = [...new Set(selection.jobIds)];
    if (ids.length === 0) throw new FailedJobsError("no job id given");
    const found = await this.listFull({ jobIds: ids });
    const missing = ids.filter((id) => !found.some((job) => job.jobId === id));
    if (missing.length > 0) {
      const known = await this.read({ ids: missing });
      const reasons = missing.map((id) => {
        const job = known.find((e) => e.id === id);
        return job ? `job ${id} is not failed (it is ${job.status})` : `unknown job id ${id} (not a job of ${this.jobTopics.join(", ") || "any topic"})`;
      });
      throw new FailedJobsError(reasons.join("; "));
    }
    return found;
  }

  private async listFull(filter: { project?: string; jobIds?: readonly string[] }): Promise<Array<FailedJob & { sourceUpdatedAt: string | null }>> {
    if (this.jobTopics.length === 0) return [];
    const jobs = await this.read({ statuses: ["failed"], ...(filter.jobIds ? { ids: [...filter.jobIds] } : {}) });
    const listed = await this.withSources(jobs);
    return filter.project === undefined ? listed : listed.filter((job) => job.project === filter.project);
  }

  /** Every job event of the runtime's topics matching, oldest first, page by page. */
  private async read(query: { statuses?: ["failed"]; ids?: string[] }): Promise<EventNode[]> {
    const out: EventNode[] = [];
    let after: string | undefined;
    for (;;) {
      // A failed job's payload is small: its error and, when it failed for good, its try count (job-runner.ts).
      const page = await this.ayon.queryEvents({ topics: [...this.jobTopics], ...query, first: PAGE_SIZE, after });
      out.push(...page.events);
      if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) return out;
      after = page.pageInfo.endCursor;
    }
  }

  /** The jobs with their source events' topic, project and action (read by id, PAGE_SIZE at a time). */
  private async withSources(jobs: readonly EventNode[]): Promise<Array<FailedJob & { sourceUpdatedAt: string | null }>> {
    const ids = [...new Set(jobs.map((job) => job.dependsOn).filter((id): id is string => id !== null))];
    const sources = new Map<string, EventNode>();
    for (let i = 0; i < ids.length; i += PAGE_SIZE) {
      const chunk = ids.slice(i, i + PAGE_SIZE);
      const page = await this.ayon.queryEvents({ ids: chunk, first: chunk.length });
      for (const event of page.events) sources.set(event.id, event);
    }
    return jobs.map((job) => {
      const source = job.dependsOn ? sources.get(job.dependsOn) : undefined;
      const action = source?.payload?.action;
      return {
        jobId: job.id,
        jobTopic: job.topic,
        sourceId: job.dependsOn ?? "",
        sourceTopic: source?.topic ?? null,
        project: source?.project ?? job.project ?? null,
        action: typeof action === "string" ? action : null,
        description: job.description,
        failedAt: job.updatedAt,
        tries: triesOf(job),
        final: job.retries > this.options.maxRetries,
        sourceUpdatedAt: source?.updatedAt ?? null,
      };
    });
  }
}

/**
 * How many times a failed job ran: AYON adds one to `retries` each time it offers the job again, so retries + 1;
 * a job failed for good has its retries set past the maximum, and its count kept in `payload.tries` (job-runner.ts).
 */
export function triesOf(job: { retries: number; payload?: Record<string, unknown> | null }): number {
  const kept = job.payload?.tries;
  return typeof kept === "number" && Number.isInteger(kept) && kept > 0 ? kept : job.retries + 1;
}

function strip(job: FailedJob & { sourceUpdatedAt?: string | null }): FailedJob {
  const { sourceUpdatedAt: _, ...rest } = job;
  return rest;
}
