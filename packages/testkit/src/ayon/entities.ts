// Folder and task writes inside a transaction, with the checks the server's models, constraints and
// triggers apply (ayon-backend api/folders/folders.py, api/operations/operations.py, ayon_server/types.py): model
// validation (400 invalid_data), FK checks against the project's anatomy and parents (409 foreign-key-violation,
// case-sensitive), case-insensitive name uniqueness among *active* siblings (409 unique-violation), missing folderId
// (not-null-violation: 400 in an operation, 409 when raised), cycle checks on moves (400), folders with versions
// refusing rename/move/delete without force (403/409), attrib/data merges with null deletion, cascade deletes, and the
// entity.* events.
import { cleanAttrib, AttribValueError, mergeAttrib } from "./attrib-values.js";
import { defaultStatus } from "./anatomy.js";
import { dictSimple } from "./entity-data.js";
import { changeEvents, createdEvent, deletedEvent, type EntitySnapshot } from "./entity-events.js";
import { AyonError, forbidden } from "./errors.js";
import { ENTITY_ID_REGEX, newEntityId, pgValue } from "./ids.js";
import { LABEL_REGEX, NAME_REGEX } from "./naming.js";
import type { ProjectState } from "./project-store.js";
import type { AyonState } from "./state.js";
import type { PendingEvent, Transaction } from "./transaction.js";
import type { FolderRecord, JsonObject, TaskRecord } from "./types.js";
import { validateObject, type Schema } from "./validation.js";
import type { ValidationIssue } from "./errors.js";
import { jsonbOrder } from "./jsonb-order.js";

export interface WriteContext {
  state: AyonState;
  project: ProjectState;
  tx: Transaction;
  /** The acting user (createdBy/updatedBy). */
  user: string;
  /** Operation `force`: rename/move/delete folders that have versions. */
  force: boolean;
}

const ID = { type: "string", regex: ENTITY_ID_REGEX } as const;

const FOLDER_SCHEMA: Schema = {
  id: { ...ID },
  name: { type: "string", regex: NAME_REGEX },
  label: { type: "string", nullable: true, regex: LABEL_REGEX },
  folderType: { type: "string", nullable: true },
  parentId: { ...ID, nullable: true },
  thumbnailId: { ...ID, nullable: true },
  attrib: { type: "object", nullable: true },
  data: { type: "object", nullable: true },
  active: { type: "bool" },
  status: { type: "string", nullable: true },
  tags: { type: "array", items: { type: "string" } },
};

const TASK_SCHEMA: Schema = {
  id: { ...ID },
  name: { type: "string", regex: NAME_REGEX },
  label: { type: "string", nullable: true, regex: LABEL_REGEX },
  taskType: { type: "string" },
  folderId: { ...ID, nullable: true },
  thumbnailId: { ...ID, nullable: true },
  assignees: { type: "array", items: { type: "string" } },
  attrib: { type: "object", nullable: true },
  data: { type: "object", nullable: true },
  active: { type: "bool" },
  status: { type: "string", nullable: true },
  tags: { type: "array", items: { type: "string" } },
};

export const FOLDER_BODY_SCHEMA = FOLDER_SCHEMA;
export const TASK_BODY_SCHEMA = TASK_SCHEMA;

export function invalidData(issues: ValidationIssue[]): AyonError {
  const text = issues.map((i) => `${i.loc.filter((l) => l !== "data").join(".")}: ${i.msg}`).join("; ");
  return new AyonError(400, `Invalid data provided: ${text}`, "invalid_data");
}

export function parseData(schema: Schema, data: unknown, required: string[]): JsonObject {
  const issues: ValidationIssue[] = [];
  const spec: Schema = { ...schema };
  for (const key of required) spec[key] = { ...spec[key]!, required: true };
  const out = validateObject(spec, data ?? {}, ["data"], issues);
  if (issues.length) throw invalidData(issues);
  return out;
}

