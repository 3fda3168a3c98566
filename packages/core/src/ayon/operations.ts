// `POST /api/projects/{p}/operations` (ayon-backend api/operations/operations.py) and its chunked form.
//
// Retry choice. A batch may be repeated after a failure that may have reached AYON (timeout, dropped
// connection, 502/504) only when a repetition cannot double-apply it and its outcome can be told apart:
//  - canFail false makes the batch one transaction: it committed entirely or not at all;
//  - every create carries a client-made entityId (filled in here when the caller gave none), so if the
//    earlier attempt committed, the repetition fails with 409 on a create, and a GET of the first created
//    entity proves the commit. The client then answers success, marked `recovered: true`.
//  - a batch of updates only is harmless to repeat (the same values are written again).
// A canFail true batch (one transaction per operation) or a batch with deletes but no create cannot be
// verified that way, so it is repeated only when nothing was sent (connection refused).
import { AyonInputError, AyonOperationsError, type FailedOperation } from "./errors.js";
import { newAyonId } from "./ids.js";
import type { RetryMode } from "./retry-policy.js";
import { operationsResponseSchema, parseBody } from "./schemas.js";
import { endpoint, type AyonTransport } from "./transport.js";
import type { Operation, OperationResult, OperationsResponse } from "./types.js";

export interface OperationsOptions {
  /** false (default): one transaction, rolled back on the first failure. true: each operation on its own. */
  canFail?: boolean;
  /** Per-attempt timeout for this call; large batches may need more than the client default. */
  timeoutMs?: number;
}

export interface ChunkProgress {
  /** Chunks committed so far (1-based count). */
  committedChunks: number;
  totalChunks: number;
  committedOperations: number;
  totalOperations: number;
}

export interface ChunkedOperationsOptions extends OperationsOptions {
  /** Operations per request, default 500. */
  chunkSize?: number;
  /** Called after each committed chunk. */
  onProgress?: (progress: ChunkProgress) => void;
}

/** Where entities of each operation type are read back (used to prove that a batch committed). */
const ENTITY_COLLECTION: Record<Operation["entityType"], string> = {
  folder: "folders",
  task: "tasks",
  product: "products",
  version: "versions",
  representation: "representations",
  workfile: "workfiles",
};

export async function postOperations(
  transport: AyonTransport,
  headers: Record<string, string>,
  project: string,
  ops: Operation[],
  opts: OperationsOptions = {},
): Promise<OperationsResponse> {
  const canFail = opts.canFail ?? false;
  const prepared = prepareOperations(ops);
  // Nothing to do: no request (AYON would answer an empty success).
  if (prepared.length === 0) return { operations: [], success: true };
  const firstCreate = prepared.find((op) => op.type === "create");
  const verifiable = !canFail && (firstCreate !== undefined || prepared.every((op) => op.type === "update"));
  const retry: RetryMode = verifiable ? "idempotent" : "if-not-sent";
  const spec = {
    method: "POST" as const,
    endpoint: endpoint("/api/projects/{project}/operations", { project }),
    json: { operations: prepared, canFail, raiseOnError: false },
    retry,
    timeoutMs: opts.timeoutMs,
    headers,
  };
  const result = await transport.call(spec);
  const response = parseBody(operationsResponseSchema, result.body, spec.method, spec.endpoint.path);
  if (response.success) return response;
  if (result.afterAmbiguousAttempt && firstCreate && (await entityExists(transport, headers, project, firstCreate))) {
    transport.logger.info(
      `AYON operations on project ${project}: an earlier attempt had committed the batch; its repetition was refused as expected`,
      { project, operations: prepared.length },
    );
    return reconstructedSuccess(prepared);
  }
  throw new AyonOperationsError({ project, failed: failedOperation(prepared, response), rolledBack: !canFail, response });
}

/**
 * Splits `ops` into chunks of `chunkSize`, keeps their order, and posts them one after another. Stops at the
 * first failing chunk: an AyonOperationsError then tells which operation failed (index in `ops`) and how many
 * chunks were committed before it. Other errors (AYON unreachable, ...) are rethrown as they are; onProgress
 * has reported every committed chunk by then.
 */
