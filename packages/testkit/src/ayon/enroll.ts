// POST /api/enroll, as ayon-backend api/events/enroll.py and ayon_server/events/enroll.py do it:
//   sources = finished events of the source topic(s), updated within ignoreOlderThan days, whose
//   sender_type is not ignored, not excluded (target finished, or failed beyond maxRetries), passing
//   `filter`; oldest created first; at most 1000 rows considered. Per row: take over a failed/restarted
//   target (retries+1 unless restarted), hand back an unfinished target owned by the same sender,
//   skip (or 204 when sequential) a target owned by another sender, or create a pending target with
//   hash sha256('["<target>","<source id>"]').
// Speed: sources come from the per-topic index; per (source topic, target topic) a "done prefix"
// remembers how many of the oldest sources already have a finished target, so a queue of 20,000
// processed events is not rescanned on every call.
// Simplification (an edge case of ayon_server/events/enroll.py no client relies on): a source with a finished target is
// excluded whatever the target's age; the ignoreOlderThan window applies to the sources.
import { emptyReply, jsonReply, sleep } from "../http/index.js";
import { forbidden, requestValidationError, serviceUnavailable, type ValidationIssue } from "./errors.js";
import { dispatchEvent, EVENT_COLUMNS } from "./events.js";
import { hashData } from "./ids.js";
import { NAME_REGEX, TOPIC_REGEX } from "./naming.js";
import { compileQueryFilter, FilterError, likeToRegExp, parseQueryFilter, type QueryFilter } from "./query-filter.js";
import type { AyonRequest, AyonRoutes } from "./request.js";
import type { EventStore } from "./event-store.js";
import type { EventRecord } from "./types.js";
import { coerceBool, isPlainObject } from "./validation.js";

const DAY_MS = 86_400_000;
const ROW_LIMIT = 1000;
const ORPHAN_TTL_MS = 60_000;
const SERVER_SENDER = "ayon_server";

export interface EnrollRequest {
  sourceTopic: string | string[];
  targetTopic: string;
  sender: string;
  senderType: string;
  user: string;
  description: string | null;
  sequential: boolean;
  filter: QueryFilter | null;
  maxRetries: number;
  ignoreSenderTypes: string[];
  ignoreOlderThan: number;
  /** The body's fields as the server hashes them: before the headers' sender is merged in. */
  hashed: Record<string, unknown>;
}

export interface EnrollResult {
  id: string;
  dependsOn: string;
  hash: string;
  status: string;
}

export function registerEnrollRoutes(routes: AyonRoutes): void {
  routes.post("/api/enroll", async (req) => {
    const caller = req.principal;
    const headerSender = req.http.header("x-sender");
    if (headerSender !== undefined && !NAME_REGEX.test(headerSender)) {
      throw requestValidationError(req.http.method, req.http.path, [
        { loc: ["header", "x-sender"], msg: `string does not match regex "${NAME_REGEX.source}"`, type: "value_error.str.regex" },
      ]);
    }
    const request = parseEnrollBody(req, await req.json(), caller.user.name);
    if (!caller.isService) throw forbidden("Only services can enroll for jobs");

    const { inFlight, orphaned } = req.state.enroll;
    // ayon-backend api/events/enroll.py: hash_data(payload.dict()) runs BEFORE the X-Sender/X-Sender-Type
    // headers are copied into the payload, so two senders sending the same body share one hash (and its
    // "already running" 503 and its cached result). The caller's user name is not part of it either.
    const fingerprint = hashData(request.hashed);
    const now = req.state.now();
    const cached = orphaned.get(fingerprint);
    if (cached) {
      orphaned.delete(fingerprint);
      if (cached.expiresAt > now) return replyFor(cached.result as EnrollResult | null);
    }
    if (inFlight.has(fingerprint)) throw serviceUnavailable("Enroll request is already running");
    inFlight.add(fingerprint);
    try {
      if (req.services.enrollDelayMs > 0) await sleep(req.services.enrollDelayMs, req.http.signal);
      let result: EnrollResult | null;
      try {
        result = enroll(req, request);
      } catch (err) {
        // ayon-backend api/events/enroll.py: any error of enroll_job (a filter the builder or PostgreSQL
        // rejects) drops the cache entry and the `return` inside `finally` swallows it: 204, "nothing to do".
        if (err instanceof FilterError) return emptyReply(204);
        throw err;
      }
      if (req.http.req.socket.destroyed) {
        // The client is gone: keep the answer for the next identical request, like the server does.
        orphaned.set(fingerprint, { result, expiresAt: req.state.now() + ORPHAN_TTL_MS });
      }
      return replyFor(result);
    } finally {
      inFlight.delete(fingerprint);
    }
  });
}

