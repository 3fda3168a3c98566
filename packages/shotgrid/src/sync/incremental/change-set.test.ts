// The one-transaction write of an incremental update against the AYON emulator (ayon-backend
// api/operations/operations.py): name clashes solved or adopted, refused deletes falling back, unresolvable refusals
// set aside with what depends on them.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { AyonClient, HandlerError, newAyonId, type Operation } from "@ayon-sg/core";
import { startAyonEmulator, type AyonEmulator } from "@ayon-sg/testkit";
import { ensureAyonAttributes } from "../setup.js";
import { ChangeSet, type PlannedChange } from "./change-set.js";

const KEY = "change-set-key";
let emulator: AyonEmulator;
let ayon: AyonClient;
let n = 0;

beforeAll(async () => {
  emulator = await startAyonEmulator({ apiKey: KEY });
  ayon = new AyonClient({ serverUrl: emulator.url, apiKey: KEY, sender: "change-set-test", senderType: "shotgrid", retry: { limit: 0 } });
  await ensureAyonAttributes(ayon);
  emulator.restart();
});

afterAll(async () => {
  await emulator?.close();
});

/** A project with one Sequence folder `sq010` holding `sh010` (linked to Shot 1) and `sh020` (not linked). */
async function project(): Promise<{ name: string; seq: string; sh010: string; sh020: string }> {
  const name = `cs_${++n}`;
  await ayon.createProject({ name, code: name });
  const seq = await ayon.createFolder(name, { name: "sq010", folderType: "Sequence" });
  const sh010 = await ayon.createFolder(name, { name: "sh010", folderType: "Shot", parentId: seq, attrib: { shotgridId: "1", shotgridType: "Shot" } });
  const sh020 = await ayon.createFolder(name, { name: "sh020", folderType: "Shot", parentId: seq });
  return { name, seq, sh010, sh020 };
}

function createShot(key: string, sgId: number, name: string, parentId: string | null, id = newAyonId()): PlannedChange {
  return {
    key, kind: "folder",
    operation: { type: "create", entityType: "folder", entityId: id, data: { name, folderType: "Shot", parentId, attrib: { shotgridId: String(sgId), shotgridType: "Shot" } } },
    place: { parentId, name }, naming: { sgId, base: name }, adoptable: true, onDeleteRefused: null,
  };
}

const folders = (project: string) => [...emulator.state.project(project)!.folders.values()];

