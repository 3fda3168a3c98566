/**
 * The few AYON entities one incremental update needs, in one GraphQL request (ayon-backend
 * ayon_server/graphql/resolvers/folders.py): the entity and its parent by id (the ids ShotGrid holds in `sg_ayon_id`),
 * and where needed the children of a folder, the asset-category folders at the root, a search by the `shotgridId`
 * attribute among one parent's children, or — for a retirement without a usable id — across the project (AYON has no
 * index on attributes: avoided on the hot paths). Inactive entities are returned too, so a revival finds what a
 * retirement kept. The lookups of a wave of updates may share one request (lookupAyonTogether, wave-reader.ts).
 */
import { AyonGraphqlError, type AyonClient } from "@ayon-sg/core";
import { z } from "zod";
import type { AyonFolder, AyonTask } from "../ayon-tree.js";
import { identityKeyOf, readOwnIdentity } from "../identity.js";
import { AyonRestartRequiredError } from "../setup.js";

/** A folder as the incremental sync reads it. */
export interface FoundFolder extends AyonFolder {
  active: boolean;
  /** Direct child folders (inactive ones included); null when AYON's answer does not establish it. */
  childCount: number | null;
  taskCount: number;
}

/** A task as the incremental sync reads it. */
export interface FoundTask extends AyonTask {
  /** Versions on the task or products on its folder: it is then kept (deactivated) rather than deleted or renamed. */
  published: boolean;
}

export type FoundEntity = FoundFolder | FoundTask;

export interface LookupRequest {
  folderIds?: readonly string[];
  taskIds?: readonly string[];
  /** Folders / tasks whose `attrib.shotgridId` is one of these (an attribute search; AYON has no index for it). */
  folderShotgridIds?: readonly string[];
  taskShotgridIds?: readonly string[];
  /** Root folders whose `attrib.shotgridId` is one of these (asset categories: a search among root folders only). */
  rootShotgridIds?: readonly string[];
  /** The child folders and tasks of this folder. */
  childrenOf?: string;
  /** Folders at these exact paths (`shots`, `lib/assets`): folder_parenting's layout folders. */
  folderPaths?: readonly string[];
  /**
   * Folders (or tasks) directly under `parentId` (null = the root) whose `attrib.shotgridId` is one of these:
   * the identity search where the entity should be, through the parent index instead of a whole-project scan.
   */
  scoped?: { kind: "folder" | "task"; parentId: string | null; shotgridIds: readonly string[] };
  /** Several such searches (lookups asked together); replaces `scoped`. */
  scopedAll?: ReadonlyArray<{ kind: "folder" | "task"; parentId: string | null; shotgridIds: readonly string[] }>;
  /** Mapped attributes to read besides the identity (effective values, for the mapped-field diff). */
  attribs?: { folder: readonly string[]; task: readonly string[] };
}

export interface LookupResult {
  /** Every folder found by the id, identity and root parts, by id. */
  folders: Map<string, FoundFolder>;
  tasks: Map<string, FoundTask>;
  childFolders: FoundFolder[];
  childTasks: FoundTask[];
}

/** Largest answer taken per part without paging: the parts are ids, one identity, or one folder's children. */
const PART_LIMIT = 2000;

const NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;
/** `attrib { shotgridId shotgridType ... }` with the mapped attributes (plain GraphQL names only). */
function attribSelection(extra: readonly string[] = []): string {
  return `attrib { ${[...new Set(["shotgridId", "shotgridType", ...extra.filter((n) => NAME.test(n))])].join(" ")} }`;
}
// hasChildren is selected with childCount: ayon-backend graphql/resolvers/folders.py counts children only then
// (it tests for "childount", a typo, or hasChildren) and answers 0 otherwise. ownAttrib: identity is own only.
const folderFields = (extra?: readonly string[]) =>
  `id name label folderType parentId status tags active hasVersions hasChildren childCount taskCount ${attribSelection(extra)} ownAttrib`;