function replyFor(result: EnrollResult | null) {
  return result ? jsonReply(result) : emptyReply(204);
}

function parseEnrollBody(req: AyonRequest, raw: unknown, userName: string): EnrollRequest {
  const issues: ValidationIssue[] = [];
  const body = isPlainObject(raw) ? raw : {};
  if (!isPlainObject(raw)) issues.push({ loc: ["body"], msg: "value is not a valid dict", type: "type_error.dict" });
  const get = (camel: string, snake: string) => (camel in body ? body[camel] : body[snake]);
  const topicIssue = (loc: Array<string | number>, msg: string) => issues.push({ loc: ["body", ...loc], msg, type: "value_error" });

  const source = get("sourceTopic", "source_topic");
  let sourceTopic: string | string[] = "";
  if (typeof source === "string") {
    if (!TOPIC_REGEX.test(source)) topicIssue(["sourceTopic"], `string does not match regex "${TOPIC_REGEX.source}"`);
    sourceTopic = source;
  } else if (Array.isArray(source) && source.length > 0 && source.every((t) => typeof t === "string")) {
    source.forEach((t: string, i) => {
      if (!TOPIC_REGEX.test(t)) topicIssue(["sourceTopic", i], `string does not match regex "${TOPIC_REGEX.source}"`);
    });
    sourceTopic = source as string[];
  } else {
    if (source === undefined) issues.push({ loc: ["body", "sourceTopic"], msg: "field required", type: "value_error.missing" });
    else topicIssue(["sourceTopic"], "str or list of str expected");
  }
  const target = get("targetTopic", "target_topic");
  // pydantic: a missing field is value_error.missing.
  if (target === undefined) issues.push({ loc: ["body", "targetTopic"], msg: "field required", type: "value_error.missing" });
  else if (typeof target !== "string") topicIssue(["targetTopic"], "str type expected");
  else if (!TOPIC_REGEX.test(target)) topicIssue(["targetTopic"], `string does not match regex "${TOPIC_REGEX.source}"`);
  else if (target.includes("*")) topicIssue(["targetTopic"], "Target topic must not contain wildcards");

  const optString = (camel: string, snake: string): string | null => {
    const v = get(camel, snake);
    if (v === undefined || v === null) return null;
    if (typeof v !== "string") {
      issues.push({ loc: ["body", camel], msg: "str type expected", type: "type_error.str" });
      return null;
    }
    return v;
  };
  const optInt = (camel: string, snake: string, fallback: number): number => {
    const v = get(camel, snake);
    if (v === undefined || v === null) return fallback;
    const n = typeof v === "string" && v.trim() !== "" ? Number(v) : v;
    if (typeof n !== "number" || !Number.isInteger(n)) {
      issues.push({ loc: ["body", camel], msg: "value is not a valid integer", type: "type_error.integer" });
      return fallback;
    }
    return n;
  };
  const sender = optString("sender", "sender");
  const senderType = optString("senderType", "sender_type");
  const description = optString("description", "description");
  const sequentialRaw = get("sequential", "sequential");
  const sequential = sequentialRaw === undefined || sequentialRaw === null ? false : coerceBool(sequentialRaw);
  if (sequential === undefined) issues.push({ loc: ["body", "sequential"], msg: "value could not be parsed to a boolean", type: "type_error.bool" });
  const rawFilter = get("filter", "filter");
  const filter = rawFilter === undefined || rawFilter === null ? null : parseQueryFilter(rawFilter, ["body", "filter"], issues) ?? null;
  const maxRetries = optInt("maxRetries", "max_retries", 3);
  const ignoreOlderThan = optInt("ignoreOlderThan", "ignore_older_than", 3);
  const ignoreRaw = get("ignoreSenderTypes", "ignore_sender_types");
  let ignoreSenderTypes: string[] = [];
  if (ignoreRaw !== undefined && ignoreRaw !== null) {
    if (Array.isArray(ignoreRaw) && ignoreRaw.every((t) => typeof t === "string")) ignoreSenderTypes = ignoreRaw as string[];
    else issues.push({ loc: ["body", "ignoreSenderTypes"], msg: "value is not a valid list", type: "type_error.list" });
  }
  if (issues.length > 0) throw requestValidationError(req.http.method, req.http.path, issues);
  return {
    sourceTopic,
    targetTopic: target as string,
    sender: sender ?? req.sender ?? SERVER_SENDER,
    senderType: senderType ?? req.senderType,
    user: userName,
    description,
    sequential: sequential === true,
    filter,
    maxRetries,
    ignoreSenderTypes,
    ignoreOlderThan,
    // ayon-backend api/events/enroll.py: an empty ignoreSenderTypes list becomes None before hashing.
    hashed: {
      sourceTopic, targetTopic: target, sender, senderType, description, sequential: sequential === true, filter,
      maxRetries, ignoreSenderTypes: ignoreSenderTypes.length ? ignoreSenderTypes : null, ignoreOlderThan,
    },
  };
}