export function cleanAttribOr400(ctx: WriteContext, scope: string, raw: unknown): JsonObject {
  if (raw === undefined || raw === null) return {};
  try {
    return cleanAttrib(ctx.state.attributes, scope, raw as JsonObject);
  } catch (err) {
    if (err instanceof AttribValueError) throw new AyonError(400, `Invalid data provided: attrib.${err.message}`, "invalid_data");
    throw err;
  }
}

export function fkError(column: string, value: string, table: string): AyonError {
  // PostgreSQL's detail, as the server passes it on: uuid columns print with dashes.
  return new AyonError(409, `${column} '${pgValue(value)}' is not present in table "${table}".`, "foreign-key-violation");
}

export function entityNotFound(id: string): AyonError {
  return new AyonError(404, `Entity ${id} not found`, "not-found");
}

function checkFolderType(project: ProjectState, folderType: string): void {
  if (!project.folderTypes.some((t) => t.name === folderType)) throw fkError("folder_type", folderType, "folder_types");
}

function checkTaskType(project: ProjectState, taskType: string): void {
  if (!project.taskTypes.some((t) => t.name === taskType)) throw fkError("task_type", taskType, "task_types");
}

export function checkStatus(project: ProjectState, status: string): void {
  if (!project.statuses.some((s) => s.name === status)) throw fkError("status", status, "statuses");
}

function checkFolderName(project: ProjectState, parentId: string | null, name: string, selfId: string): void {
  const other = project.activeFolderNamed(parentId, name);
  if (other && other.id !== selfId) {
    const detail = parentId === null
      ? `Folder with lower(name::text) '${name.toLowerCase()}' already exists.`
      : `Folder with parent_id, lower(name::text) '${pgValue(parentId)}, ${name.toLowerCase()}' already exists.`;
    throw new AyonError(409, detail, "unique-violation");
  }
}

function checkTaskName(project: ProjectState, folderId: string, name: string, selfId: string): void {
  const other = project.activeTaskNamed(folderId, name);
  if (other && other.id !== selfId) {
    throw new AyonError(409, `Task with folder_id, lower(name::text) '${pgValue(folderId)}, ${name.toLowerCase()}' already exists.`, "unique-violation");
  }
}

function checkNewId(project: ProjectState, id: string): void {
  if (project.folders.has(id) || project.tasks.has(id)) {
    throw new AyonError(409, `Entity with id ${id} already exists.`, "unique-violation");
  }
}

export function emit(ctx: WriteContext, event: PendingEvent): void {
  ctx.tx.emit({ ...event, user: ctx.user });
}

export function mergeData(own: JsonObject, patch: JsonObject): JsonObject {
  const out = { ...own };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = v;
  }
  return jsonbOrder(out);
}

// ------------------------------------------------------------------ views used by events

export function folderSnapshot(project: ProjectState, f: FolderRecord): EntitySnapshot {
  return { ...f, path: `/${project.folderPath(f)}`, tags: [...f.tags], attrib: { ...f.attrib }, data: { ...f.data } };
}

export function taskPath(project: ProjectState, t: TaskRecord): string {
  const folder = project.folders.get(t.folderId);
  return `/${folder ? `${project.folderPath(folder)}/` : ""}${t.name}`;
}

export function taskSnapshot(project: ProjectState, t: TaskRecord): EntitySnapshot {
  return { ...t, parentId: t.folderId, path: taskPath(project, t), tags: [...t.tags], attrib: { ...t.attrib }, data: { ...t.data } };
}

// ------------------------------------------------------------------ folders