// A task's folder and a folder's parent are loaded by id (ayon-backend graphql/nodes/task.py folder, folder.py
// parent: folder_loader), a query that computes no counts: their hasVersions, childCount and taskCount always
// answer false/0. So a task reads its folder's products (a connection, resolved by its own query), and a parent
// read that way is taken as a folder whose counts and versions are unknown.
const taskFields = (extra?: readonly string[]) =>
  `id name label taskType folderId status tags assignees active ${attribSelection(extra)} ownAttrib folder { products(first: 1) { edges { node { id } } } } versions(first: 1) { edges { node { id } } }`;
const parentFields = (extra?: readonly string[]) => `id name label folderType parentId status tags active ${attribSelection(extra)} ownAttrib`;
const FOLDER_FIELDS = folderFields();
const TASK_FIELDS = taskFields();

const attribSchema = z.object({ shotgridId: z.string().nullish(), shotgridType: z.string().nullish() }).loose().nullish();
const folderNodeSchema = z
  .object({
    id: z.string(), name: z.string(), label: z.string().nullish(), folderType: z.string(), parentId: z.string().nullish(),
    status: z.string().nullish(), tags: z.array(z.string()).nullish(), active: z.boolean(), hasVersions: z.boolean().nullish(), hasChildren: z.boolean().nullish(),
    childCount: z.number().nullish(), taskCount: z.number().nullish(), attrib: attribSchema, ownAttrib: z.array(z.string()).nullish(),
  })
  .loose();
const taskNodeSchema = z
  .object({
    id: z.string(), name: z.string(), label: z.string().nullish(), taskType: z.string(), folderId: z.string(),
    status: z.string().nullish(), tags: z.array(z.string()).nullish(), assignees: z.array(z.string()).nullish(), active: z.boolean(), attrib: attribSchema,
    ownAttrib: z.array(z.string()).nullish(),
    folder: z.object({ products: z.object({ edges: z.array(z.unknown()) }).loose().nullish() }).loose().nullish(),
    versions: z.object({ edges: z.array(z.unknown()) }).loose().nullish(),
  })
  .loose();
const connection = <T extends z.ZodType>(node: T) =>
  z.object({ edges: z.array(z.object({ node }).loose()), pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullish() }).loose().optional() }).loose();
const folderConnection = connection(folderNodeSchema);
const taskConnection = connection(taskNodeSchema);

const parentNodeSchema = folderNodeSchema.nullish();
type FolderNode = z.infer<typeof folderNodeSchema>;

function fieldsOf(part: Part, attribs: LookupRequest["attribs"]): string {
  if (part.kind === "task") return taskFields(attribs?.task);
  const fields = folderFields(attribs?.folder);
  return part.alias === "byFolderId" ? `${fields} parent { ${parentFields(attribs?.folder)} }` : fields;
}
type TaskNode = z.infer<typeof taskNodeSchema>;

interface Part {
  alias: string;
  kind: "folder" | "task";
  args: string;
}

/** One request for everything asked; parts not asked are left out of the document. */
export async function lookupAyon(ayon: AyonClient, project: string, request: LookupRequest): Promise<LookupResult> {
  return (await lookupAyonTogether(ayon, project, [request]))[0]!;
}

/**
 * Several lookups in ONE request (a wave of updates, wave-reader.ts), each answered exactly as alone: the parts ask
 * for the union, and each lookup keeps the nodes its own part would have returned. Only lookups that
 * `canLookUpTogether` accepts may be given together.
 */
