// Conversation part 4: events (client.dispatchEvent/getEvent/updateEvent) and enroll (the runtime's lanes and
// batch claims), with "nothing to do", the empty `notin` filter, a second sender and validation errors.
import { IDS } from "./steps-entities.js";
import { PROJECT } from "./steps-server.js";
import type { Step } from "./types.js";

const sender = (name: string) => ({ "x-sender": name, "x-sender-type": "ayonsg" });

/**
 * An enroll as a worker slot sends it (packages/core/src/runtime/worker-pool.ts enrollRequest, client.ts
 * enrollBody): the lane's request, then the slot's sender and sender type in the body (AYON hashes the body
 * before it merges X-Sender, api/events/enroll.py), then the filter; the X-Sender headers go along too.
 */
const enroll = (name: string, about: string, who: string, request: Record<string, unknown>, extra: Partial<Step> = {}): Step => {
  const { filter, ...rest } = request;
  return {
    name, about, role: "service", method: "POST", path: "/api/enroll", headers: sender(who),
    body: { ...rest, sender: who, senderType: "ayonsg", ...(filter === undefined ? {} : { filter }) }, ...extra,
  };
};

/** The runtime's lane request without a filter (worker-pool.ts enrollRequest). */
const LANE = { sourceTopic: "rrconv.source", targetTopic: "rrconv.job", sequential: true, maxRetries: 2, ignoreOlderThan: 7, description: "ayon-sg job" };
/** The project lane (lanes.ts laneFilter). */
const ENROLL_PROJECT_LANE = { ...LANE, filter: { conditions: [{ key: "project", operator: "eq", value: PROJECT }] } };
/** The rest lane once a project is known: events of no project or of a project without its own lane (lanes.ts laneFilter). */
const ENROLL_REST_LANE = {
  ...LANE, targetTopic: "rrconv.rest.job",
  filter: { operator: "or", conditions: [{ key: "project", operator: "isnull" }, { key: "project", operator: "notin", value: [PROJECT] }] },
};

