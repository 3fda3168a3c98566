// POST /api/projects/{p}/operations (and its background variant), as ayon-backend api/operations/operations.py and
// ayon_server/operations/project_level/ do it:
//   * pre-checks: update/delete need entityId (400), no two update/delete ops on one entity (400);
//   * canFail:false → one transaction; the first failure stops and rolls everything back; the answer
//     lists the ops up to the failed one (earlier ones still say success:true) and success:false;
//   * canFail:true → each op in its own transaction, failures reported, processing continues;
//   * raiseOnError (ignored with canFail) → the failing op's error becomes the HTTP error; otherwise HTTP 200.
// Single-entity REST writes go through `runSingleOperation` (one op, canFail false, raise on error).
import { jsonReply } from "../http/index.js";
import { AyonError, badRequest, forbidden, notFound, requestValidationError, type ValidationIssue } from "./errors.js";
import { dispatchEvent } from "./events.js";
import { createFolder, createTask, deleteFolder, deleteTask, updateFolder, updateTask, type WriteContext } from "./entities.js";
import { ENTITY_ID_REGEX, newEntityId } from "./ids.js";
import {
  createProduct,
  createRepresentation,
  createVersion,
  deleteProduct,
  deleteRepresentation,
  deleteVersion,
  updateProduct,
  updateRepresentation,
  updateVersion,
} from "./published-entities.js";
import type { ProjectState } from "./project-store.js";
import type { AyonRequest, AyonRoutes } from "./request.js";
import { Transaction, type PendingEvent } from "./transaction.js";
import type { JsonObject } from "./types.js";
import { isPlainObject, validateObject, type Schema } from "./validation.js";

const BACKGROUND_TTL_MS = 30 * 60_000;
// ayon-backend ayon_server/types.py ProjectLevelEntityType, in its order (a validation error lists it).
const ENTITY_TYPES = ["folder", "product", "version", "representation", "task", "workfile"] as const;

export interface OperationInput {
  id: string;
  type: "create" | "update" | "delete";
  entityType: (typeof ENTITY_TYPES)[number];
  entityId: string | null;
  data: JsonObject | null;
  force: boolean;
  asUser: string | null;
}

export interface OperationResult {
  id: string;
  type: string;
  entityType: string;
  entityId: string | null;
  success: boolean;
  status: number;
  errorCode: string | null;
  detail: string | null;
}

export interface OperationsResponse {
  operations: OperationResult[];
  success: boolean;
}

const OPERATION_SCHEMA: Schema = {
  id: { type: "string", nullable: true },
  type: { type: "string", required: true, enum: ["create", "update", "delete"] },
  entityType: { type: "string", required: true, enum: ENTITY_TYPES },
  entityId: { type: "string", nullable: true, regex: ENTITY_ID_REGEX },
  data: { type: "object", nullable: true },
  force: { type: "bool", default: false },
  asUser: { type: "string", nullable: true },
};

interface ParsedBatch {
  operations: OperationInput[];
  canFail: boolean;
  raiseOnError: boolean;
  waitForEvents: boolean;
}

async function parseBatch(req: AyonRequest): Promise<ParsedBatch> {
  const raw = await req.json();
  const issues: ValidationIssue[] = [];
  const body = validateObject(
    {
      operations: { type: "array", default: [] },
      canFail: { type: "bool", default: false },
      waitForEvents: { type: "bool", default: false },
      raiseOnError: { type: "bool", default: false },
    },
    raw,
    ["body"],
    issues,
  );
  const operations: OperationInput[] = [];
  ((body.operations as unknown[]) ?? []).forEach((item, i) => {
    const op = validateObject(OPERATION_SCHEMA, item, ["body", "operations", i], issues);
    operations.push({
      id: (op.id as string | null | undefined) ?? newEntityId(),
      type: op.type as OperationInput["type"],
      entityType: op.entityType as OperationInput["entityType"],
      entityId: (op.entityId as string | null | undefined) ?? null,
      data: (op.data as JsonObject | null | undefined) ?? null,
      force: op.force as boolean,
      asUser: (op.asUser as string | null | undefined) ?? null,
    });
  });
  if (issues.length) throw requestValidationError(req.http.method, req.http.path, issues);
  // ayon-backend api/operations/operations.py: raiseOnError counts only when canFail is false.
  const canFail = body.canFail as boolean;
  return { operations, canFail, raiseOnError: !canFail && (body.raiseOnError as boolean), waitForEvents: body.waitForEvents as boolean };
}

