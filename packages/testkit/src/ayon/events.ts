// Events over REST (ayon-backend api/events/events.py, ayon_server/events/eventstream.py, api/query/query.py):
// dispatching events (also used internally for entity.* events), reading,
// patching and deleting one, and POST /api/query. Event JSON is camelCase with object summary/payload
// (the query endpoint alone answers snake_case).
import { emptyReply, jsonReply } from "../http/index.js";
import { AyonError, conflict, forbidden, internalError, notFound, requestValidationError, type ValidationIssue } from "./errors.js";
import { ENTITY_ID_REGEX, newEntityId } from "./ids.js";
import { NAME_REGEX, TOPIC_REGEX } from "./naming.js";
import { compileQueryFilter, FilterError, parseQueryFilter, type RowColumns } from "./query-filter.js";
import { isoTime, type AyonRequest, type AyonRoutes } from "./request.js";
import type { AyonState } from "./state.js";
import { EVENT_STATUSES, type EventRecord, type EventStatus, type JsonObject } from "./types.js";
import { isPlainObject, validateParam } from "./validation.js";
import { jsonbOrder } from "./jsonb-order.js";

export interface DispatchInput {
  topic: string;
  sender: string | null;
  senderType: string | null;
  user: string | null;
  hash?: string | null;
  project?: string | null;
  dependsOn?: string | null;
  description?: string | null;
  summary?: JsonObject;
  payload?: JsonObject;
  /** true → "finished"; false → "pending". Default true. */
  finished?: boolean;
  /** false → not written (only broadcast on a real server). Default true. */
  store?: boolean;
  /** true → overwrite the event holding the same hash. */
  reuse?: boolean;
}

/** Dispatches an event. Returns the new id (and the stored record unless store:false). */
export function dispatchEvent(state: AyonState, input: DispatchInput): { id: string; record: EventRecord | null } {
  const id = newEntityId();
  const now = state.now();
  const fields = {
    id,
    hash: input.hash ?? id,
    topic: input.topic,
    sender: input.sender,
    senderType: input.senderType,
    project: input.project ?? null,
    user: input.user,
    dependsOn: input.dependsOn ?? null,
    status: (input.finished === false ? "pending" : "finished") as EventStatus,
    retries: 0,
    description: input.description ?? "",
    summary: jsonbOrder(input.summary ?? {}),
    payload: jsonbOrder(input.payload ?? {}),
    createdAt: now,
    updatedAt: now,
  };
  if (input.store === false) return { id, record: null };
  const existing = state.events.getByHash(fields.hash);
  // ayon-backend ayon_server/events/eventstream.py dispatch: INSERT ... ON CONFLICT (hash) DO NOTHING, then 409 "Event
  // with the same hash already exists" unless reuse.
  if (existing) {
    if (!input.reuse) throw conflict("Event with the same hash already exists");
    // ON CONFLICT (hash) DO UPDATE: the row takes the new id and values; creation order and
    // created_at stay (ayon-backend ayon_server/events/eventstream.py, dispatch with reuse).
    const { createdAt: _c, ...changes } = fields;
    state.events.update(existing, changes);
    return { id, record: existing };
  }
  return { id, record: state.events.insert(fields) };
}

export function eventModel(e: EventRecord): JsonObject {
  return {
    id: e.id,
    hash: e.hash,
    topic: e.topic,
    sender: e.sender,
    senderType: e.senderType,
    project: e.project,
    user: e.user,
    dependsOn: e.dependsOn,
    status: e.status,
    retries: e.retries,
    description: e.description,
    summary: e.summary,
    payload: e.payload,
    createdAt: isoTime(e.createdAt),
    updatedAt: isoTime(e.updatedAt),
  };
}

/** EventModel.dict(): what POST /api/query returns. */
export function eventSnakeModel(e: EventRecord): JsonObject {
  return {
    id: e.id,
    hash: e.hash,
    topic: e.topic,
    sender: e.sender,
    sender_type: e.senderType,
    project: e.project,
    user: e.user,
    depends_on: e.dependsOn,
    status: e.status,
    retries: e.retries,
    description: e.description,
    summary: e.summary,
    payload: e.payload,
    created_at: isoTime(e.createdAt),
    updated_at: isoTime(e.updatedAt),
  };
}

