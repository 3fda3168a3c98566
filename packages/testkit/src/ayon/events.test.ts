import { describe, it, expect, beforeAll, afterAll } from "@jest/globals";
import { deployProject, startTestAyon, type TestAyon } from "./emulator.test-helpers.js";

describe("Events (REST)", () => {
  let t: TestAyon;
  beforeAll(async () => {
    t = await startTestAyon();
  });
  afterAll(() => t.emu.close());

  describe("dispatch", () => {
    it("stores a finished event with defaults and answers {id}", async () => {
      const res = await t.service.post("/api/events", { topic: "shotgrid.event", summary: { sg_event_id: 1 }, payload: { x: 1 } });
      expect(res.status).toBe(200);
      expect(Object.keys(res.body)).toEqual(["id"]);
      const event = (await t.service.get(`/api/events/${res.body.id}`)).body;
      expect(event).toMatchObject({
        id: res.body.id,
        hash: res.body.id, // hash defaults to the id
        topic: "shotgrid.event",
        status: "finished",
        retries: 0,
        description: "",
        user: "service",
        dependsOn: null,
        senderType: "api",
        summary: { sg_event_id: 1 },
        payload: { x: 1 },
      });
    });

    it("rejects a duplicate hash with 409 unless reuse:true, which overwrites with a new id", async () => {
      const first = await t.service.post("/api/events", { topic: "shotgrid.event", hash: "sg-1", description: "one" });
      const dup = await t.service.post("/api/events", { topic: "shotgrid.event", hash: "sg-1" });
      expect(dup.status).toBe(409);
      expect(dup.body).toEqual({ code: 409, detail: "Event with the same hash already exists" });
      const reused = await t.service.post("/api/events", { topic: "shotgrid.event", hash: "sg-1", description: "two", reuse: true });
      expect(reused.status).toBe(200);
      expect(reused.body.id).not.toBe(first.body.id);
      expect((await t.service.get(`/api/events/${first.body.id}`)).status).toBe(404);
      expect((await t.service.get(`/api/events/${reused.body.id}`)).body).toMatchObject({ hash: "sg-1", description: "two" });
    });

    it("maps finished:false to pending", async () => {
      const res = await t.service.post("/api/events", { topic: "my.job", finished: false });
      expect((await t.service.get(`/api/events/${res.body.id}`)).body.status).toBe("pending");
    });

    it("does not store an event with store:false", async () => {
      const res = await t.service.post("/api/events", { topic: "my.ephemeral", store: false });
      expect(res.body.id).toMatch(/^[0-9a-f]{32}$/);
      expect((await t.service.get(`/api/events/${res.body.id}`)).status).toBe(404);
    });

    it("ignores dependsOn and any user field (the user is always the caller)", async () => {
      const source = await t.service.post("/api/events", { topic: "my.source" });
      const res = await t.manager.post("/api/events", { topic: "my.topic", dependsOn: source.body.id, user: "artist" });
      const event = (await t.service.get(`/api/events/${res.body.id}`)).body;
      expect(event.dependsOn).toBeNull();
      expect(event.user).toBe("lead");
    });

    it("is manager-only (403 for a plain user)", async () => {
      const res = await t.user.post("/api/events", { topic: "my.topic" });
      expect(res.status).toBe(403);
      expect(Object.keys(res.body).sort()).toEqual(["code", "detail"]);
    });

    it("validates the topic regex and the project name", async () => {
      expect((await t.service.post("/api/events", { topic: "1bad" })).status).toBe(400);
      expect((await t.service.post("/api/events", { topic: "ab" })).status).toBe(400);
      expect((await t.service.post("/api/events", { topic: "good.topic", project: "bad name" })).status).toBe(400);
    });

    it("keeps creation order", async () => {
      const a = await t.service.post("/api/events", { topic: "order.check" });
      const b = await t.service.post("/api/events", { topic: "order.check" });
      const ra = t.emu.state.events.get(a.body.id)!;
      const rb = t.emu.state.events.get(b.body.id)!;
      expect(rb.creationOrder).toBeGreaterThan(ra.creationOrder);
    });
  });

  describe("sender context", () => {
    it("stamps X-Sender / X-Sender-Type on dispatched events; body sender wins", async () => {
      const headers = { "x-sender": "leecher-1", "x-sender-type": "shotgrid" };
      const a = await t.service.post("/api/events", { topic: "shotgrid.event" }, headers);
      expect((await t.service.get(`/api/events/${a.body.id}`)).body).toMatchObject({ sender: "leecher-1", senderType: "shotgrid" });
      const b = await t.service.post("/api/events", { topic: "shotgrid.event", sender: "explicit" }, headers);
      expect((await t.service.get(`/api/events/${b.body.id}`)).body).toMatchObject({ sender: "explicit", senderType: "shotgrid" });
    });

    it("silently ignores sender headers that fail NAME_REGEX (type defaults to api)", async () => {
      const res = await t.service.post("/api/events", { topic: "shotgrid.event" }, { "x-sender": "bad sender!", "x-sender-type": "-x" });
      expect(res.status).toBe(200);
      expect((await t.service.get(`/api/events/${res.body.id}`)).body).toMatchObject({ sender: null, senderType: "api" });
    });

    it("stamps entity.* events caused by writes", async () => {
      await deployProject(t.service, "senders");
      const folder = await t.service.post("/api/projects/senders/folders", { name: "f1" }, { "x-sender": "proc-a", "x-sender-type": "shotgrid" });
      const created = t.emu.state.events.ofTopic("entity.folder.created").find((e) => e.summary.entityId === folder.body.id)!;
      expect(created).toMatchObject({ sender: "proc-a", senderType: "shotgrid", user: "service", project: "senders" });
    });
  });

  describe("get", () => {
    it("answers 404 'Event not found' for an unknown id", async () => {
      const res = await t.service.get(`/api/events/${"0".repeat(32)}`);
      expect(res.body).toEqual({ code: 404, detail: "Event not found" });
    });

    it("returns summary and payload as objects", async () => {
      const res = await t.service.post("/api/events", { topic: "obj.check", summary: { a: { b: 1 } }, payload: { list: [1, 2] } });
      const event = (await t.service.get(`/api/events/${res.body.id}`)).body;
      expect(event.summary).toEqual({ a: { b: 1 } });
      expect(event.payload).toEqual({ list: [1, 2] });
    });
  });

  describe("patch", () => {
    it("answers 204, writes only non-null fields, replaces summary/payload and drops progress", async () => {
      const res = await t.service.post("/api/events", { topic: "patch.me", summary: { a: 1, b: 2 }, payload: { keep: false }, description: "d0" });
      const id = res.body.id;
      const patch = await t.service.patch(`/api/events/${id}`, { summary: { c: 3 }, description: null, progress: 50, status: "in_progress" });
      expect(patch.status).toBe(204);
      expect(patch.text).toBe("");
      const event = (await t.service.get(`/api/events/${id}`)).body;
      expect(event).toMatchObject({ summary: { c: 3 }, payload: { keep: false }, description: "d0", status: "in_progress" });
      expect(event).not.toHaveProperty("progress");
    });

    it("bumps updatedAt", async () => {
      const res = await t.service.post("/api/events", { topic: "patch.time" });
      const before = t.emu.state.events.get(res.body.id)!.updatedAt;
      await new Promise((r) => setTimeout(r, 5));
      await t.service.patch(`/api/events/${res.body.id}`, { description: "x" });
      expect(t.emu.state.events.get(res.body.id)!.updatedAt).toBeGreaterThan(before);
    });

    it("overwrites the sender columns from the request headers (type always, api by default)", async () => {
      const res = await t.service.post("/api/events", { topic: "patch.sender" }, { "x-sender": "a", "x-sender-type": "shotgrid" });
      await t.service.patch(`/api/events/${res.body.id}`, { description: "x" }, { "x-sender": "b" });
      expect((await t.service.get(`/api/events/${res.body.id}`)).body).toMatchObject({ sender: "b", senderType: "api" });
      await t.service.patch(`/api/events/${res.body.id}`, { sender: "c" }, { "x-sender-type": "worker" });
      expect((await t.service.get(`/api/events/${res.body.id}`)).body).toMatchObject({ sender: "c", senderType: "worker" });
    });

    it("rejects an unknown status with 400", async () => {
      const res = await t.service.post("/api/events", { topic: "patch.status" });
      expect((await t.service.patch(`/api/events/${res.body.id}`, { status: "done" })).status).toBe(400);
    });

    it("lets a non-service manager change the status only of enroll jobs and whitelisted topics", async () => {
      const plain = await t.manager.post("/api/events", { topic: "plain.topic" });
      expect((await t.manager.patch(`/api/events/${plain.body.id}`, { status: "failed" })).status).toBe(403);
      const whitelisted = await t.manager.post("/api/events", { topic: "addon.install_from_url" });
      expect((await t.manager.patch(`/api/events/${whitelisted.body.id}`, { status: "failed" })).status).toBe(204);
      // Services may change any status.
      expect((await t.service.patch(`/api/events/${plain.body.id}`, { status: "failed" })).status).toBe(204);
    });

    it("lets a non-manager patch only their own events and never change the user", async () => {
      const mine = t.emu.state.events.insert({
        id: "a".repeat(32), hash: "artist-own", topic: "action.launcher", sender: null, senderType: "api", project: null,
        user: "artist", dependsOn: null, status: "pending", retries: 0, description: "", summary: {}, payload: {},
        createdAt: Date.now(), updatedAt: Date.now(),
      });
      const other = await t.service.post("/api/events", { topic: "action.launcher" });
      expect((await t.user.patch(`/api/events/${other.body.id}`, { description: "x" })).status).toBe(403);
      expect((await t.user.patch(`/api/events/${mine.id}`, { user: "boss" })).status).toBe(403);
      // action.launcher is a user event: its owner may change the status.
      expect((await t.user.patch(`/api/events/${mine.id}`, { status: "finished" })).status).toBe(204);
    });
  });

  describe("eventops", () => {
    it("deletes the events a filter selects (admin), and answers 501 for restart/abort", async () => {
      await t.service.post("/api/events", { topic: "bulk.delete", summary: { k: 1 } });
      await t.service.post("/api/events", { topic: "bulk.delete", summary: { k: 2 } });
      const body = { type: "delete", filter: { conditions: [{ key: "topic", value: "bulk.delete" }, { key: "summary/k", value: 1 }] } };
      expect((await t.manager.post("/api/eventops", body)).status).toBe(403);
      expect((await t.service.post("/api/eventops", body)).status).toBe(204);
      expect(t.emu.state.events.ofTopic("bulk.delete").map((e) => e.summary)).toEqual([{ k: 2 }]);
      expect((await t.service.post("/api/eventops", { ...body, type: "restart" })).status).toBe(501);
    });
  });

  describe("delete", () => {
    it("is admin only and answers 204", async () => {
      const res = await t.service.post("/api/events", { topic: "delete.me" });
      expect((await t.manager.delete(`/api/events/${res.body.id}`)).status).toBe(403);
      expect((await t.admin.delete(`/api/events/${res.body.id}`)).status).toBe(204);
      expect((await t.service.get(`/api/events/${res.body.id}`)).status).toBe(404);
      expect((await t.admin.delete(`/api/events/${res.body.id}`)).status).toBe(204); // the real DELETE checks nothing
    });

    it("is the only way to store a deleted event's hash again (dispatching a held hash is a 409)", async () => {
      const first = await t.service.post("/api/events", { topic: "hash.me", hash: "drift-1" });
      expect((await t.service.post("/api/events", { topic: "hash.me", hash: "drift-1" })).status).toBe(409);
      expect((await t.admin.delete(`/api/events/${first.body.id}`)).status).toBe(204);
      expect((await t.service.post("/api/events", { topic: "hash.me", hash: "drift-1" })).status).toBe(200);
    });
  });
});
