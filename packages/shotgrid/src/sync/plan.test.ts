import { describe, expect, it } from "@jest/globals";
import type { ShotgridRecord } from "../client/index.js";
import { planAnatomy, type AnatomyMapping } from "./anatomy.js";
import { AyonTree, type AyonFolder, type AyonTask } from "./ayon-tree.js";
import type { DesiredEntity, MappingOptions } from "./hierarchy.js";
import { readIdentity } from "./identity.js";
import { planSync, planWriteBacks, type PlannedOperation, type SyncPlan } from "./plan.js";
import { buildShotgridTree } from "./sg-tree.js";

const hex = (n: number) => n.toString(16).padStart(32, "0");
const link = (type: string, id: number) => ({ type, id, name: null });

const OPTIONS: MappingOptions = {
  navchains: new Map(),
  steps: new Map([[1, { id: 1, code: "Comp", shortName: "comp", entityType: "Shot" }]]),
  defaultTaskType: "Generic",
  enabledTypes: new Set(["Episode", "Sequence", "Shot", "Asset", "Task"]),
};

const ANATOMY: AnatomyMapping = planAnatomy(
  {
    folderTypes: ["Episode", "Sequence", "Shot", "Asset", "AssetCategory"].map((name) => ({ name })),
    taskTypes: [{ name: "Generic" }, { name: "Comp" }],
    statuses: [{ name: "Waiting", shortName: "wtg" }, { name: "In progress", shortName: "ip" }],
  },
  { folderTypes: [], taskTypes: [], statuses: [] },
).mapping;

function desired(byType: Record<string, Array<Record<string, unknown>>>): DesiredEntity[] {
  const records = new Map(Object.entries(byType).map(([type, rows]) => [type, rows.map((r) => ({ ...r, type }) as ShotgridRecord)]));
  return buildShotgridTree(records, OPTIONS).entities;
}

function counter(start = 1000): () => string {
  let n = start;
  return () => hex(n++);
}

const folder = (id: number, name: string, parent: number | null, attrib: Record<string, unknown> = {}, extra: Partial<AyonFolder> = {}): AyonFolder => ({
  id: hex(id), kind: "folder", name, label: null, parentId: parent === null ? null : hex(parent), identity: readIdentity(attrib),
  folderType: "Shot", status: null, hasVersions: false, ...extra,
});
const task = (id: number, name: string, folderId: number, attrib: Record<string, unknown> = {}, extra: Partial<AyonTask> = {}): AyonTask => ({
  id: hex(id), kind: "task", name, label: null, parentId: hex(folderId), identity: readIdentity(attrib), taskType: "Generic",
  status: null, active: true, ...extra,
});

/** What AYON would hold after committing `ops` on top of `tree` (enough of it for re-planning). */
function applied(tree: AyonTree, ops: PlannedOperation[]): AyonTree {
  const folders = new Map([...tree.folders].map(([id, f]) => [id, { ...f }]));
  const tasks = new Map([...tree.tasks].map(([id, t]) => [id, { ...t }]));
  for (const { operation } of ops) {
    const data = operation.data ?? {};
    const id = operation.entityId as string;
    if (operation.type === "create" && operation.entityType === "folder") {
      folders.set(id, folder(0, data.name as string, null, data.attrib as Record<string, unknown>, {
        id, label: (data.label as string) ?? null, parentId: data.parentId as string | null, folderType: data.folderType as string, status: (data.status as string) ?? "Waiting",
      }));
    } else if (operation.type === "create") {
      tasks.set(id, task(0, data.name as string, 0, data.attrib as Record<string, unknown>, {
        id, label: (data.label as string) ?? null, parentId: data.folderId as string, taskType: data.taskType as string, status: (data.status as string) ?? "Waiting",
      }));
    } else {
      const target = (operation.entityType === "folder" ? folders.get(id) : tasks.get(id)) as AyonFolder | AyonTask;
      if ("label" in data) target.label = data.label as string | null;
      if ("parentId" in data) target.parentId = data.parentId as string | null;
      if ("folderId" in data) target.parentId = data.folderId as string;
      if ("taskType" in data) (target as AyonTask).taskType = data.taskType as string;
      if ("status" in data) target.status = data.status as string;
      if ("attrib" in data) target.identity = readIdentity(data.attrib as Record<string, unknown>);
    }
  }
  return new AyonTree(folders.values(), tasks.values());
}

/** ShotGrid after the write-backs of `plan`. */
function afterWriteBacks(entities: DesiredEntity[], plan: SyncPlan): DesiredEntity[] {
  const writes = new Map(planWriteBacks(entities, plan.links, plan.failures).map((w) => [`${w.type}:${w.id}`, w.data]));
  return entities.map((e) => {
    const data = writes.get(e.key);
    if (!data) return { ...e };
    return {
      ...e,
      sgAyonId: "sg_ayon_id" in data ? (data.sg_ayon_id ?? null) : e.sgAyonId,
      sgSyncStatus: data.sg_ayon_sync_status ?? e.sgSyncStatus,
    };
  });
}

