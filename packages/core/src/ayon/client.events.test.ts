// Conformance of the event calls with ayon-backend api/events/events.py (dispatch, get, patch),
// api/events/enroll.py and ayon_server/graphql/resolvers/events.py.
import { afterEach, describe, expect, it } from "@jest/globals";
import { AyonClient } from "./client.js";
import {
  AyonAuthError, AyonGraphqlError, AyonHttpError, AyonInputError, AyonResponseError, AyonUnavailableError,
} from "./errors.js";
import { startScriptedServer, type Reply, type ScriptedServer } from "./test-server.test-helpers.js";

const ID = "1".repeat(32);
const SOURCE_ID = "2".repeat(32);

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function clientFor(replies: Reply[]): Promise<AyonClient> {
  server = await startScriptedServer(replies);
  return new AyonClient({ serverUrl: server.url, apiKey: "k".repeat(32), sender: "w1", retry: { limit: 2, baseDelayMs: 1, maxDelayMs: 2 } });
}
const sent = () => server?.requests ?? [];
const conflict: Reply = { status: 409, body: { code: 409, detail: "Event with the same hash already exists" } };

describe("dispatch", () => {
  it("posts the request body and returns the new id", async () => {
    const client = await clientFor([{ status: 200, body: { id: ID } }]);
    const req = { topic: "shotgrid.event", hash: "sg-77", project: "demo", summary: { sg_event_id: 77 }, payload: { action: "shotgrid-event" } };
    await expect(client.dispatchEvent(req)).resolves.toEqual({ id: ID, alreadyExists: false });
    expect(sent()[0]).toMatchObject({ method: "POST", path: "/api/events", json: req });
  });

  it("tells onDispatched listeners, through every client sharing the connection, of each event stored as finished", async () => {
    const client = await clientFor([{ status: 200, body: { id: ID } }, { status: 200, body: { id: SOURCE_ID } }, { status: 200, body: { id: ID } }, conflict, { status: 200, body: { id: ID } }]);
    const seen: unknown[] = [];
    const unsubscribe = client.onDispatched((event) => seen.push(event));
    const leecher = client.withSender("leecher", "shotgrid");
    await leecher.dispatchEvent({ topic: "shotgrid.event", project: "demo" });
    // Pending, or not stored at all: enroll could not hand them out, so nobody is told.
    await leecher.dispatchEvent({ topic: "shotgrid.event", project: "demo", finished: false });
    await client.dispatchEvent({ topic: "ayon_sg.ping", store: false });
    await leecher.dispatchEvent({ topic: "shotgrid.event", hash: "sg-1" });
    unsubscribe();
    await client.dispatchEvent({ topic: "shotgrid.event" });
    expect(seen).toEqual([{ id: ID, topic: "shotgrid.event", project: "demo", senderType: "shotgrid" }]);
    expect(sent()).toHaveLength(5);
  });

  it("reads 409 on the hash as already stored", async () => {
    const client = await clientFor([conflict]);
    await expect(client.dispatchEvent({ topic: "shotgrid.event", hash: "sg-77" })).resolves.toEqual({ id: null, alreadyExists: true });
  });

  it("with a hash, repeats after a dropped connection and reads the 409 as its own earlier success", async () => {
    const client = await clientFor([{ drop: true }, conflict]);
    await expect(client.dispatchEvent({ topic: "shotgrid.event", hash: "sg-78" })).resolves.toEqual({ id: null, alreadyExists: true });
    expect(sent()).toHaveLength(2);
  });

  it("without a hash, does not repeat after a dropped connection (it could store the event twice)", async () => {
    const client = await clientFor([{ drop: true }, { status: 200, body: { id: ID } }]);
    const error = (await client.dispatchEvent({ topic: "ayon_sg.reply" }).catch((e: unknown) => e)) as AyonUnavailableError;
    expect(error).toBeInstanceOf(AyonUnavailableError);
    expect(error.maybeApplied).toBe(true);
    expect(error.message).toMatch(/after 1 attempt; it was not repeated because AYON may already have applied it\.$/);
    expect(sent()).toHaveLength(1);
  });

  it("without a hash, a 409 is an error and a 503 is not repeated", async () => {
    const client = await clientFor([conflict, { status: 503 }, { status: 200, body: { id: ID } }]);
    await expect(client.dispatchEvent({ topic: "ayon_sg.reply" })).rejects.toMatchObject({ status: 409 });
    await expect(client.dispatchEvent({ topic: "ayon_sg.reply" })).rejects.toMatchObject({ status: 503 });
    expect(sent()).toHaveLength(2);
  });

  it("rejects an invalid topic before sending", async () => {
    const client = await clientFor([]);
    await expect(client.dispatchEvent({ topic: "x y" })).rejects.toThrow(AyonInputError);
    await expect(client.dispatchEvent({ topic: "ab" })).rejects.toThrow('dispatchEvent topic "ab" is not a valid AYON topic.');
    expect(sent()).toHaveLength(0);
  });
});

