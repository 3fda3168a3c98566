// Which events of a batch run side by side (batch-waves.ts): order is kept between events that share an entity or
// a sibling name they may take or give up, and around any event that may touch more than its own entity.
import { describe, expect, it } from "@jest/globals";
import type { ShotgridRecord } from "../../client/index.js";
import { folderLayoutOf } from "../folder-layout.js";
import { parseNavchains } from "../hierarchy.js";
import { planWaves, type EntityIntent, type WaveItem } from "./batch-waves.js";

const navchains = parseNavchains({ navchains: { Shot: "Shot.sg_sequence", Sequence: "Sequence.episode", Asset: "Asset.sg_asset_type", Episode: "__flat__" } });
const SEQ_A = { type: "Sequence", id: 5 };
const SEQ_B = { type: "Sequence", id: 6 };

function shot(id: number, code: string, sequence = SEQ_A, sequenceAyonId: string | null = "a".repeat(32)): ShotgridRecord {
  return { type: "Shot", id, code, sg_sequence: sequence, "sg_sequence.Sequence.sg_ayon_id": sequenceAyonId } as ShotgridRecord;
}

function task(id: number, content: string, shotId: number): ShotgridRecord {
  return { type: "Task", id, content, entity: { type: "Shot", id: shotId }, "entity.Shot.sg_ayon_id": "b".repeat(32) } as ShotgridRecord;
}

function item(action: EntityIntent["action"], record: ShotgridRecord, field: string | null = null, extra: Partial<WaveItem> = {}): WaveItem {
  const intent: EntityIntent = { kind: "entity", action, ref: { type: record.type, id: record.id }, expect: action === "Retirement" ? "retired" : "alive", dependents: false, field, why: "test" };
  return { intent, read: { record, retired: action === "Retirement" }, navchains, ...extra };
}

const rename = (record: ShotgridRecord, previousName: string) => item("Change", record, record.type === "Task" ? "content" : "code", { previousName });

describe("planWaves", () => {
  it("runs renames to different names, status and Step changes side by side", () => {
    const items = [
      rename(shot(1, "sh010_v2"), "sh010"),
      rename(shot(2, "sh020_v2"), "sh020"),
      item("Change", shot(3, "sh030"), "sg_status_list"),
      item("Change", task(10, "anim", 1), "step"),
      rename(task(11, "comp_v2", 2), "comp"),
    ];
    expect(planWaves(items)).toEqual([[0, 1, 2, 3, 4]]);
  });

  it("keeps the order of events on one entity, and of siblings wanting or giving up one name", () => {
    const items = [
      rename(shot(1, "hero"), "sh010"), // wants "hero"
      rename(shot(2, "hero"), "sh020"), // wants it too: after 0, so the first asker keeps it
      rename(shot(3, "sh030_b"), "sh030"),
      item("Change", shot(3, "sh030_b"), "sg_status_list"), // same entity as 2
      rename(shot(4, "sh010"), "sh040"), // takes the name 0 gave up: after 0
      rename(shot(5, "hero", SEQ_B), "sh050"), // "hero" under another Sequence: free to go
    ];
    expect(planWaves(items)).toEqual([[0, 2, 5], [1, 3, 4]]);
  });

  it("orders Tasks without content that take their Step's name (the Python addon's rule), Steps apart", () => {
    const stepless = (id: number, step: string, stepId: number) => ({ ...task(id, "", 1), step: { type: "Step", id: stepId, name: step } }) as ShotgridRecord;
    const items = [
      item("Change", stepless(10, "Comp", 1), "step"),
      item("Change", stepless(11, "Comp", 1), "step"), // wants "Comp" too: after 0
      item("Change", stepless(12, "Anim", 2), "step"),
    ];
    expect(planWaves(items)).toEqual([[0, 2], [1]]);
  });

  it("orders a swap of two names", () => {
    expect(planWaves([rename(shot(1, "b"), "a"), rename(shot(2, "a"), "b")])).toEqual([[0], [1]]);
  });

  it("tells task names from folder names: a Task may share a Shot's name", () => {
    expect(planWaves([rename(shot(1, "anim"), "sh010"), rename(task(10, "anim", 1), "layout")])).toEqual([[0, 1]]);
  });

  it("runs a create beside others when AYON has its parent, alone when it may have to create the parent", () => {
    const items = [
      item("New", shot(7, "sh070")),
      rename(shot(1, "sh010_v2"), "sh010"),
      item("New", shot(8, "sh080", SEQ_B, null)), // its Sequence has no AYON id yet: alone
      rename(shot(2, "sh020_v2"), "sh020"),
    ];
    expect(planWaves(items)).toEqual([[0, 1], [2], [3]]);
  });

  it("runs retirements, revivals, moves and unread entities alone, between what comes before and after", () => {
    const items = [
      rename(shot(1, "x1"), "a1"),
      item("Retirement", shot(2, "sh020")),
      rename(shot(3, "x3"), "a3"),
      item("Change", shot(4, "sh040", SEQ_B), "sg_sequence"),
      item("Revival", shot(5, "sh050")),
      { ...rename(shot(6, "x6"), "a6"), read: undefined },
      rename(shot(7, "x7"), "a7"),
      rename(shot(8, "x8"), "a8"),
    ];
    expect(planWaves(items)).toEqual([[0], [1], [2], [3], [4], [5], [6, 7]]);
  });
});

describe("planWaves with folder_parenting", () => {
  it("orders two new shots of one name from different sequences when a preset gathers them in one folder", () => {
    const folderLayout = folderLayoutOf({
      root_relocate: { enabled: false, presets: [] },
      type_grouping: { enabled: true, presets: [{ filter_by_sg_entity_type: "Shot", parents: [{ folder_type: "Folder", folder_name: "shots" }] }] },
    });
    const items = (extra: Partial<WaveItem>) => [item("New", shot(1, "sh010", SEQ_A), null, extra), item("New", shot(2, "sh010", SEQ_B), null, extra)];
    expect(planWaves(items({}))).toEqual([[0, 1]]);
    expect(planWaves(items({ folderLayout }))).toEqual([[0], [1]]);
  });
});