/** The selection and the per-row decisions. Returns null for "nothing to do" (204). */
export function enroll(req: AyonRequest, r: EnrollRequest): EnrollResult | null {
  const { state } = req;
  const store = state.events;
  const now = state.now();
  const windowStart = r.ignoreOlderThan > 0 ? now - r.ignoreOlderThan * DAY_MS : -Infinity;
  // Filter errors propagate: the route answers them as the server does (204).
  const matches = compileQueryFilter(r.filter, EVENT_COLUMNS);
  const ignored = r.ignoreSenderTypes.length > 0 ? new Set(r.ignoreSenderTypes) : null;

  let rows = 0;
  for (const source of candidates(store, r, ignored)) {
    if (source.status !== "finished" || source.updatedAt <= windowStart) continue;
    if (senderIgnored(source, ignored)) continue;
    const target = store.targetOf(source.id, r.targetTopic);
    if (target && (target.status === "finished" || (target.status === "failed" && target.retries > r.maxRetries))) continue;
    if (!matches(source)) continue;
    if (++rows > ROW_LIMIT) break;

    if (target) {
      if (target.status === "failed" || target.status === "restarted") {
        store.update(target, {
          status: "pending",
          sender: r.sender,
          senderType: r.senderType,
          user: r.user,
          retries: target.status === "failed" ? target.retries + 1 : target.retries,
          description: "Restarting failed event",
          updatedAt: now,
        });
        return { id: target.id, dependsOn: source.id, hash: target.hash, status: "pending" };
      }
      if (target.sender !== r.sender) {
        if (r.sequential) return null;
        continue;
      }
      return { id: target.id, dependsOn: source.id, hash: target.hash, status: target.status };
    }

    const hash = hashData([r.targetTopic, source.id]);
    if (store.getByHash(hash)) {
      // ON CONFLICT (hash) DO NOTHING: someone else won the race.
      if (r.sequential) return null;
      continue;
    }
    const { id } = dispatchEvent(state, {
      topic: r.targetTopic,
      sender: r.sender,
      senderType: r.senderType,
      user: r.user,
      hash,
      dependsOn: source.id,
      // Whether the target inherits the source's project was not checked: it is left empty.
      project: null,
      // ayon_server/events/enroll.py builds the default from the topics after `*` became `%`.
      description: r.description ?? `Convert from ${pythonRepr(likeTopics(r.sourceTopic))} to ${r.targetTopic}`,
      finished: false,
    });
    return { id, dependsOn: source.id, hash, status: "pending" };
  }
  return null;
}

