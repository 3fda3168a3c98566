/**
 * Carrying out a sync plan (ayon-backend api/operations/operations.py; ShotGrid REST `_batch`):
 * - AYON operations in chunks of ~1000, one transaction each. A chunk waits for the chunks that create the
 *   parents it needs; chunks that need nothing in flight go out together (two at a time by default), so a
 *   long run of tasks under folders created earlier streams instead of queueing behind one round trip each.
 *   When AYON refuses one operation (bad name, unique clash, folder with versions...), the chunk was rolled
 *   back: that operation and everything depending on it are set aside as failed, and the rest of the chunk
 *   is sent again. One bad entity never stops the sync.
 * - ShotGrid write-backs through `_batch` (write-backs.ts).
 * Transport failures (AYON/ShotGrid down, 5xx after retries) are thrown: the job is retried, and since
 * created entities carry client-made ids and are matched by shotgridId, a re-run converges without
 * duplicates.
 */
import { AyonOperationsError, HandlerError, type AyonClient, type Logger } from "@ayon-sg/core";
import type { PlannedOperation } from "./plan.js";

export {
  applyShotgridWriteBacks, ShotgridWriteBackStream, SHOTGRID_BATCH_CONCURRENCY, SHOTGRID_BATCH_SIZE,
  type ShotgridApplyOptions, type ShotgridApplyResult,
} from "./write-backs.js";

export const AYON_CHUNK_SIZE = 1000;
/** Operations requests in flight at once (only between chunks that do not depend on each other). */
export const AYON_CONCURRENCY = 2;

export interface AyonApplyOptions {
  chunkSize?: number;
  concurrency?: number;
  /** Refused operations tolerated before giving up (each costs a re-send of its chunk). Default 100. */
  maxRejections?: number;
  signal?: AbortSignal;
  /** Called after each chunk, before the chunks waiting for it go out. */
  onProgress?: (done: number, total: number) => void;
  /** Called once per chunk with what became of each of its operations. */
  onChunk?: (outcome: { committed: readonly PlannedOperation[]; rejected: readonly PlannedOperation[]; reasons: ReadonlyMap<string, string> }) => void;
  /** Drop each chunk's operations from `planned` once handled (the caller is done with them): less memory. */
  release?: boolean;
  logger?: Logger;
}

export interface AyonApplyResult {
  /** Operations committed. */
  committed: number;
  /** Desired key → why its operation was refused (or its parent's). */
  rejected: Map<string, string>;
  /** Keys whose create did not happen: they have no AYON entity. */
  notCreated: Set<string>;
  /** Operations requests sent. */
  requests: number;
}

/** Refusals that concern one operation, not the request: the rest of the chunk can go without it. */
function isOperationRefusal(error: unknown): error is AyonOperationsError {
  if (!(error instanceof AyonOperationsError) || error.failed.index < 0) return false;
  const status = error.failed.status ?? 0;
  return status >= 400 && status < 500;
}

export async function applyAyonOperations(
  ayon: AyonClient,
  project: string,
  planned: readonly PlannedOperation[],
  options: AyonApplyOptions = {},
): Promise<AyonApplyResult> {
  const chunkSize = options.chunkSize ?? AYON_CHUNK_SIZE;
  const concurrency = Math.max(1, options.concurrency ?? AYON_CONCURRENCY);
  const maxRejections = options.maxRejections ?? 100;
  const result: AyonApplyResult = { committed: 0, rejected: new Map(), notCreated: new Set(), requests: 0 };
  const failedIds = new Set<string>();
  /** Created entity id → index of the chunk creating it. */
  const creator = new Map<string, number>();
  /** Per chunk: settles (never rejects) once the chunk is committed, refused or abandoned. */
  const settled: Array<Promise<void>> = [];
  const inFlight = new Set<Promise<void>>();
  let failure: unknown = null;
  let refusals = 0;
  let handled = 0;

  const reject = (op: PlannedOperation, reason: string, into: PlannedOperation[]) => {
    result.rejected.set(op.key, reason);
    into.push(op);
    if (op.operation.type === "create") {
      failedIds.add(op.operation.entityId as string);
      result.notCreated.add(op.key);
    }
  };
  const parentFailed = (op: PlannedOperation) => op.dependsOn !== null && failedIds.has(op.dependsOn);

  const sendChunk = async (ops: PlannedOperation[], waitFor: Array<Promise<void>>): Promise<void> => {
    await Promise.all(waitFor);
    if (failure !== null) return;
    const rejected: PlannedOperation[] = [];
    // The parents' chunks are settled: a refused parent is known now, exactly as in a one-at-a-time run.
    let chunk = ops.filter((op) => {
      if (!parentFailed(op)) return true;
      reject(op, "its parent could not be created in AYON", rejected);
      return false;
    });
    while (chunk.length > 0) {
      try {
        result.requests += 1;
        await ayon.operations(project, chunk.map((op) => op.operation));
        result.committed += chunk.length;
        break;
      } catch (error) {
        if (!isOperationRefusal(error)) throw error;
        refusals += 1;
        if (refusals > maxRejections) {
          // Something systematic (not one odd entity): a retry would be refused the same way.
          throw new HandlerError(`AYON refused more than ${maxRejections} operations in project ${project}; stopping (last: ${error.message})`, { retryable: false, cause: error });
        }
        const bad = chunk[error.failed.index] as PlannedOperation;
        const reason = `AYON refused it: ${error.failed.detail ?? error.failed.errorCode ?? `status ${error.failed.status}`}`;
        options.logger?.warn("AYON refused an operation; sending the rest of its chunk again", { key: bad.key, reason });
        reject(bad, reason, rejected);
        chunk = chunk.filter((op) => {
          if (op === bad) return false;
          if (!parentFailed(op)) return true;
          reject(op, "its parent could not be created in AYON", rejected);
          return false;
        });
      }
    }
    handled += ops.length;
    options.onProgress?.(handled, planned.length);
    options.onChunk?.({ committed: chunk, rejected, reasons: result.rejected });
  };

  for (let start = 0; start < planned.length && failure === null; start += chunkSize) {
    if (options.signal?.aborted) {
      failure = options.signal.reason;
      break;
    }
    const index = settled.length;
    const ops = planned.slice(start, start + chunkSize);
    if (options.release) (planned as Array<PlannedOperation | undefined>).fill(undefined, start, start + ops.length);
    const waitFor = new Set<Promise<void>>();
    for (const op of ops) {
      const from = op.dependsOn === null ? undefined : creator.get(op.dependsOn);
      if (from !== undefined) waitFor.add(settled[from]!);
    }
    for (const op of ops) if (op.operation.type === "create") creator.set(op.operation.entityId as string, index);
    const run = sendChunk(ops, [...waitFor]).catch((error: unknown) => {
      failure ??= error;
    });
    settled.push(run);
    inFlight.add(run);
    void run.then(() => inFlight.delete(run));
    // A chunk waiting for its parents does not count against the limit until they are done, but it holds a slot
    // here: simple, and parents-first order means it rarely waits long.
    while (inFlight.size >= concurrency && failure === null) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  if (failure !== null) throw failure;
  return result;
}
