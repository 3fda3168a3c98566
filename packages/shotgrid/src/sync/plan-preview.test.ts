import { describe, expect, it } from "@jest/globals";
import type { ShotgridRecord } from "../client/index.js";
import { planAnatomy } from "./anatomy.js";
import { AyonTree, type AyonFolder } from "./ayon-tree.js";
import type { PreparedSync } from "./full-sync.js";
import { buildShotgridTree, type MappingOptions } from "./index.js";
import { readIdentity } from "./identity.js";
import { planSync } from "./plan.js";
import { planFingerprint, plannedWriteBacks, previewPlan, restrictToSubtree, subtreeKeys } from "./plan-preview.js";
import type { ProjectContext } from "./project-context.js";

const hex = (n: number) => n.toString(16).padStart(32, "0");
const link = (type: string, id: number) => ({ type, id, name: null });
const counter = (start: number) => {
  let n = start;
  return () => hex(n++);
};

const OPTIONS: MappingOptions = {
  navchains: new Map(),
  steps: new Map([[1, { id: 1, code: "Comp", shortName: "comp", entityType: "Shot" }]]),
  defaultTaskType: "Generic",
  enabledTypes: new Set(["Episode", "Sequence", "Shot", "Asset", "Task"]),
};
const ANATOMY = planAnatomy(
  {
    folderTypes: ["Episode", "Sequence", "Shot", "Asset", "AssetCategory"].map((name) => ({ name })),
    taskTypes: [{ name: "Generic" }, { name: "Comp" }],
    statuses: [{ name: "Waiting", shortName: "wtg" }, { name: "In progress", shortName: "ip" }],
  },
  { folderTypes: [], taskTypes: [], statuses: [] },
).mapping;
const CONTEXT = { ayonProjectName: "demo", sgProject: { id: 70, sgAyonId: "demo", syncStatus: "Synced" } } as unknown as ProjectContext;

const SHOTGRID = {
  Episode: [{ id: 1, code: "ep01" }],
  Sequence: [{ id: 2, code: "sq01", episode: link("Episode", 1) }, { id: 12, code: "sq02", episode: link("Episode", 1) }],
  Shot: [
    { id: 3, code: "sh010", sg_sequence: link("Sequence", 2), sg_status_list: "ip" },
    { id: 4, code: "sh020", sg_sequence: link("Sequence", 2) },
    { id: 13, code: "sh110", sg_sequence: link("Sequence", 12) },
  ],
  Asset: [{ id: 6, code: "hero", sg_asset_type: "Character" }],
  Task: [
    { id: 7, content: "comp", entity: link("Shot", 3), step: link("Step", 1) },
    { id: 14, content: "comp", entity: link("Shot", 13), step: link("Step", 1) },
  ],
};

function prepare(shotgrid: Record<string, Array<Record<string, unknown>>>, existing: AyonTree, idStart = 1000): PreparedSync {
  const records = new Map(Object.entries(shotgrid).map(([type, rows]) => [type, rows.map((r) => ({ ...r, type }) as ShotgridRecord)]));
  const desired = buildShotgridTree(records, OPTIONS).entities;
  const plan = planSync({ desired, existing, anatomy: ANATOMY, newId: counter(idStart) });
  return {
    desired, read: {}, plan, projectPatch: {}, anatomyAdded: { folderTypes: [], taskTypes: [], statuses: [], tags: [] },
    shotgridFields: [], users: null, writeProjectStatus: true,
  };
}

const folder = (id: number, name: string, parent: number | null, sg: [string, number], extra: Partial<AyonFolder> = {}): AyonFolder => ({
  id: hex(id), kind: "folder", name, label: name, parentId: parent === null ? null : hex(parent),
  identity: readIdentity({ shotgridType: sg[0], shotgridId: String(sg[1]) }), folderType: sg[0], status: null, hasVersions: false, ...extra,
});

describe("previewing a first import", () => {
  const prepared = prepare(SHOTGRID, new AyonTree([], []));
  const preview = previewPlan(prepared, CONTEXT, null);

  it("counts creations per ShotGrid type, and totals what the sync's summary counts", () => {
    expect(preview.counts).toEqual({
      Episode: { create: 1, rename: 0, move: 0, fields: 0 },
      Sequence: { create: 2, rename: 0, move: 0, fields: 0 },
      Shot: { create: 3, rename: 0, move: 0, fields: 0 },
      AssetCategory: { create: 1, rename: 0, move: 0, fields: 0 },
      Asset: { create: 1, rename: 0, move: 0, fields: 0 },
      Task: { create: 2, rename: 0, move: 0, fields: 0 },
    });
    expect(preview.totals).toEqual({ folders: { created: 8, updated: 0 }, tasks: { created: 2, updated: 0 } });
    expect(preview.ayonOperations).toBe(prepared.plan.operations.length);
    // Every ShotGrid row gets its sg_ayon_id (the category has no row), and the Project its status: none differ yet.
    expect(preview.shotgridWrites).toBe(plannedWriteBacks(prepared, CONTEXT).length);
    expect(preview.shotgridWrites).toBe(9);
  });

  it("lists items by their path from the project root", () => {
    expect(preview.items.find((i) => i.key === "Task:7")).toEqual({ key: "Task:7", type: "Task", path: "ep01/sq01/sh010/comp", kinds: ["create"], changes: ["new task 'comp'"] });
    expect(preview.more).toBe(0);
    expect(preview.roots.find((r) => r.type === "Shot" && r.id === 3)).toEqual({ type: "Shot", id: 3, path: "ep01/sq01/sh010" });
    expect(preview.roots.some((r) => r.type === "AssetCategory" || r.type === "Task")).toBe(false);
    const short = previewPlan(prepared, CONTEXT, null, { limit: 3 });
    expect(short.items).toHaveLength(3);
    expect(short.more).toBe(preview.items.length - 3);
  });
});

