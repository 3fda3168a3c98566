// How folders and tasks look on the wire: the REST models of ayon-backend api/folders/folders.py (exclude-none, path
// with a leading slash, attrib = own + inherited, ownAttrib), the fast flat folder list of ayon-backend
// api/folders/list_folders.py (path without the slash, no `active`, nulls kept) and the hierarchy tree.
import { folderEffectiveAttrib, taskEffectiveAttrib, visibleAttrib } from "./attrib-values.js";
import { folderExportedAttrib } from "./exported-attrib.js";
import type { ProjectState } from "./project-store.js";
import { isoTime } from "./request.js";
import { folderHasVersions, foldersWithVersions } from "./entities.js";
import type { AyonState } from "./state.js";
import type { FolderRecord, JsonObject, TaskRecord } from "./types.js";

function withoutNulls(obj: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(obj)) if (v !== null && v !== undefined) out[k] = v;
  return out;
}

function ownKeys(state: AyonState, scope: string, own: JsonObject): string[] {
  return Object.keys(own).filter((k) => state.attributes.activeIn(scope, k));
}

export function folderRestModel(state: AyonState, project: ProjectState, f: FolderRecord): JsonObject {
  const effective = folderEffectiveAttrib(state.attributes, project, f);
  return withoutNulls({
    id: f.id,
    name: f.name,
    label: f.label,
    folderType: f.folderType,
    parentId: f.parentId,
    thumbnailId: f.thumbnailId,
    path: `/${project.folderPath(f)}`,
    hasVersions: folderHasVersions(project, f),
    attrib: visibleAttrib(state.attributes, "folder", effective),
    data: f.data,
    active: f.active,
    ownAttrib: ownKeys(state, "folder", f.attrib),
    status: f.status,
    tags: f.tags,
    createdBy: f.createdBy,
    updatedBy: f.updatedBy,
    createdAt: isoTime(f.createdAt),
    updatedAt: isoTime(f.updatedAt),
  });
}

export function taskRestModel(state: AyonState, project: ProjectState, t: TaskRecord): JsonObject {
  const folder = project.folders.get(t.folderId);
  const effective = taskEffectiveAttrib(state.attributes, project, t);
  return withoutNulls({
    id: t.id,
    name: t.name,
    label: t.label,
    taskType: t.taskType,
    thumbnailId: t.thumbnailId,
    assignees: t.assignees,
    folderId: t.folderId,
    path: `/${folder ? `${project.folderPath(folder)}/` : ""}${t.name}`,
    attrib: visibleAttrib(state.attributes, "task", effective),
    data: t.data,
    active: t.active,
    ownAttrib: ownKeys(state, "task", t.attrib),
    status: t.status,
    tags: t.tags,
    createdBy: t.createdBy,
    updatedBy: t.updatedBy,
    createdAt: isoTime(t.createdAt),
    updatedAt: isoTime(t.updatedAt),
  });
}

/** Memoised "a/b/c" paths, so listing n folders costs O(n) rather than O(n·depth). */
export class PathCache {
  private readonly paths = new Map<string, string>();
  constructor(private readonly project: ProjectState) {}

  pathOf(f: FolderRecord): string {
    const cached = this.paths.get(f.id);
    if (cached !== undefined) return cached;
    const parent = f.parentId === null ? undefined : this.project.folders.get(f.parentId);
    const path = parent ? `${this.pathOf(parent)}/${f.name}` : f.name;
    this.paths.set(f.id, path);
    return path;
  }

  parentsOf(f: FolderRecord): string[] {
    const path = this.pathOf(f);
    const parts = path.split("/");
    parts.pop();
    return parts;
  }
}

/** GET /api/projects/{p}/folders?attrib=...: the whole project in one list. */
export function folderListing(state: AyonState, project: ProjectState, withAttrib: boolean): JsonObject[] {
  const paths = new PathCache(project);
  const attribCache = new Map<string, JsonObject>();
  const withVersions = foldersWithVersions(project);
  const out: JsonObject[] = [];
  for (const f of project.foldersInOrder()) {
    const taskNames: string[] = [];
    for (const taskId of project.taskIdsOf(f.id)) {
      const task = project.tasks.get(taskId);
      if (task) taskNames.push(task.name);
    }
    const item: JsonObject = {
      id: f.id,
      path: paths.pathOf(f),
      parentId: f.parentId,
      parents: paths.parentsOf(f),
      name: f.name,
      label: f.label,
      folderType: f.folderType,
      hasTasks: taskNames.length > 0,
      taskNames,
      status: f.status,
      tags: f.tags,
      hasChildren: project.childFolderIds(f.id).size > 0,
      hasReviewables: false,
      hasVersions: withVersions.has(f.id),
      // ayon-backend helpers/hierarchy_cache.py: data.thumbnailHash, else the last six characters of the id.
      thumbnailHash: typeof f.data.thumbnailHash === "string" && f.data.thumbnailHash ? f.data.thumbnailHash : f.id.slice(-6),
      createdAt: isoTime(f.createdAt),
      updatedAt: isoTime(f.updatedAt),
    };
    if (withAttrib) {
      item.attrib = folderExportedAttrib(state.attributes, project, f, attribCache);
      item.ownAttrib = ownKeys(state, "folder", f.attrib);
    }
    out.push(item);
  }
  return out;
}

/** GET /api/projects/{p}/hierarchy: nested folders; `search` and `types` keep matches and their ancestors. */
export function folderHierarchy(project: ProjectState, search: string | undefined, types: string[] | undefined): JsonObject[] {
  const paths = new PathCache(project);
  const needle = search?.toLowerCase();
  const matches = (f: FolderRecord) =>
    (!needle || f.name.toLowerCase().includes(needle) || (f.label ?? "").toLowerCase().includes(needle)) &&
    (!types || types.includes(f.folderType));
  const build = (parentId: string | null): JsonObject[] => {
    const nodes: JsonObject[] = [];
    const children = [...project.childFolderIds(parentId)]
      .map((id) => project.folders.get(id)!)
      .filter(Boolean)
      .sort((a, b) => a.creationOrder - b.creationOrder);
    for (const f of children) {
      const below = build(f.id);
      if (!matches(f) && below.length === 0) continue;
      const taskNames = [...project.taskIdsOf(f.id)].map((id) => project.tasks.get(id)?.name).filter((n): n is string => !!n);
      nodes.push({
        id: f.id,
        name: f.name,
        label: f.label,
        status: f.status,
        folderType: f.folderType,
        hasTasks: taskNames.length > 0,
        taskNames,
        parents: paths.parentsOf(f),
        parentId: f.parentId,
        children: below,
      });
    }
    return nodes;
  };
  return build(null);
}