/** Columns of `public.events` as a QueryFilter sees them. */
export const EVENT_COLUMNS: RowColumns<EventRecord> = {
  id: { kind: "uuid", get: (e) => e.id },
  hash: { kind: "text", get: (e) => e.hash },
  topic: { kind: "text", get: (e) => e.topic },
  sender: { kind: "text", get: (e) => e.sender },
  sender_type: { kind: "text", get: (e) => e.senderType },
  project_name: { kind: "text", get: (e) => e.project },
  user_name: { kind: "text", get: (e) => e.user },
  depends_on: { kind: "uuid", get: (e) => e.dependsOn },
  status: { kind: "text", get: (e) => e.status },
  retries: { kind: "integer", get: (e) => e.retries },
  description: { kind: "text", get: (e) => e.description },
  summary: { kind: "json", get: (e) => e.summary },
  payload: { kind: "json", get: (e) => e.payload },
  created_at: { kind: "timestamp", get: (e) => e.createdAt },
  updated_at: { kind: "timestamp", get: (e) => e.updatedAt },
  creation_order: { kind: "integer", get: (e) => e.creationOrder },
};

/** Topics whose status only the owner or an admin may change. */
const USER_EVENTS = new Set(["action.launcher"]);
/** Topics a non-service user may change the status of (besides enroll jobs). */
const STATUS_WHITELIST = new Set(["installer.install_from_url", "dependency_package.install_from_url", "addon.install_from_url"]);

function eventFromPath(req: AyonRequest): EventRecord {
  const id = validateParam("event_id", "path", req.params.eventId!, ENTITY_ID_REGEX, req.vctx);
  const event = req.state.events.get(id);
  if (!event) throw notFound("Event not found");
  return event;
}

