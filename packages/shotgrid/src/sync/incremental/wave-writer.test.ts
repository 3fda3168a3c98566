// A wave's AYON writes in one operations transaction (wave-writer.ts): the writer waits for every seat, splits the
// answer per submission, and when AYON refuses the combined transaction sends each submission alone, so every
// update keeps its own outcome. With a scripted client, then against the AYON emulator through ChangeSet.apply.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { AyonClient, AyonOperationsError, AyonUnavailableError, newAyonId, type Operation, type OperationsResponse } from "@ayon-sg/core";
import { startAyonEmulator, type AyonEmulator } from "@ayon-sg/testkit";
import { ensureAyonAttributes } from "../setup.js";
import { ChangeSet, type PlannedChange } from "./change-set.js";
import { WaveWriter } from "./wave-writer.js";

/** Answers operations requests from a script; records them. */
class ScriptedAyon {
  readonly calls: Array<{ project: string; names: string[] }> = [];
  constructor(private readonly answer: (project: string, ops: Operation[]) => OperationsResponse | Error = okAnswer) {}

  async operations(project: string, ops: Operation[]): Promise<OperationsResponse> {
    this.calls.push({ project, names: ops.map((o) => String(o.data?.name)) });
    const answer = this.answer(project, ops);
    if (answer instanceof Error) throw answer;
    return answer;
  }
}

function okAnswer(_project: string, ops: Operation[]): OperationsResponse {
  return { success: true, operations: ops.map((o) => ({ id: `r-${String(o.data?.name)}`, type: o.type, entityType: o.entityType, entityId: o.entityId ?? null, success: true, status: 201, errorCode: null, detail: null })) };
}

const op = (name: string): Operation => ({ type: "create", entityType: "folder", entityId: newAyonId(), data: { name, folderType: "Shot" } });
const writerOn = (ayon: ScriptedAyon, seats: number) => new WaveWriter(ayon as unknown as AyonClient, seats);

function refusal(project: string, name: string): AyonOperationsError {
  return new AyonOperationsError({
    project, rolledBack: true,
    failed: { index: 0, operationId: null, type: "create", entityType: "folder", entityId: null, status: 409, errorCode: "unique-violation", detail: `${name} exists` },
  });
}

describe("wave writer (scripted AYON)", () => {
  it("waits for every seat to submit or leave, then sends one request and gives each its own results", async () => {
    const ayon = new ScriptedAyon();
    const writer = writerOn(ayon, 3);
    const [a, b, c] = [writer.seat(), writer.seat(), writer.seat()];
    const first = a.submit("p", [op("a1"), op("a2")]);
    const second = b.submit("p", [op("b1")]);
    await Promise.resolve();
    expect(ayon.calls).toEqual([]);
    c.leave();
    const [ra, rb] = await Promise.all([first, second]);
    expect(ayon.calls).toEqual([{ project: "p", names: ["a1", "a2", "b1"] }]);
    expect(ra.operations.map((r) => r.id)).toEqual(["r-a1", "r-a2"]);
    expect(rb.operations.map((r) => r.id)).toEqual(["r-b1"]);
    expect(writer.requests).toBe(1);
  });

  it("sends each submission alone when AYON refuses the combined transaction, each with its own answer", async () => {
    const ayon = new ScriptedAyon((project, ops) => (ops.some((o) => o.data?.name === "clash") ? refusal(project, "clash") : okAnswer(project, ops)));
    const writer = writerOn(ayon, 3);
    const [a, b, c] = [writer.seat(), writer.seat(), writer.seat()];
    const results = await Promise.allSettled([a.submit("p", [op("a1")]), b.submit("p", [op("clash")]), c.submit("p", [op("c1")])]);
    expect(ayon.calls.map((call) => call.names)).toEqual([["a1", "clash", "c1"], ["a1"], ["clash"], ["c1"]]);
    expect(results[0]).toMatchObject({ status: "fulfilled", value: { success: true, operations: [{ id: "r-a1" }] } });
    expect(results[1]).toMatchObject({ status: "rejected", reason: { failed: { detail: "clash exists" } } });
    expect(results[2]).toMatchObject({ status: "fulfilled", value: { operations: [{ id: "r-c1" }] } });
    expect(writer.requests).toBe(4);
  });

  it("fails every submission with the error when AYON's answer does not say what it committed", async () => {
    const down = new AyonUnavailableError({ serverUrl: "http://ayon", method: "POST", path: "/api/projects/p/operations", attempts: 1, cause: new Error("ECONNRESET"), maybeApplied: true });
    const ayon = new ScriptedAyon(() => down);
    const writer = writerOn(ayon, 2);
    const results = await Promise.allSettled([writer.seat().submit("p", [op("a1")]), writer.seat().submit("p", [op("b1")])]);
    expect(results).toEqual([{ status: "rejected", reason: down }, { status: "rejected", reason: down }]);
    expect(ayon.calls).toHaveLength(1);
  });

  it("sends one request per project, a lone submission as it is, and a seat's second submission alone at once", async () => {
    const ayon = new ScriptedAyon();
    const writer = writerOn(ayon, 3);
    const [a, b, c] = [writer.seat(), writer.seat(), writer.seat()];
    const first = a.submit("p", [op("a1")]);
    await a.submit("p", [op("a-again")]);
    expect(ayon.calls).toEqual([{ project: "p", names: ["a-again"] }]);
    await Promise.all([first, b.submit("q", [op("b1")]), c.submit("p", [op("c1")])]);
    expect(ayon.calls.slice(1)).toEqual([{ project: "p", names: ["a1", "c1"] }, { project: "q", names: ["b1"] }]);
  });
});

