import { describe, expect, it } from "@jest/globals";
import type { DesiredEntity } from "../hierarchy.js";
import { isNameFor, pickUniqueName } from "../naming.js";
import type { FoundFolder, FoundTask } from "./ayon-lookup.js";
import { deactivation, planCreate, planRetirement, planUpdate, shotgridNameChanged, type RenamePolicy } from "./entity-changes.js";

const id = (n: number) => n.toString(16).padStart(32, "0");

function desired(fields: Partial<DesiredEntity> = {}): DesiredEntity {
  return {
    key: "Shot:12", sgType: "Shot", sgId: 12, kind: "folder", type: "Shot", baseName: "sh020", label: "sh020", parentKey: "Sequence:5",
    status: "ip", sgAyonId: null, sgSyncStatus: null, hasShotgridRow: true, problem: null, skip: null, ...fields,
  };
}

function folder(fields: Partial<FoundFolder> = {}): FoundFolder {
  return {
    id: id(1), kind: "folder", name: "sh010", label: "sh010", parentId: id(50), identity: { shotgridId: "12", shotgridType: "Shot" },
    folderType: "Shot", status: "In progress", hasVersions: false, active: true, childCount: 0, taskCount: 0, ...fields,
  };
}

function task(fields: Partial<FoundTask> = {}): FoundTask {
  return {
    id: id(2), kind: "task", name: "anim", label: "anim", parentId: id(1), identity: { shotgridId: "7", shotgridType: "Task" },
    taskType: "Animation", status: "In progress", active: true, published: false, ...fields,
  };
}

const update = (current: FoundFolder | FoundTask, want: DesiredEntity, policy: RenamePolicy = "label_and_name_if_unpublished", parentId: string | null = current.parentId) =>
  planUpdate({ desired: want, current, parentId, type: current.kind === "task" ? "Animation" : "Shot", status: "In progress", renamePolicy: policy });

describe("rename", () => {
  it("renames name and label while nothing is published (policy label_and_name_if_unpublished)", () => {
    const plan = update(folder(), desired());
    expect(plan.operation).toEqual({ type: "update", entityType: "folder", entityId: id(1), data: { label: "sh020", name: "sh020" } });
    expect(plan).toMatchObject({ name: "sh020", renameable: true, moveRefused: null });
  });

  it("changes the label only when the folder has versions (AYON refuses renaming it without force)", () => {
    const plan = update(folder({ hasVersions: true }), desired());
    expect(plan.operation?.data).toEqual({ label: "sh020" });
    expect(plan).toMatchObject({ name: "sh010", renameable: false });
  });

  it("changes the label only under the label_only policy", () => {
    expect(update(folder(), desired(), "label_only").operation?.data).toEqual({ label: "sh020" });
  });

  it("keeps a task's name when its folder has versions", () => {
    const plan = update(task({ published: true }), desired({ key: "Task:7", sgType: "Task", sgId: 7, kind: "task", type: "Animation", baseName: "animation", label: "animation" }));
    expect(plan.operation?.data).toEqual({ label: "animation" });
  });

  it("keeps a de-duplicated form of the new name (sh020_12 stays)", () => {
    const plan = update(folder({ name: "sh020_12", label: "sh020" }), desired());
    expect(plan.operation).toBeNull();
  });

  it("keeps a name another rule made while the ShotGrid name is the one AYON has as label (no rename on touch)", () => {
    // A name the Python addon made from "sh010-a", or one an older slug rule made: the label says ShotGrid still has
    // "sh010-a".
    for (const made of ["sh010_a", "sh010-a", "SH010_A_custom"]) {
      const plan = update(folder({ name: made, label: "sh010-a" }), desired({ label: "sh010-a", baseName: "sh010_a_new_rule" }));
      expect([made, plan.operation, plan.name]).toEqual([made, null, made]);
    }
    // A label-less entity (AYON keeps no label equal to the name) whose name is the ShotGrid name.
    expect(update(folder({ name: "sh010", label: null }), desired({ label: "sh010", baseName: "sh010_x" })).operation).toBeNull();
  });

  it("renames when the ShotGrid name really changed, whatever made the old name", () => {
    const plan = update(folder({ name: "sh010_a", label: "sh010-a" }), desired({ label: "sh010-b", baseName: "sh010_b" }));
    expect(plan.operation?.data).toEqual({ label: "sh010-b", name: "sh010_b" });
  });

  it("shotgridNameChanged compares the ShotGrid name with AYON's label (its name when there is none)", () => {
    expect(shotgridNameChanged({ label: "sh010", baseName: "sh010" }, { label: null, name: "sh010" })).toBe(false);
    expect(shotgridNameChanged({ label: "sh 010", baseName: "sh_010" }, { label: "sh 010", name: "sh_010_77" })).toBe(false);
    expect(shotgridNameChanged({ label: null, baseName: "Comp" }, { label: null, name: "Comp" })).toBe(false);
    expect(shotgridNameChanged({ label: null, baseName: "Lighting" }, { label: null, name: "Comp" })).toBe(true);
    expect(shotgridNameChanged({ label: "sh011", baseName: "sh011" }, { label: "sh010", name: "sh010" })).toBe(true);
  });

  it("isNameFor: the base and the suffixed forms pickUniqueName gives, nothing else", () => {
    const request = { sgId: 12, base: "sh020" };
    const taken = new Set(["sh020"]);
    const second = pickUniqueName(request, taken);
    const third = pickUniqueName(request, taken);
    expect([second, third]).toEqual(["sh020_12", "sh020_12_2"]);
    for (const name of ["sh020", second, third]) expect(isNameFor(name, request)).toBe(true);
    for (const name of ["sh020_13", "SH020", "sh020_12_x", "sh0201"]) expect(isNameFor(name, request)).toBe(false);
    const long = { sgId: 123456, base: "x".repeat(80) };
    expect(isNameFor(pickUniqueName(long, new Set([long.base])), long)).toBe(true);
  });
});