/** The checks made before anything runs. */
function precheck(req: AyonRequest, operations: OperationInput[]): void {
  const seen = new Set<string>();
  for (const op of operations) {
    if (op.type === "create") continue;
    // ayon-backend ayon_server/operations/project_level/__init__.py.
    if (!op.entityId) throw badRequest("entity_id is required for update/delete");
    const key = `${op.entityType}:${op.entityId}`;
    if (seen.has(key)) throw badRequest(`Duplicate operation for ${op.entityType} ${op.entityId}`);
    seen.add(key);
  }
  const caller = req.principal;
  for (const op of operations) {
    if (op.asUser && op.asUser !== caller.user.name && !caller.isService) {
      throw forbidden("Only service users can perform operations as another user");
    }
  }
}

function applyOperation(ctx: WriteContext, op: OperationInput, callerIsAdmin: boolean): string {
  const data = op.data;
  if (op.type !== "delete" && !isPlainObject(data)) throw badRequest(`Data is required for ${op.type} operations`, "invalid_data");
  if (op.entityType === "folder") {
    if (op.type === "create") return createFolder(ctx, op.entityId ?? undefined, data);
    if (op.type === "update") updateFolder(ctx, op.entityId!, data);
    else deleteFolder(ctx, op.entityId!);
    return op.entityId!;
  }
  if (op.entityType === "task") {
    if (op.type === "create") return createTask(ctx, op.entityId ?? undefined, data);
    if (op.type === "update") updateTask(ctx, op.entityId!, data);
    else deleteTask(ctx, op.entityId!);
    return op.entityId!;
  }
  if (op.entityType === "product") {
    if (op.type === "create") return createProduct(ctx, op.entityId ?? undefined, data);
    if (op.type === "update") updateProduct(ctx, op.entityId!, data);
    else deleteProduct(ctx, op.entityId!);
    return op.entityId!;
  }
  if (op.entityType === "version") {
    if (op.type === "create") return createVersion(ctx, op.entityId ?? undefined, data, callerIsAdmin);
    if (op.type === "update") updateVersion(ctx, op.entityId!, data);
    else deleteVersion(ctx, op.entityId!);
    return op.entityId!;
  }
  if (op.entityType === "representation") {
    if (op.type === "create") return createRepresentation(ctx, op.entityId ?? undefined, data);
    if (op.type === "update") updateRepresentation(ctx, op.entityId!, data);
    else deleteRepresentation(ctx, op.entityId!);
    return op.entityId!;
  }
  // Workfiles are outside what the emulator stores.
  throw new AyonError(501, `The emulator does not support ${op.entityType} operations`, "not-implemented");
}

function failure(op: OperationInput, err: unknown): OperationResult {
  const e = err instanceof AyonError ? err : new AyonError(500, (err as Error)?.message ?? String(err));
  return {
    id: op.id,
    type: op.type,
    entityType: op.entityType,
    entityId: op.entityId,
    success: false,
    status: e.status,
    errorCode: e.status === 500 && !(err instanceof AyonError) ? null : e.slug,
    detail: e.detail,
  };
}

/**
 * Runs a batch synchronously (so nothing observes a half-applied transaction). The committed events are dispatched
 * at once, or, with `deferEvents`, handed back as `dispatchEvents` for the caller to run later.
 */
