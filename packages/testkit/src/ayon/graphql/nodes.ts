// GraphQL node objects. graphql-js's default resolver reads properties and calls methods, so each node
// is a small class whose getters/methods compute a field only when the query asks for it (a 2,000-task
// page does not pay for attributes nobody selected). `data`, `allAttrib` and `config` are JSON strings,
// `attrib` is the typed object; paths carry a leading slash; inactive entities are returned too.
import { folderEffectiveAttrib, projectAttrib, taskEffectiveAttrib, visibleAttrib } from "../attrib-values.js";
import type { ProjectState } from "../project-store.js";
import { isoTime, type Principal } from "../request.js";
import type { AyonState } from "../state.js";
import type { EventRecord, FolderRecord, JsonObject, TaskRecord, UserRecord } from "../types.js";
import { emptyConnection, type PageArgs } from "./paging.js";
import { folderHasVersions } from "../entities.js";
import { ProductNode, RepresentationNode, resolveProducts, resolveRepresentations, resolveVersions, VersionNode } from "./published-nodes.js";
import type { ProductArgs, RepresentationArgs, VersionArgs } from "./published-filters.js";
import { resolveLinks } from "./links.js";
import type { LinkEdgeArgs } from "../links.js";
import { gqlError, type FolderArgs, type TaskArgs } from "./filters.js";
import { siblingSelected } from "./selection.js";
import type { GraphQLResolveInfo } from "graphql";
import { jsonDumps } from "../json-dumps.js";

export interface GqlContext {
  state: AyonState;
  principal: Principal;
  /** Per project: folder id → effective attributes (inheritance memo for one request). */
  attribCache: Map<string, Map<string, JsonObject>>;
  resolveFolders(project: ProjectState, args: FolderArgs, parentScope?: FolderRecord): unknown;
  resolveTasks(project: ProjectState, args: TaskArgs, folderScope?: FolderRecord): unknown;
}

function cacheFor(ctx: GqlContext, project: ProjectState): Map<string, JsonObject> {
  let cache = ctx.attribCache.get(project.name);
  if (!cache) ctx.attribCache.set(project.name, (cache = new Map()));
  return cache;
}

const empty = () => emptyConnection();

export function jsonOrNull(value: JsonObject): string | null {
  return Object.keys(value).length ? jsonDumps(value) : null;
}

/**
 * ayon-backend graphql/utils.py process_attrib_data fills inherited values into the node's own attrib
 * dict in place when it is not empty, and nodes/folder.py / task.py `ownAttrib` lists that dict's keys:
 * once `attrib` or `allAttrib` was resolved earlier in the selection, an entity with at least one own
 * value reports every attribute that has a value as its own. Reproduced as the real server does it.
 */
function quirkyOwnAttrib(ctx: GqlContext, scope: string, own: JsonObject, attribResolved: boolean, effective: () => JsonObject): string[] {
  const ownKeys = Object.keys(own).filter((k) => ctx.state.attributes.activeIn(scope, k));
  if (!attribResolved || ownKeys.length === 0) return ownKeys;
  return Object.keys(effective()).filter((k) => effective()[k] !== null && effective()[k] !== undefined);
}

/**
 * The typed `attrib` of a project, folder or task: ayon-backend builds its GraphQL type from the attribute model
 * (entities/core/base.py strawberry_attrib: pydantic_type of attrib_model), so an attribute without a value
 * answers the default its definition gives (a project's boolean shotgridPush: false, not null).
 */
function withModelDefaults(ctx: GqlContext, scope: string, values: JsonObject): JsonObject {
  const out = { ...values };
  for (const def of ctx.state.attributes.activeFor(scope)) {
    const fallback = def.data.default;
    if (out[def.name] === undefined && fallback !== undefined && fallback !== null) out[def.name] = fallback as JsonObject[string];
  }
  return out;
}

export function thumbnailInfo(record: { thumbnailId: string | null; data: JsonObject }) {
  if (!record.thumbnailId) return null;
  const info = (record.data.thumbnailInfo ?? {}) as JsonObject;
  return { id: record.thumbnailId, sourceEntityType: info.sourceEntityType ?? null, sourceEntityId: info.sourceEntityId ?? null, relation: info.relation ?? null };
}

export function thumbnailHash(record: { id: string; data: JsonObject }): string {
  const hash = record.data.thumbnailHash;
  return typeof hash === "string" && hash ? hash : record.id.slice(-6);
}

export class ProjectNode {
  constructor(private readonly ctx: GqlContext, readonly record: ProjectState) {}
  get name() { return this.record.name; }
  get projectName() { return this.record.name; }
  get code() { return this.record.code; }
  get active() { return this.record.active; }
  get library() { return this.record.library; }
  get skeleton() { return this.record.skeleton; }
  get label() { return this.record.label; }
  get color() { return this.record.color; }
  get projectFolder() { return null; }
  /** Project bundle overrides: the emulator has none. */
  get bundle() { return { production: null, staging: null }; }

