// PATCH semantics of a project (ayon-backend api/projects/): attrib merged per key (null resets), data merged one level
// deep (null deletes), anatomy lists replace the aux tables (an item's `original_name` renames the type and
// cascades to the entities using it, like ON UPDATE CASCADE; removing a type still in use fails with
// 409 like the foreign key would). Returns the entity.project.* events to dispatch.
import { anatomyToParts } from "./anatomy.js";
import { mergeAttrib } from "./attrib-values.js";
import { sameJson } from "./entity-events.js";
import { conflict } from "./errors.js";
import type { ProjectState } from "./project-store.js";
import type { AyonState } from "./state.js";
import type { PendingEvent, Transaction } from "./transaction.js";
import type { FolderTypeDef, JsonObject, StatusDef, TaskTypeDef } from "./types.js";
import { isPlainObject } from "./validation.js";

export interface ProjectPatchInput {
  code?: unknown;
  label?: unknown;
  library?: unknown;
  active?: unknown;
  folderTypes?: unknown;
  taskTypes?: unknown;
  statuses?: unknown;
  tags?: unknown;
  linkTypes?: unknown;
  config?: unknown;
  /** Already cleaned against the project-scope attributes. */
  attrib?: unknown;
  data?: unknown;
  /** The anatomy endpoint replaces config instead of merging it. */
  replaceConfig?: boolean;
}

type Renames = Map<string, string>;

function renamesOf(items: unknown[]): Renames {
  const map: Renames = new Map();
  for (const item of items) {
    if (!isPlainObject(item)) continue;
    const original = item.original_name ?? item.originalName;
    if (typeof original === "string" && typeof item.name === "string" && original !== item.name) map.set(original, item.name);
  }
  return map;
}

function stripOriginal<T>(items: T[]): T[] {
  return items.map((item) => {
    const { original_name: _a, originalName: _b, ...rest } = item as Record<string, unknown>;
    return rest as T;
  });
}

export function projectPatch(state: AyonState, project: ProjectState, input: ProjectPatchInput, tx: Transaction): PendingEvent[] {
  const changes: Partial<ProjectState> = {};
  const columnChanges: Array<[column: string, topic: string, before: unknown, after: unknown]> = [];

  if (typeof input.code === "string" && input.code !== project.code) {
    for (const other of state.projects.values()) {
      if (other !== project && other.code.toLowerCase() === input.code.toLowerCase()) throw conflict(`Project with code ${input.code} already exists`);
    }
    changes.code = input.code;
  }
  if (input.label !== undefined) changes.label = input.label as string | null;
  if (typeof input.library === "boolean") changes.library = input.library;
  if (typeof input.active === "boolean") changes.active = input.active;

  const typeParts = anatomyToParts({
    ...(Array.isArray(input.folderTypes) ? { folder_types: input.folderTypes } : {}),
    ...(Array.isArray(input.taskTypes) ? { task_types: input.taskTypes } : {}),
    ...(Array.isArray(input.statuses) ? { statuses: input.statuses } : {}),
    ...(Array.isArray(input.tags) ? { tags: input.tags } : {}),
  });
  const folderRenames = Array.isArray(input.folderTypes) ? renamesOf(input.folderTypes) : new Map();
  const taskRenames = Array.isArray(input.taskTypes) ? renamesOf(input.taskTypes) : new Map();
  const statusRenames = Array.isArray(input.statuses) ? renamesOf(input.statuses) : new Map();
  if (Array.isArray(input.folderTypes)) changes.folderTypes = stripOriginal<FolderTypeDef>(typeParts.folderTypes);
  if (Array.isArray(input.taskTypes)) changes.taskTypes = stripOriginal<TaskTypeDef>(typeParts.taskTypes);
  if (Array.isArray(input.statuses)) changes.statuses = stripOriginal<StatusDef>(typeParts.statuses);
  if (Array.isArray(input.tags)) changes.tags = typeParts.tags;
  if (Array.isArray(input.linkTypes)) {
    changes.linkTypes = anatomyToParts({
      link_types: input.linkTypes.filter(isPlainObject).map((l) => ({
        link_type: l.linkType ?? l.link_type,
        input_type: l.inputType ?? l.input_type,
        output_type: l.outputType ?? l.output_type,
        ...(isPlainObject(l.data) ? l.data : {}),
      })),
    }).linkTypes;
  }
  if (isPlainObject(input.config)) {
    changes.config = input.replaceConfig ? structuredClone(input.config) : { ...project.config, ...structuredClone(input.config) };
  }
  let attribEvent: PendingEvent | null = null;
  if (isPlainObject(input.attrib)) {
    const oldValue: JsonObject = {};
    const newValue: JsonObject = {};
    for (const [key, value] of Object.entries(input.attrib)) {
      if (sameJson(project.attrib[key] ?? null, value)) continue;
      oldValue[key] = project.attrib[key] ?? null;
      newValue[key] = value;
    }
    changes.attrib = mergeAttrib(project.attrib, input.attrib);
    if (Object.keys(newValue).length) {
      attribEvent = { topic: "entity.project.attrib_changed", project: project.name, description: "Changed project attributes", summary: {}, payload: { oldValue, newValue } };
    }
  }
  if (isPlainObject(input.data)) {
    const data = { ...project.data };
    for (const [k, v] of Object.entries(input.data)) {
      if (v === null) delete data[k];
      else data[k] = v;
    }
    changes.data = data;
  }

  cascadeAnatomy(project, changes, folderRenames, taskRenames, statusRenames, tx);

  for (const [field, column, topic] of [
    ["data", "data", "data_changed"],
    ["label", "label", "label_changed"],
    ["active", "active", "active_changed"],
    ["config", "config", "config_changed"],
    ["statuses", "statuses", "statuses_changed"],
    ["tags", "tags", "tags_changed"],
    ["folderTypes", "folder_types", "folder_types_changed"],
    ["taskTypes", "task_types", "task_types_changed"],
  ] as const) {
    if (!(field in changes)) continue;
    const before = project[field];
    const after = changes[field];
    if (!sameJson(before, after)) columnChanges.push([column, topic, structuredClone(before), structuredClone(after)]);
  }

  project.updateFields({ ...changes, updatedAt: state.now() }, tx);

  const events: PendingEvent[] = [];
  if (attribEvent) events.push(attribEvent);
  for (const [column, topic, oldValue, newValue] of columnChanges) {
    const description = column === "active" ? (newValue ? "Project activated" : "Project deactivated") : `Changed project ${column}`;
    events.push({ topic: `entity.project.${topic}`, project: project.name, description, summary: {}, payload: { oldValue, newValue } });
  }
  events.push({ topic: "entity.project.changed", project: project.name, description: `Updated project ${project.name}`, summary: {}, payload: {} });
  return events;
}

