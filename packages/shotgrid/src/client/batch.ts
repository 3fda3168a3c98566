/**
 * Batch requests (ShotGrid REST API v1): `POST /entity/_batch` with `{requests: [{request_type, entity, record_id?,
 * data?}]}`. A batch is atomic on the server; the client cuts long lists into chunks of about 200 and sends
 * them one after another.
 */
import { z } from "zod";
import { assertEntityType } from "./entity-slug.js";
import { ShotgridInputError } from "./errors.js";
import { checkWireRecord, flattenRecord, WireShapeError, type ShotgridRecord } from "./records.js";

export type BatchRequest =
  | { requestType: "create"; entityType: string; data: Record<string, unknown> }
  | { requestType: "update"; entityType: string; id: number; data: Record<string, unknown> }
  | { requestType: "delete"; entityType: string; id: number };

/** Per request, in request order: the record for create/update; `{type, id, deleted}` for delete. */
export type BatchResult = ShotgridRecord | { type: string; id: number; deleted: boolean };

export interface BatchProgress {
  /** Chunks committed so far, and the number of chunks. */
  chunksDone: number;
  chunks: number;
  /** Requests committed so far, and the number of requests. */
  requestsDone: number;
  requests: number;
}

export interface BatchOptions {
  /** Requests per `_batch` call, default 200 (bigger batches risk client timeouts while still committing). */
  chunkSize?: number;
  onProgress?: (progress: BatchProgress) => void;
}

/** Check every request before anything is sent, so a bad one cannot leave a half-done batch. */
export function toWireRequests(requests: readonly BatchRequest[]): Array<Record<string, unknown>> {
  return requests.map((r, i) => {
    const at = `batch request ${i}`;
    if (!r || typeof r !== "object") throw new ShotgridInputError(`${at} is not an object.`);
    assertEntityType(r.entityType);
    switch (r.requestType) {
      case "create":
        assertData(r.data, at);
        return { request_type: "create", entity: r.entityType, data: r.data };
      case "update":
        assertId(r.id, at);
        assertData(r.data, at);
        return { request_type: "update", entity: r.entityType, record_id: r.id, data: r.data };
      case "delete":
        assertId(r.id, at);
        return { request_type: "delete", entity: r.entityType, record_id: r.id };
      default:
        throw new ShotgridInputError(
          `${at}: requestType must be "create", "update" or "delete" (revive cannot be batched), got ${JSON.stringify((r as { requestType?: unknown }).requestType)}.`,
        );
    }
  });
}

function assertId(id: unknown, at: string): void {
  if (!Number.isSafeInteger(id) || (id as number) <= 0) throw new ShotgridInputError(`${at}: id must be a positive integer, got ${JSON.stringify(id)}.`);
}

function assertData(data: unknown, at: string): void {
  if (!data || typeof data !== "object" || Array.isArray(data)) throw new ShotgridInputError(`${at}: data must be an object of field values.`);
}

const deleteRowSchema = z.object({ type: z.string(), id: z.number(), did_delete: z.boolean().optional() }).loose();
export const batchResponseSchema = z.object({ data: z.array(z.unknown()) }).loose();

/** One response row → result. Delete rows are flat; create/update rows wrap a record in `data`. */
export function toBatchResult(row: unknown, request: Record<string, unknown>): BatchResult | null {
  if (request.request_type === "delete") {
    const parsed = deleteRowSchema.safeParse(row);
    if (!parsed.success) return null;
    return { type: parsed.data.type, id: parsed.data.id, deleted: parsed.data.did_delete !== false };
  }
  try {
    return flattenRecord(checkWireRecord((row as { data?: unknown } | null)?.data, "data"));
  } catch (err) {
    if (err instanceof WireShapeError) return null;
    throw err;
  }
}