export async function postOperationsInChunks(
  transport: AyonTransport,
  headers: Record<string, string>,
  project: string,
  ops: Operation[],
  opts: ChunkedOperationsOptions = {},
): Promise<OperationsResponse> {
  const chunkSize = opts.chunkSize ?? 500;
  if (!Number.isInteger(chunkSize) || chunkSize < 1) {
    throw new AyonInputError(`operationsInChunks chunkSize must be an integer >= 1, got ${String(chunkSize)}.`);
  }
  const totalChunks = Math.ceil(ops.length / chunkSize);
  const results: OperationResult[] = [];
  let recovered = false;
  for (let chunk = 0; chunk < totalChunks; chunk++) {
    const offset = chunk * chunkSize;
    let response: OperationsResponse;
    try {
      response = await postOperations(transport, headers, project, ops.slice(offset, offset + chunkSize), opts);
    } catch (error) {
      if (!(error instanceof AyonOperationsError)) throw error;
      throw new AyonOperationsError({
        project,
        failed: { ...error.failed, index: error.failed.index >= 0 ? offset + error.failed.index : -1 },
        rolledBack: error.rolledBack,
        committedChunks: chunk,
        committedOperations: offset,
        response: error.response,
      });
    }
    for (const r of response.operations) results.push(r);
    recovered ||= response.recovered === true;
    const committedOperations = Math.min(ops.length, offset + chunkSize);
    opts.onProgress?.({ committedChunks: chunk + 1, totalChunks, committedOperations, totalOperations: ops.length });
  }
  return recovered ? { operations: results, success: true, recovered } : { operations: results, success: true };
}

/** Gives every operation an id and every create an entityId, so results map back and creates are provable. */
function prepareOperations(ops: Operation[]): Operation[] {
  return ops.map((op, index) => {
    if (op.type !== "create" && !op.entityId) {
      throw new AyonInputError(`Operation ${index} (${op.type} ${op.entityType}) needs an entityId.`);
    }
    if (op.type !== "delete" && (op.data === null || typeof op.data !== "object")) {
      throw new AyonInputError(`Operation ${index} (${op.type} ${op.entityType}) needs a data object.`);
    }
    const dataId = typeof op.data?.id === "string" ? op.data.id : undefined;
    const entityId = op.type === "create" ? (op.entityId ?? dataId ?? newAyonId()) : op.entityId;
    return { ...op, id: op.id ?? newAyonId(), entityId };
  });
}

async function entityExists(
  transport: AyonTransport,
  headers: Record<string, string>,
  project: string,
  op: Operation,
): Promise<boolean> {
  const collection = ENTITY_COLLECTION[op.entityType];
  const result = await transport.call({
    method: "GET",
    endpoint: endpoint(`/api/projects/{project}/${collection}/{id}`, { project, id: op.entityId ?? "" }),
    retry: "idempotent",
    accept: [404],
    headers,
  });
  if (result.status === 404) return false;
  // The id was made by this client; a matching name rules out a caller that reused an existing id.
  const expectedName = op.data?.name;
  const actualName = (result.body as { name?: unknown } | undefined)?.name;
  return typeof expectedName !== "string" || typeof actualName !== "string" || expectedName === actualName;
}

function reconstructedSuccess(prepared: Operation[]): OperationsResponse {
  return {
    operations: prepared.map((op) => ({
      id: op.id ?? "",
      type: op.type,
      entityType: op.entityType,
      entityId: op.entityId ?? null,
      success: true,
      status: op.type === "create" ? 201 : 204,
      errorCode: null,
      detail: null,
    })),
    success: true,
    recovered: true,
  };
}

function failedOperation(prepared: Operation[], response: OperationsResponse): FailedOperation {
  const failed = response.operations.find((r) => !r.success);
  if (!failed) {
    return { index: -1, operationId: null, type: null, entityType: null, entityId: null, status: null, errorCode: null, detail: null };
  }
  const byId = prepared.findIndex((op) => op.id === failed.id);
  return {
    index: byId >= 0 ? byId : response.operations.indexOf(failed),
    operationId: failed.id,
    type: failed.type,
    entityType: failed.entityType,
    entityId: failed.entityId,
    status: failed.status,
    errorCode: failed.errorCode,
    detail: failed.detail,
  };
}