/** A string is a LIKE pattern (`*` → `%`, `_` matches any one character); a list is exact topics. */
function sourceTopics(store: EventStore, source: string | string[]): string[] {
  if (Array.isArray(source)) return [...new Set(source)].filter((t) => store.ofTopic(t).length > 0);
  const pattern = likeToRegExp(source.replace(/\*/g, "%"));
  const caseSensitive = new RegExp(pattern.source); // LIKE, not ILIKE
  return [...store.topics()].filter((t) => caseSensitive.test(t));
}

/** sender_type NOT IN (...): a NULL sender type never passes when a list is given. */
function senderIgnored(source: EventRecord, ignored: ReadonlySet<string> | null): boolean {
  return ignored !== null && (source.senderType === null || ignored.has(source.senderType));
}

/** Never enrolled by such a request: a finished target, or an ignored sender type. */
function outOfReach(store: EventStore, source: EventRecord, targetTopic: string, ignored: ReadonlySet<string> | null): boolean {
  if (senderIgnored(source, ignored)) return true;
  return store.targetOf(source.id, targetTopic)?.status === "finished";
}

/**
 * The sources enroll reads, oldest first. A filter that requires one event id (a batch claim) can match that
 * event alone, so it is read alone, as the SQL's WHERE does with the filter in it; otherwise the source topics'
 * events (of the one project the filter requires, if any), past what is known to be out of reach.
 */
function candidates(store: EventStore, r: EnrollRequest, ignored: ReadonlySet<string> | null): Iterable<EventRecord> {
  const topics = sourceTopics(store, r.sourceTopic);
  const id = requiredValue(r.filter, "id");
  if (id === null) return sourcesInOrder(store, topics, r.targetTopic, requiredValue(r.filter, "project"), ignored);
  // As the uuid column reads the literal (query-filter.ts castLiteral): without dashes, in lower case.
  const source = store.get(id.replace(/-/g, "").toLowerCase());
  return source && topics.includes(source.topic) ? [source] : [];
}

/**
 * The text value an AND filter requires of `key` (an eq condition on it). Only the events with that value can
 * match, so enroll reads them alone: the SQL's WHERE does the same, without scanning every other project's (or
 * event's) waiting events. The filter itself is still applied to each.
 */
function requiredValue(filter: QueryFilter | null, key: "project" | "id"): string | null {
  if (!filter || filter.operator !== "and") return null;
  for (const c of filter.conditions) {
    if (!("conditions" in c) && c.key === key && c.operator === "eq" && typeof c.value === "string") return c.value;
  }
  return null;
}

/**
 * Merges the topics' lists by (created_at, creation order), starting after each done prefix. The prefix also
 * passes over sources of an ignored sender type: a queue that ignores the sync's own writes would otherwise read
 * all of them again on every enroll.
 */
function* sourcesInOrder(store: EventStore, topics: string[], targetTopic: string, project: string | null, ignored: ReadonlySet<string> | null): Generator<EventRecord> {
  const variant = ignored ? [...ignored].sort().join(",") : "";
  const cursors = topics.map((topic) => {
    const list = project === null ? store.ofTopic(topic) : store.ofTopicInProject(topic, project);
    let start = store.getDonePrefix(topic, targetTopic, project, variant);
    if (start > list.length) start = 0;
    while (start < list.length && outOfReach(store, list[start]!, targetTopic, ignored)) start++;
    store.setDonePrefix(topic, targetTopic, start, project, variant);
    return { list, i: start };
  });
  for (;;) {
    let best: { list: readonly EventRecord[]; i: number } | null = null;
    for (const c of cursors) {
      const e = c.list[c.i];
      if (!e) continue;
      const b = best?.list[best.i];
      if (!b || e.createdAt < b.createdAt || (e.createdAt === b.createdAt && e.creationOrder < b.creationOrder)) best = c;
    }
    if (!best) return;
    const event = best.list[best.i++]!;
    yield event;
  }
}

/** api/events/enroll.py validate_source_topic: `*` → `%` in every source topic. */
function likeTopics(source: string | string[]): string | string[] {
  return Array.isArray(source) ? source.map((t) => t.replace(/\*/g, "%")) : source.replace(/\*/g, "%");
}

function pythonRepr(topic: string | string[]): string {
  return Array.isArray(topic) ? `[${topic.map((t) => `'${t}'`).join(", ")}]` : topic;
}
