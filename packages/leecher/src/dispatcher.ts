/**
 * Sends `shotgrid.event`s to AYON. AYON hands a project's events to the handlers in the order they were
 * created, so the events of one project go one after the other in ascending ShotGrid id; different projects
 * go in parallel (one request at a time per project caps a single project at about 1/latency events/s).
 *
 * Per event: a new id or a 409 on the hash (already stored) settles it. An outage stops every chain at its
 * next event: nothing later in the same project may overtake the failed one. A refusal that no retry will
 * change (a 4xx other than auth and throttling) is reported and settled, so one malformed event cannot stall
 * the leecher for ever.
 */
import type { AyonClient, DispatchEventRequest } from "@ayon-sg/core";
import { ServiceFailure } from "./health.js";

export interface DispatchJob {
  /** The ShotGrid EventLogEntry id (0 for requests that are not events). */
  id: number;
  /** The AYON project; jobs of one project keep their order. */
  project: string;
  request: DispatchEventRequest;
}

export interface DispatchReport {
  /** Jobs stored now or found already stored (409), ascending by id. */
  settled: DispatchJob[];
  stored: number;
  duplicates: number;
  /** Jobs AYON refused for good, with the refusal. */
  refused: Array<{ job: DispatchJob; error: unknown }>;
  /** The first outage-like failure; jobs after it in its project (and not started elsewhere) were not sent. */
  failure: unknown | null;
}

export type EventDispatcher = Pick<AyonClient, "dispatchEvent">;

/** 4xx answers that another attempt will not change. 401/403 (credentials, roles) and 408/429 can change. */
export function isPermanentRefusal(error: unknown): boolean {
  const target = error instanceof ServiceFailure ? error.cause : error;
  const status = (target as { status?: unknown } | null)?.status;
  return typeof status === "number" && status >= 400 && status < 500 && ![401, 403, 408, 409, 429].includes(status);
}

/** Dispatches `jobs` (any order; sorted here), `concurrency` projects at a time. Never throws. */
export async function dispatchInOrder(
  ayon: EventDispatcher,
  jobs: readonly DispatchJob[],
  options: { concurrency: number; signal?: AbortSignal },
): Promise<DispatchReport> {
  const byProject = new Map<string, DispatchJob[]>();
  for (const job of [...jobs].sort((a, b) => a.id - b.id)) {
    const list = byProject.get(job.project);
    if (list) list.push(job);
    else byProject.set(job.project, [job]);
  }
  const report: DispatchReport = { settled: [], stored: 0, duplicates: 0, refused: [], failure: null };
  const queue = [...byProject.values()];
  const halted = () => report.failure !== null || options.signal?.aborted === true;

  const runChain = async (chain: DispatchJob[]) => {
    for (const job of chain) {
      if (halted()) return;
      try {
        const result = await ayon.dispatchEvent(job.request);
        if (result.alreadyExists) report.duplicates += 1;
        else report.stored += 1;
        report.settled.push(job);
      } catch (error) {
        if (isPermanentRefusal(error)) {
          report.refused.push({ job, error });
          continue;
        }
        report.failure ??= error;
        return;
      }
    }
  };
  const worker = async () => {
    for (let chain = queue.shift(); chain && !halted(); chain = queue.shift()) await runChain(chain);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, queue.length)) }, worker));
  report.settled.sort((a, b) => a.id - b.id);
  return report;
}