describe("moves, types, statuses, identity, reactivation", () => {
  it("moves an unpublished folder; refuses to move a published one and says why", () => {
    expect(update(folder(), desired({ label: "sh010", baseName: "sh010" }), undefined, id(60)).operation?.data).toEqual({ parentId: id(60) });
    const refused = update(folder({ hasVersions: true }), desired({ label: "sh010", baseName: "sh010" }), undefined, id(60));
    expect(refused.operation).toBeNull();
    expect(refused.moveRefused).toMatch(/has published versions and stays where it is/);
  });

  it("moves a task with folderId and follows a Step change", () => {
    const want = desired({ key: "Task:7", sgType: "Task", sgId: 7, kind: "task", type: "Lighting", baseName: "anim", label: "anim" });
    const plan = planUpdate({ desired: want, current: task(), parentId: id(9), type: "Lighting", status: null, renamePolicy: "label_and_name_if_unpublished" });
    expect(plan.operation?.data).toEqual({ folderId: id(9), taskType: "Lighting" });
  });

  it("reactivates a kept entity and gives it its identity back", () => {
    const kept = folder({ active: false, identity: { shotgridId: "removed", shotgridType: "Shot" }, name: "sh020", label: "sh020" });
    expect(update(kept, desired()).operation?.data).toEqual({ attrib: { shotgridId: "12", shotgridType: "Shot" }, active: true });
  });

  it("writes nothing when everything matches (a replay)", () => {
    expect(update(folder({ name: "sh020", label: "sh020" }), desired()).operation).toBeNull();
  });

  it("sets the status only when ShotGrid has one AYON knows", () => {
    const plan = planUpdate({ desired: desired({ label: "sh010", baseName: "sh010" }), current: folder(), parentId: id(50), type: "Shot", status: "Approved", renamePolicy: "label_only" });
    expect(plan.operation?.data).toEqual({ status: "Approved" });
    expect(planUpdate({ desired: desired({ label: "sh010", baseName: "sh010" }), current: folder(), parentId: id(50), type: "Shot", status: null, renamePolicy: "label_only" }).operation).toBeNull();
  });
});

describe("create and retirement", () => {
  it("creates with the client-made id, base name, label, type, identity", () => {
    const plan = planCreate({ desired: desired(), id: id(3), parentId: id(50), type: "Shot", status: "In progress" });
    expect(plan.operation).toEqual({
      type: "create", entityType: "folder", entityId: id(3),
      data: { name: "sh020", label: "sh020", attrib: { shotgridId: "12", shotgridType: "Shot" }, folderType: "Shot", parentId: id(50), status: "In progress" },
    });
    const taskPlan = planCreate({ desired: desired({ kind: "task", sgType: "Task", key: "Task:7", sgId: 7, label: null, baseName: "task_7" }), id: id(4), parentId: id(3), type: "Generic", status: null });
    expect(taskPlan.operation?.data).toEqual({ name: "task_7", attrib: { shotgridId: "7", shotgridType: "Task" }, taskType: "Generic", folderId: id(3) });
  });

  it("deletes an unpublished entity, deactivates and marks a published one", () => {
    expect(planRetirement(folder())).toEqual({ operation: { type: "delete", entityType: "folder", entityId: id(1) }, deletes: true });
    expect(planRetirement(task({ published: true }))).toEqual({ operation: deactivation(task()), deletes: false });
    expect(deactivation(folder())).toEqual({ type: "update", entityType: "folder", entityId: id(1), data: { active: false, attrib: { shotgridId: "removed" } } });
  });
});