export function createFolder(ctx: WriteContext, entityId: string | undefined, data: unknown): string {
  const { project, tx } = ctx;
  const d = parseData(FOLDER_SCHEMA, data, ["name"]);
  const id = entityId ?? (d.id as string | undefined) ?? newEntityId();
  checkNewId(project, id);
  const folderType = (d.folderType as string | null | undefined) ?? project.folderTypes[0]?.name;
  if (!folderType) throw fkError("folder_type", "null", "folder_types");
  checkFolderType(project, folderType);
  const status = (d.status as string | null | undefined) ?? defaultStatus(project.statuses, "folder") ?? "";
  checkStatus(project, status);
  const parentId = (d.parentId as string | null | undefined) ?? null;
  if (parentId !== null && !project.folders.has(parentId)) throw fkError("parent_id", parentId, "folders");
  const active = (d.active as boolean | undefined) ?? true;
  const name = d.name as string;
  if (active) checkFolderName(project, parentId, name, id);
  const attrib = mergeAttrib({}, cleanAttribOr400(ctx, "folder", d.attrib));
  const now = ctx.state.now();
  const folder: FolderRecord = {
    id,
    name,
    label: (d.label as string | null | undefined) ?? null,
    folderType,
    parentId,
    thumbnailId: (d.thumbnailId as string | null | undefined) ?? null,
    attrib,
    data: mergeData({}, (d.data as JsonObject | null | undefined) ?? {}),
    active,
    status,
    tags: (d.tags as string[] | undefined) ?? [],
    hasVersions: false,
    createdBy: ctx.user,
    updatedBy: ctx.user,
    createdAt: now,
    updatedAt: now,
    creationOrder: project.nextCreationOrder(),
  };
  project.insertFolder(folder, tx);
  emit(ctx, createdEvent("folder", project.name, id, parentId, folder.name));
  return id;
}

export function updateFolder(ctx: WriteContext, id: string, data: unknown): void {
  const { project, tx } = ctx;
  const folder = project.folders.get(id);
  if (!folder) throw entityNotFound(id);
  const d = parseData(FOLDER_SCHEMA, data, []);
  delete d.id;
  // ayon-backend operations/project_level/entity_update.py sanitize_folder_update: name, folder_type, parent_id.
  if (!ctx.force && folderHasVersions(project, folder)) {
    const checks: Array<[string, unknown, unknown]> = [["name", d.name, folder.name], ["folder_type", d.folderType, folder.folderType], ["parent_id", d.parentId, folder.parentId]];
    for (const [key, next, current] of checks) {
      if (next !== undefined && next !== current) throw forbidden(`Cannot change ${key} of a folder with published versions`, "forbidden");
    }
  }
  const changes: Partial<FolderRecord> = {};
  if (d.name != null) changes.name = d.name as string;
  if (d.label !== undefined) changes.label = d.label as string | null;
  if (d.folderType != null) {
    checkFolderType(project, d.folderType as string);
    changes.folderType = d.folderType as string;
  }
  if (d.status != null) {
    checkStatus(project, d.status as string);
    changes.status = d.status as string;
  }
  if (d.parentId !== undefined && d.parentId !== folder.parentId) {
    const parentId = d.parentId as string | null;
    if (parentId !== null) {
      const parent = project.folders.get(parentId);
      if (!parent) throw fkError("parent_id", parentId, "folders");
      if (parentId === id || project.ancestors(parent).some((a) => a.id === id)) {
        throw new AyonError(400, "Cannot move a folder under itself or one of its descendants", "bad-request");
      }
    }
    changes.parentId = parentId;
  }
  if (d.thumbnailId !== undefined) changes.thumbnailId = d.thumbnailId as string | null;
  if (d.active !== undefined) changes.active = d.active as boolean;
  if (d.tags !== undefined) changes.tags = d.tags as string[];
  const attribPatch = d.attrib == null ? undefined : cleanAttribOr400(ctx, "folder", d.attrib);
  if (attribPatch) changes.attrib = mergeAttrib(folder.attrib, attribPatch);
  if (d.data != null) changes.data = mergeData(folder.data, d.data as JsonObject);
  const nextActive = changes.active ?? folder.active;
  if (nextActive) checkFolderName(project, changes.parentId !== undefined ? changes.parentId : folder.parentId, changes.name ?? folder.name, id);

  const events = changeEvents("folder", project.name, folderSnapshot(project, folder), { ...d, ...(attribPatch ? { attrib: attribPatch } : {}) });
  project.updateFolder(folder, { ...changes, updatedBy: ctx.user, updatedAt: ctx.state.now() }, tx);
  for (const e of events) emit(ctx, e);
}

/** The folder and every folder below it. */
function subtree(project: ProjectState, folder: FolderRecord): FolderRecord[] {
  const out = [folder];
  for (const childId of project.childFolderIds(folder.id)) {
    const child = project.folders.get(childId);
    if (child) out.push(...subtree(project, child));
  }
  return out;
}

