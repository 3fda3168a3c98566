/**
 * Carrying out a sync plan (ayon-api.md §4.3, §9.4; shotgrid-api.md §1.9):
 * - AYON operations in chunks of ~1000, one transaction each, sent in order (parents are always in an
 *   earlier or the same chunk as their children). When AYON refuses one operation (bad name, unique clash,
 *   folder with versions...), the chunk was rolled back: that operation and everything depending on it are
 *   set aside as failed, and the rest of the chunk is sent again. One bad entity never stops the sync.
 * - ShotGrid write-backs through `_batch` in chunks of ~200, a few chunks in flight. A chunk ShotGrid refuses
 *   (e.g. an entity retired meanwhile) is split in halves until the refused request is isolated.
 * Transport failures (AYON/ShotGrid down, 5xx after retries) are thrown: the job is retried, and since
 * created entities carry client-made ids and are matched by shotgridId, a re-run converges without
 * duplicates.
 */
import { AyonOperationsError, HandlerError, type AyonClient, type Logger } from "@ayon-sg/core";
import { ShotgridBatchError, ShotgridHttpError, type BatchRequest, type ShotgridClient } from "../client/index.js";
import type { PlannedOperation, ShotgridWriteBack } from "./plan.js";

export const AYON_CHUNK_SIZE = 1000;
export const SHOTGRID_BATCH_SIZE = 200;
export const SHOTGRID_BATCH_CONCURRENCY = 4;

export interface AyonApplyOptions {
  chunkSize?: number;
  /** Refused operations tolerated before giving up (each costs a re-send of its chunk). Default 100. */
  maxRejections?: number;
  signal?: AbortSignal;
  /** Called after each committed chunk. */
  onProgress?: (done: number, total: number) => void;
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
  const maxRejections = options.maxRejections ?? 100;
  const result: AyonApplyResult = { committed: 0, rejected: new Map(), notCreated: new Set(), requests: 0 };
  const failedIds = new Set<string>();
  let refusals = 0;

  const reject = (op: PlannedOperation, reason: string) => {
    result.rejected.set(op.key, reason);
    if (op.operation.type === "create") {
      failedIds.add(op.operation.entityId as string);
      result.notCreated.add(op.key);
    }
  };
  const parentFailed = (op: PlannedOperation) => op.dependsOn !== null && failedIds.has(op.dependsOn);

  let next = 0;
  while (next < planned.length) {
    options.signal?.throwIfAborted();
    let chunk: PlannedOperation[] = [];
    while (chunk.length < chunkSize && next < planned.length) {
      const op = planned[next++] as PlannedOperation;
      if (parentFailed(op)) reject(op, "its parent could not be created in AYON");
      else chunk.push(op);
    }
    for (;;) {
      if (chunk.length === 0) break;
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
        reject(bad, reason);
        chunk = chunk.filter((op) => {
          if (op === bad) return false;
          if (!parentFailed(op)) return true;
          reject(op, "its parent could not be created in AYON");
          return false;
        });
      }
    }
    options.onProgress?.(next, planned.length);
  }
  return result;
}

export interface ShotgridApplyOptions {
  chunkSize?: number;
  concurrency?: number;
  /** Refused requests tolerated before giving up. Default 50. */
  maxRejections?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  logger?: Logger;
}

export interface ShotgridApplyResult {
  written: number;
  /** Write-backs ShotGrid refused, with its reason. */
  rejected: Array<{ type: string; id: number; reason: string }>;
  requests: number;
}

/** A ShotGrid refusal of the request itself (400/404), as opposed to the site being down. */
function isRequestRefusal(error: unknown): error is ShotgridBatchError {
  if (!(error instanceof ShotgridBatchError)) return false;
  const cause = error.cause;
  return cause instanceof ShotgridHttpError && (cause.status === 400 || cause.status === 404);
}

export async function applyShotgridWriteBacks(
  sg: ShotgridClient,
  writes: readonly ShotgridWriteBack[],
  options: ShotgridApplyOptions = {},
): Promise<ShotgridApplyResult> {
  const chunkSize = options.chunkSize ?? SHOTGRID_BATCH_SIZE;
  const concurrency = Math.max(1, options.concurrency ?? SHOTGRID_BATCH_CONCURRENCY);
  const maxRejections = options.maxRejections ?? 50;
  const result: ShotgridApplyResult = { written: 0, rejected: [], requests: 0 };
  const requests: BatchRequest[] = writes.map((w) => ({ requestType: "update", entityType: w.type, id: w.id, data: { ...w.data } }));
  const chunks: BatchRequest[][] = [];
  for (let i = 0; i < requests.length; i += chunkSize) chunks.push(requests.slice(i, i + chunkSize));
  let done = 0;
  let failure: unknown = null;

  const send = async (batch: BatchRequest[]): Promise<void> => {
    try {
      result.requests += 1;
      await sg.batch(batch, { chunkSize: batch.length });
      result.written += batch.length;
    } catch (error) {
      if (!isRequestRefusal(error)) throw error;
      if (batch.length === 1) {
        const only = batch[0] as Extract<BatchRequest, { requestType: "update" }>;
        if (result.rejected.length >= maxRejections) {
          throw new HandlerError(`ShotGrid refused more than ${maxRejections} write-backs; stopping (last: ${error.cause.message})`, { retryable: false, cause: error });
        }
        const reason = error.cause.message;
        options.logger?.warn("ShotGrid refused a write-back", { entityType: only.entityType, id: only.id, reason });
        result.rejected.push({ type: only.entityType, id: only.id, reason });
        return;
      }
      const half = Math.ceil(batch.length / 2);
      await send(batch.slice(0, half));
      await send(batch.slice(half));
    }
  };

  let nextChunk = 0;
  // A few chunks in flight; the first failure stops every worker from taking another chunk.
  const worker = async () => {
    try {
      while (failure === null && nextChunk < chunks.length) {
        options.signal?.throwIfAborted();
        const chunk = chunks[nextChunk++] as BatchRequest[];
        await send(chunk);
        done += chunk.length;
        options.onProgress?.(done, requests.length);
      }
    } catch (error) {
      failure ??= error;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, chunks.length) }, worker));
  if (failure !== null) throw failure;
  return result;
}