  get thumbnail() { return null; }
  get createdAt() { return isoTime(this.record.createdAt); }
  get updatedAt() { return isoTime(this.record.updatedAt); }
  config() { return jsonDumps(this.record.config); }
  // ayon-backend graphql/nodes/*.py: `data` is JSON text, or null when the entity's data is empty.
  data() { return jsonOrNull(this.record.data); }
  attrib() { return withModelDefaults(this.ctx, "project", projectAttrib(this.ctx.state.attributes, this.record)); }
  allAttrib() { return jsonDumps(projectAttrib(this.ctx.state.attributes, this.record)); }
  folderTypes() { return this.record.folderTypes; }
  taskTypes() { return this.record.taskTypes; }
  statuses() { return this.record.statuses; }
  tags() { return this.record.tags; }
  // ayon-backend graphql/nodes/project.py link_types: ORDER BY name; activeOnly keeps the types in use.
  linkTypes(args: { activeOnly?: boolean | null } = {}) {
    const used = new Set([...this.record.links.values()].map((l) => l.linkType));
    return this.record.linkTypes
      .filter((l) => !args.activeOnly || used.has(l.name))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map((l) => ({ ...l, color: typeof l.data.color === "string" && l.data.color ? l.data.color : null, style: l.data.style ?? "solid" }));
  }
  usedTags() {
    const tags = new Set<string>();
    for (const f of this.record.folders.values()) for (const t of f.tags) tags.add(t);
    for (const t of this.record.tasks.values()) for (const tag of t.tags) tags.add(tag);
    return [...tags].sort();
  }
  productTypes() { return []; }
  productBaseTypes() { return []; }
  folder(args: { id: string }) {
    const f = this.record.folders.get(args.id);
    return f ? new FolderNode(this.ctx, this.record, f) : null;
  }
  task(args: { id: string }) {
    const t = this.record.tasks.get(args.id);
    return t ? new TaskNode(this.ctx, this.record, t) : null;
  }
  folders(args: FolderArgs) { return this.ctx.resolveFolders(this.record, args); }
  tasks(args: TaskArgs) { return this.ctx.resolveTasks(this.record, args); }
  product(args: { id: string }) {
    const p = this.record.published.products.get(args.id);
    return p ? new ProductNode(this.ctx, this.record, p) : null;
  }
  version(args: { id: string }) {
    const v = this.record.published.versions.get(args.id);
    return v ? new VersionNode(this.ctx, this.record, v) : null;
  }
  representation(args: { id: string }) {
    const r = this.record.published.representations.get(args.id);
    return r ? new RepresentationNode(this.ctx, this.record, r) : null;
  }
  products(args: ProductArgs) { return resolveProducts(this.ctx, this.record, args); }
  versions(args: VersionArgs) { return resolveVersions(this.ctx, this.record, args); }
  representations(args: RepresentationArgs) { return resolveRepresentations(this.ctx, this.record, args); }
  // Entities the emulator does not store: always empty.
  entityList(args: { id: string }): never {
    throw gqlError(404, `Entity list ${args.id} not found`);
  }
  workfile() { return null; }
  workfiles = empty;
  activities = empty;
  entityLists = empty;
  links = empty;
}

