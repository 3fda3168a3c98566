// One project: its fields, anatomy aux tables and its folders and tasks with the indexes the server's
// tables and partial unique indexes provide: children by parent, tasks by folder, active-sibling names
// (case-insensitive), and creation order for stable paging. Every mutation can be undone through a
// Transaction. Validation lives in entities.ts; this file only keeps the data consistent.
import type { LinkRecord } from "./links.js";
import { PublishedStore } from "./published-store.js";
import type { Transaction } from "./transaction.js";
import type {
  FolderRecord,
  FolderTypeDef,
  JsonObject,
  LinkTypeDef,
  StatusDef,
  TagDef,
  TaskRecord,
  TaskTypeDef,
} from "./types.js";

const ROOT = "\u0000root";

export interface ProjectFields {
  name: string;
  code: string;
  label: string | null;
  color: string | null;
  library: boolean;
  active: boolean;
  skeleton: boolean;
  folderTypes: FolderTypeDef[];
  taskTypes: TaskTypeDef[];
  statuses: StatusDef[];
  tags: TagDef[];
  linkTypes: LinkTypeDef[];
  /** Anatomy sections other than types/statuses/tags/link types/attributes (snake_case: roots, templates, ...). */
  config: JsonObject;
  /** Own project attribute values. */
  attrib: JsonObject;
  data: JsonObject;
  createdAt: number;
  updatedAt: number;
}

export class ProjectState implements ProjectFields {
  name!: string;
  code!: string;
  label!: string | null;
  color!: string | null;
  library!: boolean;
  active!: boolean;
  skeleton!: boolean;
  folderTypes!: FolderTypeDef[];
  taskTypes!: TaskTypeDef[];
  statuses!: StatusDef[];
  tags!: TagDef[];
  linkTypes!: LinkTypeDef[];
  config!: JsonObject;
  attrib!: JsonObject;
  data!: JsonObject;
  createdAt!: number;
  updatedAt!: number;

  readonly folders = new Map<string, FolderRecord>();
  /** Products, versions and representations. */
  readonly published = new PublishedStore();
  /** Entity links by id (links.ts). */
  readonly links = new Map<string, LinkRecord>();
  /** Stored thumbnails by id (thumbnails.ts). */
  readonly thumbnails = new Map<string, { mime: string; bytes: Buffer; createdAt: number }>();
  readonly tasks = new Map<string, TaskRecord>();
  private readonly childFolders = new Map<string, Set<string>>();
  private readonly folderTasks = new Map<string, Set<string>>();
  private readonly activeFolderNames = new Map<string, string>();
  private readonly activeTaskNames = new Map<string, string>();
  private folderOrder: FolderRecord[] = [];
  private taskOrder: TaskRecord[] = [];
  private deadFolders = 0;
  private deadTasks = 0;
  private nextOrder = 1;

  constructor(fields: ProjectFields) {
    Object.assign(this, fields);
  }

  nextCreationOrder(): number {
    return this.nextOrder++;
  }

  // ------------------------------------------------------------------ reads

  /** Live folders in creation order (compacts deleted rows first). */
  foldersInOrder(): readonly FolderRecord[] {
    if (this.deadFolders > 0) {
      this.folderOrder = this.folderOrder.filter((f) => this.folders.get(f.id) === f);
      this.deadFolders = 0;
    }
    return this.folderOrder;
  }

  /** Live tasks in creation order (compacts deleted rows first). */
  tasksInOrder(): readonly TaskRecord[] {
    if (this.deadTasks > 0) {
      this.taskOrder = this.taskOrder.filter((t) => this.tasks.get(t.id) === t);
      this.deadTasks = 0;
    }
    return this.taskOrder;
  }

  childFolderIds(parentId: string | null): ReadonlySet<string> {
    return this.childFolders.get(parentId ?? ROOT) ?? EMPTY;
  }

  taskIdsOf(folderId: string): ReadonlySet<string> {
    return this.folderTasks.get(folderId) ?? EMPTY;
  }

  activeFolderNamed(parentId: string | null, name: string): FolderRecord | undefined {
    const id = this.activeFolderNames.get(nameKey(parentId ?? ROOT, name));
    return id === undefined ? undefined : this.folders.get(id);
  }

  activeTaskNamed(folderId: string, name: string): TaskRecord | undefined {
    const id = this.activeTaskNames.get(nameKey(folderId, name));
    return id === undefined ? undefined : this.tasks.get(id);
  }

  /** Names of the ancestors, root first. */
  folderParents(folder: FolderRecord): string[] {
    const names: string[] = [];
    let parentId = folder.parentId;
    let guard = 0;
    while (parentId !== null) {
      const parent = this.folders.get(parentId);
      if (!parent || ++guard > 10_000) break;
      names.push(parent.name);
      parentId = parent.parentId;
    }
    return names.reverse();
  }

  /** "a/b/c" (no leading slash; REST and GraphQL add one). */
  folderPath(folder: FolderRecord): string {
    const parents = this.folderParents(folder);
    parents.push(folder.name);
    return parents.join("/");
  }

