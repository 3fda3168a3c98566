/**
 * The AYON project anatomy a ShotGrid sync needs (ayon-backend api/projects/anatomy.py):
 * folder types from the synced ShotGrid types plus AssetCategory, task types from Pipeline Steps plus the
 * default task type, statuses by ShotGrid short code. The studio's existing types are never dropped or
 * renamed: what is missing is appended, and ShotGrid names are mapped onto existing types that differ only
 * in case (AYON's type references are case-sensitive foreign keys, ayon-backend schemas/schema.project.sql).
 */
import type { AyonClient, FolderType, Project, ProjectPatch, Status, TaskType } from "@ayon-sg/core";
import type { FieldSchema } from "../client/index.js";
import { ASSET_CATEGORY, FOLDER_ENTITY_TYPES, type PipelineStep } from "./hierarchy.js";

/** What the ShotGrid side asks the anatomy to hold. */
export interface AnatomyWants {
  folderTypes: string[];
  taskTypes: Array<{ name: string; shortName: string }>;
  /** ShotGrid status short codes and their display names. */
  statuses: Array<{ code: string; name: string }>;
}

/** ShotGrid names → the AYON type and status names to write (null: nothing usable). */
export interface AnatomyMapping {
  folderType(sgType: string): string | null;
  taskType(name: string): string | null;
  /** The AYON status for a ShotGrid short code, when its scope allows the entity kind. */
  status(code: string, kind: "folder" | "task"): string | null;
}

export interface AnatomyPlan {
  /** null when the project already holds everything (no write). */
  patch: ProjectPatch | null;
  added: { folderTypes: string[]; taskTypes: string[]; statuses: string[] };
  mapping: AnatomyMapping;
}

/** Anatomy type and status names: 1–100 characters (ayon-backend ayon_server/settings/anatomy/aux_model.py). */
const MAX_TYPE_NAME = 100;
/** Suffix of a new status whose display name an existing status with another short code already uses. */
const FROM_SHOTGRID = " (from SG)";

/**
 * What a project's synced types, Steps and status lists ask for. Steps of the synced entity types are
 * included, plus any Step the Tasks actually use (`Task.step` is not tied to `Step.entity_type` in ShotGrid).
 */
export function anatomyWants(options: {
  enabledTypes: ReadonlySet<string>;
  steps: Iterable<PipelineStep>;
  defaultTaskType: string;
  taskTypesInUse?: Iterable<string>;
  /** `sg_status_list` field schema per synced type (its valid values and display names). */
  statusFields?: Iterable<FieldSchema | undefined>;
}): AnatomyWants {
  const folderTypes = FOLDER_ENTITY_TYPES.filter((t) => options.enabledTypes.has(t)) as string[];
  if (options.enabledTypes.has("Asset")) folderTypes.push(ASSET_CATEGORY);
  const taskTypes = new Map<string, { name: string; shortName: string }>();
  const addTaskType = (name: string, shortName: string | null) => {
    const clean = name.trim();
    if (clean === "" || taskTypes.has(clean.toLowerCase())) return;
    taskTypes.set(clean.toLowerCase(), { name: clean, shortName: (shortName ?? clean.slice(0, 4)).toLowerCase() });
  };
  addTaskType(options.defaultTaskType, null);
  const inUseList = [...(options.taskTypesInUse ?? [])];
  const inUse = new Set(inUseList.map((t) => t.toLowerCase()));
  for (const step of options.steps) {
    const relevant = (step.entityType !== null && options.enabledTypes.has(step.entityType)) || inUse.has(step.code.toLowerCase());
    if (relevant) addTaskType(step.code, step.shortName);
  }
  for (const name of inUseList) addTaskType(name, null);
  const statuses = new Map<string, { code: string; name: string }>();
  for (const field of options.statusFields ?? []) {
    if (!field) continue;
    const values = Array.isArray(field.properties.valid_values) ? field.properties.valid_values : [];
    const display = (field.properties.display_values ?? {}) as Record<string, unknown>;
    for (const value of values) {
      if (typeof value !== "string" || value.trim() === "" || statuses.has(value.toLowerCase())) continue;
      const name = typeof display[value] === "string" && (display[value] as string).trim() !== "" ? (display[value] as string).trim() : value;
      statuses.set(value.toLowerCase(), { code: value, name });
    }
  }
  return { folderTypes, taskTypes: [...taskTypes.values()], statuses: [...statuses.values()] };
}

