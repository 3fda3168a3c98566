import { describe, it, expect, beforeEach, afterEach } from "@jest/globals";
import { createHash } from "node:crypto";
import { startTestAyon, type Client, type TestAyon } from "./emulator.test-helpers.js";

const DAY = 86_400_000;

describe("POST /api/enroll", () => {
  let t: TestAyon;
  let now: number;
  beforeEach(async () => {
    now = Date.parse("2026-11-20T12:00:00Z");
    t = await startTestAyon({ now: () => new Date(now) });
  });
  afterEach(() => t.emu.close());

  const source = async (body: Record<string, unknown> = {}, headers?: Record<string, string>) =>
    (await t.service.post("/api/events", { topic: "shotgrid.event", ...body }, headers)).body.id as string;
  const enroll = (client: Client, body: Record<string, unknown> = {}, headers?: Record<string, string>) =>
    client.post("/api/enroll", { sourceTopic: "shotgrid.event", targetTopic: "shotgrid.proc", ...body }, headers);
  const finish = (client: Client, id: string, status = "finished") => client.patch(`/api/events/${id}`, { status });

  it("is for services only (403 even for admins)", async () => {
    await source();
    const res = await enroll(t.admin, { sender: "w1" });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ code: 403, detail: "Only services can enroll for jobs" });
  });

  it("answers 204 with an empty body when nothing qualifies", async () => {
    const res = await enroll(t.service, { sender: "w1" });
    expect(res.status).toBe(204);
    expect(res.text).toBe("");
  });

  it("creates a pending target with the documented hash, dependsOn, description and response shape", async () => {
    const src = await source();
    const res = await enroll(t.service, { sender: "w1" }, { "x-sender-type": "shotgrid" });
    expect(res.status).toBe(200);
    const hash = createHash("sha256").update(`["shotgrid.proc","${src}"]`).digest("hex");
    expect(res.body).toEqual({ id: expect.stringMatching(/^[0-9a-f]{32}$/), dependsOn: src, hash, status: "pending" });
    const target = (await t.service.get(`/api/events/${res.body.id}`)).body;
    expect(target).toMatchObject({
      topic: "shotgrid.proc",
      dependsOn: src,
      status: "pending",
      retries: 0,
      sender: "w1",
      senderType: "shotgrid",
      user: "service",
      description: "Convert from shotgrid.event to shotgrid.proc",
    });
  });

  it("takes the sender from the body, else X-Sender, else 'ayon_server'; a custom description is kept", async () => {
    await source();
    await source();
    await source();
    const a = await enroll(t.service, { sender: "from-body", description: "mine" }, { "x-sender": "from-header" });
    expect(t.emu.state.events.get(a.body.id)).toMatchObject({ sender: "from-body", description: "mine" });
    const b = await enroll(t.service, {}, { "x-sender": "from-header" });
    expect(t.emu.state.events.get(b.body.id)!.sender).toBe("from-header");
    const c = await enroll(t.service);
    expect(t.emu.state.events.get(c.body.id)!.sender).toBe("ayon_server");
  });

  it("only enrolls finished source events", async () => {
    await source({ finished: false });
    expect((await enroll(t.service, { sender: "w1" })).status).toBe(204);
  });

  it("hands out the oldest source first, ordered by created_at (not creation order)", async () => {
    const later = await source();
    now -= 60_000; // the clock goes back: this event is older although created second
    const earlier = await source();
    now += 120_000;
    const first = await enroll(t.service, { sender: "w1" });
    expect(first.body.dependsOn).toBe(earlier);
    await finish(t.service, first.body.id);
    expect((await enroll(t.service, { sender: "w1" })).body.dependsOn).toBe(later);
  });

  it("returns the same unfinished target to the same sender, even with sequential:false (#733)", async () => {
    await source();
    await source();
    const a = await enroll(t.service, { sender: "w1" });
    const b = await enroll(t.service, { sender: "w1" });
    expect(b.body.id).toBe(a.body.id);
    await t.service.patch(`/api/events/${a.body.id}`, { status: "in_progress" });
    const c = await enroll(t.service, { sender: "w1" });
    expect(c.body).toMatchObject({ id: a.body.id, status: "in_progress" });
  });

  it("skips a source owned by another sender (sequential:false) and blocks everyone (sequential:true)", async () => {
    const s1 = await source();
    const s2 = await source();
    const a = await enroll(t.service, { sender: "w1" });
    expect(a.body.dependsOn).toBe(s1);
    const b = await enroll(t.service2, { sender: "w2" });
    expect(b.body.dependsOn).toBe(s2);
    const c = await enroll(t.service2, { sender: "w3", sequential: true });
    expect(c.status).toBe(204);
    await finish(t.service, a.body.id);
    // Now the oldest open source is s2, owned by w2: a sequential w3 is still blocked.
    expect((await enroll(t.service2, { sender: "w3", sequential: true })).status).toBe(204);
    await finish(t.service2, b.body.id);
    expect((await enroll(t.service2, { sender: "w3", sequential: true })).status).toBe(204);
  });

  it("excludes sources whose target is finished", async () => {
    await source();
    const a = await enroll(t.service, { sender: "w1" });
    await finish(t.service, a.body.id);
    expect((await enroll(t.service, { sender: "w1" })).status).toBe(204);
    expect((await enroll(t.service2, { sender: "w2" })).status).toBe(204);
  });

  it("a filter on one project hands out that project's sources only, oldest first, and sees a restarted one again", async () => {
    for (const name of ["alpha", "beta"]) await t.admin.post("/api/projects", { name, code: name });
    const ids: Record<string, string> = {};
    for (const id of ["alpha1", "beta1", "alpha2", "beta2"]) ids[id] = await source({ project: id.slice(0, -1), description: id });
    const lane = (project: string) => ({ sender: "w1", sequential: true, filter: { conditions: [{ key: "project", operator: "eq", value: project }] } });
    const order: string[] = [];
    for (;;) {
      const job = await enroll(t.service, lane("beta"));
      if (job.status === 204) break;
      order.push(job.body.dependsOn);
      await finish(t.service, job.body.id);
    }
    expect(order).toEqual([ids.beta1, ids.beta2]);
    const alpha1 = await enroll(t.service, lane("alpha"));
    expect(alpha1.body.dependsOn).toBe(ids.alpha1);
    await finish(t.service, alpha1.body.id);
    await finish(t.service, (await enroll(t.service, lane("alpha"))).body.id);
    expect((await enroll(t.service, lane("alpha"))).status).toBe(204);
    // A finished job set to restarted is offered again, though the lane had moved past it.
    await finish(t.service, alpha1.body.id, "restarted");
    expect((await enroll(t.service, lane("alpha"))).body).toMatchObject({ id: alpha1.body.id, dependsOn: ids.alpha1, status: "pending" });
  });

  it("hands a finished job out again once someone sets it to restarted", async () => {
    await source();
    const a = await enroll(t.service, { sender: "w1" });
    await finish(t.service, a.body.id);
    expect((await enroll(t.service, { sender: "w1" })).status).toBe(204);
    await finish(t.service, a.body.id, "restarted");
    const again = await enroll(t.service2, { sender: "w2" });
    expect(again.body).toMatchObject({ id: a.body.id, status: "pending" });
  });

  it("takes over a failed target: pending, retries+1, new sender, 'Restarting failed event'", async () => {
    const src = await source();
    const a = await enroll(t.service, { sender: "w1" });
    await finish(t.service, a.body.id, "failed");
    const b = await enroll(t.service2, { sender: "w2" }, { "x-sender-type": "svc" });
    expect(b.body).toEqual({ id: a.body.id, dependsOn: src, hash: a.body.hash, status: "pending" });
    expect(t.emu.state.events.get(a.body.id)).toMatchObject({
      status: "pending",
      retries: 1,
      sender: "w2",
      senderType: "svc",
      user: "worker2",
      description: "Restarting failed event",
    });
  });

  it("takes over a restarted target without counting a retry", async () => {
    await source();
    const a = await enroll(t.service, { sender: "w1" });
    await finish(t.service, a.body.id, "restarted");
    const b = await enroll(t.service, { sender: "w1" });
    expect(b.body.status).toBe("pending");
    expect(t.emu.state.events.get(a.body.id)!.retries).toBe(0);
  });

  it("retries a failing job 1 + (maxRetries + 1) times in all, then excludes its source", async () => {
    await source();
    let runs = 0;
    for (;;) {
      const res = await enroll(t.service, { sender: "w1", maxRetries: 2 });
      if (res.status === 204) break;
      runs++;
      await finish(t.service, res.body.id, "failed");
      if (runs > 10) throw new Error("never excluded");
    }
    expect(runs).toBe(4);
    // With a higher limit the same source qualifies again.
    expect((await enroll(t.service, { sender: "w1", maxRetries: 3 })).status).toBe(200);
  });

  it("ignores sources updated more than ignoreOlderThan days ago (default 3; 0 = no limit)", async () => {
    await source();
    now += 4 * DAY;
    expect((await enroll(t.service, { sender: "w1" })).status).toBe(204);
    expect((await enroll(t.service, { sender: "w1", ignoreOlderThan: 5 })).status).toBe(200);
    now += 10 * DAY;
    expect((await enroll(t.service, { sender: "w1", ignoreOlderThan: 5 })).status).toBe(204);
    expect((await enroll(t.service, { sender: "w1", ignoreOlderThan: 0 })).status).toBe(200);
  });

  it("skips sources whose sender type is ignored; an empty list ignores nothing", async () => {
    await source({}, { "x-sender-type": "shotgrid" });
    expect((await enroll(t.service, { sender: "w1", ignoreSenderTypes: ["shotgrid"] })).status).toBe(204);
    expect((await enroll(t.service, { sender: "w1", ignoreSenderTypes: [] })).status).toBe(200);
  });

  it("passes over the ignored senders' sources for good, and finds one again once its sender type changes", async () => {
    const ignored: string[] = [];
    for (let i = 0; i < 3; i++) ignored.push(await source({}, { "x-sender-type": "shotgrid" }));
    const person = await source({}, { "x-sender-type": "person" });
    const first = await enroll(t.service, { sender: "w1", ignoreSenderTypes: ["shotgrid"] });
    expect(first.body.dependsOn).toBe(person);
    // The same ask again (the prefix now starts past the ignored sources): the same job, still unfinished.
    expect((await enroll(t.service, { sender: "w1", ignoreSenderTypes: ["shotgrid"] })).body.dependsOn).toBe(person);
    // A request that ignores nothing still sees them, oldest first.
    expect((await enroll(t.service, { sender: "w2" })).body.dependsOn).toBe(ignored[0]);
    const store = t.emu.state.events;
    store.update(store.get(ignored[1]!)!, { senderType: "person" });
    expect((await enroll(t.service, { sender: "w3", ignoreSenderTypes: ["shotgrid"] })).body.dependsOn).toBe(ignored[1]);
  });

  it("with a filter on one event id, considers that event alone: past an older head held by another sender, not a source of another topic", async () => {
    const head = await source({ project: null });
    const second = await source({ project: null });
    const other = (await t.service.post("/api/events", { topic: "other.topic" })).body.id as string;
    expect((await enroll(t.service, { sender: "w1", sequential: true })).body.dependsOn).toBe(head);
    const byId = (id: string) => ({ conditions: [{ key: "id", operator: "eq", value: id }] });
    // Sequential, yet the head held by w1 does not stop w2: the WHERE narrows the queue to `second`.
    const claim = await enroll(t.service, { sender: "w2", sequential: true, filter: byId(second) });
    expect(claim.body.dependsOn).toBe(second);
    // Read as the uuid column reads a literal (dashes, upper case).
    const dashed = `${second.slice(0, 8)}-${second.slice(8, 12)}-${second.slice(12, 16)}-${second.slice(16, 20)}-${second.slice(20)}`.toUpperCase();
    expect((await enroll(t.service, { sender: "w2", sequential: true, filter: byId(dashed) })).body.id).toBe(claim.body.id);
    expect((await enroll(t.service, { sender: "w3", filter: byId(other) })).status).toBe(204);
    // The rest of the filter still applies to it.
    const elsewhere = { conditions: [{ key: "id", operator: "eq", value: second }, { key: "project", operator: "eq", value: "nowhere" }] };
    expect((await enroll(t.service, { sender: "w4", filter: elsewhere })).status).toBe(204);
  });

  it("applies the filter to the source row with SQL NULL semantics", async () => {
    const task = await source({ summary: { entityType: "task" } });
    await source({ summary: { entityType: "folder" } });
    const untyped = await source({ summary: {} });
    const eq = await enroll(t.service, { sender: "w1", filter: { conditions: [{ key: "summary/entityType", value: "task" }] } });
    expect(eq.body.dependsOn).toBe(task);
    // `ne` does not match the source whose key is missing (NULL), only the folder one.
    const ne = await enroll(t.service, { sender: "w2", filter: { conditions: [{ key: "summary.entityType", value: "task", operator: "ne" }] } });
    expect(t.emu.state.events.get(ne.body.dependsOn)!.summary).toEqual({ entityType: "folder" });
    const isnull = await enroll(t.service, { sender: "w3", filter: { conditions: [{ key: "summary/entityType", operator: "isnull" }] } });
    expect(isnull.body.dependsOn).toBe(untyped);
  });

  it("matches a wildcard source topic with LIKE, or a list of exact topics", async () => {
    const a = (await t.service.post("/api/events", { topic: "entity.task.status_changed" })).body.id;
    const b = (await t.service.post("/api/events", { topic: "entity.folder.created" })).body.id;
    const wild = await enroll(t.service, { sender: "w1", sourceTopic: "entity.task.*" });
    expect(wild.body.dependsOn).toBe(a);
    const list = await enroll(t.service, { sender: "w2", sourceTopic: ["entity.folder.created", "nothing.here"] });
    expect(list.body.dependsOn).toBe(b);
  });

  it("validates topics and the X-Sender header with 400", async () => {
    expect((await enroll(t.service, { targetTopic: "shotgrid.*" })).status).toBe(400);
    expect((await enroll(t.service, { sourceTopic: "1nvalid" })).status).toBe(400);
    expect((await t.service.post("/api/enroll", { targetTopic: "x.y.z" })).status).toBe(400);
    const badHeader = await enroll(t.service, {}, { "x-sender": "no spaces allowed" });
    expect(badHeader.status).toBe(400);
    expect(badHeader.body.errors[0].loc).toEqual(["header", "x-sender"]);
  });

  it("answers 503 to an identical request while one is in flight, not to another sender", async () => {
    await t.emu.close();
    t = await startTestAyon({ now: () => new Date(now), enrollDelayMs: 150 });
    await source();
    await source();
    const [a, b, c] = await Promise.all([
      enroll(t.service, { sender: "w1" }),
      enroll(t.service, { sender: "w1" }),
      enroll(t.service, { sender: "w2" }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 503]);
    expect([a, b].find((r) => r.status === 503)!.body).toEqual({ code: 503, detail: "Enroll request is already running" });
    expect(c.status).toBe(200);
  });

  it("hashes the body before X-Sender is merged: two senders given only as headers share one hash (enroll.py)", async () => {
    await t.emu.close();
    t = await startTestAyon({ now: () => new Date(now), enrollDelayMs: 150 });
    for (let i = 0; i < 3; i++) await source();
    const [a, b] = await Promise.all([enroll(t.service, {}, { "x-sender": "w1" }), enroll(t.service, {}, { "x-sender": "w2" })]);
    expect([a.status, b.status].sort()).toEqual([200, 503]);
    const [c, d] = await Promise.all([
      enroll(t.service, { sender: "w3", senderType: "x" }),
      enroll(t.service, { sender: "w4", senderType: "x" }),
    ]);
    expect([c.status, d.status]).toEqual([200, 200]);
    expect(c.body.id).not.toBe(d.body.id);
  });

  it("answers 204 when the filter builder or PostgreSQL rejects the filter: the error is swallowed (enroll.py)", async () => {
    await source({ project: null });
    const emptyNotin = { operator: "or", conditions: [{ key: "project", operator: "isnull" }, { key: "project", operator: "notin", value: [] }] };
    const res = await enroll(t.service, { sender: "w1", filter: emptyNotin });
    expect(res.status).toBe(204);
    expect((await enroll(t.service, { sender: "w1", filter: { conditions: [{ key: "nosuchcolumn", value: "x" }] } })).status).toBe(204);
    expect(t.emu.state.events.ofTopic("shotgrid.proc")).toHaveLength(0);
    // The same empty list elsewhere is a 500 naming PostgreSQL's refusal (api/query/query.py).
    const query = await t.admin.post("/api/query", { entity: "event", filter: emptyNotin });
    expect(query.status).toBe(500);
    expect(query.body.detail).toContain("cannot determine type of empty array");
    const ok = await enroll(t.service, { sender: "w1", filter: { operator: "or", conditions: [{ key: "project", operator: "isnull" }] } });
    expect(ok.status).toBe(200);
  });

  it("builds the default description after `*` became `%` (events/enroll.py)", async () => {
    await t.service.post("/api/events", { topic: "entity.task.created" });
    await t.service.post("/api/events", { topic: "entity.folder.created" });
    const one = await enroll(t.service, { sender: "w1", sourceTopic: "entity.task.*" });
    expect(t.emu.state.events.get(one.body.id)!.description).toBe("Convert from entity.task.% to shotgrid.proc");
    const two = await enroll(t.service, { sender: "w2", sourceTopic: ["entity.folder.*", "entity.folder.created"] });
    expect(t.emu.state.events.get(two.body.id)!.description).toBe("Convert from ['entity.folder.%', 'entity.folder.created'] to shotgrid.proc");
  });

  it("hands a result computed for a disconnected client to the next identical request", async () => {
    await t.emu.close();
    t = await startTestAyon({ now: () => new Date(now), enrollDelayMs: 200 });
    await source();
    await source();
    const abort = new AbortController();
    const lost = fetch(`${t.emu.url}/api/enroll`, {
      method: "POST",
      headers: { ...t.service.headers, "content-type": "application/json" },
      body: JSON.stringify({ sourceTopic: "shotgrid.event", targetTopic: "shotgrid.proc", sender: "w1" }),
      signal: abort.signal,
    }).catch(() => null);
    setTimeout(() => abort.abort(), 50);
    await lost;
    await new Promise((r) => setTimeout(r, 250));
    const orphan = t.emu.state.events.ofTopic("shotgrid.proc")[0]!;
    // Someone finishes that job meanwhile; without the cache the next call would move on.
    await finish(t.service, orphan.id);
    const next = await enroll(t.service, { sender: "w1" });
    expect(next.body.id).toBe(orphan.id);
    const after = await enroll(t.service, { sender: "w1" });
    expect(after.body.id).not.toBe(orphan.id);
  });

  it("hands every one of many sources to exactly one of several workers, oldest first", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 2000; i++) {
      const rec = t.emu.state.events.insert({
        id: i.toString(16).padStart(32, "0"), hash: `bulk-${i}`, topic: "shotgrid.event", sender: null, senderType: "api",
        project: null, user: "service", dependsOn: null, status: "finished", retries: 0, description: "",
        summary: { n: i }, payload: {}, createdAt: now + i, updatedAt: now + i,
      });
      ids.push(rec.id);
    }
    now += 5000;
    const seen: string[] = [];
    for (let round = 0; round < 150; round++) {
      for (const [client, sender] of [[t.service, "a"], [t.service2, "b"]] as const) {
        const res = await enroll(client, { sender });
        seen.push(res.body.dependsOn);
        await finish(client, res.body.id);
      }
    }
    expect(new Set(seen).size).toBe(300);
    expect(seen).toEqual(ids.slice(0, 300));
  });
});