/**
 * ayon-backend ayon_server/entities/folder.py has_versions: a product with a version anywhere below
 * (`folder.hasVersions`, set by tests through state access, still counts).
 */
export function folderHasVersions(project: ProjectState, folder: FolderRecord): boolean {
  return subtree(project, folder).some((f) => f.hasVersions || project.published.products.childrenOf(f.id).some((p) => project.published.versions.hasChildren(p.id)));
}

export function deleteFolder(ctx: WriteContext, id: string): void {
  const { project, tx } = ctx;
  const folder = project.folders.get(id);
  if (!folder) throw entityNotFound(id);
  const below = subtree(project, folder);
  if (ctx.force) {
    // ayon-backend ayon_server/entities/folder.py delete(force): the products below go first.
    for (const f of below) for (const product of project.published.products.childrenOf(f.id)) project.published.removeProduct(product, tx);
  } else if (below.some((f) => f.hasVersions || project.published.products.hasChildren(f.id))) {
    // ayon-backend entities/core/projectlevel.py: products reference folders without cascade, and the
    // foreign-key violation is reported as this 409.
    throw new AyonError(409, "Unable to delete a folder with products or tasks.", "delete-folder-with-children");
  }
  // ayon-backend operations/project_level/entity_delete.py: the folder as loaded (path, hasVersions), before it goes.
  const path = `/${project.folderPath(folder)}`;
  const entityData = dictSimple({ ...folder, hasVersions: folderHasVersions(project, folder), path });
  // FK cascade: children and tasks go silently, only the folder itself gets an event.
  const removeTree = (f: FolderRecord) => {
    for (const childId of [...project.childFolderIds(f.id)]) {
      const child = project.folders.get(childId);
      if (child) removeTree(child);
    }
    for (const taskId of [...project.taskIdsOf(f.id)]) {
      const task = project.tasks.get(taskId);
      if (task) {
        project.published.detachTask(task.id, tx);
        project.removeTask(task, tx);
      }
    }
    project.removeFolder(f, tx);
  };
  removeTree(folder);
  emit(ctx, deletedEvent("folder", project.name, id, folder.parentId, path, entityData));
}

/** Ids of every folder that has versions below it, for a whole-project listing in one pass. */
export function foldersWithVersions(project: ProjectState): Set<string> {
  const out = new Set<string>();
  const mark = (folderId: string | null) => {
    while (folderId !== null && !out.has(folderId)) {
      out.add(folderId);
      folderId = project.folders.get(folderId)?.parentId ?? null;
    }
  };
  for (const f of project.foldersInOrder()) if (f.hasVersions) mark(f.id);
  for (const product of project.published.products.inOrder()) {
    if (project.published.versions.hasChildren(product.id)) mark(product.folderId);
  }
  return out;
}

// ------------------------------------------------------------------ tasks

/** data.subtasks needs unique ids and names; the server raises a ValueError (500) otherwise. */
function checkSubtasks(data: JsonObject): void {
  const list = data.subtasks;
  if (!Array.isArray(list)) return;
  const ids = new Set<unknown>();
  const names = new Set<unknown>();
  for (const item of list) {
    const sub = (item ?? {}) as JsonObject;
    if (ids.has(sub.id) || names.has(sub.name)) throw new AyonError(500, "ValueError: Subtask ids and names must be unique");
    ids.add(sub.id);
    names.add(sub.name);
  }
}