describe("previewing updates", () => {
  const existing = new AyonTree(
    [
      folder(1, "ep01", null, ["Episode", 1]),
      // sq01 sits at the root in AYON: ShotGrid puts it under ep01.
      folder(2, "sq01", null, ["Sequence", 2]),
      folder(12, "sq02", 1, ["Sequence", 12]),
      // sh010 was named "shot_10" in ShotGrid when AYON took it, and has since been set in progress there.
      folder(3, "sh010", 2, ["Shot", 3], { label: "shot_10", status: "Waiting" }),
      folder(4, "sh020", 2, ["Shot", 4], { status: "In progress" }),
    ],
    [],
  );
  const preview = previewPlan(prepare({ ...SHOTGRID, Asset: [], Task: [] }, existing), CONTEXT, null);

  it("tells renames, moves and field changes apart", () => {
    expect(preview.counts.Sequence).toEqual({ create: 0, rename: 0, move: 1, fields: 0 });
    expect(preview.counts.Shot).toEqual({ create: 1, rename: 1, move: 0, fields: 1 });
    expect(preview.items.find((i) => i.key === "Shot:3")).toMatchObject({ kinds: ["rename", "fields"], changes: ["label → 'sh010'", "status"], path: "ep01/sq01/sh010" });
    expect(preview.items.find((i) => i.key === "Shot:4")).toBeUndefined();
    expect(preview.items.find((i) => i.key === "Sequence:2")).toMatchObject({ kinds: ["move"], changes: ["moved under 'ep01'"] });
    expect(preview.totals.folders).toEqual({ created: 1, updated: 2 });
  });
});

describe("the fingerprint", () => {
  it("is the same for the same state, whatever new ids the planner makes", () => {
    const a = prepare(SHOTGRID, new AyonTree([], []), 1000);
    const b = prepare(SHOTGRID, new AyonTree([], []), 5000);
    expect(a.plan.operations[0]?.operation.entityId).not.toBe(b.plan.operations[0]?.operation.entityId);
    expect(planFingerprint(a, CONTEXT)).toBe(planFingerprint(b, CONTEXT));
  });

  it("changes when ShotGrid changes what the sync would write", () => {
    const before = planFingerprint(prepare(SHOTGRID, new AyonTree([], [])), CONTEXT);
    const renamed = { ...SHOTGRID, Shot: SHOTGRID.Shot.map((s) => (s.id === 4 ? { ...s, code: "sh021" } : s)) };
    expect(planFingerprint(prepare(renamed, new AyonTree([], [])), CONTEXT)).not.toBe(before);
    const retired = { ...SHOTGRID, Task: SHOTGRID.Task.slice(1) };
    expect(planFingerprint(prepare(retired, new AyonTree([], [])), CONTEXT)).not.toBe(before);
  });

  it("changes with the project patch", () => {
    const plain = prepare(SHOTGRID, new AyonTree([], []));
    expect(planFingerprint({ ...plain, projectPatch: { statuses: [] } as PreparedSync["projectPatch"] }, CONTEXT)).not.toBe(planFingerprint(plain, CONTEXT));
  });
});

describe("a sub-tree", () => {
  const existing = new AyonTree([folder(1, "ep01", null, ["Episode", 1]), folder(2, "sq01", 1, ["Sequence", 2], { status: "Waiting" })], []);
  const whole = prepare(SHOTGRID, existing);

  it("is the entity, its descendants and their Tasks", () => {
    expect([...subtreeKeys(whole.desired, "Sequence:2")].sort()).toEqual(["Sequence:2", "Shot:3", "Shot:4", "Task:7"]);
    expect(subtreeKeys(whole.desired, "Shot:999").size).toBe(0);
  });

  it("narrows the plan to it: no operation or write-back outside it, not even the Project's status", () => {
    const narrowed = restrictToSubtree(whole, "Sequence:2");
    expect(narrowed.plan.operations.map((op) => op.key).sort()).toEqual(["Shot:3", "Shot:4", "Task:7"]);
    expect(narrowed.plan.counts).toEqual({ folders: { created: 2, updated: 0, unchanged: 1 }, tasks: { created: 1, updated: 0, unchanged: 0 } });
    expect(plannedWriteBacks(narrowed, CONTEXT).map((w) => `${w.type}:${w.id}`).sort()).toEqual(["Sequence:2", "Shot:3", "Shot:4", "Task:7"]);
    const preview = previewPlan(narrowed, CONTEXT, "Sequence:2");
    expect(Object.keys(preview.counts).sort()).toEqual(["Shot", "Task"]);
    expect(preview.root).toBe("Sequence:2");
  });

  it("creates the ancestors AYON does not have yet, and nothing beside them", () => {
    const narrowed = restrictToSubtree(whole, "Shot:13");
    expect(narrowed.plan.operations.map((op) => op.key)).toEqual(["Sequence:12", "Shot:13", "Task:14"]);
  });

  it("refuses an entity the project's tree does not have", () => {
    expect(() => restrictToSubtree(whole, "Shot:999")).toThrow("Shot 999 is not in this project's ShotGrid tree");
  });
});
