import { describe, it, expect, beforeAll, afterAll, jest } from "@jest/globals";
import { createFolder, deployProject, hexId, startTestAyon, type TestAyon } from "./emulator.test-helpers.js";

describe("POST /api/projects/{p}/operations", () => {
  let t: TestAyon;
  const P = "ops";
  const url = `/api/projects/${P}/operations`;
  let n = 1000;
  const id = () => hexId(n++);
  beforeAll(async () => {
    t = await startTestAyon();
    await deployProject(t.service, P);
  });
  afterAll(() => t.emu.close());

  it("runs a batch where later ops use parents created earlier, and reports 201/204 per op", async () => {
    const seq = id();
    const shot = id();
    const task = id();
    const res = await t.service.post(url, {
      operations: [
        { type: "create", entityType: "folder", entityId: seq, data: { name: "sq100", folderType: "Sequence" } },
        { type: "create", entityType: "folder", entityId: shot, data: { name: "sh100", folderType: "Shot", parentId: seq } },
        { type: "create", entityType: "task", entityId: task, data: { name: "comp", taskType: "Compositing", folderId: shot } },
        { id: "my-op", type: "update", entityType: "folder", entityId: seq, data: { label: "Seq 100" } },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.success).toBe(true);
    expect(res.body.operations).toHaveLength(4);
    expect(res.body.operations[0]).toEqual({
      id: expect.any(String), type: "create", entityType: "folder", entityId: seq, success: true, status: 201, errorCode: null, detail: null,
    });
    expect(res.body.operations[3]).toMatchObject({ id: "my-op", status: 204, success: true });
    expect((await t.service.get(`/api/projects/${P}/tasks/${task}`)).body.path).toBe("/sq100/sh100/comp");
  });

  it("rolls everything back on the first failure (canFail:false), still reporting earlier ops as success:true, HTTP 200", async () => {
    const a = id();
    const before = t.emu.state.events.size;
    const res = await t.service.post(url, {
      operations: [
        { type: "create", entityType: "folder", entityId: a, data: { name: "rolled" } },
        { type: "create", entityType: "folder", data: { name: "bad type", folderType: "Shot" } },
        { type: "create", entityType: "folder", data: { name: "never" } },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.success).toBe(false);
    expect(res.body.operations).toHaveLength(2);
    expect(res.body.operations[0]).toMatchObject({ success: true, status: 201 });
    expect(res.body.operations[1]).toMatchObject({ success: false, status: 400, errorCode: "invalid_data" });
    expect(res.body.operations[1].detail).toMatch(/^Invalid data provided: /);
    expect(t.emu.state.project(P)!.folders.has(a)).toBe(false);
    expect(t.emu.state.events.size).toBe(before); // no events for a rolled-back batch
  });

  it("rolls back updates and deletes too, restoring names and indexes", async () => {
    const folder = await createFolder(t.service, P, { name: "keepme", attrib: { fps: 10 } });
    const res = await t.service.post(url, {
      operations: [
        { type: "update", entityType: "folder", entityId: folder, data: { name: "changed", attrib: { fps: 11 } } },
        { type: "delete", entityType: "folder", entityId: hexId(999999) },
      ],
    });
    expect(res.body.operations[1]).toMatchObject({ success: false, status: 404, errorCode: "not-found" });
    const after = (await t.service.get(`/api/projects/${P}/folders/${folder}`)).body;
    expect(after).toMatchObject({ name: "keepme", attrib: expect.objectContaining({ fps: 10 }) });
    // The name index is intact: a sibling called "keepme" still clashes, "changed" does not.
    expect((await t.service.post(`/api/projects/${P}/folders`, { name: "KEEPME" })).status).toBe(409);
    expect((await t.service.post(`/api/projects/${P}/folders`, { name: "changed" })).status).toBe(201);
  });

  it("with canFail:true runs each op on its own and continues after failures", async () => {
    const good = id();
    const res = await t.service.post(url, {
      canFail: true,
      operations: [
        { type: "create", entityType: "folder", data: { name: "cf", folderType: "Nope" } },
        { type: "create", entityType: "folder", entityId: good, data: { name: "cf_ok" } },
      ],
    });
    expect(res.body.success).toBe(false);
    expect(res.body.operations.map((o: { success: boolean }) => o.success)).toEqual([false, true]);
    expect(res.body.operations[0]).toMatchObject({ status: 409, errorCode: "foreign-key-violation" });
    expect(t.emu.state.project(P)!.folders.has(good)).toBe(true);
  });

  it("raises the failing op's error as the HTTP error with raiseOnError", async () => {
    await createFolder(t.service, P, { name: "taken" });
    const res = await t.service.post(url, { raiseOnError: true, operations: [{ type: "create", entityType: "folder", data: { name: "Taken" } }] });
    expect(res.status).toBe(409);
    expect(res.body.detail).toBe("Folder with lower(name::text) 'taken' already exists.");
  });

  it("ignores raiseOnError when canFail is set: 200 with the failure in the answer (operations.py)", async () => {
    await createFolder(t.service, P, { name: "taken2" });
    const res = await t.service.post(url, { raiseOnError: true, canFail: true, operations: [{ type: "create", entityType: "folder", data: { name: "Taken2" } }] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ success: false, operations: [{ success: false, status: 409 }] });
  });

  it("maps failures to status/errorCode per the table", async () => {
    const folder = await createFolder(t.service, P, { name: "errhost" });
    const cases: Array<[Record<string, unknown>, number, string]> = [
      [{ type: "create", entityType: "folder", data: { name: "x y" } }, 400, "invalid_data"],
      [{ type: "create", entityType: "folder", data: { name: "errhost" } }, 409, "unique-violation"],
      [{ type: "create", entityType: "folder", data: { name: "fk", parentId: hexId(5) } }, 409, "foreign-key-violation"],
      [{ type: "create", entityType: "task", data: { name: "t", taskType: "Generic" } }, 400, "not-null-violation"],
      [{ type: "update", entityType: "task", entityId: hexId(6), data: { name: "t" } }, 404, "not-found"],
      [{ type: "create", entityType: "folder", entityId: folder, data: { name: "sameid" } }, 409, "unique-violation"],
    ];
    for (const [op, status, errorCode] of cases) {
      const res = await t.service.post(url, { operations: [op] });
      expect(res.body.operations[0]).toMatchObject({ success: false, status, errorCode });
    }
  });

  it("refuses rename/move of a folder with versions (403) unless the operation has force", async () => {
    const locked = await createFolder(t.service, P, { name: "opslocked" });
    t.emu.state.project(P)!.folders.get(locked)!.hasVersions = true;
    const denied = await t.service.post(url, { operations: [{ type: "update", entityType: "folder", entityId: locked, data: { name: "x" } }] });
    expect(denied.body.operations[0]).toMatchObject({ status: 403, errorCode: "forbidden" });
    const forced = await t.service.post(url, { operations: [{ type: "update", entityType: "folder", entityId: locked, force: true, data: { name: "x" } }] });
    expect(forced.body.success).toBe(true);
  });

  it("answers 400 for update/delete without entityId and for duplicate update/delete on one entity", async () => {
    expect((await t.service.post(url, { operations: [{ type: "update", entityType: "folder", data: {} }] })).status).toBe(400);
    const f = await createFolder(t.service, P, { name: "dupop" });
    const dup = await t.service.post(url, {
      operations: [
        { type: "update", entityType: "folder", entityId: f, data: { label: "a" } },
        { type: "delete", entityType: "folder", entityId: f },
      ],
    });
    expect(dup.status).toBe(400);
    expect(dup.body.detail).toMatch(/^Duplicate operation/);
  });

  it("only lets services act as another user (asUser)", async () => {
    const op = { type: "create", entityType: "folder", data: { name: "asuser" }, asUser: "artist" };
    expect((await t.manager.post(url, { operations: [op] })).status).toBe(403);
    const res = await t.service.post(url, { operations: [op] });
    const folder = t.emu.state.project(P)!.folders.get(res.body.operations[0].entityId)!;
    expect(folder.createdBy).toBe("artist");
    expect(t.emu.state.events.ofTopic("entity.folder.created").at(-1)!.user).toBe("artist");
  });

  it("dispatches entity events after commit with the request's sender", async () => {
    const before = t.emu.state.events.size;
    await t.service.post(url, { operations: [{ type: "create", entityType: "folder", data: { name: "evbatch" } }] }, { "x-sender": "sync", "x-sender-type": "shotgrid" });
    const events = t.emu.state.events.all().slice(before);
    expect(events.map((e) => [e.topic, e.sender, e.senderType])).toEqual([["entity.folder.created", "sync", "shotgrid"]]);
  });

  it("without waitForEvents (the default) dispatches the events after the response; with it, before", async () => {
    // Holds back the emulator's deferred dispatch (and nothing else) to see the order.
    const held: Array<() => void> = [];
    const original = globalThis.setImmediate;
    const spy = jest.spyOn(globalThis, "setImmediate").mockImplementation(((fn: (...args: unknown[]) => void, ...args: unknown[]) => {
      if (fn.name === "dispatchEvents") {
        held.push(fn);
        return undefined as unknown as NodeJS.Immediate;
      }
      return original(fn, ...args);
    }) as typeof setImmediate);
    try {
      const before = t.emu.state.events.size;
      const res = await t.service.post(url, { operations: [{ type: "create", entityType: "folder", data: { name: "late" } }] });
      expect(res.body.success).toBe(true);
      expect(held).toHaveLength(1);
      expect(t.emu.state.events.size).toBe(before);
      held.shift()!();
      expect(t.emu.state.events.all().slice(before).map((e) => e.topic)).toEqual(["entity.folder.created"]);
      await t.service.post(url, { waitForEvents: true, operations: [{ type: "create", entityType: "folder", data: { name: "waited" } }] });
      expect(held).toHaveLength(0);
      expect(t.emu.state.events.size).toBe(before + 2);
    } finally {
      spy.mockRestore();
      for (const fn of held) fn();
    }
  });

  it("runs the background variant and reports it through polling", async () => {
    const folder = id();
    const start = await t.service.post(`${url}/background`, { operations: [{ type: "create", entityType: "folder", entityId: folder, data: { name: "bg" } }] });
    expect(start.status).toBe(200);
    expect(start.body).toEqual({ id: expect.stringMatching(/^[0-9a-f]{32}$/), status: "pending" });
    let poll;
    for (let i = 0; i < 50; i++) {
      poll = await t.service.get(`${url}/background/${start.body.id}`);
      if (poll.body.status === "completed") break;
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(poll!.body).toMatchObject({ id: start.body.id, status: "completed", progress: 100, result: { success: true } });
    expect(t.emu.state.project(P)!.folders.has(folder)).toBe(true);
    expect((await t.service.get(`${url}/background/${hexId(1)}`)).status).toBe(404);
  });

  it("validates the body (400) and the project (404)", async () => {
    expect((await t.service.post(url, { operations: [{ type: "upsert", entityType: "folder" }] })).status).toBe(400);
    expect((await t.service.post("/api/projects/ghost/operations", { operations: [] })).status).toBe(404);
  });
});