const PROJECT = {
  Episode: [{ id: 1, code: "ep01" }],
  Sequence: [{ id: 2, code: "sq01", episode: link("Episode", 1) }],
  Shot: [
    { id: 3, code: "sh010", sg_sequence: link("Sequence", 2), sg_status_list: "ip" },
    { id: 4, code: "SH010", sg_sequence: link("Sequence", 2) },
    { id: 5, code: "Director's cut", sg_sequence: link("Sequence", 2) },
  ],
  Asset: [{ id: 6, code: "hero", sg_asset_type: "Character" }],
  Task: [
    { id: 7, content: "comp", entity: link("Shot", 3), step: link("Step", 1) },
    { id: 8, content: "comp", entity: link("Shot", 3) },
    { id: 9, content: "model", entity: link("Asset", 6), sg_status_list: "wtg" },
  ],
};

describe("planning a first import into an empty project", () => {
  const entities = desired(PROJECT);
  const plan = planSync({ desired: entities, existing: new AyonTree([], []), anatomy: ANATOMY, newId: counter() });
  const byKey = new Map(plan.operations.map((op) => [op.key, op]));

  it("creates every entity once, parents before children, with client-made ids", () => {
    expect(plan.operations).toHaveLength(entities.length);
    const created = new Set<string>();
    for (const op of plan.operations) {
      expect(op.operation.type).toBe("create");
      if (op.dependsOn) expect(created.has(op.dependsOn)).toBe(true);
      created.add(op.operation.entityId as string);
    }
    expect(plan.counts).toEqual({ folders: { created: 7, updated: 0, unchanged: 0 }, tasks: { created: 3, updated: 0, unchanged: 0 } });
    expect(plan.failures.size).toBe(0);
  });

  it("writes names, labels, types, parents, statuses and identities", () => {
    const shot3 = byKey.get("Shot:3")!.operation;
    expect(shot3.data).toEqual({
      name: "sh010", label: "sh010", folderType: "Shot", parentId: plan.links.get("Sequence:2"), status: "In progress",
      attrib: { shotgridId: "3", shotgridType: "Shot" },
    });
    expect(byKey.get("Shot:4")!.operation.data?.name).toBe("SH010_4");
    expect(byKey.get("Shot:5")!.operation.data).toMatchObject({ name: "Directors_cut", label: "Director’s cut" });
    expect(byKey.get("AssetCategory:character")!.operation.data).toMatchObject({
      name: "character", folderType: "AssetCategory", parentId: null, attrib: { shotgridId: "character", shotgridType: "AssetCategory" },
    });
    expect(byKey.get("Asset:6")!.operation.data?.parentId).toBe(plan.links.get("AssetCategory:character"));
    expect(byKey.get("Task:7")!.operation.data).toMatchObject({ name: "comp", taskType: "Comp", folderId: plan.links.get("Shot:3") });
    expect(byKey.get("Task:8")!.operation.data).toMatchObject({ name: "comp_8", taskType: "Generic" });
    expect(byKey.get("Task:9")!.operation.data).toMatchObject({ status: "Waiting" });
  });

  it("writes back sg_ayon_id and Synced for every ShotGrid row, none for categories", () => {
    const writes = planWriteBacks(entities, plan.links, plan.failures);
    expect(writes).toHaveLength(entities.length - 1);
    expect(writes.find((w) => w.type === "Shot" && w.id === 3)).toEqual({
      type: "Shot", id: 3, data: { sg_ayon_id: plan.links.get("Shot:3"), sg_ayon_sync_status: "Synced" },
    });
  });

  it("a second plan after applying everything changes nothing on either side", () => {
    const tree = applied(new AyonTree([], []), plan.operations);
    const again = afterWriteBacks(entities, plan);
    const second = planSync({ desired: again, existing: tree, anatomy: ANATOMY, newId: counter(5000) });
    expect(second.operations).toEqual([]);
    expect(second.counts).toEqual({ folders: { created: 0, updated: 0, unchanged: 7 }, tasks: { created: 0, updated: 0, unchanged: 3 } });
    expect(planWriteBacks(again, second.links, second.failures)).toEqual([]);
    expect(second.links).toEqual(plan.links);
  });

  it("a plan after a crash part-way creates only the rest, with no duplicates", () => {
    const half = Math.floor(plan.operations.length / 2);
    const tree = applied(new AyonTree([], []), plan.operations.slice(0, half));
    const resumed = planSync({ desired: entities, existing: tree, anatomy: ANATOMY, newId: counter(9000) });
    expect(resumed.operations.map((op) => op.key)).toEqual(plan.operations.slice(half).map((op) => op.key));
    for (const op of plan.operations.slice(0, half)) expect(resumed.links.get(op.key)).toBe(op.operation.entityId);
  });
});