const storedEvent = {
  id: ID, hash: "sg-77", topic: "shotgrid.event", sender: "leecher", senderType: "shotgrid", project: "demo", user: "service",
  dependsOn: null, status: "finished", retries: 0, description: "", summary: { sg_event_id: 77 }, payload: { action: "shotgrid-event" },
  createdAt: "2026-01-01T00:00:00+00:00", updatedAt: "2026-01-01T00:00:00+00:00", extra: "kept",
};

describe("get event", () => {
  it("parses the camelCase event with object summary and payload, keeping unknown fields", async () => {
    const client = await clientFor([{ status: 200, body: storedEvent }]);
    await expect(client.getEvent(ID)).resolves.toEqual(storedEvent);
    expect(sent()[0]?.path).toBe(`/api/events/${ID}`);
  });

  it("fills omitted nullable fields and rejects an unknown status", async () => {
    const { sender, senderType, project, dependsOn, summary, payload, ...rest } = storedEvent;
    const client = await clientFor([{ status: 200, body: rest }, { status: 200, body: { ...storedEvent, status: "done" } }]);
    await expect(client.getEvent(ID)).resolves.toMatchObject({ sender: null, senderType: null, project: null, dependsOn: null, summary: {}, payload: {} });
    const error = (await client.getEvent(ID).catch((e: unknown) => e)) as AyonResponseError;
    expect(error).toBeInstanceOf(AyonResponseError);
    expect(error.issues[0]).toMatch(/^status: /);
  });

  it("throws AyonHttpError 404 for an unknown event", async () => {
    const client = await clientFor([{ status: 404, body: { code: 404, detail: "Event not found" } }]);
    await expect(client.getEvent(ID)).rejects.toMatchObject({ status: 404, detail: "Event not found" });
  });
});

describe("update event", () => {
  it("PATCHes exactly the given fields (summary and payload replace the stored ones)", async () => {
    const client = await clientFor([{ status: 204 }]);
    const patch = { status: "in_progress" as const, summary: { step: 2 }, payload: { progress: "half" }, progress: 50 };
    await expect(client.updateEvent(ID, patch)).resolves.toBeUndefined();
    expect(sent()[0]).toMatchObject({ method: "PATCH", path: `/api/events/${ID}`, json: patch });
  });

  it("repeats after a 502 (writing the same values twice is harmless)", async () => {
    const client = await clientFor([{ status: 502 }, { status: 204 }]);
    await client.updateEvent(ID, { status: "finished" });
    expect(sent()).toHaveLength(2);
  });
});

describe("enroll", () => {
  const req = {
    sourceTopic: "shotgrid.event", targetTopic: "shotgrid.proc", sender: "w1", description: "sync", sequential: false,
    maxRetries: 2, ignoreSenderTypes: ["shotgrid"], ignoreOlderThan: 0,
    filter: { operator: "and" as const, conditions: [{ key: "payload/action", value: "shotgrid-event", operator: "eq" as const }] },
  };
  const job = { id: ID, dependsOn: SOURCE_ID, hash: "h", status: "pending" };

  it("posts the camelCase body and returns the job", async () => {
    const client = await clientFor([{ status: 200, body: job }]);
    await expect(client.enroll(req)).resolves.toEqual(job);
    expect(sent()[0]).toMatchObject({ method: "POST", path: "/api/enroll", json: req });
  });

  it("puts the client's sender and sender type in the body (AYON hashes the body before merging X-Sender)", async () => {
    const client = (await clientFor([{ status: 204 }, { status: 204 }])).withSender("slot-3", "shotgrid");
    const { sender: _s, ...withoutSender } = req;
    await client.enroll(withoutSender);
    expect(sent()[0]!.json).toMatchObject({ sender: "slot-3", senderType: "shotgrid" });
    await client.enroll(req);
    expect(sent()[1]!.json).toMatchObject({ sender: "w1", senderType: "shotgrid" });
  });

  it("never sends an empty in/notin list: a filter that cannot match asks nothing, one that always matches is left out", async () => {
    const client = await clientFor([{ status: 200, body: job }]);
    await expect(client.enroll({ ...req, filter: { conditions: [{ key: "project", operator: "in", value: [] }] } })).resolves.toBeNull();
    expect(sent()).toHaveLength(0);
    await client.enroll({ ...req, filter: { operator: "or", conditions: [{ key: "project", operator: "isnull" }, { key: "project", operator: "notin", value: [] }] } });
    expect(sent()[0]!.json).not.toHaveProperty("filter");
  });

  it("returns null on 204 (nothing to do)", async () => {
    const client = await clientFor([{ status: 204 }]);
    await expect(client.enroll(req)).resolves.toBeNull();
  });

  it("returns null on 503 (try later) without repeating it", async () => {
    const client = await clientFor([{ status: 503, body: { code: 503, detail: "Enroll request is already running" } }, { status: 200, body: job }]);
    await expect(client.enroll(req)).resolves.toBeNull();
    expect(sent()).toHaveLength(1);
  });

  it("repeats after a dropped connection: AYON hands the same sender the same job", async () => {
    const client = await clientFor([{ drop: true }, { status: 200, body: { ...job, status: "pending" } }]);
    await expect(client.enroll(req)).resolves.toEqual(job);
    expect(sent()).toHaveLength(2);
  });

  it("turns 403 (not a service user) into AyonAuthError and 400 into AyonHttpError", async () => {
    const client = await clientFor([{ status: 403, body: { detail: "Only services can enroll for jobs" } }, { status: 400, body: { detail: "bad topic" } }]);
    await expect(client.enroll(req)).rejects.toBeInstanceOf(AyonAuthError);
    const error = await client.enroll(req).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AyonHttpError);
    expect(error).not.toBeInstanceOf(AyonAuthError);
  });
});

