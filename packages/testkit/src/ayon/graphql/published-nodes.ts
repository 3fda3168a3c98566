// GraphQL nodes of products, versions and representations (ayon-backend ayon_server/graphql/nodes/
// product.py, version.py, representation.py): `data` is JSON text or null when empty, `attrib` holds
// the entity's own values only (these entities do not inherit), `parents` is the path without its last
// element, versions are named v001 / HERO, a file without a name gets its path's base name and its size
// as a string, `thumbnailHash` falls back to the last six characters of the id.
import { versionName } from "../published-entities.js";
import { productPath, representationPath, versionPath } from "../published-views.js";
import type { ProjectState } from "../project-store.js";
import type { ProductRecord, RepresentationRecord, VersionRecord } from "../published-store.js";
import { isoTime } from "../request.js";
import type { JsonObject } from "../types.js";
import type { GqlContext } from "./nodes.js";
import { FolderNode, jsonOrNull, TaskNode, thumbnailHash, thumbnailInfo } from "./nodes.js";
import { emptyConnection, paginate } from "./paging.js";
import { resolveLinks } from "./links.js";
import type { LinkEdgeArgs } from "../links.js";
import { productQuery, representationQuery, versionQuery, type ProductArgs, type RepresentationArgs, type VersionArgs } from "./published-filters.js";
import { jsonDumps } from "../json-dumps.js";

const empty = () => emptyConnection();

function ownAttrib(ctx: GqlContext, scope: string, own: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const def of ctx.state.attributes.activeFor(scope)) if (own[def.name] !== undefined) out[def.name] = own[def.name];
  return out;
}

function parentsOf(path: string): string[] {
  const parts = path.replace(/^\/+|\/+$/g, "").split("/");
  return parts.length > 1 ? parts.slice(0, -1) : [];
}

/** Shared fields of the three entity kinds. */
abstract class PublishedNode<T extends ProductRecord | VersionRecord | RepresentationRecord> {
  constructor(protected readonly ctx: GqlContext, protected readonly project: ProjectState, readonly record: T, private readonly scope: string) {}
  get id() { return this.record.id; }
  get status() { return this.record.status; }
  get tags() { return this.record.tags; }
  get active() { return this.record.active; }
  get projectName() { return this.project.name; }
  get createdBy() { return this.record.createdBy; }
  get updatedBy() { return this.record.updatedBy; }
  get createdAt() { return isoTime(this.record.createdAt); }
  get updatedAt() { return isoTime(this.record.updatedAt); }
  data() { return jsonOrNull(this.record.data); }
  attrib() { return ownAttrib(this.ctx, this.scope, this.record.attrib); }
  allAttrib() { return jsonDumps(this.attrib()); }
  abstract path(): string;
  parents() { return parentsOf(this.path()); }
  links(args: LinkEdgeArgs) { return resolveLinks(this.ctx, this.project, this.record.id, args); }
  activities = empty;
}

export class ProductNode extends PublishedNode<ProductRecord> {
  constructor(ctx: GqlContext, project: ProjectState, record: ProductRecord) {
    super(ctx, project, record, "product");
  }
  get name() { return this.record.name; }
  // ayon-backend graphql/nodes/product.py: `type` carries the product type.
  get type() { return this.record.productType; }
  get folderId() { return this.record.folderId; }
  get productType() { return this.record.productType; }
  get productBaseType() { return this.record.productBaseType; }
  path() { return productPath(this.project, this.record); }
  folder() {
    const f = this.project.folders.get(this.record.folderId);
    return f ? new FolderNode(this.ctx, this.project, f) : null;
  }
  Folder() { return this.folder(); }
  versionList() {
    return this.project.published.versions.childrenOf(this.record.id)
      .sort((a, b) => a.version - b.version)
      .map((v) => ({ id: v.id, version: v.version, name: versionName(v.version) }));
  }
  latestVersion() {
    const latest = this.project.published.versions.childrenOf(this.record.id).filter((v) => v.version >= 0).sort((a, b) => b.version - a.version)[0];
    return latest ? new VersionNode(this.ctx, this.project, latest) : null;
  }
  featuredVersion() { return null; }
  versions(args: VersionArgs) { return resolveVersions(this.ctx, this.project, args, { product: this.record }); }
}