  /** Ancestor chain from the direct parent up to the root. */
  ancestors(folder: FolderRecord): FolderRecord[] {
    const chain: FolderRecord[] = [];
    let parentId = folder.parentId;
    while (parentId !== null) {
      const parent = this.folders.get(parentId);
      if (!parent || chain.length > 10_000) break;
      chain.push(parent);
      parentId = parent.parentId;
    }
    return chain;
  }

  // ------------------------------------------------------------------ folder writes

  insertFolder(folder: FolderRecord, tx: Transaction): void {
    this.folders.set(folder.id, folder);
    this.folderOrder.push(folder);
    this.indexFolder(folder);
    tx.onUndo(() => {
      this.unindexFolder(folder);
      this.folders.delete(folder.id);
      this.deadFolders++;
    });
  }

  updateFolder(folder: FolderRecord, changes: Partial<FolderRecord>, tx: Transaction): void {
    const before = snapshotFolder(folder);
    this.unindexFolder(folder);
    Object.assign(folder, changes);
    this.indexFolder(folder);
    tx.onUndo(() => {
      this.unindexFolder(folder);
      Object.assign(folder, before);
      this.indexFolder(folder);
    });
  }

  /** Removes one folder row (the caller deletes children and tasks first). */
  removeFolder(folder: FolderRecord, tx: Transaction): void {
    this.unindexFolder(folder);
    this.folders.delete(folder.id);
    this.deadFolders++;
    tx.onUndo(() => {
      this.folders.set(folder.id, folder);
      this.deadFolders--;
      this.indexFolder(folder);
    });
  }

  // ------------------------------------------------------------------ task writes

  insertTask(task: TaskRecord, tx: Transaction): void {
    this.tasks.set(task.id, task);
    this.taskOrder.push(task);
    this.indexTask(task);
    tx.onUndo(() => {
      this.unindexTask(task);
      this.tasks.delete(task.id);
      this.deadTasks++;
    });
  }

  updateTask(task: TaskRecord, changes: Partial<TaskRecord>, tx: Transaction): void {
    const before = snapshotTask(task);
    this.unindexTask(task);
    Object.assign(task, changes);
    this.indexTask(task);
    tx.onUndo(() => {
      this.unindexTask(task);
      Object.assign(task, before);
      this.indexTask(task);
    });
  }

  removeTask(task: TaskRecord, tx: Transaction): void {
    this.unindexTask(task);
    this.tasks.delete(task.id);
    this.deadTasks++;
    tx.onUndo(() => {
      this.tasks.set(task.id, task);
      this.deadTasks--;
      this.indexTask(task);
    });
  }

  /** Project-level fields (PATCH). Undo restores the previous values. */
  updateFields(changes: Partial<ProjectFields>, tx: Transaction): void {
    const before: Partial<ProjectFields> = {};
    for (const key of Object.keys(changes) as Array<keyof ProjectFields>) {
      (before as Record<string, unknown>)[key] = this[key];
    }
    Object.assign(this, changes);
    tx.onUndo(() => Object.assign(this, before));
  }

  // ------------------------------------------------------------------ indexes

  private indexFolder(folder: FolderRecord): void {
    addTo(this.childFolders, folder.parentId ?? ROOT, folder.id);
    if (folder.active) this.activeFolderNames.set(nameKey(folder.parentId ?? ROOT, folder.name), folder.id);
  }

  private unindexFolder(folder: FolderRecord): void {
    removeFrom(this.childFolders, folder.parentId ?? ROOT, folder.id);
    const key = nameKey(folder.parentId ?? ROOT, folder.name);
    if (this.activeFolderNames.get(key) === folder.id) this.activeFolderNames.delete(key);
  }

  private indexTask(task: TaskRecord): void {
    addTo(this.folderTasks, task.folderId, task.id);
    if (task.active) this.activeTaskNames.set(nameKey(task.folderId, task.name), task.id);
  }

  private unindexTask(task: TaskRecord): void {
    removeFrom(this.folderTasks, task.folderId, task.id);
    const key = nameKey(task.folderId, task.name);
    if (this.activeTaskNames.get(key) === task.id) this.activeTaskNames.delete(key);
  }
}

const EMPTY: ReadonlySet<string> = new Set();

function nameKey(scope: string, name: string): string {
  return `${scope}\u0000${name.toLowerCase()}`;
}

function addTo(map: Map<string, Set<string>>, key: string, id: string): void {
  let set = map.get(key);
  if (!set) {
    set = new Set();
    map.set(key, set);
  }
  set.add(id);
}

function removeFrom(map: Map<string, Set<string>>, key: string, id: string): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(id);
  if (set.size === 0) map.delete(key);
}

function snapshotFolder(f: FolderRecord): FolderRecord {
  return { ...f, attrib: { ...f.attrib }, data: { ...f.data }, tags: [...f.tags] };
}

function snapshotTask(t: TaskRecord): TaskRecord {
  return { ...t, attrib: { ...t.attrib }, data: { ...t.data }, tags: [...t.tags], assignees: [...t.assignees] };
}