export const EVENT_STEPS: Step[] = [
  {
    name: "event-dispatch", about: "POST /api/events (client.dispatchEvent), a finished source event", role: "service", method: "POST", path: "/api/events",
    headers: sender("rr-leecher"),
    body: { topic: "rrconv.source", project: PROJECT, description: "ShotGrid change", summary: { sgEventId: 1 }, payload: { entity: "Shot", id: 2001 } },
    capture: { sourceEventId: "id" },
  },
  {
    name: "event-dispatch-hashed", about: "POST /api/events with a hash (the leecher's dedupe)", role: "service", method: "POST", path: "/api/events",
    headers: sender("rr-leecher"),
    body: { topic: "rrconv.source", project: PROJECT, hash: "rrconv-sg-event-2", description: "second", payload: { entity: "Asset", id: 1001 } },
  },
  {
    name: "event-dispatch-hash-conflict", about: "POST /api/events with a hash already stored", role: "service", method: "POST", path: "/api/events",
    headers: sender("rr-leecher"),
    body: { topic: "rrconv.source", project: PROJECT, hash: "rrconv-sg-event-2", description: "again", payload: {} },
  },
  {
    name: "event-dispatch-pending", about: "POST /api/events with finished: false (the addon page's request)", role: "service", method: "POST", path: "/api/events",
    body: { topic: "rrconv.request", project: null, description: "page request", payload: { kind: "sync" }, finished: false },
  },
  { name: "event-dispatch-bad-topic", about: "POST /api/events with a topic AYON refuses", role: "service", method: "POST", path: "/api/events", body: { topic: "x", description: "bad" } },
  { name: "event-get", about: "GET /api/events/{id} (client.getEvent)", role: "service", method: "GET", path: "/api/events/{{sourceEventId}}" },
  { name: "event-missing", about: "GET /api/events/{id} of an event that does not exist", role: "service", method: "GET", path: `/api/events/${IDS.missing}` },
  {
    name: "event-patch", about: "PATCH /api/events/{id} (client.updateEvent: description, summary, payload)", role: "service", method: "PATCH",
    path: "/api/events/{{sourceEventId}}", body: { description: "ShotGrid change (seen)", summary: { sgEventId: 1, seen: true } },
  },
  { name: "event-patch-missing", about: "PATCH /api/events/{id} of an event that does not exist", role: "service", method: "PATCH", path: `/api/events/${IDS.missing}`, body: { status: "finished" } },
  { name: "event-get-patched", about: "GET /api/events/{id} after the patch", role: "service", method: "GET", path: "/api/events/{{sourceEventId}}" },

  enroll("enroll-nothing", "enroll on a topic without events: nothing to do", "rr-worker-1", { ...LANE, sourceTopic: "rrconv.nothing", targetTopic: "rrconv.nothing.job" }),
  enroll(
    "enroll-empty-notin", "enroll whose filter has an empty notin list (the client never sends one: query-filter.ts; the server's answer is why)",
    "rr-worker-rest", { ...ENROLL_REST_LANE, filter: { operator: "or", conditions: [{ key: "project", operator: "isnull" }, { key: "project", operator: "notin", value: [] }] } },
  ),
  enroll("enroll-rest-lane", "the rest lane's enroll once a project is known (isnull or notin the known projects): nothing of its own", "rr-worker-rest", ENROLL_REST_LANE),
  enroll("enroll", "enroll on the project lane: the oldest source event becomes a job", "rr-worker-1", ENROLL_PROJECT_LANE, { capture: { jobId: "id" } }),
  enroll("enroll-same-sender", "the same sender enrolls again before finishing: it gets its unfinished job back", "rr-worker-1", ENROLL_PROJECT_LANE),
  enroll("enroll-other-sender", "another worker slot, same lane: the sequential lane is busy, nothing to do", "rr-worker-2", ENROLL_PROJECT_LANE),
  {
    name: "enroll-sender-header-only", about: "enroll with the sender only in X-Sender (the server merges it after hashing the body)", role: "service", method: "POST",
    path: "/api/enroll", headers: sender("rr-worker-3"), body: ENROLL_PROJECT_LANE,
  },
  { name: "enroll-invalid", about: "enroll without sourceTopic (validation error)", role: "service", method: "POST", path: "/api/enroll", headers: sender("rr-worker-1"), body: { targetTopic: "rrconv.job" } },
  { name: "job-get", about: "GET /api/events/{id} of the job (status in_progress, dependsOn)", role: "service", method: "GET", path: "/api/events/{{jobId}}" },
  {
    name: "job-finish", about: "PATCH the job finished with progress and payload (the runtime's job end)", role: "service", method: "PATCH", path: "/api/events/{{jobId}}",
    headers: sender("rr-worker-1"), body: { status: "finished", description: "done", progress: 100, payload: { result: "ok" } },
  },
  enroll("enroll-next", "enroll after the job finished: the second source event", "rr-worker-1", ENROLL_PROJECT_LANE, { capture: { secondJobId: "id" } }),
  {
    name: "job-fail", about: "PATCH the second job failed", role: "service", method: "PATCH", path: "/api/events/{{secondJobId}}",
    headers: sender("rr-worker-1"), body: { status: "failed", description: "could not", retries: 1 },
  },
  {
    name: "event-dispatch-third", about: "a third source event, for the batch claim", role: "service", method: "POST", path: "/api/events",
    headers: sender("rr-leecher"), body: { topic: "rrconv.source", project: PROJECT, description: "third", payload: { entity: "Shot", id: 2002 } },
    capture: { thirdSourceId: "id" },
  },
  enroll(
    "enroll-claim-by-id", "a batch claim: enroll filtered on one source event's id, under the slot's batch sender (batch-claims.ts)", "rr-worker-1-b1",
    { ...LANE, filter: { conditions: [{ key: "id", operator: "eq", value: "{{thirdSourceId}}" }] } },
  ),
  enroll(
    "enroll-topic-list", "enroll with a list of source topics and ignoreSenderTypes (a route of several topics, not ordered)", "rr-worker-4",
    { sourceTopic: ["rrconv.other", "rrconv.source"], targetTopic: "rrconv.list.job", sequential: false, maxRetries: 2, ignoreOlderThan: 7, description: "ayon-sg job", ignoreSenderTypes: ["nobody"] },
    { capture: { listJobId: "id" } },
  ),
  {
    name: "job-hand-back", about: "PATCH a job to restarted (a batch claim handed back)", role: "service", method: "PATCH", path: "/api/events/{{listJobId}}",
    headers: sender("rr-worker-4"), body: { status: "restarted", description: "Handed back: claimed for a batch that ended before it" },
  },
];
