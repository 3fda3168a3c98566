// Arguments of the `products`, `versions` and `representations` connections turned into candidates
// (sorted by each table's creation order, the resolvers' default `ORDER BY ... creation_order`) and a
// predicate. ayon-backend ayon_server/graphql/resolvers/products.py, versions.py, representations.py:
// an empty list argument answers an empty connection; `pathEx` matches the folder path with its leading
// slash; `latestOnly` keeps the highest non-negative version of each product; `heroOnly` versions < 0.
import type { ProjectState } from "../project-store.js";
import type { ProductRecord, RepresentationRecord, VersionRecord } from "../published-store.js";
import type { FolderRecord, TaskRecord } from "../types.js";
import { checkNames, checkUserNames, regexArg, STATUS_PATTERN, TYPE_NAME_PATTERN } from "./arg-checks.js";
import { descendantsOf, gqlError } from "./filters.js";
import type { PageArgs } from "./paging.js";

export interface ProductArgs extends PageArgs {
  ids?: string[] | null;
  folderIds?: string[] | null;
  includeFolderChildren?: boolean | null;
  names?: string[] | null;
  namesCi?: string[] | null;
  nameEx?: string | null;
  pathEx?: string | null;
  productTypes?: string[] | null;
  productBaseTypes?: string[] | null;
  statuses?: string[] | null;
  tags?: string[] | null;
  filter?: string | null;
  versionFilter?: string | null;
  taskFilter?: string | null;
}

export interface VersionArgs extends PageArgs {
  ids?: string[] | null;
  productIds?: string[] | null;
  taskIds?: string[] | null;
  folderIds?: string[] | null;
  includeFolderChildren?: boolean | null;
  version?: number | null;
  versions?: number[] | null;
  authors?: string[] | null;
  statuses?: string[] | null;
  tags?: string[] | null;
  latestOnly?: boolean | null;
  heroOnly?: boolean | null;
  heroOrLatestOnly?: boolean | null;
  hasReviewables?: boolean | null;
  filter?: string | null;
  productFilter?: string | null;
  taskFilter?: string | null;
}

export interface RepresentationArgs extends PageArgs {
  ids?: string[] | null;
  versionIds?: string[] | null;
  names?: string[] | null;
  statuses?: string[] | null;
  tags?: string[] | null;
  filter?: string | null;
}

type Pred<T> = (item: T) => boolean;

export interface Query<T> {
  candidates: readonly T[];
  accept: (item: T) => boolean;
}

const NONE = { candidates: [], accept: () => false };

/** QueryFilter arguments on published entities are not emulated: refuse rather than ignore them. */
function refuseUnemulated(args: Record<string, unknown>, names: string[]): void {
  for (const name of names) if (args[name] != null) throw gqlError(501, `The emulator does not support the ${name} argument here`);
}

/** Ids of the given folders and every folder below them (the `includeFolderChildren` path match). */
function withDescendants(project: ProjectState, ids: string[]): Set<string> {
  const out = new Set(ids.filter((id) => project.folders.has(id)));
  for (const id of [...out]) descendantsOf(project, id, out);
  return out;
}

export function productQuery(project: ProjectState, args: ProductArgs, folderScope?: FolderRecord): Query<ProductRecord> {
  refuseUnemulated(args as Record<string, unknown>, ["filter", "versionFilter", "taskFilter"]);
  const table = project.published.products;
  for (const list of [args.ids, args.folderIds, args.names, args.namesCi, args.productTypes, args.productBaseTypes, args.statuses, args.tags]) {
    if (list && list.length === 0) return NONE;
  }
  checkNames(args.names);
  checkNames(args.namesCi);
  checkNames(args.productTypes, TYPE_NAME_PATTERN);
  checkNames(args.productBaseTypes);
  checkNames(args.statuses, STATUS_PATTERN);
  checkNames(args.tags);
  const preds: Pred<ProductRecord>[] = [];
  let candidates: readonly ProductRecord[];
  if (args.folderIds) {
    const folders = args.includeFolderChildren ? withDescendants(project, args.folderIds) : new Set(args.folderIds);
    candidates = [...folders].flatMap((id) => table.childrenOf(id)).sort((a, b) => a.creationOrder - b.creationOrder);
  } else if (folderScope) candidates = table.childrenOf(folderScope.id);
  else candidates = table.inOrder();
  if (args.ids) {
    const ids = new Set(args.ids);
    preds.push((p) => ids.has(p.id));
  }
  if (args.names) preds.push((p) => args.names!.includes(p.name));
  if (args.namesCi) {
    const names = new Set(args.namesCi.map((n) => n.toLowerCase()));
    preds.push((p) => names.has(p.name.toLowerCase()));
  }
  if (args.productTypes) preds.push((p) => args.productTypes!.includes(p.productType));
  if (args.productBaseTypes) preds.push((p) => p.productBaseType !== null && args.productBaseTypes!.includes(p.productBaseType));
  if (args.statuses) preds.push((p) => args.statuses!.includes(p.status));
  if (args.tags) preds.push((p) => args.tags!.every((t) => p.tags.includes(t)));
  if (args.nameEx != null) {
    const re = regexArg(args.nameEx, "nameEx");
    preds.push((p) => re.test(p.name));
  }
  if (args.pathEx != null) {
    const re = regexArg(args.pathEx, "pathEx");
    preds.push((p) => {
      const folder = project.folders.get(p.folderId);
      return !!folder && re.test(`/${project.folderPath(folder)}`);
    });
  }
  return { candidates, accept: (p) => preds.every((pred) => pred(p)) };
}

