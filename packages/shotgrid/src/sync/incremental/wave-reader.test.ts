// A wave's AYON lookups in one GraphQL request (wave-reader.ts, lookupAyonTogether): each lookup is answered exactly
// as alone. Against the AYON emulator, whose lookup answers follow a recorded real AYON 1.16 (conversation step
// graphql-lookup).
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { AyonClient } from "@ayon-sg/core";
import { startAyonEmulator, type AyonEmulator } from "@ayon-sg/testkit";
import { ensureAyonAttributes } from "../setup.js";
import { lookupAyon, lookupAyonTogether, type LookupRequest } from "./ayon-lookup.js";
import { WaveReader } from "./wave-reader.js";

const KEY = "wave-reader-key";
const P = "wr";
let emulator: AyonEmulator;
let ayon: AyonClient;
let ids: Record<string, string>;

beforeAll(async () => {
  emulator = await startAyonEmulator({ apiKey: KEY });
  ayon = new AyonClient({ serverUrl: emulator.url, apiKey: KEY, sender: "wave-reader-test", senderType: "shotgrid", retry: { limit: 0 } });
  await ensureAyonAttributes(ayon);
  emulator.restart();
  await ayon.createProject({ name: P, code: P });
  const linked = (sgId: number, type: string) => ({ attrib: { shotgridId: String(sgId), shotgridType: type } });
  const sq1 = await ayon.createFolder(P, { name: "sq1", folderType: "Sequence", ...linked(1, "Sequence") });
  const sq2 = await ayon.createFolder(P, { name: "sq2", folderType: "Sequence", ...linked(2, "Sequence") });
  const sh10 = await ayon.createFolder(P, { name: "sh10", folderType: "Shot", parentId: sq1, ...linked(10, "Shot") });
  // Shot 11 sits under sq2, where another lookup of the wave searches: it must not leak into that lookup.
  const sh11 = await ayon.createFolder(P, { name: "sh11", folderType: "Shot", parentId: sq2, ...linked(11, "Shot") });
  const sh20 = await ayon.createFolder(P, { name: "sh20", folderType: "Shot", parentId: sq2, ...linked(20, "Shot") });
  const comp = await ayon.createTask(P, { name: "comp", taskType: "Compositing", folderId: sh10, ...linked(100, "Task") });
  const anim = await ayon.createTask(P, { name: "anim", taskType: "Animation", folderId: sh20, ...linked(101, "Task") });
  ids = { sq1, sq2, sh10, sh11, sh20, comp, anim };
});

afterAll(async () => {
  await emulator?.close();
});

const graphqlRequests = () => emulator.stats().byRoute["POST /graphql"]?.count ?? 0;

/** The lookups of a wave of updates: a Shot renamed, a Shot found by identity only, a Task, a Sequence at the root. */
function wave(): LookupRequest[] {
  const attribs = { folder: ["fps"], task: [] };
  return [
    { folderIds: [ids.sh10!, ids.sq1!], scoped: { kind: "folder", parentId: ids.sq1!, shotgridIds: ["10"] }, attribs },
    { folderIds: [ids.sq2!], scoped: { kind: "folder", parentId: ids.sq2!, shotgridIds: ["11"] }, attribs },
    { folderIds: [ids.sh20!], taskIds: [ids.anim!], scoped: { kind: "task", parentId: ids.sh20!, shotgridIds: ["101"] }, attribs },
    { folderIds: [], scoped: { kind: "folder", parentId: null, shotgridIds: ["1"] }, attribs },
  ];
}

describe("a wave's lookups in one request", () => {
  it("answers each lookup as alone, in one request", async () => {
    const alone = [];
    for (const request of wave()) alone.push(await lookupAyon(ayon, P, request));
    emulator.resetStats();
    const together = await lookupAyonTogether(ayon, P, wave());
    expect(graphqlRequests()).toBe(1);
    expect(together).toEqual(alone);
    // The answers differ from one another: each kept its own nodes.
    expect([...together[1]!.folders.keys()].sort()).toEqual([ids.sh11, ids.sq2].sort());
    expect([...together[2]!.tasks.keys()]).toEqual([ids.anim]);
  });

  it("waits for every seat, sends what can go together as one, and the rest alone", async () => {
    const requests = wave();
    const alone = await Promise.all(requests.map((r) => lookupAyon(ayon, P, r)));
    const apart: LookupRequest = { childrenOf: ids.sq2! };
    const apartAlone = await lookupAyon(ayon, P, apart);
    emulator.resetStats();
    const reader = new WaveReader(ayon, requests.length + 2);
    const seats = [...requests, apart].map(() => reader.seat());
    const pending = [...requests, apart].map((r, i) => seats[i]!.lookup(P, r));
    await Promise.resolve();
    expect(graphqlRequests()).toBe(0);
    reader.seat().leave();
    const results = await Promise.all(pending);
    expect(results).toEqual([...alone, apartAlone]);
    expect(reader.requests).toBe(2);
    expect(graphqlRequests()).toBe(2);
    // A seat's second lookup goes alone at once.
    await expect(seats[0]!.lookup(P, requests[0]!)).resolves.toEqual(alone[0]);
  });
});