export async function lookupAyonTogether(ayon: AyonClient, project: string, requests: readonly LookupRequest[]): Promise<LookupResult[]> {
  const request = requests.length === 1 ? requests[0]! : mergeLookups(requests);
  const parts: Part[] = [];
  const declarations = ["$project: String!"];
  const variables: Record<string, unknown> = { project };
  const add = (alias: string, kind: "folder" | "task", args: string, vars: Record<string, [string, unknown]>) => {
    for (const [name, [type, value]] of Object.entries(vars)) {
      declarations.push(`$${name}: ${type}`);
      variables[name] = value;
    }
    parts.push({ alias, kind, args });
  };
  const attributeFilter = (values: readonly string[]) => [{ name: "shotgridId", values: [...values] }];
  // With each folder's parent: whether an entity sits under a folder_parenting layout costs no extra request.
  if (request.folderIds?.length) add("byFolderId", "folder", "ids: $folderIds", { folderIds: ["[String!]", unique(request.folderIds)] });
  if (request.taskIds?.length) add("byTaskId", "task", "ids: $taskIds", { taskIds: ["[String!]", unique(request.taskIds)] });
  if (request.folderShotgridIds?.length) {
    add("folderIdentity", "folder", "attributes: $folderAttr", { folderAttr: ["[AttributeFilterInput!]", attributeFilter(request.folderShotgridIds)] });
  }
  if (request.taskShotgridIds?.length) {
    add("taskIdentity", "task", "attributes: $taskAttr", { taskAttr: ["[AttributeFilterInput!]", attributeFilter(request.taskShotgridIds)] });
  }
  if (request.rootShotgridIds?.length) {
    add("rootIdentity", "folder", `parentId: "root", attributes: $rootAttr`, { rootAttr: ["[AttributeFilterInput!]", attributeFilter(request.rootShotgridIds)] });
  }
  // ayon-backend graphql/resolvers/folders.py: parentIds takes "root" for the top level; an attribute filter matches
  // the effective value (project, inherited, own), the value the node's attrib answers.
  const scoped = scopedParts(request);
  if (scoped.folder) {
    add("scopedIdentity", "folder", "parentIds: $scopeParents, attributes: $scopeAttr", {
      scopeParents: ["[String!]", unique(scoped.folder.parents.map((id) => id ?? "root"))],
      scopeAttr: ["[AttributeFilterInput!]", attributeFilter(unique(scoped.folder.shotgridIds))],
    });
  }
  if (scoped.task) {
    add("scopedTaskIdentity", "task", "folderIds: $scopeFolders, attributes: $scopeTaskAttr", {
      scopeFolders: ["[String!]", unique(scoped.task.parents as string[])],
      scopeTaskAttr: ["[AttributeFilterInput!]", attributeFilter(unique(scoped.task.shotgridIds))],
    });
  }
  if (request.folderPaths?.length) add("byPath", "folder", "paths: $paths", { paths: ["[String!]", unique(request.folderPaths)] });
  if (request.childrenOf) {
    add("childFolders", "folder", "parentIds: [$parent]", { parent: ["String!", request.childrenOf] });
    add("childTasks", "task", "folderIds: [$parent]", {});
  }
  const results = requests.map((): LookupResult => ({ folders: new Map(), tasks: new Map(), childFolders: [], childTasks: [] }));
  if (parts.length === 0) return results;

  const body = parts
    .map((p) => `${p.alias}: ${p.kind === "folder" ? "folders" : "tasks"}(${p.args}, first: ${PART_LIMIT}) { edges { node { ${fieldsOf(p, request.attribs)} } } }`)
    .join(" ");
  const data = await graphql(ayon, `query IncrementalLookup(${declarations.join(", ")}) { project(name: $project) { ${body} } }`, variables);
  const projectData = (data as { project?: Record<string, unknown> | null } | null)?.project;
  if (!projectData) throw new AyonGraphqlError([{ message: `project ${project} not found`, path: ["project"], status: 404 }]);
  // Alone, every node belongs to the lookup; together, each keeps what its own part would have answered.
  const owners = requests.length === 1 ? () => results : (alias: string, node: FolderNode | TaskNode) => results.filter((_, i) => asksFor(requests[i]!, alias, node));
  for (const part of parts) {
    if (part.kind === "folder") {
      for (const edge of folderConnection.parse(projectData[part.alias]).edges) {
        const folder = toFoundFolder(edge.node);
        const parent = parentNodeSchema.safeParse(edge.node.parent);
        for (const result of owners(part.alias, edge.node)) {
          if (part.alias === "childFolders") result.childFolders.push(folder);
          else result.folders.set(folder.id, folder);
          if (parent.success && parent.data && !result.folders.has(parent.data.id)) result.folders.set(parent.data.id, toFoundFolder(parent.data, false));
        }
      }
    } else {
      for (const edge of taskConnection.parse(projectData[part.alias]).edges) {
        const task = toFoundTask(edge.node);
        for (const result of owners(part.alias, edge.node)) {
          if (part.alias === "childTasks") result.childTasks.push(task);
          else result.tasks.set(task.id, task);
        }
      }
    }
  }
  return results;
}