const KEY = "wave-writer-key";
let emulator: AyonEmulator;
let ayon: AyonClient;
let n = 0;

describe("wave writer against the AYON emulator (ayon-backend api/operations/operations.py)", () => {
  beforeAll(async () => {
    emulator = await startAyonEmulator({ apiKey: KEY });
    ayon = new AyonClient({ serverUrl: emulator.url, apiKey: KEY, sender: "wave-writer-test", senderType: "shotgrid", retry: { limit: 0 } });
    await ensureAyonAttributes(ayon);
    emulator.restart();
  });
  afterAll(async () => {
    await emulator?.close();
  });

  /** A project with a Sequence `sq010` holding `sh010` (published: no other name) and `sh020`. */
  async function project(): Promise<{ name: string; seq: string; sh010: string }> {
    const name = `ww_${++n}`;
    await ayon.createProject({ name, code: name });
    const seq = await ayon.createFolder(name, { name: "sq010", folderType: "Sequence" });
    const sh010 = await ayon.createFolder(name, { name: "sh010", folderType: "Shot", parentId: seq, attrib: { shotgridId: "1", shotgridType: "Shot" } });
    await ayon.createFolder(name, { name: "sh020", folderType: "Shot", parentId: seq });
    return { name, seq, sh010 };
  }
  const changeSet = (...changes: PlannedChange[]) => {
    const set = new ChangeSet();
    for (const c of changes) set.add(c);
    return set;
  };
  const createShot = (sgId: number, name: string, parentId: string | null): PlannedChange => ({
    key: `Shot:${sgId}`, kind: "folder",
    operation: { type: "create", entityType: "folder", entityId: newAyonId(), data: { name, folderType: "Shot", parentId, attrib: { shotgridId: String(sgId), shotgridType: "Shot" } } },
    place: { parentId, name }, naming: { sgId, base: name }, adoptable: true, onDeleteRefused: null,
  });
  const operationsRequests = () => Object.entries(emulator.stats().byRoute).filter(([route]) => /^POST .*\/operations$/.test(route)).reduce((s, [, r]) => s + r.count, 0);
  const names = (p: string) => [...emulator.state.project(p)!.folders.values()].map((f) => f.name).sort();

  it("commits the wave's changes in one request", async () => {
    const p = await project();
    emulator.resetStats();
    const writer = new WaveWriter(ayon, 3);
    const sets = [changeSet(createShot(31, "sh310", p.seq)), changeSet(createShot(32, "sh320", p.seq), createShot(33, "sh330", null))];
    const results = await Promise.all([...sets.map((s) => s.apply(ayon, p.name, undefined, writer.seat())), changeSet().apply(ayon, p.name, undefined, writer.seat())]);
    expect(results.map((r) => [r.committed, r.failed.size])).toEqual([[1, 0], [2, 0], [0, 0]]);
    expect(operationsRequests()).toBe(1);
    expect(names(p.name)).toEqual(["sh010", "sh020", "sh310", "sh320", "sh330", "sq010"]);
  });

  it("when AYON refuses one change, the others still land and each update has its own outcome", async () => {
    const p = await project();
    emulator.resetStats();
    const writer = new WaveWriter(ayon, 4);
    // A published entity renamed onto a sibling's name: a clash it may not solve by taking another name.
    const refused = changeSet({
      key: "Shot:1", kind: "folder", operation: { type: "update", entityType: "folder", entityId: p.sh010, data: { name: "sh020" } },
      place: { parentId: p.seq, name: "sh020" }, naming: null, adoptable: false, onDeleteRefused: null,
    });
    // A new Shot whose name a linked sibling has: alone, it is solved by the next free name.
    const solved = changeSet(createShot(7, "sh010", p.seq));
    const sets = [changeSet(createShot(41, "sh410", p.seq)), refused, solved, changeSet(createShot(42, "sh420", null))];
    const results = await Promise.all(sets.map((s) => s.apply(ayon, p.name, undefined, writer.seat())));
    expect(results.map((r) => [r.committed, [...r.failed.keys()]])).toEqual([[1, []], [0, ["Shot:1"]], [1, []], [1, []]]);
    expect(results[1]!.failed.get("Shot:1")).toMatch(/AYON refused it: .*published versions, so it cannot take another name/);
    // The combined try, each alone, and the clash solved with the next name.
    expect(operationsRequests()).toBe(1 + 4 + 1);
    expect(names(p.name)).toEqual(["sh010", "sh010_7", "sh020", "sh410", "sh420", "sq010"]);
  });
});
