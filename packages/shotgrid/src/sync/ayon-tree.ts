/**
 * The AYON side of a project, loaded in bulk and indexed for matching (ayon-backend api/folders/list_folders.py,
 * ayon_server/graphql/resolvers/tasks.py): one folder listing (`GET /api/projects/{p}/folders?attrib=true`, the whole
 * project in one answer) plus the tasks in large GraphQL pages. Indexes: by id, by identity key (per kind), and by
 * parent + lowercase name.
 */
import type { AyonClient, Folder, FolderListItem, Task } from "@ayon-sg/core";
import { identityKeyOf, readOwnIdentity, type ExistingEntity, type ExistingLookup } from "./identity.js";
import type { CurrentFields } from "../mapping/fields.js";

export interface AyonFolder extends ExistingEntity {
  kind: "folder";
  folderType: string;
  status: string | null;
  /** Published versions below: AYON refuses to rename or move it without force. */
  hasVersions: boolean;
  /** Current values of the mapped fields (effective attributes, tags). */
  fields?: CurrentFields;
}

export interface AyonTask extends ExistingEntity {
  kind: "task";
  taskType: string;
  status: string | null;
  active: boolean;
  /** Current values of the mapped fields (effective attributes, tags, assignees). */
  fields?: CurrentFields;
}

export type AyonEntity = AyonFolder | AyonTask;

/** Tasks per GraphQL page: AYON has no cap; big pages keep a 60k-task project at a dozen requests. */
export const TASK_PAGE_SIZE = 5000;

const ROOT = "";

export class AyonTree implements ExistingLookup {
  readonly folders = new Map<string, AyonFolder>();
  readonly tasks = new Map<string, AyonTask>();
  /** Identity keys carried by more than one AYON entity of a kind (the first one, in listing order, wins). */
  readonly duplicateIdentities: string[] = [];
  readonly #folderByIdentity = new Map<string, AyonFolder>();
  readonly #taskByIdentity = new Map<string, AyonTask>();
  readonly #folderNames = new Map<string, Map<string, AyonFolder>>();
  readonly #taskNames = new Map<string, Map<string, AyonTask>>();

  constructor(folders: Iterable<AyonFolder>, tasks: Iterable<AyonTask>) {
    for (const folder of folders) this.#addFolder(folder);
    for (const task of tasks) this.#addTask(task);
  }

  /** Builds the tree from the wire shapes of the folder listing and the task query. */
  static fromWire(folders: readonly FolderListItem[], tasks: readonly Task[]): AyonTree {
    return new AyonTree(folders.map(folderFromWire), tasks.map(taskFromWire));
  }

  byId(id: string): AyonEntity | undefined {
    return this.folders.get(id) ?? this.tasks.get(id);
  }

  byIdentity(kind: "folder" | "task", key: string): AyonEntity | undefined {
    return kind === "folder" ? this.#folderByIdentity.get(key) : this.#taskByIdentity.get(key);
  }

  childByName(kind: "folder" | "task", parentId: string | null, lowerName: string): AyonEntity | undefined {
    const index = kind === "folder" ? this.#folderNames : this.#taskNames;
    return index.get(parentId ?? ROOT)?.get(lowerName);
  }

  /** Lowercase names taken under a parent by one kind (a fresh copy the caller may extend). */
  namesUnder(kind: "folder" | "task", parentId: string | null): Set<string> {
    const index = kind === "folder" ? this.#folderNames : this.#taskNames;
    return new Set(index.get(parentId ?? ROOT)?.keys() ?? []);
  }

  get size(): number {
    return this.folders.size + this.tasks.size;
  }

  *entities(): IterableIterator<AyonEntity> {
    yield* this.folders.values();
    yield* this.tasks.values();
  }

  #addFolder(folder: AyonFolder): void {
    this.folders.set(folder.id, folder);
    this.#index(this.#folderByIdentity, folder);
    // The listing has no `active` flag (ayon-backend api/folders/list_folders.py): every folder counts as taking its
    // name, which is the safe side.
    nameIndex(this.#folderNames, folder.parentId ?? ROOT).set(folder.name.toLowerCase(), folder);
  }

  #addTask(task: AyonTask): void {
    this.tasks.set(task.id, task);
    this.#index(this.#taskByIdentity, task);
    if (task.active) nameIndex(this.#taskNames, task.parentId ?? ROOT).set(task.name.toLowerCase(), task);
  }

  #index<T extends AyonEntity>(index: Map<string, T>, entity: T): void {
    const key = identityKeyOf(entity.identity);
    if (key === null) return;
    if (index.has(key)) this.duplicateIdentities.push(key);
    else index.set(key, entity);
  }
}

/** Loads the whole AYON side of a project: 1 folder listing + ceil(tasks / TASK_PAGE_SIZE) GraphQL pages. */
export async function loadAyonTree(ayon: AyonClient, project: string, options: { taskPageSize?: number; taskAttribs?: readonly string[] } = {}): Promise<AyonTree> {
  const attribs = [...new Set(["shotgridId", "shotgridType", ...(options.taskAttribs ?? [])])];
  const [folders, tasks] = await Promise.all([
    ayon.listFolders(project, { attrib: true }),
    ayon.listTasks(project, { pageSize: options.taskPageSize ?? TASK_PAGE_SIZE, attribs }),
  ]);
  return AyonTree.fromWire(folders, tasks);
}

export function folderFromWire(item: FolderListItem): AyonFolder {
  return {
    id: item.id,
    kind: "folder",
    name: item.name,
    label: item.label ?? null,
    parentId: item.parentId ?? null,
    identity: readOwnIdentity(item.attrib, item.ownAttrib),
    folderType: item.folderType,
    status: item.status ?? null,
    hasVersions: item.hasVersions === true,
    fields: { attrib: item.attrib ?? {}, tags: item.tags ?? [] },
  };
}

/** A folder read one by one (`GET /api/projects/{p}/folders/{id}`), for handlers that do not load the tree. */
export function folderFromRest(folder: Folder): AyonFolder {
  return {
    id: folder.id,
    kind: "folder",
    name: folder.name,
    label: folder.label ?? null,
    parentId: folder.parentId ?? null,
    identity: readOwnIdentity(folder.attrib, folder.ownAttrib),
    folderType: folder.folderType,
    status: folder.status ?? null,
    hasVersions: folder.hasVersions === true,
    fields: { attrib: folder.attrib ?? {}, tags: folder.tags ?? [] },
  };
}

/** A task from the GraphQL task query or `GET /api/projects/{p}/tasks/{id}` (same fields). */
export function taskFromWire(task: Task): AyonTask {
  return {
    id: task.id,
    kind: "task",
    name: task.name,
    label: task.label ?? null,
    parentId: task.folderId,
    identity: readOwnIdentity(task.attrib, task.ownAttrib),
    taskType: task.taskType,
    status: task.status ?? null,
    active: task.active !== false,
    fields: { attrib: task.attrib ?? {}, tags: task.tags ?? [], assignees: task.assignees ?? [] },
  };
}

function nameIndex<T>(index: Map<string, Map<string, T>>, parent: string): Map<string, T> {
  let names = index.get(parent);
  if (!names) {
    names = new Map();
    index.set(parent, names);
  }
  return names;
}