const node = (n: number, payload: string | null) => ({
  id: String(n).repeat(32).slice(0, 32), hash: `sg-${n}`, topic: "shotgrid.event", project: "demo", user: "service", sender: "leecher",
  dependsOn: null, status: "finished", retries: 0, description: "", summary: JSON.stringify({ sg_event_id: n }), payload,
  createdAt: "2026-01-01T00:00:00+00:00", updatedAt: "2026-01-01T00:00:00+00:00",
});
const eventsPage = (nodes: unknown[]) => ({
  status: 200,
  body: { data: { events: { edges: nodes.map((n) => ({ node: n })), pageInfo: { hasNextPage: false, endCursor: "c2", hasPreviousPage: true, startCursor: "c1" } } } },
});

describe("GraphQL events", () => {
  it("sends only the set arguments as variables and parses summary and payload JSON strings", async () => {
    const client = await clientFor([eventsPage([node(9, JSON.stringify({ action: "shotgrid-event" })), node(8, null)])]);
    const page = await client.queryEvents({ topics: ["shotgrid.event"], last: 20 });
    const body = sent()[0]?.json as { query: string; variables: Record<string, unknown> };
    expect(sent()[0]).toMatchObject({ method: "POST", path: "/graphql" });
    expect(body.variables).toEqual({ topics: ["shotgrid.event"], last: 20 });
    expect(body.query).toContain("query Events($topics: [String!], $last: Int) { events(topics: $topics, last: $last)");
    expect(body.query).toMatch(/node \{ [^}]*\bsummary\b[^}]*\bpayload\b/);
    expect(page.events.map((e) => [e.summary, e.payload])).toEqual([
      [{ sg_event_id: 9 }, { action: "shotgrid-event" }],
      [{ sg_event_id: 8 }, null],
    ]);
    expect(page.pageInfo).toEqual({ hasNextPage: false, endCursor: "c2", hasPreviousPage: true, startCursor: "c1" });
  });

  it("leaves payload out of the selection when withPayload is false", async () => {
    const { payload, ...withoutPayload } = node(3, null);
    const client = await clientFor([eventsPage([withoutPayload])]);
    const page = await client.queryEvents({ statuses: ["failed"], first: 5, after: "abc", withPayload: false });
    const body = sent()[0]?.json as { query: string; variables: Record<string, unknown> };
    expect(body.query).not.toContain("payload");
    expect(body.variables).toEqual({ statuses: ["failed"], first: 5, after: "abc" });
    expect(page.events[0]?.payload).toBeNull();
  });

  it("rejects a summary that is not a JSON object string", async () => {
    const client = await clientFor([eventsPage([{ ...node(1, null), summary: "not json" }])]);
    const error = (await client.queryEvents({}).catch((e: unknown) => e)) as AyonResponseError;
    expect(error).toBeInstanceOf(AyonResponseError);
    expect(error.issues).toEqual(["events.edges.0.node.summary: expected a JSON object in a string"]);
  });

  it("throws AyonGraphqlError with messages and paths for errors[], with HTTP 200 or 400", async () => {
    const errors = [
      { message: "Cannot query field 'nope' on type 'EventNode'.", locations: [{ line: 1, column: 3 }] },
      { message: "Event not found", path: ["events", 0], extensions: { status: 404 } },
    ];
    const client = await clientFor([{ status: 200, body: { data: null, errors } }, { status: 400, body: { errors: [errors[0]] } }]);
    const error = (await client.queryEvents({}).catch((e: unknown) => e)) as AyonGraphqlError;
    expect(error).toBeInstanceOf(AyonGraphqlError);
    expect(error.messages).toEqual([errors[0]?.message, "Event not found"]);
    expect(error.paths).toEqual([null, ["events", 0]]);
    expect(error.errors[1]?.status).toBe(404);
    expect(error.message).toBe("AYON GraphQL query failed: Cannot query field 'nope' on type 'EventNode' (and 1 more error(s)).");
    await expect(client.queryEvents({})).rejects.toBeInstanceOf(AyonGraphqlError);
  });

  it("treats a 400 without errors[] as an HTTP error", async () => {
    const client = await clientFor([{ status: 400, body: { code: 400, detail: "Bad request" } }]);
    await expect(client.graphql("{ x }")).rejects.toMatchObject({ status: 400, detail: "Bad request" });
  });
});
