// Conversation part 4: events (client.dispatchEvent/getEvent/updateEvent) and enroll (the runtime's lanes and
// batch claims), with "nothing to do", the empty `notin` filter, a second sender and validation errors.
import { IDS } from "./steps-entities.js";
import { PROJECT } from "./steps-server.js";
import type { Step } from "./types.js";

const sender = (name: string) => ({ "x-sender": name, "x-sender-type": "ayonsg" });

/** The runtime's project lane (packages/core/src/runtime/worker-pool.ts enrollRequest, lanes.ts laneFilter). */
const ENROLL_PROJECT_LANE = {
  sourceTopic: "rrconv.source",
  targetTopic: "rrconv.job",
  sequential: true,
  maxRetries: 2,
  ignoreOlderThan: 7,
  description: "ayon-sg job",
  filter: { conditions: [{ key: "project", operator: "eq", value: PROJECT }] },
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

  {
    name: "enroll-nothing", about: "enroll on a topic without events: nothing to do", role: "service", method: "POST", path: "/api/enroll",
    headers: sender("rr-worker-1"), body: { sourceTopic: "rrconv.nothing", targetTopic: "rrconv.nothing.job", sequential: true, maxRetries: 3 },
  },
  {
    name: "enroll-empty-notin", about: "enroll whose filter has an empty notin list (the rest lane with no known project)", role: "service", method: "POST",
    path: "/api/enroll", headers: sender("rr-worker-rest"),
    body: {
      sourceTopic: "rrconv.source", targetTopic: "rrconv.rest.job", sequential: true, maxRetries: 3,
      filter: { operator: "or", conditions: [{ key: "project", operator: "isnull" }, { key: "project", operator: "notin", value: [] }] },
    },
  },
  {
    name: "enroll", about: "enroll on the project lane: the oldest source event becomes a job", role: "service", method: "POST", path: "/api/enroll",
    headers: sender("rr-worker-1"), body: ENROLL_PROJECT_LANE, capture: { jobId: "id" },
  },
  {
    name: "enroll-same-sender", about: "the same sender enrolls again before finishing: it gets its unfinished job back", role: "service", method: "POST",
    path: "/api/enroll", headers: sender("rr-worker-1"), body: ENROLL_PROJECT_LANE,
  },
  {
    name: "enroll-other-sender", about: "another sender, same body, sequential lane busy (hash taken before the sender)", role: "service", method: "POST",
    path: "/api/enroll", headers: sender("rr-worker-2"), body: ENROLL_PROJECT_LANE,
  },
  {
    name: "enroll-sender-in-body", about: "enroll with sender and senderType in the body (as ayon-python-api sends them)", role: "service", method: "POST",
    path: "/api/enroll", body: { ...ENROLL_PROJECT_LANE, sender: "rr-worker-3", senderType: "ayonsg" },
  },
  { name: "enroll-invalid", about: "enroll without sourceTopic (validation error)", role: "service", method: "POST", path: "/api/enroll", headers: sender("rr-worker-1"), body: { targetTopic: "rrconv.job" } },
  { name: "job-get", about: "GET /api/events/{id} of the job (status in_progress, dependsOn)", role: "service", method: "GET", path: "/api/events/{{jobId}}" },
  {
    name: "job-finish", about: "PATCH the job finished with progress and payload (the runtime's job end)", role: "service", method: "PATCH", path: "/api/events/{{jobId}}",
    headers: sender("rr-worker-1"), body: { status: "finished", description: "done", progress: 100, payload: { result: "ok" } },
  },
  {
    name: "enroll-next", about: "enroll after the job finished: the second source event", role: "service", method: "POST", path: "/api/enroll",
    headers: sender("rr-worker-1"), body: ENROLL_PROJECT_LANE, capture: { secondJobId: "id" },
  },
  {
    name: "job-fail", about: "PATCH the second job failed", role: "service", method: "PATCH", path: "/api/events/{{secondJobId}}",
    headers: sender("rr-worker-1"), body: { status: "failed", description: "could not", retries: 1 },
  },
  {
    name: "event-dispatch-third", about: "a third source event, for the batch claim", role: "service", method: "POST", path: "/api/events",
    headers: sender("rr-leecher"), body: { topic: "rrconv.source", project: PROJECT, description: "third", payload: { entity: "Shot", id: 2002 } },
    capture: { thirdSourceId: "id" },
  },
  {
    name: "enroll-claim-by-id", about: "a batch claim: enroll filtered on one source event's id (batch-claims.ts)", role: "service", method: "POST",
    path: "/api/enroll", headers: sender("rr-worker-1-b1"),
    body: { ...ENROLL_PROJECT_LANE, filter: { conditions: [{ key: "id", operator: "eq", value: "{{thirdSourceId}}" }] } },
  },
  {
    name: "enroll-topic-list", about: "enroll with a list of source topics and ignoreSenderTypes (a route of several topics, not ordered)", role: "service",
    method: "POST", path: "/api/enroll", headers: sender("rr-worker-4"),
    body: { sourceTopic: ["rrconv.other", "rrconv.source"], targetTopic: "rrconv.list.job", sequential: false, maxRetries: 2, ignoreOlderThan: 7, description: "ayon-sg job", ignoreSenderTypes: ["nobody"] },
    capture: { listJobId: "id" },
  },
  {
    name: "job-hand-back", about: "PATCH a job to restarted (a batch claim handed back)", role: "service", method: "PATCH", path: "/api/events/{{listJobId}}",
    headers: sender("rr-worker-4"), body: { status: "restarted", description: "Handed back: claimed for a batch that ended before it" },
  },
];