export function registerEventRoutes(routes: AyonRoutes): void {
  routes.post("/api/events", async (req) => {
    const caller = req.principal;
    const body = await req.body({
      topic: { type: "string", required: true, regex: TOPIC_REGEX },
      sender: { type: "string", nullable: true },
      hash: { type: "string", nullable: true },
      project: { type: "string", nullable: true, regex: NAME_REGEX },
      dependsOn: { type: "string", nullable: true, minLength: 32, maxLength: 32 },
      description: { type: "string", nullable: true },
      summary: { type: "object", default: {} },
      payload: { type: "object", default: {} },
      finished: { type: "bool", default: true },
      store: { type: "bool", default: true },
      reuse: { type: "bool", default: false },
    });
    if (!caller.isManager) throw forbidden("Not allowed to dispatch events");
    const { id } = dispatchEvent(req.state, {
      topic: body.topic as string,
      sender: (body.sender as string | null | undefined) ?? req.sender,
      senderType: req.senderType,
      user: caller.user.name, // there is no user field: always the caller
      hash: body.hash as string | null | undefined,
      project: body.project as string | null | undefined,
      // dependsOn is accepted but never passed through by the server.
      description: body.description as string | null | undefined,
      summary: body.summary as JsonObject,
      payload: body.payload as JsonObject,
      finished: body.finished as boolean,
      store: body.store as boolean,
      reuse: body.reuse as boolean,
    });
    return jsonReply({ id });
  });

  routes.get("/api/events/{eventId}", (req) => {
    const caller = req.principal;
    if (caller.user.isGuest) throw forbidden("Guests cannot read events");
    return jsonReply(eventModel(eventFromPath(req)));
  });

  routes.patch("/api/events/{eventId}", async (req) => {
    const caller = req.principal;
    const body = await req.body({
      sender: { type: "string", nullable: true },
      project: { type: "string", nullable: true },
      projectName: { type: "string", nullable: true },
      user: { type: "string", nullable: true },
      status: { type: "string", nullable: true, enum: EVENT_STATUSES },
      description: { type: "string", nullable: true },
      summary: { type: "object", nullable: true },
      payload: { type: "object", nullable: true },
      progress: { type: "number", nullable: true, min: 0, max: 100 },
      retries: { type: "int", nullable: true },
    });
    const event = eventFromPath(req);
    if (!caller.isManager) {
      if (event.user !== caller.user.name) throw forbidden("You can only update your own events");
      if (body.user != null && body.user !== event.user) throw forbidden("You cannot change the user of an event");
    }
    if (body.status != null && body.status !== event.status) {
      if (USER_EVENTS.has(event.topic)) {
        if (!caller.isAdmin && event.user !== caller.user.name) throw forbidden("You cannot change the status of this event");
      } else if (!caller.isService && event.dependsOn === null && !STATUS_WHITELIST.has(event.topic)) {
        throw forbidden("You cannot change the status of this event");
      }
    }
    const changes: Partial<EventRecord> = { updatedAt: req.state.now(), senderType: req.senderType };
    const sender = (body.sender as string | null | undefined) ?? req.sender;
    if (sender !== null) changes.sender = sender;
    const project = (body.project ?? body.projectName) as string | null | undefined;
    if (project != null) changes.project = project;
    changes.user = (body.user as string | null | undefined) ?? event.user ?? caller.user.name;
    if (body.status != null) changes.status = body.status as EventStatus;
    if (body.description != null) changes.description = body.description as string;
    if (body.summary != null) changes.summary = jsonbOrder(body.summary as JsonObject);
    if (body.payload != null) changes.payload = jsonbOrder(body.payload as JsonObject);
    if (body.retries != null) changes.retries = body.retries as number;
    // `progress` is only broadcast over the websocket: never stored.
    req.state.events.update(event, changes);
    return emptyReply(204);
  });

  // ayon-backend api/events/events.py delete_event: admins only ("Not allowed to delete events"), then
  // EventStream.delete, a bare `DELETE FROM public.events WHERE id = $1`: 204 whether or not the event existed.
  routes.delete("/api/events/{eventId}", (req) => {
    req.requireAdmin("Not allowed to delete events");
    const id = validateParam("event_id", "path", req.params.eventId!, ENTITY_ID_REGEX, req.vctx);
    const event = req.state.events.get(id);
    if (event) req.state.events.delete(event);
    return emptyReply(204);
  });

  routes.post("/api/query", async (req) => {
    const raw = await req.json();
    const issues: ValidationIssue[] = [];
    const body = isPlainObject(raw) ? raw : {};
    if (!isPlainObject(raw)) issues.push({ loc: ["body"], msg: "value is not a valid dict", type: "type_error.dict" });
    if (typeof body.entity !== "string") issues.push({ loc: ["body", "entity"], msg: "field required", type: "value_error.missing" });
    const filter = body.filter == null ? null : parseQueryFilter(body.filter, ["body", "filter"], issues);
    const limit = body.limit ?? 100;
    const offset = body.offset ?? 0;
    if (!Number.isInteger(limit)) issues.push({ loc: ["body", "limit"], msg: "value is not a valid integer", type: "type_error.integer" });
    if (!Number.isInteger(offset)) issues.push({ loc: ["body", "offset"], msg: "value is not a valid integer", type: "type_error.integer" });
    if (issues.length) throw requestValidationError(req.http.method, req.http.path, issues);
    req.requireAdmin("Only administrators can query events");
    if (body.entity !== "event") throw internalError("AssertionError: Only events are supported", req.http.path);
    const matches = compileFilterOr500(req, () => compileQueryFilter(filter, EVENT_COLUMNS));
    const all = req.state.events.all();
    const out: JsonObject[] = [];
    let skipped = 0;
    for (let i = all.length - 1; i >= 0 && out.length < (limit as number); i--) {
      const event = all[i]!;
      if (!evaluateOr500(req, () => matches(event))) continue;
      if (skipped++ < (offset as number)) continue;
      out.push(eventSnakeModel(event));
    }
    return jsonReply(out);
  });

  routes.post("/api/eventops", async (req) => {
    const body = await req.body({ type: { type: "string", required: true, enum: ["delete", "restart", "abort"] }, filter: { type: "object", required: true } });
    req.requireAdmin("Only administrators can run event operations");
    if (body.type !== "delete") throw new AyonError(501, `Event operation ${String(body.type)} is not implemented`);
    const issues: ValidationIssue[] = [];
    const filter = parseQueryFilter(body.filter, ["body", "filter"], issues);
    if (issues.length) throw requestValidationError(req.http.method, req.http.path, issues);
    const matches = compileFilterOr500(req, () => compileQueryFilter(filter, EVENT_COLUMNS));
    for (const event of [...req.state.events.all()]) {
      if (evaluateOr500(req, () => matches(event))) req.state.events.delete(event);
    }
    return emptyReply(204);
  });
}

/** A filter the server could not turn into SQL is a 500, like its ValueError. */
/** The 500 detail the server gives: the builder's ValueError, or asyncpg's error for a statement PostgreSQL refused. */
function filterErrorDetail(err: FilterError): string {
  if (err.kind === "sql") return `asyncpg.exceptions.IndeterminateDatatypeError: ${err.message}`;
  return `ValueError: ${err.message}`;
}

export function compileFilterOr500<T>(req: AyonRequest, build: () => T): T {
  try {
    return build();
  } catch (err) {
    if (err instanceof FilterError) throw internalError(filterErrorDetail(err), req.http.path);
    throw err;
  }
}

export function evaluateOr500(req: AyonRequest, run: () => boolean): boolean {
  try {
    return run();
  } catch (err) {
    if (err instanceof FilterError) throw internalError(`DataError: ${err.message}`, req.http.path);
    throw err;
  }
}