/**
 * Whether lookups may go together: the same mapped attributes, and only the parts a together answer can be split
 * by (ids, and the identity search under a parent). The rest asks alone.
 */
export function canLookUpTogether(request: LookupRequest): boolean {
  return !(request.folderShotgridIds?.length || request.taskShotgridIds?.length || request.rootShotgridIds?.length || request.folderPaths?.length || request.childrenOf);
}

/** A key equal for lookups that may share a request (their mapped attributes). */
export function togetherKey(request: LookupRequest): string {
  return JSON.stringify([request.attribs?.folder ?? [], request.attribs?.task ?? []]);
}

function mergeLookups(requests: readonly LookupRequest[]): LookupRequest {
  const folderIds = requests.flatMap((r) => r.folderIds ?? []);
  const taskIds = requests.flatMap((r) => r.taskIds ?? []);
  const merged: LookupRequest = { folderIds, taskIds, scopedAll: requests.flatMap((r) => scopedOf(r)) };
  if (requests[0]!.attribs) merged.attribs = requests[0]!.attribs;
  return merged;
}

interface Scoped {
  kind: "folder" | "task";
  parentId: string | null;
  shotgridIds: readonly string[];
}

/** The identity searches of a lookup; a task search needs a folder. */
function scopedOf(request: LookupRequest): Scoped[] {
  const all = request.scopedAll ?? (request.scoped ? [request.scoped] : []);
  return all.filter((s) => s.shotgridIds.length > 0 && (s.kind === "folder" || s.parentId !== null));
}

function scopedParts(request: LookupRequest): Partial<Record<"folder" | "task", { parents: Array<string | null>; shotgridIds: string[] }>> {
  const out: Partial<Record<"folder" | "task", { parents: Array<string | null>; shotgridIds: string[] }>> = {};
  for (const s of scopedOf(request)) {
    const part = (out[s.kind] ??= { parents: [], shotgridIds: [] });
    part.parents.push(s.parentId);
    part.shotgridIds.push(...s.shotgridIds);
  }
  return out;
}

/** Whether the part `alias` of this lookup alone would have returned the node. */
function asksFor(request: LookupRequest, alias: string, node: FolderNode | TaskNode): boolean {
  const shotgridId = node.attrib?.shotgridId;
  const searched = (kind: "folder" | "task", parentId: string | null) =>
    scopedOf(request).some((s) => s.kind === kind && s.parentId === parentId && typeof shotgridId === "string" && s.shotgridIds.includes(shotgridId));
  switch (alias) {
    case "byFolderId":
      return request.folderIds?.includes(node.id) ?? false;
    case "byTaskId":
      return request.taskIds?.includes(node.id) ?? false;
    case "scopedIdentity":
      return searched("folder", (node as FolderNode).parentId ?? null);
    case "scopedTaskIdentity":
      return searched("task", (node as TaskNode).folderId);
    default:
      return false;
  }
}

