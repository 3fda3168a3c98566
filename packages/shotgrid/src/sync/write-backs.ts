/**
 * ShotGrid write-backs (`sg_ayon_id` / `sg_ayon_sync_status`) through REST `_batch`, as a
 * stream: writes are pushed while the AYON side is still being written, and go out in chunks of ~200 with a
 * few chunks in flight. A chunk ShotGrid refuses (e.g. an entity retired meanwhile) is split in halves until
 * the refused request is isolated. The first transport failure stops the stream; `finish` rethrows it.
 */
import { HandlerError, type Logger } from "@ayon-sg/core";
import { ShotgridBatchError, ShotgridHttpError, type BatchRequest, type ShotgridClient } from "../client/index.js";
import type { ShotgridWriteBack } from "./plan.js";

export const SHOTGRID_BATCH_SIZE = 200;
export const SHOTGRID_BATCH_CONCURRENCY = 4;

export interface ShotgridApplyOptions {
  chunkSize?: number;
  concurrency?: number;
  /** Refused requests tolerated before giving up. Default 50. */
  maxRejections?: number;
  signal?: AbortSignal;
  /** Writes done so far, and writes pushed so far. */
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

export class ShotgridWriteBackStream {
  readonly #sg: ShotgridClient;
  readonly #chunkSize: number;
  readonly #concurrency: number;
  readonly #maxRejections: number;
  readonly #options: ShotgridApplyOptions;
  readonly #result: ShotgridApplyResult = { written: 0, rejected: [], requests: 0 };
  #buffer: BatchRequest[] = [];
  readonly #queue: BatchRequest[][] = [];
  readonly #workers = new Set<Promise<void>>();
  #failure: unknown = null;
  #pushed = 0;
  #done = 0;

  constructor(sg: ShotgridClient, options: ShotgridApplyOptions = {}) {
    this.#sg = sg;
    this.#options = options;
    this.#chunkSize = options.chunkSize ?? SHOTGRID_BATCH_SIZE;
    this.#concurrency = Math.max(1, options.concurrency ?? SHOTGRID_BATCH_CONCURRENCY);
    this.#maxRejections = options.maxRejections ?? 50;
  }

  /** Writes pushed so far. */
  get pushed(): number {
    return this.#pushed;
  }

  /** The failure that stopped the stream, if any. */
  get failure(): unknown {
    return this.#failure;
  }

  /** Updates to send: write-backs, or any fields (the AYON → ShotGrid full sync). */
  push(writes: Iterable<{ type: string; id: number; data: Record<string, unknown> }>): void {
    for (const w of writes) {
      this.#buffer.push({ requestType: "update", entityType: w.type, id: w.id, data: { ...w.data } });
      this.#pushed += 1;
      if (this.#buffer.length >= this.#chunkSize) this.#enqueue();
    }
  }

  /** Sends what is left, waits for every chunk, and throws the first failure. */
  async finish(): Promise<ShotgridApplyResult> {
    if (this.#buffer.length > 0) this.#enqueue();
    while (this.#workers.size > 0) await Promise.all(this.#workers);
    if (this.#failure !== null) throw this.#failure;
    return this.#result;
  }

  /** Stops taking chunks (something else failed) and waits for the ones in flight. */
  async abort(reason: unknown): Promise<void> {
    this.#failure ??= reason;
    this.#queue.length = 0;
    this.#buffer = [];
    while (this.#workers.size > 0) await Promise.all(this.#workers);
  }

  #enqueue(): void {
    this.#queue.push(this.#buffer);
    this.#buffer = [];
    while (this.#workers.size < this.#concurrency && this.#queue.length > 0 && this.#failure === null) {
      const worker: Promise<void> = this.#work().finally(() => this.#workers.delete(worker));
      this.#workers.add(worker);
    }
  }

  async #work(): Promise<void> {
    try {
      while (this.#failure === null && this.#queue.length > 0) {
        this.#options.signal?.throwIfAborted();
        const chunk = this.#queue.shift()!;
        await this.#send(chunk);
        this.#done += chunk.length;
        this.#options.onProgress?.(this.#done, this.#pushed);
      }
    } catch (error) {
      this.#failure ??= error;
    }
  }

  async #send(batch: BatchRequest[]): Promise<void> {
    await sendIsolating(batch, async (chunk) => {
      this.#result.requests += 1;
      // The answer (whole records) is not needed: a 200 means the atomic batch committed.
      await this.#sg.batchCommit(chunk, { chunkSize: chunk.length });
      this.#result.written += chunk.length;
    }, (refused, reason) => {
      const only = refused as Extract<BatchRequest, { requestType: "update" }>;
      if (this.#result.rejected.length >= this.#maxRejections) {
        throw new HandlerError(`ShotGrid refused more than ${this.#maxRejections} write-backs; stopping (last: ${reason})`, { retryable: false });
      }
      this.#options.logger?.warn("ShotGrid refused a write-back", { entityType: only.entityType, id: only.id, reason });
      this.#result.rejected.push({ type: only.entityType, id: only.id, reason });
    });
  }
}

/**
 * Sends an atomic `_batch` with `send`; when ShotGrid refuses it (400/404: one of its requests is wrong), sends each
 * half again, until the refused request is alone, and hands that one to `refused` with ShotGrid's reason. The rest
 * is committed. Any other failure (the site down) is thrown.
 */
export async function sendIsolating(
  batch: readonly BatchRequest[],
  send: (chunk: readonly BatchRequest[]) => Promise<void>,
  refused: (request: BatchRequest, reason: string) => void,
): Promise<void> {
  try {
    await send(batch);
  } catch (error) {
    if (!isRequestRefusal(error)) throw error;
    if (batch.length === 1) return refused(batch[0]!, error.cause.message);
    const half = Math.ceil(batch.length / 2);
    await sendIsolating(batch.slice(0, half), send, refused);
    await sendIsolating(batch.slice(half), send, refused);
  }
}

/** All write-backs at once (known up front): a stream pushed once and finished. */
export async function applyShotgridWriteBacks(sg: ShotgridClient, writes: readonly ShotgridWriteBack[], options: ShotgridApplyOptions = {}): Promise<ShotgridApplyResult> {
  const stream = new ShotgridWriteBackStream(sg, options);
  stream.push(writes);
  return stream.finish();
}
