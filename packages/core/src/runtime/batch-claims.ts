import type { AyonClient } from "../ayon/client.js";
import { andFilter } from "../ayon/query-filter.js";
import type { AyonEvent, EnrollRequest, EnrollResponse } from "../ayon/types.js";
import type { Logger } from "../logging/logger.js";
import { describeError } from "../plugin/errors.js";
import type { HeldJobs } from "./held-jobs.js";
import type { BatchJob } from "./job-runner.js";

/**
 * Taking the events that follow a job in its project's queue, for one `handleBatch` call (handler option
 * `batch`). AYON hands out one job per enroll, and one sender holds one unfinished job per target topic
 * (ayon-backend ayon_server/events/enroll.py), so each follower is claimed by an enroll of its own, filtered on its id,
 * under a sender name of its own: `<slot sender>-b<i>`. The slot's first job is its project's oldest unfinished event
 * and stays unfinished while the claims run, so every other worker's sequential enroll on that project answers 204: the
 * claims cannot race anyone for these events.
 *
 * Only an unbroken run from the first follower is used (events are handled in queue order): a claim that fails
 * ends the batch there, and jobs claimed after it are handed back at once (`restarted`), to be taken in order
 * later. Jobs left behind by a crash carry the slot's sender prefix: the next start hands them back
 * (StuckJobReaper.releaseOwn), as it does for the slot's own job.
 *
 * One claim and one outcome per follower is the floor: only enroll creates a job tied to its source event
 * (ayon-backend api/events/events.py post_event does not pass `depends_on` on, so a job dispatched "finished" would
 * not exclude its source from enroll), and PATCH /api/events updates one event at a time.
 */
/** Claims sent at once: AYON answers 503 to an enroll when its database pool runs low (api/events/enroll.py). */
const CLAIMS_AT_ONCE = 4;

export async function claimFollowers(
  clientFor: (sender: string) => AyonClient,
  sender: string,
  request: EnrollRequest,
  followers: readonly AyonEvent[],
  logger: Logger,
  /** Each claimed job is held from its answer on (the reaper spares it); one handed back is let go again. */
  held?: HeldJobs,
): Promise<BatchJob[]> {
  const clients = followers.map((_, i) => clientFor(`${sender}-b${i + 1}`));
  const answers: Array<EnrollResponse | null> = [];
  // A few at a time: each enroll is a query over the job events on the server, and every slot may be claiming.
  for (let from = 0; from < followers.length; from += CLAIMS_AT_ONCE) {
    const part = followers.slice(from, from + CLAIMS_AT_ONCE);
    answers.push(
      ...(await Promise.all(
        part.map(async (event, j) => {
          // The request's own filter stays (its project, and the route's per-topic sender rules), narrowed to the event.
          const filter = andFilter(request.filter, { key: "id", operator: "eq", value: event.id });
          const job = await claim(clients[from + j]!, { ...request, sequential: true, filter }, logger);
          if (job) held?.hold(job.id);
          return job;
        }),
      )),
    );
    // The run is already broken: claiming further would only hand the jobs back.
    if (answers.some((job, i) => job?.dependsOn !== followers[i]!.id)) break;
  }
  let run = 0;
  while (run < followers.length && answers[run]?.dependsOn === followers[run]!.id) run += 1;
  await Promise.all(
    answers.slice(run).map(async (job, i) => {
      if (!job) return;
      await clients[run + i]!
        .updateEvent(job.id, { status: "restarted", description: "Handed back: claimed for a batch that ended before it" })
        .catch((error: unknown) => logger.warn(`could not hand back job ${job.id}; the stuck-job reaper will`, { jobId: job.id, error: describeError(error) }))
        .finally(() => held?.release(job.id));
    }),
  );
  return followers.slice(0, run).map((source, i) => ({ job: answers[i] as EnrollResponse, source, ayon: clients[i]! }));
}

/** One claim, asked twice on a transport failure (the same sender and filter get the same job back). */
async function claim(ayon: AyonClient, request: EnrollRequest, logger: Logger): Promise<EnrollResponse | null> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await ayon.enroll(request);
    } catch (error) {
      if (attempt >= 2) {
        logger.debug("a batch claim failed; the batch ends before it", { error: describeError(error) });
        return null;
      }
    }
  }
}