/** Every folder (or task) directly under `parentId` (null = the project root), in pages. */
export async function siblingsOf(ayon: AyonClient, project: string, kind: "folder" | "task", parentId: string | null): Promise<FoundEntity[]> {
  if (kind === "task" && parentId === null) return [];
  const out: FoundEntity[] = [];
  let after: string | null = null;
  for (;;) {
    const args = kind === "folder" ? `parentId: $parent` : `folderIds: [$parent]`;
    const fields = kind === "folder" ? FOLDER_FIELDS : TASK_FIELDS;
    const document =
      `query IncrementalSiblings($project: String!, $parent: String!, $after: String) { project(name: $project) { ` +
      `list: ${kind === "folder" ? "folders" : "tasks"}(${args}, first: ${PART_LIMIT}, after: $after) { edges { node { ${fields} } } pageInfo { hasNextPage endCursor } } } }`;
    const data = await graphql(ayon, document, { project, parent: parentId ?? "root", after });
    const list = (data as { project?: { list?: unknown } | null } | null)?.project?.list;
    if (list === undefined) throw new AyonGraphqlError([{ message: `project ${project} not found`, path: ["project"], status: 404 }]);
    if (kind === "folder") {
      const page = folderConnection.parse(list);
      for (const e of page.edges) out.push(toFoundFolder(e.node));
      if (!page.pageInfo?.hasNextPage || !page.pageInfo.endCursor || page.pageInfo.endCursor === after) return out;
      after = page.pageInfo.endCursor;
    } else {
      const page = taskConnection.parse(list);
      for (const e of page.edges) out.push(toFoundTask(e.node));
      if (!page.pageInfo?.hasNextPage || !page.pageInfo.endCursor || page.pageInfo.endCursor === after) return out;
      after = page.pageInfo.endCursor;
    }
  }
}

/** The entity of `kind` carrying identity `key` (an active one first), or undefined. */
export function withIdentity<T extends FoundEntity>(candidates: Iterable<T>, key: string): T | undefined {
  let inactive: T | undefined;
  for (const entity of candidates) {
    if (identityKeyOf(entity.identity) !== key) continue;
    if (entity.active) return entity;
    inactive ??= entity;
  }
  return inactive;
}

async function graphql(ayon: AyonClient, query: string, variables: Record<string, unknown>): Promise<unknown> {
  try {
    return await ayon.graphql<unknown>(query, variables);
  } catch (error) {
    // AYON builds the attrib types at start: until it restarts, selecting shotgridId fails validation.
    if (error instanceof AyonGraphqlError && error.messages.some((m) => m.includes("Cannot query field") && /shotgrid/i.test(m))) {
      throw new AyonRestartRequiredError([]);
    }
    throw error;
  }
}

/** `counted`: false for a folder loaded by id (a parent), whose counts and versions AYON does not compute. */
function toFoundFolder(node: FolderNode, counted = true): FoundFolder {
  return {
    id: node.id,
    kind: "folder",
    name: node.name,
    label: node.label ?? null,
    parentId: node.parentId ?? null,
    identity: readOwnIdentity(node.attrib, node.ownAttrib),
    folderType: node.folderType,
    status: node.status ?? null,
    // Unknown versions count as published: such a folder is then only relabelled or deactivated, never lost.
    hasVersions: counted ? node.hasVersions === true : true,
    fields: { attrib: node.attrib ?? {}, tags: node.tags ?? [] },
    active: node.active,
    childCount: counted ? childCountOf(node) : null,
    taskCount: counted ? (node.taskCount ?? 0) : 0,
  };
}

function toFoundTask(node: TaskNode): FoundTask {
  return {
    id: node.id,
    kind: "task",
    name: node.name,
    label: node.label ?? null,
    parentId: node.folderId,
    identity: readOwnIdentity(node.attrib, node.ownAttrib),
    taskType: node.taskType,
    status: node.status ?? null,
    active: node.active,
    fields: { attrib: node.attrib ?? {}, tags: node.tags ?? [], assignees: node.assignees ?? [] },
    published: (node.folder?.products?.edges.length ?? 0) > 0 || (node.versions?.edges.length ?? 0) > 0,
  };
}

/** null when the answer does not prove the count: no hasChildren, or children said to exist but counted 0. */
function childCountOf(node: FolderNode): number | null {
  if (typeof node.hasChildren !== "boolean") return null;
  const count = node.childCount ?? 0;
  if (node.hasChildren && count === 0) return null;
  return count;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