export class FolderNode {
  /** `countsChildren`: the folders() call filtered on hasChildren, which makes the server count children. */
  constructor(
    private readonly ctx: GqlContext,
    private readonly project: ProjectState,
    readonly record: FolderRecord,
    private readonly countsChildren = false,
    /**
     * Loaded by id (ayon-backend graphql/dataloaders folder_loader: a folder's parent, a task's folder): that
     * query selects no counts, so the node answers the FolderNode defaults (0 children, 0 tasks, no versions).
     */
    private readonly loaded = false,
  ) {}
  get id() { return this.record.id; }
  get name() { return this.record.name; }
  get label() { return this.record.label; }
  get folderType() { return this.record.folderType; }
  // ayon-backend graphql/nodes/folder.py: `type` is an alias of folderType.
  get type() { return this.record.folderType; }
  get parentId() { return this.record.parentId; }
  get status() { return this.record.status; }
  get tags() { return this.record.tags; }
  get active() { return this.record.active; }
  get thumbnailId() { return this.record.thumbnailId; }
  // ayon-backend graphql/nodes/folder.py, task.py: data.thumbnailHash, else the id's last six characters.
  get thumbnailHash() { return thumbnailHash(this.record); }
  // ayon-backend graphql/nodes/folder.py, task.py: ThumbnailInfo when the entity has a thumbnailId.
  get thumbnail() { return thumbnailInfo(this.record); }
  get hasVersions() { return !this.loaded && folderHasVersions(this.project, this.record); }
  get hasProducts() { return this.project.published.products.hasChildren(this.record.id); }
  get hasReviewables() { return false; }
  get productCount() { return this.project.published.products.childrenOf(this.record.id).length; }
  get totalProductCount() { return publishedBelow(this.project, this.record.id).products; }
  get totalVersionCount() { return publishedBelow(this.project, this.record.id).versions; }
  get projectName() { return this.project.name; }
  get createdBy() { return this.record.createdBy; }
  get updatedBy() { return this.record.updatedBy; }
  get createdAt() { return isoTime(this.record.createdAt); }
  get updatedAt() { return isoTime(this.record.updatedAt); }
  get latestComments() { return null; }
  path() { return `/${this.project.folderPath(this.record)}`; }
  parents() { return this.project.folderParents(this.record); }
  data() { return jsonOrNull(this.record.data); }
  private effective() { return folderEffectiveAttrib(this.ctx.state.attributes, this.project, this.record, cacheFor(this.ctx, this.project)); }
  private attribResolved = false;
  attrib() {
    this.attribResolved = true;
    return withModelDefaults(this.ctx, "folder", visibleAttrib(this.ctx.state.attributes, "folder", this.effective()));
  }
  // json_dumps of the processed values (graphql/nodes/common.py all_attrib): no model defaults; it fills the own dict too.
  allAttrib() {
    this.attribResolved = true;
    return jsonDumps(visibleAttrib(this.ctx.state.attributes, "folder", this.effective()));
  }
  ownAttrib() { return quirkyOwnAttrib(this.ctx, "folder", this.record.attrib, this.attribResolved, () => this.effective()); }
  hasChildren() { return !this.loaded && this.project.childFolderIds(this.record.id).size > 0; }
  // ayon-backend graphql/resolvers/folders.py counts children only for a hasChildren argument or when
  // "childount" (sic) or hasChildren is selected: childCount alone answers 0.
  childCount(_args: unknown, _ctx: unknown, info: GraphQLResolveInfo) {
    if (this.loaded || (!this.countsChildren && !siblingSelected(info, "hasChildren"))) return 0;
    return this.project.childFolderIds(this.record.id).size;
  }
  hasTasks() { return !this.loaded && this.project.taskIdsOf(this.record.id).size > 0; }
  taskCount() { return this.loaded ? 0 : this.project.taskIdsOf(this.record.id).size; }
  totalFolderCount() { return this.loaded ? 0 : countBelow(this.project, this.record.id).folders; }
  totalTaskCount() { return this.loaded ? 0 : countBelow(this.project, this.record.id).tasks; }
  parent() {
    const p = this.record.parentId === null ? undefined : this.project.folders.get(this.record.parentId);
    return p ? new FolderNode(this.ctx, this.project, p, false, true) : null;
  }
  tasks(args: TaskArgs) { return this.ctx.resolveTasks(this.project, args, this.record); }
  products(args: ProductArgs) { return resolveProducts(this.ctx, this.project, args, this.record); }
  links(args: LinkEdgeArgs) { return resolveLinks(this.ctx, this.project, this.record.id, args); }
  activities = empty;
}

/** Products and versions in a folder and every folder below it. */
function publishedBelow(project: ProjectState, folderId: string): { products: number; versions: number } {
  let products = 0;
  let versions = 0;
  const walk = (id: string) => {
    for (const p of project.published.products.childrenOf(id)) {
      products++;
      versions += project.published.versions.childrenOf(p.id).length;
    }
    for (const child of project.childFolderIds(id)) walk(child);
  };
  walk(folderId);
  return { products, versions };
}

function countBelow(project: ProjectState, folderId: string): { folders: number; tasks: number } {
  let folders = 0;
  let tasks = project.taskIdsOf(folderId).size;
  for (const childId of project.childFolderIds(folderId)) {
    const below = countBelow(project, childId);
    folders += 1 + below.folders;
    tasks += below.tasks;
  }
  return { folders, tasks };
}

