/**
 * Actions `retry-failed-jobs` and `skip-failed-jobs` on the page's request topic: the page's door to the runtime's
 * failed jobs, served by core's FailedJobs — the mechanism `ayon-sg-runtime jobs retry|skip` uses. Payload
 * `{ jobIds: string[] }` (the page sends the ids it lists, one or all of a project). Only managers reach this: AYON
 * refuses POST /api/events from other users (ayon-backend api/events/events.py post_event). Unordered, so a replay
 * never waits behind a sync; the replayed jobs themselves run in their project's order.
 */
import { FailedJobs, Handler, InvalidEventError, type AyonEvent, type EventHandler, type HandlerContext, type HandlerOutcome } from "@ayon-sg/core";
import { PAGE_REQUEST_TOPIC } from "./list-importable-projects-handler.js";

/** The job ids a request names; a malformed request fails for good. */
export function requestedJobIds(event: AyonEvent): string[] {
  const ids = event.payload?.jobIds;
  if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => typeof id === "string" && /^[0-9a-f]{32}$/.test(id))) {
    throw new InvalidEventError("the request needs payload.jobIds: a non-empty list of job ids");
  }
  return ids as string[];
}

/** Who asked, for the job's description: the request event's user (AYON sets it to the caller). */
function requester(event: AyonEvent): string {
  return `${event.user ?? "a manager"} (ShotGrid Sync page)`;
}

@Handler({ topic: PAGE_REQUEST_TOPIC, action: "retry-failed-jobs", ordered: false, description: "Offer failed jobs again (the page's Retry)" })
export class RetryFailedJobsHandler implements EventHandler {
  constructor(private readonly failedJobs: FailedJobs) {}

  async handle(event: AyonEvent, ctx: HandlerContext): Promise<HandlerOutcome> {
    const outcome = await this.failedJobs.retry({ jobIds: requestedJobIds(event) }, requester(event));
    const refused = outcome.refused.map(({ job, reason }) => `${job.jobId}: ${reason}`);
    const message = `${outcome.done.length} job(s) offered again${refused.length ? `; not retried: ${refused.join("; ")}` : ""}`;
    return ctx.done(message, { retried: outcome.done.map((j) => j.jobId), refused: outcome.refused.map(({ job, reason }) => ({ jobId: job.jobId, reason })) });
  }
}

@Handler({ topic: PAGE_REQUEST_TOPIC, action: "skip-failed-jobs", ordered: false, description: "Mark failed jobs done without running them (the page's Skip)" })
export class SkipFailedJobsHandler implements EventHandler {
  constructor(private readonly failedJobs: FailedJobs) {}

  async handle(event: AyonEvent, ctx: HandlerContext): Promise<HandlerOutcome> {
    const skipped = await this.failedJobs.skip(requestedJobIds(event), requester(event));
    return ctx.done(`${skipped.length} job(s) skipped`, { skipped: skipped.map((j) => j.jobId) });
  }
}