/** Pure: the project's anatomy × what ShotGrid needs → the patch (appends only) and the name mapping. */
export function planAnatomy(project: Pick<Project, "folderTypes" | "taskTypes" | "statuses">, wants: AnatomyWants): AnatomyPlan {
  const folderTypes: FolderType[] = [...project.folderTypes];
  const taskTypes: TaskType[] = [...project.taskTypes];
  const statuses: Status[] = [...project.statuses];
  const added = { folderTypes: [] as string[], taskTypes: [] as string[], statuses: [] as string[] };

  const folderByLower = byLowerName(folderTypes);
  for (const name of wants.folderTypes) {
    if (folderByLower.has(name.toLowerCase()) || name.length > MAX_TYPE_NAME) continue;
    const type: FolderType = { name, shortName: name.slice(0, 3).toLowerCase() };
    folderTypes.push(type);
    folderByLower.set(name.toLowerCase(), type);
    added.folderTypes.push(name);
  }

  const taskByLower = byLowerName(taskTypes);
  for (const want of wants.taskTypes) {
    const name = want.name.slice(0, MAX_TYPE_NAME);
    if (taskByLower.has(name.toLowerCase())) continue;
    const type: TaskType = { name, shortName: want.shortName };
    taskTypes.push(type);
    taskByLower.set(name.toLowerCase(), type);
    added.taskTypes.push(name);
  }

  const statusByCode = new Map<string, Status>();
  for (const status of statuses) {
    const code = status.shortName?.toLowerCase();
    if (code && !statusByCode.has(code)) statusByCode.set(code, status);
  }
  const statusNames = new Set(statuses.map((s) => s.name.toLowerCase()));
  for (const want of wants.statuses) {
    if (statusByCode.has(want.code.toLowerCase())) continue;
    const name = freeStatusName(want, statusNames);
    const status: Status = { name, shortName: want.code };
    statuses.push(status);
    statusNames.add(name.toLowerCase());
    statusByCode.set(want.code.toLowerCase(), status);
    added.statuses.push(name);
  }

  const changed = added.folderTypes.length + added.taskTypes.length + added.statuses.length > 0;
  const patch: ProjectPatch | null = changed
    ? {
        ...(added.folderTypes.length ? { folderTypes } : {}),
        ...(added.taskTypes.length ? { taskTypes } : {}),
        ...(added.statuses.length ? { statuses } : {}),
      }
    : null;
  const mapping: AnatomyMapping = {
    folderType: (sgType) => folderByLower.get(sgType.toLowerCase())?.name ?? null,
    taskType: (name) => taskByLower.get(name.toLowerCase())?.name ?? null,
    status: (code, kind) => {
      const status = statusByCode.get(code.toLowerCase());
      if (!status) return null;
      return !Array.isArray(status.scope) || status.scope.includes(kind) ? status.name : null;
    },
  };
  return { patch, added, mapping };
}

/** Writes the patch (lists replace the project's lists, which is why the plan carries the existing items too). */
export async function applyAnatomy(ayon: AyonClient, projectName: string, plan: AnatomyPlan): Promise<void> {
  if (plan.patch) await ayon.updateProject(projectName, plan.patch);
}

/**
 * A name for a new status that no existing status uses, compared case-insensitively (the Python addon
 * compared case-sensitively and crashed on "In progress" vs "In Progress", its issue #274).
 */
function freeStatusName(want: { code: string; name: string }, taken: ReadonlySet<string>): string {
  const candidates = [want.name, `${want.name}${FROM_SHOTGRID}`, `${want.name} (from SG ${want.code})`];
  for (const candidate of candidates) {
    const name = candidate.slice(0, MAX_TYPE_NAME);
    if (!taken.has(name.toLowerCase())) return name;
  }
  for (let n = 2; ; n += 1) {
    const name = `${want.name.slice(0, MAX_TYPE_NAME - 20)} (from SG ${n})`;
    if (!taken.has(name.toLowerCase())) return name;
  }
}

function byLowerName<T extends { name: string }>(items: readonly T[]): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) if (!map.has(item.name.toLowerCase())) map.set(item.name.toLowerCase(), item);
  return map;
}