export class TaskNode {
  /** `underFolder`: listed through a folder's tasks, whose node the real one answers as its folder (nodes/task.py _folder). */
  constructor(private readonly ctx: GqlContext, private readonly project: ProjectState, readonly record: TaskRecord, private readonly underFolder = false) {}
  get id() { return this.record.id; }
  get name() { return this.record.name; }
  get label() { return this.record.label; }
  get taskType() { return this.record.taskType; }
  // ayon-backend graphql/nodes/task.py: `type` is an alias of taskType.
  get type() { return this.record.taskType; }
  get folderId() { return this.record.folderId; }
  get assignees() { return this.record.assignees; }
  get status() { return this.record.status; }
  get tags() { return this.record.tags; }
  get active() { return this.record.active; }
  get thumbnailId() { return this.record.thumbnailId; }
  // ayon-backend graphql/nodes/folder.py, task.py: data.thumbnailHash, else the id's last six characters.
  get thumbnailHash() { return thumbnailHash(this.record); }
  // ayon-backend graphql/nodes/folder.py, task.py: ThumbnailInfo when the entity has a thumbnailId.
  get thumbnail() { return thumbnailInfo(this.record); }
  get hasReviewables() { return false; }
  get projectName() { return this.project.name; }
  get createdBy() { return this.record.createdBy; }
  get updatedBy() { return this.record.updatedBy; }
  get createdAt() { return isoTime(this.record.createdAt); }
  get updatedAt() { return isoTime(this.record.updatedAt); }
  get latestComments() { return null; }
  private folderRecord() { return this.project.folders.get(this.record.folderId); }
  path() {
    const f = this.folderRecord();
    return `/${f ? `${this.project.folderPath(f)}/` : ""}${this.record.name}`;
  }
  parents() {
    const f = this.folderRecord();
    return f ? [...this.project.folderParents(f), f.name] : [];
  }
  data() { return jsonOrNull(this.record.data); }
  private effective() { return taskEffectiveAttrib(this.ctx.state.attributes, this.project, this.record, cacheFor(this.ctx, this.project)); }
  private attribResolved = false;
  attrib() {
    this.attribResolved = true;
    return withModelDefaults(this.ctx, "task", visibleAttrib(this.ctx.state.attributes, "task", this.effective()));
  }
  allAttrib() {
    this.attribResolved = true;
    return jsonDumps(visibleAttrib(this.ctx.state.attributes, "task", this.effective()));
  }
  ownAttrib() { return quirkyOwnAttrib(this.ctx, "task", this.record.attrib, this.attribResolved, () => this.effective()); }
  subtasks() {
    const list = this.record.data.subtasks;
    return Array.isArray(list) ? list : [];
  }
  folder() {
    const f = this.folderRecord();
    // nodes/task.py folder: the listing folder's node, else one loaded by id (folder_loader).
    return f ? new FolderNode(this.ctx, this.project, f, false, !this.underFolder) : null;
  }
  Folder() { return this.folder(); }
  versions(args: VersionArgs) { return resolveVersions(this.ctx, this.project, args, { task: this.record }); }
  workfiles = empty;
  links(args: LinkEdgeArgs) { return resolveLinks(this.ctx, this.project, this.record.id, args); }
  activities = empty;
}

export class EventNode {
  constructor(readonly record: EventRecord) {}
  get id() { return this.record.id; }
  get hash() { return this.record.hash; }
  get topic() { return this.record.topic; }
  get project() { return this.record.project; }
  get user() { return this.record.user; }
  get sender() { return this.record.sender; }
  get dependsOn() { return this.record.dependsOn; }
  get status() { return this.record.status; }
  get retries() { return this.record.retries; }
  get description() { return this.record.description; }
  get createdAt() { return isoTime(this.record.createdAt); }
  get updatedAt() { return isoTime(this.record.updatedAt); }
  get data() { return null; }
  summary() { return jsonDumps(this.record.summary); }
  payload() { return Object.keys(this.record.payload).length === 0 ? null : jsonDumps(this.record.payload); }
}

export class UserNode {
  /** `me`: the caller's own node, whose role flags are the permission ones. */
  constructor(readonly record: UserRecord, private readonly me = false) {}
  get name() { return this.record.name; }
  get active() { return this.record.active; }
  // ayon-backend graphql/__init__.py `me` answers entities/user.py is_admin/is_manager (a service user is both);
  // `user`/`users` (graphql/nodes/user.py user_from_record) answer the stored data flags as they are.
  get isAdmin() { return this.me ? !this.record.isGuest && (this.record.isAdmin || this.record.isService) : this.record.isAdmin; }
  get isManager() { return this.me ? this.record.isManager || this.record.isAdmin || this.record.isService : this.record.isManager; }
  get isService() { return this.record.isService; }
  get isGuest() { return this.record.isGuest; }
  get isDeveloper() { return false; }
  get deleted() { return false; }
  get hasPassword() { return this.record.passwordHash !== null; }
  get disablePasswordLogin() { return false; }
  get apiKeyPreview() { return this.record.apiKeyData?.preview ?? null; }
  get isStagingAllowed() { return false; }
  get userPool() { return null; }
  get inviteSentAt() { return null; }
  get inviteAcceptedAt() { return null; }
  get accessGroups() { return "{}"; }
  get defaultAccessGroups() { return []; }
  get createdAt() { return isoTime(this.record.createdAt); }
  get updatedAt() { return isoTime(this.record.updatedAt); }
  attrib() { return { ...this.record.attrib }; }
  allAttrib() { return jsonDumps(this.attrib()); }
  tasks = (_args: PageArgs) => emptyConnection();
}