export class VersionNode extends PublishedNode<VersionRecord> {
  constructor(ctx: GqlContext, project: ProjectState, record: VersionRecord) {
    super(ctx, project, record, "version");
  }
  get version() { return this.record.version; }
  get name() { return versionName(this.record.version); }
  get productId() { return this.record.productId; }
  get taskId() { return this.record.taskId; }
  get thumbnailId() { return this.record.thumbnailId; }
  get author() { return this.record.author; }
  get thumbnailHash() { return thumbnailHash(this.record); }
  get thumbnail() { return thumbnailInfo(this.record); }
  get hasReviewables() { return false; }
  // ayon-backend graphql/resolvers/versions.py hero_versions: the hero (version -n) of version n.
  get heroVersionId() {
    return this.project.published.versions.childrenOf(this.record.productId).find((v) => v.version < 0 && -v.version === this.record.version)?.id ?? null;
  }
  get featuredVersionType() { return null; }
  get latestComments() { return []; }
  get isLatest() {
    const siblings = this.project.published.versions.childrenOf(this.record.productId).filter((v) => v.version >= 0);
    return this.record.version >= 0 && siblings.every((v) => v.version <= this.record.version);
  }
  get isLatestDone() { return false; }
  path() { return versionPath(this.project, this.record); }
  product() {
    const p = this.project.published.products.get(this.record.productId);
    return p ? new ProductNode(this.ctx, this.project, p) : null;
  }
  task() {
    const t = this.record.taskId === null ? undefined : this.project.tasks.get(this.record.taskId);
    return t ? new TaskNode(this.ctx, this.project, t) : null;
  }
  representations(args: RepresentationArgs) { return resolveRepresentations(this.ctx, this.project, args, this.record); }
}

export class RepresentationNode extends PublishedNode<RepresentationRecord> {
  constructor(ctx: GqlContext, project: ProjectState, record: RepresentationRecord) {
    super(ctx, project, record, "representation");
  }
  get name() { return this.record.name; }
  get versionId() { return this.record.versionId; }
  get fileCount() { return this.record.files.length; }
  get traits() { return this.record.traits ? jsonDumps(this.record.traits) : null; }
  get context() { return jsonDumps(this.record.data.context ?? {}); }
  files() {
    return this.record.files.map((f) => {
      const path = String(f.path);
      // ayon-backend utils/strings.py get_base_name: the file name without directory and extension.
      const base = path.split(/[\\/]/).pop() ?? path;
      const dot = base.lastIndexOf(".");
      return { ...f, name: typeof f.name === "string" ? f.name : dot > 0 ? base.slice(0, dot) : base, size: String(f.size ?? 0) };
    });
  }
  path() { return representationPath(this.project, this.record); }
  version() {
    const v = this.project.published.versions.get(this.record.versionId);
    return v ? new VersionNode(this.ctx, this.project, v) : null;
  }
}

export function resolveProducts(ctx: GqlContext, project: ProjectState, args: ProductArgs, folderScope?: Parameters<typeof productQuery>[2]) {
  const { candidates, accept } = productQuery(project, args, folderScope);
  return paginate(candidates, args, accept, (p) => new ProductNode(ctx, project, p));
}

export function resolveVersions(ctx: GqlContext, project: ProjectState, args: VersionArgs, scope?: Parameters<typeof versionQuery>[2]) {
  const { candidates, accept } = versionQuery(project, args, scope);
  return paginate(candidates, args, accept, (v) => new VersionNode(ctx, project, v));
}

export function resolveRepresentations(ctx: GqlContext, project: ProjectState, args: RepresentationArgs, version?: VersionRecord) {
  const { candidates, accept } = representationQuery(project, args, version);
  return paginate(candidates, args, accept, (r) => new RepresentationNode(ctx, project, r));
}
