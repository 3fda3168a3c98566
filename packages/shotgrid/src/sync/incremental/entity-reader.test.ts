// readEntities: a batch's entities read with one search per type and state, answering exactly as readEntity one by
// one — alive, retired, gone, each read in the state it is expected in first — against the ShotGrid emulator.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { startShotgridEmulator, type ShotgridEmulator } from "@ayon-sg/testkit";
import { ShotgridClient } from "../../client/index.js";
import { readEntities, readEntity } from "./entity-reader.js";
import type { EntityRef } from "./event-intent.js";

let emu: ShotgridEmulator;
let sg: ShotgridClient;
const options = { navchains: new Map(), enabledTypes: new Set(["Sequence", "Shot", "Task"]) };
let refs: Record<string, EntityRef>;

beforeAll(async () => {
  emu = await startShotgridEmulator();
  sg = new ShotgridClient({ siteUrl: emu.url, scriptName: "ayon-sg", scriptKey: "sg-key" });
  const project = emu.store.create("Project", { name: "Reader", code: "rd" });
  const link = { type: "Project", id: project.id };
  const sq = emu.store.create("Sequence", { project: link, code: "sq01", sg_ayon_id: "a".repeat(32) });
  const seq = { type: "Sequence", id: sq.id };
  const sh1 = emu.store.create("Shot", { project: link, code: "sh010", sg_sequence: seq });
  const sh2 = emu.store.create("Shot", { project: link, code: "sh020", sg_sequence: seq });
  const sh3 = emu.store.create("Shot", { project: link, code: "sh030", sg_sequence: seq });
  const task = emu.store.create("Task", { project: link, content: "comp", entity: { type: "Shot", id: sh1.id } });
  emu.store.retire("Shot", sh3.id);
  refs = {
    sh1: { type: "Shot", id: sh1.id },
    sh2: { type: "Shot", id: sh2.id },
    sh3: { type: "Shot", id: sh3.id },
    task: { type: "Task", id: task.id },
    gone: { type: "Shot", id: sh3.id + 1000 },
  };
});
afterAll(async () => emu?.close());

const searches = () => emu.stats().byRoute["POST /api/v1/entity/{type}/_search"]?.count ?? 0;
const gets = () => emu.stats().byRoute["GET /api/v1/entity/{type}/{id}"]?.count ?? 0;

describe("readEntities", () => {
  it("answers as readEntity one by one, with one search per type and state instead of a GET per entity", async () => {
    const requests = [
      { ref: refs.sh1!, expect: "alive" as const },
      { ref: refs.task! },
      { ref: refs.sh2!, expect: "retired" as const },
      { ref: refs.sh3!, expect: "alive" as const },
      { ref: refs.gone! },
      { ref: refs.sh1!, expect: "alive" as const },
    ];
    const alone = [];
    for (const { ref, expect: state } of requests) alone.push(await readEntity(sg, ref, { ...options, expect: state }));
    emu.resetStats();
    const together = await readEntities(sg, requests, options);
    expect(together).toEqual(alone);
    expect(together.map((read) => (read ? (read.retired ? "retired" : "alive") : read))).toEqual(["alive", "alive", "alive", "retired", null, "alive"]);
    // The parent's sg_ayon_id came through the dotted field, as with a GET.
    expect(together[0]?.record["sg_sequence.Sequence.sg_ayon_id"]).toBe("a".repeat(32));
    // First pass: Shot alive (sh1, sh3, gone), Task alive, Shot retired (sh2); second: Shot retired (sh3, gone), Shot alive (sh2).
    expect(searches()).toBe(5);
    expect(gets()).toBe(0);
  });

  it("a search that fails leaves its entities unread (undefined) for the caller to read again; the others are read", async () => {
    emu.resetStats();
    const unknownType = { type: "NoSuchType", id: 1 };
    const reads = await readEntities(sg, [{ ref: refs.sh1! }, { ref: unknownType }], options);
    expect(reads[0]?.record.code).toBe("sh010");
    expect(reads[1]).toBeUndefined();
  });
});