describe("matching and updating an existing project", () => {
  it("adopts by sg_ayon_id and by name, and writes the identity on what it adopted", () => {
    const tree = new AyonTree([folder(1, "ep01", null), folder(2, "other", null)], []);
    const entities = desired({ Episode: [{ id: 1, code: "ep01" }, { id: 9, code: "renamed", sg_ayon_id: hex(2) }] });
    const plan = planSync({ desired: entities, existing: tree, anatomy: ANATOMY });
    expect(plan.matchedBy).toEqual(new Map([["Episode:1", "name"], ["Episode:9", "sgAyonId"]]));
    expect(plan.operations.map((op) => [op.operation.type, op.operation.entityId, op.operation.data])).toEqual([
      ["update", hex(1), { attrib: { shotgridId: "1", shotgridType: "Episode" } }],
      ["update", hex(2), { label: "renamed", attrib: { shotgridId: "9", shotgridType: "Episode" } }],
    ]);
  });

  it("updates labels, parents, task types and statuses that changed, never names", () => {
    const tree = new AyonTree(
      [
        folder(1, "sq01", null, { shotgridId: "1", shotgridType: "Sequence" }),
        folder(2, "sq02", null, { shotgridId: "2", shotgridType: "Sequence" }),
        folder(3, "sh010", 1, { shotgridId: "3", shotgridType: "Shot" }, { label: "sh010" }),
      ],
      [task(4, "comp", 3, { shotgridId: "4", shotgridType: "Task" }, { taskType: "Generic", status: "Waiting" })],
    );
    const entities = desired({
      Sequence: [{ id: 1, code: "sq01" }, { id: 2, code: "sq02" }],
      Shot: [{ id: 3, code: "sh 010 new", sg_sequence: link("Sequence", 2) }],
      Task: [{ id: 4, content: "comp", entity: link("Shot", 3), step: link("Step", 1), sg_status_list: "ip" }],
    });
    const plan = planSync({ desired: entities, existing: tree, anatomy: ANATOMY });
    expect(plan.operations.map((op) => [op.operation.entityId, op.operation.data])).toEqual([
      [hex(3), { label: "sh 010 new", parentId: hex(2) }],
      [hex(4), { taskType: "Comp", status: "In progress" }],
    ]);
    expect(plan.failures.size).toBe(0);
  });

  it("with deferRenamed, leaves an entity whose ShotGrid name is not its label to the live rule (linked, unwritten); a name in another scheme under the same label is not one", () => {
    const tree = new AyonTree(
      [
        folder(1, "sq01", null, { shotgridId: "1", shotgridType: "Sequence" }),
        folder(3, "sh010", 1, { shotgridId: "3", shotgridType: "Shot" }, { label: "sh010" }),
        folder(5, "studio_shot_b", 1, { shotgridId: "5", shotgridType: "Shot" }, { label: "sh020" }),
      ],
      [task(4, "comp", 3, { shotgridId: "4", shotgridType: "Task" }, { taskType: "Comp" })],
    );
    const entities = desired({
      Sequence: [{ id: 1, code: "sq01" }],
      Shot: [{ id: 3, code: "sh 010 new", sg_sequence: link("Sequence", 1) }, { id: 5, code: "sh020", sg_sequence: link("Sequence", 1) }],
      Task: [{ id: 4, content: "comp", entity: link("Shot", 3), step: link("Step", 1) }],
    });
    const plan = planSync({ desired: entities, existing: tree, anatomy: ANATOMY, deferRenamed: true });
    expect(plan.renamed).toEqual([{ id: hex(3), kind: "folder", key: "Shot:3" }]);
    expect(plan.operations).toEqual([]);
    expect(plan.links.get("Shot:3")).toBe(hex(3));
    expect(plan.counts.folders).toEqual({ created: 0, updated: 0, unchanged: 2 });
    // Without it, the full sync takes the label over and keeps the name.
    const plain = planSync({ desired: entities, existing: tree, anatomy: ANATOMY });
    expect(plain.renamed).toEqual([]);
    expect(plain.operations.map((op) => op.operation.data)).toEqual([{ label: "sh 010 new" }]);
  });

  it("does not move a folder with published versions, or onto a sibling's name, and reports why", () => {
    const tree = new AyonTree(
      [
        folder(1, "sq01", null, { shotgridId: "1", shotgridType: "Sequence" }),
        folder(2, "sq02", null, { shotgridId: "2", shotgridType: "Sequence" }),
        folder(3, "sh010", 1, { shotgridId: "3", shotgridType: "Shot" }, { hasVersions: true }),
        folder(4, "sh020", 1, { shotgridId: "4", shotgridType: "Shot" }),
        folder(5, "SH020", 2, { shotgridId: "5", shotgridType: "Shot" }),
      ],
      [],
    );
    const entities = desired({
      Sequence: [{ id: 1, code: "sq01" }, { id: 2, code: "sq02" }],
      Shot: [
        { id: 3, code: "sh010", sg_sequence: link("Sequence", 2) },
        { id: 4, code: "sh020", sg_sequence: link("Sequence", 2) },
        { id: 5, code: "SH020", sg_sequence: link("Sequence", 2) },
      ],
    });
    const plan = planSync({ desired: entities, existing: tree, anatomy: ANATOMY });
    expect(plan.operations).toEqual([]);
    expect(plan.failures.get("Shot:3")).toMatch(/published versions/);
    expect(plan.failures.get("Shot:4")).toMatch(/already has a folder named 'sh020'/);
    expect(plan.links.get("Shot:3")).toBe(hex(3));
    const writes = planWriteBacks(entities, plan.links, plan.failures);
    expect(writes.find((w) => w.id === 3)?.data).toEqual({ sg_ayon_id: hex(3), sg_ayon_sync_status: "Failed" });
  });

  it("reuses a free sg_ayon_id as the new entity's id, but not a taken one", () => {
    const tree = new AyonTree([folder(1, "x", null)], []);
    const entities = desired({ Episode: [{ id: 1, code: "a", sg_ayon_id: hex(77) }, { id: 2, code: "b", sg_ayon_id: hex(77) }, { id: 3, code: "c", sg_ayon_id: "junk" }] });
    const plan = planSync({ desired: entities, existing: tree, anatomy: ANATOMY, newId: counter(500) });
    expect(plan.operations.map((op) => op.operation.entityId)).toEqual([hex(77), hex(500), hex(501)]);
  });

  it("counts AYON entities linked to ShotGrid entities that are gone, and leaves them alone", () => {
    const tree = new AyonTree(
      [folder(1, "gone", null, { shotgridId: "99", shotgridType: "Episode" }), folder(2, "Props", null, { shotgridId: "props", shotgridType: "AssetCategory" })],
      [task(3, "t", 1, { shotgridId: "98", shotgridType: "Task" }), task(4, "u", 1, { shotgridId: "removed", shotgridType: "Task" })],
    );
    const plan = planSync({ desired: desired({ Episode: [{ id: 1, code: "ep" }] }), existing: tree, anatomy: ANATOMY, newId: counter() });
    expect(plan.orphans).toEqual([
      { id: hex(1), kind: "folder", shotgridType: "Episode", shotgridId: "99" },
      { id: hex(3), kind: "task", shotgridType: "Task", shotgridId: "98" },
    ]);
    expect(plan.operations.every((op) => op.operation.type === "create")).toBe(true);
  });
});