export function processOperations(
  req: AyonRequest,
  project: ProjectState,
  operations: OperationInput[],
  canFail: boolean,
  deferEvents = false,
): { response: OperationsResponse; firstError: unknown; dispatchEvents: () => void } {
  const caller = req.principal;
  const results: OperationResult[] = [];
  let firstError: unknown = null;
  const run = (op: OperationInput, tx: Transaction): void => {
    const user = op.asUser ?? caller.user.name;
    const entityId = applyOperation({ state: req.state, project, tx, user, force: op.force }, op, caller.isAdmin);
    results.push({
      id: op.id,
      type: op.type,
      entityType: op.entityType,
      entityId,
      success: true,
      status: op.type === "create" ? 201 : 204,
      errorCode: null,
      detail: null,
    });
  };
  const committed: PendingEvent[] = [];
  const dispatchEvents = () => {
    for (const event of committed.splice(0)) {
      dispatchEvent(req.state, { ...event, sender: req.sender, senderType: req.senderType, user: event.user ?? caller.user.name });
    }
  };
  const commit = (tx: Transaction) => {
    committed.push(...tx.commit());
    if (!deferEvents) dispatchEvents();
  };

  if (canFail) {
    for (const op of operations) {
      const tx = new Transaction();
      try {
        run(op, tx);
        commit(tx);
      } catch (err) {
        tx.rollback();
        firstError ??= err;
        results.push(failure(op, err));
      }
    }
  } else {
    const tx = new Transaction();
    for (const op of operations) {
      try {
        run(op, tx);
      } catch (err) {
        tx.rollback();
        firstError = err;
        results.push(failure(op, err));
        break;
      }
    }
    if (firstError === null) commit(tx);
  }
  return { response: { operations: results, success: results.every((r) => r.success) }, firstError, dispatchEvents };
}

/** A single-entity REST write: one operation, canFail false, errors raised as HTTP errors. */
/**
 * The HTTP error of a failed operation when errors are raised. ayon-backend operations/project_level/__init__.py
 * raises a database integrity error as a ConflictException (409) with its parsed detail, whatever the parsed code
 * (a not-null violation is 400 in the operation's result).
 */
function raisedError(error: unknown): AyonError {
  if (!(error instanceof AyonError)) return new AyonError(500, String(error));
  return error.slug === "not-null-violation" ? new AyonError(409, error.detail, error.slug) : error;
}

export function runSingleOperation(req: AyonRequest, project: ProjectState, op: Omit<OperationInput, "id" | "force" | "asUser">): string {
  const { response, firstError } = processOperations(req, project, [{ ...op, id: newEntityId(), force: false, asUser: null }], false);
  if (firstError) throw raisedError(firstError);
  return response.operations[0]!.entityId!;
}

export function projectFromPath(req: AyonRequest): ProjectState {
  const name = req.params.projectName!;
  const project = req.state.project(name);
  if (!project) throw notFound(`Project ${name} not found`);
  return project;
}

export function registerOperationRoutes(routes: AyonRoutes): void {
  routes.post("/api/projects/{projectName}/operations", async (req) => {
    void req.principal;
    const batch = await parseBatch(req);
    const project = projectFromPath(req);
    precheck(req, batch.operations);
    const { response, firstError, dispatchEvents } = processOperations(req, project, batch.operations, batch.canFail, !batch.waitForEvents);
    // ayon-backend ayon_server/operations/project_level/__init__.py: without waitForEvents (the default) the events go
    // out in a task of their own that may run after the response; here, right after the response is written.
    if (!batch.waitForEvents) setImmediate(dispatchEvents);
    if (firstError && batch.raiseOnError) throw raisedError(firstError);
    return jsonReply(response);
  });

  routes.post("/api/projects/{projectName}/operations/background", async (req) => {
    void req.principal;
    const batch = await parseBatch(req);
    const project = projectFromPath(req);
    precheck(req, batch.operations);
    const id = newEntityId();
    const task = { id, status: "pending" as const, progress: 0, result: null as unknown, expiresAt: req.state.now() + BACKGROUND_TTL_MS };
    req.state.backgroundOperations.set(id, task);
    // Runs after this response is sent, so a poller sees "pending" first, then "completed".
    setImmediate(() => {
      const entry = req.state.backgroundOperations.get(id);
      if (!entry) return;
      entry.status = "in_progress";
      const { response } = processOperations(req, project, batch.operations, batch.canFail);
      Object.assign(entry, { status: "completed", progress: 100, result: response });
    });
    return jsonReply({ id, status: "pending" });
  });

  routes.get("/api/projects/{projectName}/operations/background/{taskId}", (req) => {
    void req.principal;
    projectFromPath(req);
    const now = req.state.now();
    for (const [key, entry] of req.state.backgroundOperations) {
      if (entry.expiresAt <= now) req.state.backgroundOperations.delete(key);
    }
    const entry = req.state.backgroundOperations.get(req.params.taskId!);
    if (!entry) throw notFound("Background operation not found");
    return jsonReply({ id: entry.id, status: entry.status, progress: entry.progress, result: entry.result });
  });
}