/** The highest non-negative version of each product (ayon-backend resolvers/versions.py latest_versions). */
function latestVersionIds(project: ProjectState): Set<string> {
  const best = new Map<string, VersionRecord>();
  for (const v of project.published.versions.inOrder()) {
    if (v.version < 0) continue;
    const current = best.get(v.productId);
    if (!current || v.version > current.version) best.set(v.productId, v);
  }
  return new Set([...best.values()].map((v) => v.id));
}

export function versionQuery(project: ProjectState, args: VersionArgs, scope?: { product?: ProductRecord; task?: TaskRecord }): Query<VersionRecord> {
  refuseUnemulated(args as Record<string, unknown>, ["filter", "productFilter", "taskFilter"]);
  const table = project.published.versions;
  if (args.ids && args.ids.length === 1 && args.ids[0] === "0".repeat(32)) return NONE;
  for (const list of [args.ids, args.versions, args.authors, args.statuses, args.tags, args.productIds, args.folderIds]) {
    if (list && list.length === 0) return NONE;
  }
  checkUserNames(args.authors);
  checkNames(args.statuses, STATUS_PATTERN);
  checkNames(args.tags);
  const preds: Pred<VersionRecord>[] = [];
  let candidates: readonly VersionRecord[] = table.inOrder();
  if (args.productIds) {
    const ids = new Set(args.productIds);
    preds.push((v) => ids.has(v.productId));
  } else if (scope?.product) candidates = table.childrenOf(scope.product.id);
  if (args.taskIds?.length) {
    const ids = new Set(args.taskIds);
    preds.push((v) => v.taskId !== null && ids.has(v.taskId));
  } else if (scope?.task) preds.push((v) => v.taskId === scope.task!.id);
  if (args.folderIds) {
    const folders = args.includeFolderChildren ? withDescendants(project, args.folderIds) : new Set(args.folderIds);
    preds.push((v) => {
      const product = project.published.products.get(v.productId);
      return !!product && folders.has(product.folderId);
    });
  }
  if (args.ids) {
    const ids = new Set(args.ids);
    preds.push((v) => ids.has(v.id));
  }
  if (args.version) preds.push((v) => v.version === args.version);
  if (args.versions) preds.push((v) => args.versions!.includes(v.version));
  if (args.authors) preds.push((v) => v.author !== null && args.authors!.includes(v.author));
  if (args.statuses) preds.push((v) => args.statuses!.includes(v.status));
  if (args.tags) preds.push((v) => args.tags!.every((t) => v.tags.includes(t)));
  if (args.latestOnly) {
    const latest = latestVersionIds(project);
    preds.push((v) => latest.has(v.id));
  } else if (args.heroOnly) preds.push((v) => v.version < 0);
  else if (args.heroOrLatestOnly) {
    const latest = latestVersionIds(project);
    preds.push((v) => v.version < 0 || latest.has(v.id));
  }
  // The emulator stores no reviewables: hasReviewables true matches nothing.
  if (args.hasReviewables === true) return NONE;
  return { candidates, accept: (v) => preds.every((pred) => pred(v)) };
}

export function representationQuery(project: ProjectState, args: RepresentationArgs, versionScope?: VersionRecord): Query<RepresentationRecord> {
  refuseUnemulated(args as Record<string, unknown>, ["filter"]);
  const table = project.published.representations;
  for (const list of [args.ids, args.versionIds, args.names, args.statuses, args.tags]) {
    if (list && list.length === 0) return NONE;
  }
  checkNames(args.names);
  checkNames(args.statuses, STATUS_PATTERN);
  checkNames(args.tags);
  const preds: Pred<RepresentationRecord>[] = [];
  let candidates: readonly RepresentationRecord[] = table.inOrder();
  if (args.versionIds) {
    const ids = new Set(args.versionIds);
    preds.push((r) => ids.has(r.versionId));
  } else if (versionScope) candidates = table.childrenOf(versionScope.id);
  if (args.ids) {
    const ids = new Set(args.ids);
    preds.push((r) => ids.has(r.id));
  }
  if (args.names) preds.push((r) => args.names!.includes(r.name));
  if (args.statuses) preds.push((r) => args.statuses!.includes(r.status));
  if (args.tags) preds.push((r) => args.tags!.every((t) => r.tags.includes(t)));
  return { candidates, accept: (r) => preds.every((pred) => pred(r)) };
}