export function createTask(ctx: WriteContext, entityId: string | undefined, data: unknown): string {
  const { project, tx } = ctx;
  const d = parseData(TASK_SCHEMA, data, ["name", "taskType"]);
  const id = entityId ?? (d.id as string | undefined) ?? newEntityId();
  const folderId = d.folderId as string | null | undefined;
  if (folderId == null) {
    // ayon-backend lib/postgres_exceptions.py parse_postgres_exception: a not-null violation is 400 "Missing required
    // field".
    throw new AyonError(400, "Missing required field: folder_id", "not-null-violation");
  }
  checkNewId(project, id);
  // Observed on ayon-backend 1.16.0: the folder_id foreign key is reported before task_type.
  if (!project.folders.has(folderId)) throw fkError("folder_id", folderId, "folders");
  checkTaskType(project, d.taskType as string);
  const status = (d.status as string | null | undefined) ?? defaultStatus(project.statuses, "task") ?? "";
  checkStatus(project, status);
  const active = (d.active as boolean | undefined) ?? true;
  const name = d.name as string;
  if (active) checkTaskName(project, folderId, name, id);
  const now = ctx.state.now();
  if (d.data) checkSubtasks(d.data as JsonObject);
  const task: TaskRecord = {
    id,
    name,
    label: (d.label as string | null | undefined) ?? null,
    taskType: d.taskType as string,
    folderId,
    thumbnailId: (d.thumbnailId as string | null | undefined) ?? null,
    assignees: (d.assignees as string[] | undefined) ?? [],
    attrib: mergeAttrib({}, cleanAttribOr400(ctx, "task", d.attrib)),
    data: mergeData({}, (d.data as JsonObject | null | undefined) ?? {}),
    active,
    status,
    tags: (d.tags as string[] | undefined) ?? [],
    // ayon-backend entities/task.py TaskEntity.save does not pass the user on to the generic save
    // (entities/core/projectlevel.py): a new task has no created_by/updated_by; an update sets updated_by.
    createdBy: null,
    updatedBy: null,
    createdAt: now,
    updatedAt: now,
    creationOrder: project.nextCreationOrder(),
  };
  project.insertTask(task, tx);
  emit(ctx, createdEvent("task", project.name, id, folderId, task.name));
  return id;
}

export function updateTask(ctx: WriteContext, id: string, data: unknown): void {
  const { project, tx } = ctx;
  const task = project.tasks.get(id);
  if (!task) throw entityNotFound(id);
  const d = parseData(TASK_SCHEMA, data, []);
  delete d.id;
  const changes: Partial<TaskRecord> = {};
  if (d.name != null) changes.name = d.name as string;
  if (d.label !== undefined) changes.label = d.label as string | null;
  if (d.taskType != null) {
    checkTaskType(project, d.taskType as string);
    changes.taskType = d.taskType as string;
  }
  if (d.status != null) {
    checkStatus(project, d.status as string);
    changes.status = d.status as string;
  }
  if (d.folderId != null && d.folderId !== task.folderId) {
    if (!project.folders.has(d.folderId as string)) throw fkError("folder_id", d.folderId as string, "folders");
    changes.folderId = d.folderId as string;
  }
  if (d.thumbnailId !== undefined) changes.thumbnailId = d.thumbnailId as string | null;
  if (d.active !== undefined) changes.active = d.active as boolean;
  if (d.tags !== undefined) changes.tags = d.tags as string[];
  if (d.assignees !== undefined) changes.assignees = d.assignees as string[];
  const attribPatch = d.attrib == null ? undefined : cleanAttribOr400(ctx, "task", d.attrib);
  if (attribPatch) changes.attrib = mergeAttrib(task.attrib, attribPatch);
  if (d.data != null) {
    changes.data = mergeData(task.data, d.data as JsonObject);
    checkSubtasks(changes.data);
  }
  if (changes.active ?? task.active) checkTaskName(project, changes.folderId ?? task.folderId, changes.name ?? task.name, id);

  const events = changeEvents("task", project.name, taskSnapshot(project, task), { ...d, ...(attribPatch ? { attrib: attribPatch } : {}) });
  project.updateTask(task, { ...changes, updatedBy: ctx.user, updatedAt: ctx.state.now() }, tx);
  for (const e of events) emit(ctx, e);
}

export function deleteTask(ctx: WriteContext, id: string): void {
  const { project, tx } = ctx;
  const task = project.tasks.get(id);
  if (!task) throw entityNotFound(id);
  const path = taskPath(project, task);
  const entityData = dictSimple({ ...task, path });
  project.published.detachTask(task.id, tx);
  project.removeTask(task, tx);
  emit(ctx, deletedEvent("task", project.name, id, task.folderId, path, entityData));
}