/** Renames cascade to entities; a removed type/status still referenced is a 409. */
function cascadeAnatomy(
  project: ProjectState,
  changes: Partial<ProjectState>,
  folderRenames: Renames,
  taskRenames: Renames,
  statusRenames: Renames,
  tx: Transaction,
): void {
  const folderTypes = changes.folderTypes ? new Set(changes.folderTypes.map((t) => t.name)) : null;
  const taskTypes = changes.taskTypes ? new Set(changes.taskTypes.map((t) => t.name)) : null;
  const statuses = changes.statuses ? new Set(changes.statuses.map((s) => s.name)) : null;
  const inUse = (what: string, name: string) => conflict(`Cannot remove ${what} '${name}': it is still in use`);
  for (const folder of project.folders.values()) {
    const patch: { folderType?: string; status?: string } = {};
    if (folderTypes) {
      const renamed = folderRenames.get(folder.folderType) ?? folder.folderType;
      if (!folderTypes.has(renamed)) throw inUse("folder type", folder.folderType);
      if (renamed !== folder.folderType) patch.folderType = renamed;
    }
    if (statuses) {
      const renamed = statusRenames.get(folder.status) ?? folder.status;
      if (!statuses.has(renamed)) throw inUse("status", folder.status);
      if (renamed !== folder.status) patch.status = renamed;
    }
    if (Object.keys(patch).length) project.updateFolder(folder, patch, tx);
  }
  for (const task of project.tasks.values()) {
    const patch: { taskType?: string; status?: string } = {};
    if (taskTypes) {
      const renamed = taskRenames.get(task.taskType) ?? task.taskType;
      if (!taskTypes.has(renamed)) throw inUse("task type", task.taskType);
      if (renamed !== task.taskType) patch.taskType = renamed;
    }
    if (statuses) {
      const renamed = statusRenames.get(task.status) ?? task.status;
      if (!statuses.has(renamed)) throw inUse("status", task.status);
      if (renamed !== task.status) patch.status = renamed;
    }
    if (Object.keys(patch).length) project.updateTask(task, patch, tx);
  }
}
