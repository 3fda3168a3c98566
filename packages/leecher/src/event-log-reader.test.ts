// The EventLogEntry reads (REST `_search` on event_log_entries with api3_hash filters) against the ShotGrid emulator,
// and the shape of the id filters they send.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { startShotgridEmulator, type ShotgridEmulator } from "@ayon-sg/testkit";
import { ShotgridClient } from "@ayon-sg/shotgrid";
import { EventLogReader, idFilter, relevanceFilter, scopeSize } from "./event-log-reader.js";
import { eventTypesFor } from "./event-rules.js";

describe("id filters", () => {
  it.each([
    [{ holes: [], after: 10, upTo: 10 }, null],
    [{ holes: [], after: 10, upTo: 15 }, { logical_operator: "and", conditions: [["id", "between", [11, 15]]] }],
    [{ holes: [3, 7], after: 10, upTo: 10 }, { logical_operator: "and", conditions: [["id", "between", [3, 7]], ["id", "in", [3, 7]]] }],
    [
      { holes: [3, 7], after: 10, upTo: 12 },
      {
        logical_operator: "and",
        conditions: [["id", "between", [3, 12]], { logical_operator: "or", conditions: [["id", "in", [3, 7]], ["id", "greater_than", 10]] }],
      },
    ],
  ])("%p", (scope, expected) => {
    expect(idFilter(scope)).toEqual(expected);
  });

  it("refuses a scope that does not fit one page", () => {
    expect(scopeSize({ holes: [1, 2], after: 10, upTo: 5008 })).toBe(5000);
    expect(() => idFilter({ holes: [1, 2, 3], after: 10, upTo: 5008 })).toThrow(/does not fit/);
  });

  it("fetches Project events of every project and other types only in linked projects", () => {
    const types = eventTypesFor(["Project", "Shot"]);
    expect(relevanceFilter({ ...types, linkedProjectIds: [4] })).toEqual({
      logical_operator: "or",
      conditions: [
        { logical_operator: "and", conditions: [["project", "in", [{ type: "Project", id: 4 }]], ["event_type", "in", types.otherTypes]] },
        ["event_type", "in", types.projectTypes],
      ],
    });
    expect(relevanceFilter({ ...types, linkedProjectIds: [] })).toEqual(["event_type", "in", types.projectTypes]);
    expect(relevanceFilter({ projectTypes: [], otherTypes: ["Shotgun_Shot_New"], linkedProjectIds: [] })).toBeNull();
  });
});

describe("reads against the ShotGrid emulator", () => {
  let emu: ShotgridEmulator;
  let reader: EventLogReader;

  beforeAll(async () => {
    emu = await startShotgridEmulator({ gapMode: { enabled: true, gapEvery: 4, commitDelayMs: 60_000 } });
    reader = new EventLogReader(new ShotgridClient({ siteUrl: emu.url, scriptName: "ayon-sg", scriptKey: "sg-key" }));
  });
  afterAll(async () => emu?.close());

  it("the density read sees committed ids only, whatever their type", async () => {
    const before = await reader.newestId();
    const p = emu.store.create("Project", { name: "Reads", code: "reads" });
    emu.store.update("Project", p.id, { sg_description: "x" });
    emu.store.create("Shot", { project: { type: "Project", id: p.id }, code: "sh1" });
    const pending = emu.store.pendingEventIds();
    expect(pending.length).toBeGreaterThan(0);
    const top = pending[pending.length - 1]! + 3;
    const committed = await reader.committedIds({ holes: [], after: before, upTo: top });
    const all = emu.store.find("EventLogEntry", [["id", "between", [before + 1, top]]], { fields: ["id"] }).map((r) => r.id);
    expect(committed).toEqual(all);
    for (const id of pending) expect(committed).not.toContain(id);
    expect(await reader.committedIds({ holes: pending, after: top, upTo: top })).toEqual([]);

    emu.store.flushPendingEvents();
    expect(await reader.committedIds({ holes: pending, after: top, upTo: top })).toEqual(pending);
  });

  it("the relevance read returns full rows of enabled types in linked projects, and Project events of any project", async () => {
    emu.store.flushPendingEvents();
    const before = await reader.newestId();
    const linked = emu.store.create("Project", { name: "Linked", code: "lnk" });
    const other = emu.store.create("Project", { name: "Other", code: "oth" });
    emu.store.create("Shot", { project: { type: "Project", id: linked.id }, code: "a" });
    emu.store.create("Shot", { project: { type: "Project", id: other.id }, code: "b" });
    emu.store.create("Version", { project: { type: "Project", id: linked.id }, code: "v" });
    emu.store.flushPendingEvents();
    const after = await reader.newestId();
    const rows = await reader.relevantEvents({ holes: [], after: before, upTo: after }, { ...eventTypesFor(["Project", "Shot"]), linkedProjectIds: [linked.id] });
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(Object.keys(row).sort()).toEqual(["attribute_name", "created_at", "entity", "event_type", "id", "meta", "project", "session_uuid", "type", "user"]);
      const [, type] = /^Shotgun_(\w+?)_/.exec(String(row.event_type))!;
      expect(["Project", "Shot"]).toContain(type);
      if (type === "Shot") expect(row.project).toMatchObject({ id: linked.id });
    }
    expect(rows.some((r) => r.event_type === "Shotgun_Project_New" && (r.entity as { id: number }).id === other.id)).toBe(true);
    expect(rows.map((r) => r.id)).toEqual([...rows.map((r) => r.id)].sort((a, b) => a - b));
  });

  it("finds the own ApiUser by firstname, and the newest auto-sync switch of a project", async () => {
    expect(await reader.ownApiUser("ayon-sg")).toEqual(emu.script("ayon-sg"));
    expect(await reader.ownApiUser("nobody")).toBeNull();
    const p = emu.store.create("Project", { name: "Switch", code: "sw" });
    expect(await reader.autoSyncSwitchId(p.id)).toBe(0);
    emu.store.update("Project", p.id, { sg_ayon_auto_sync: true });
    emu.store.update("Project", p.id, { sg_ayon_auto_sync: false });
    emu.store.update("Project", p.id, { sg_ayon_auto_sync: true });
    emu.store.flushPendingEvents();
    const switches = emu.store.find("EventLogEntry", [["attribute_name", "is", "sg_ayon_auto_sync"], ["entity", "is", { type: "Project", id: p.id }]], { fields: ["id"], sort: "id" });
    expect(switches).toHaveLength(3);
    expect(await reader.autoSyncSwitchId(p.id)).toBe(switches[2]!.id);
  });
});