describe("failures are per entity, never for the whole sync", () => {
  it("fails an entity with a problem and everything below it, and syncs the rest", () => {
    const entities = desired({
      Shot: [{ id: 1, code: "lost", sg_sequence: link("Sequence", 404) }, { id: 2, code: "fine" }],
      Task: [{ id: 3, content: "below", entity: link("Shot", 1) }, { id: 4, content: "orphan task", entity: null }, { id: 5, content: "ok", entity: link("Shot", 2) }],
    });
    const plan = planSync({ desired: entities, existing: new AyonTree([], []), anatomy: ANATOMY, newId: counter() });
    expect([...plan.failures.keys()].sort()).toEqual(["Shot:1", "Task:3"]);
    expect(plan.failures.get("Task:3")).toMatch(/parent Shot 1 could not be synced/);
    expect([...plan.skipped.keys()]).toEqual(["Task:4"]);
    expect(plan.operations.map((op) => op.key)).toEqual(["Shot:2", "Task:5"]);
    const writes = planWriteBacks(entities, plan.links, plan.failures, plan.skipped);
    expect(writes.filter((w) => w.data.sg_ayon_sync_status === "Failed").map((w) => w.id).sort()).toEqual([1, 3]);
    expect(writes.find((w) => w.id === 4)?.data).toEqual({ sg_ayon_sync_status: "Skipped" });
    expect(writes.find((w) => w.id === 1)?.data).toEqual({ sg_ayon_sync_status: "Failed" });
  });

  it("fails entities whose type the anatomy lacks", () => {
    const anatomy: AnatomyMapping = { ...ANATOMY, folderType: (t) => (t === "Episode" ? null : t) };
    const plan = planSync({ desired: desired({ Episode: [{ id: 1, code: "e" }] }), existing: new AyonTree([], []), anatomy });
    expect(plan.failures.get("Episode:1")).toBe("the AYON project has no folder type 'Episode'");
  });
});