describe("one transaction per update", () => {
  it("gives a new entity <name>_<ShotGrid id> when a linked sibling has the name", async () => {
    const p = await project();
    const set = new ChangeSet();
    set.add(createShot("Shot:7", 7, "sh010", p.seq));
    const result = await set.apply(ayon, p.name);
    expect(result).toMatchObject({ committed: 1, requests: 2, failed: new Map() });
    expect(folders(p.name).map((f) => f.name).sort()).toEqual(["sh010", "sh010_7", "sh020", "sq010"]);
  });

  it("adopts an unlinked sibling of the same name instead, and points the changes made under it there", async () => {
    const p = await project();
    const set = new ChangeSet();
    const created = newAyonId();
    set.add(createShot("Shot:8", 8, "SH020", p.seq, created));
    const taskOp: Operation = { type: "create", entityType: "task", entityId: newAyonId(), data: { name: "comp", taskType: "Generic", folderId: created } };
    set.add({ key: "Task:80", kind: "task", operation: taskOp, place: { parentId: created, name: "comp" }, naming: { sgId: 80, base: "comp" }, adoptable: true, onDeleteRefused: null });
    const result = await set.apply(ayon, p.name);
    expect(result.replacedIds).toEqual(new Map([[created, p.sh020]]));
    const sh020 = emulator.state.project(p.name)!.folders.get(p.sh020)!;
    expect(sh020).toMatchObject({ name: "sh020", attrib: { shotgridId: "8", shotgridType: "Shot" } });
    expect([...emulator.state.project(p.name)!.tasks.values()].map((t) => [t.name, t.folderId])).toEqual([["comp", p.sh020]]);
  });

  it("deactivates (the fallback) when AYON refuses a delete because of products below", async () => {
    const p = await project();
    emulator.state.project(p.name)!.folders.get(p.sh010)!.hasVersions = true;
    const set = new ChangeSet();
    const fallback: Operation = { type: "update", entityType: "folder", entityId: p.seq, data: { active: false, attrib: { shotgridId: "removed" } } };
    set.add({ key: "Sequence:3", kind: "folder", operation: { type: "delete", entityType: "folder", entityId: p.seq }, place: null, naming: null, adoptable: false, onDeleteRefused: fallback });
    const result = await set.apply(ayon, p.name);
    expect(result).toMatchObject({ committed: 1, requests: 2 });
    expect(emulator.state.project(p.name)!.folders.get(p.seq)).toMatchObject({ active: false, attrib: { shotgridId: "removed" } });
  });

  it("sets aside what it cannot resolve, with what depends on it, and commits the rest", async () => {
    const p = await project();
    const set = new ChangeSet();
    // A published entity (no naming) renamed onto a taken name: unresolvable.
    set.add({
      key: "Shot:1", kind: "folder", operation: { type: "update", entityType: "folder", entityId: p.sh010, data: { name: "sh020" } },
      place: { parentId: p.seq, name: "sh020" }, naming: null, adoptable: false, onDeleteRefused: null,
    });
    // A create with an invalid folder type (AYON refuses it), and a task to create under it.
    const bad = createShot("Shot:9", 9, "sh090", p.seq);
    (bad.operation.data as Record<string, unknown>).folderType = "NoSuchType";
    set.add(bad);
    set.add({
      key: "Task:90", kind: "task", operation: { type: "create", entityType: "task", entityId: newAyonId(), data: { name: "comp", taskType: "Generic", folderId: bad.operation.entityId } },
      place: { parentId: bad.operation.entityId!, name: "comp" }, naming: { sgId: 90, base: "comp" }, adoptable: true, onDeleteRefused: null,
    });
    // An unrelated create goes through.
    const ok = createShot("Shot:10", 10, "sh100", null);
    set.add(ok);
    const result = await set.apply(ayon, p.name);
    expect([...result.failed.keys()].sort()).toEqual(["Shot:1", "Shot:9", "Task:90"]);
    expect(result.failed.get("Shot:1")).toMatch(/AYON refused it: .*published versions, so it cannot take another name/);
    expect(result.failed.get("Task:90")).toBe("its parent could not be created in AYON");
    expect([...result.notCreated].sort()).toEqual(["Shot:9", "Task:90"]);
    expect(result.committed).toBe(1);
    expect(folders(p.name).map((f) => f.name).sort()).toEqual(["sh010", "sh020", "sh100", "sq010"]);
  });

  it("sends a delete's fallback when a change it requires was set aside (its children would go with it)", async () => {
    const p = await project();
    const set = new ChangeSet();
    const move: PlannedChange = {
      key: "Shot:1", kind: "folder", operation: { type: "update", entityType: "folder", entityId: p.sh010, data: { parentId: null, name: "bad name!" } },
      place: { parentId: null, name: "bad name!" }, naming: null, adoptable: false, onDeleteRefused: null,
    };
    set.add(move);
    const fallback: Operation = { type: "update", entityType: "folder", entityId: p.seq, data: { active: false, attrib: { shotgridId: "removed" } } };
    set.add({ key: "Sequence:3", kind: "folder", operation: { type: "delete", entityType: "folder", entityId: p.seq }, place: null, naming: null, adoptable: false, onDeleteRefused: fallback, requires: [move] });
    const result = await set.apply(ayon, p.name);
    expect([...result.failed.keys()]).toEqual(["Shot:1"]);
    const state = emulator.state.project(p.name)!;
    expect(state.folders.get(p.seq)).toMatchObject({ active: false });
    expect(state.folders.get(p.sh010)).toMatchObject({ parentId: p.seq, name: "sh010" });
  });

  it("asks to run again (retryable) when AYON answers 409 'Entity is locked by another operation'", async () => {
    const p = await project();
    emulator.faults.add({ match: { path: "/operations$" }, status: 409, body: { code: 409, detail: "Entity is locked by another operation" }, times: 1 });
    const set = new ChangeSet();
    set.add(createShot("Shot:11", 11, "sh110", p.seq));
    const error = await set.apply(ayon, p.name).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(HandlerError);
    expect(error).toMatchObject({ retryable: true, message: expect.stringMatching(/AYON is busy with the same entities/) });
    expect(folders(p.name).some((f) => f.name === "sh110")).toBe(false);
  });
  it("asks to run again (retryable) when a racing run just created the entity at the same (stable) id elsewhere", async () => {
    const p = await project();
    const other = await ayon.createFolder(p.name, { name: "sq020", folderType: "Sequence" });
    // The first run created Shot 9 under sq020 with the id every run asks for; this one wants it under sq010.
    const id = newAyonId();
    await ayon.operations(p.name, [createShot("Shot:9", 9, "sh090", other, id).operation]);
    const set = new ChangeSet();
    set.add(createShot("Shot:9", 9, "sh090_renamed", p.seq, id));
    const error = await set.apply(ayon, p.name).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HandlerError);
    expect(error).toMatchObject({ retryable: true, message: expect.stringMatching(/another run created Shot 9 at the same time/) });
    expect(folders(p.name).filter((f) => f.attrib.shotgridId === "9")).toHaveLength(1);
  });
});
