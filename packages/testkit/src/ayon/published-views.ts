// Products, versions and representations on the REST wire: the server's entity models with
// exclude-none, in model field order (ayon-backend ayon_server/entities/models/fields.py), paths with a
// leading slash built from the folder path (ayon_server/entities/product.py, version.py,
// representation.py), and attrib = the entity's own values (these entities do not inherit).
import { versionName } from "./published-entities.js";
import type { ProductRecord, RepresentationRecord, VersionRecord } from "./published-store.js";
import type { ProjectState } from "./project-store.js";
import { isoTime } from "./request.js";
import type { AyonState } from "./state.js";
import type { JsonObject } from "./types.js";

function withoutNulls(obj: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(obj)) if (v !== null && v !== undefined) out[k] = v;
  return out;
}

function ownAttrib(state: AyonState, scope: string, own: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const def of state.attributes.activeFor(scope)) if (own[def.name] !== undefined) out[def.name] = own[def.name];
  return out;
}

export function productPath(project: ProjectState, p: ProductRecord): string {
  const folder = project.folders.get(p.folderId);
  return `/${folder ? `${project.folderPath(folder)}/` : ""}${p.name}`;
}

export function versionPath(project: ProjectState, v: VersionRecord): string {
  const product = project.published.products.get(v.productId);
  return `${product ? productPath(project, product) : ""}/${versionName(v.version)}`;
}

export function representationPath(project: ProjectState, r: RepresentationRecord): string {
  const version = project.published.versions.get(r.versionId);
  return `${version ? versionPath(project, version) : ""}/${r.name}`;
}

function tail(state: AyonState, scope: string, row: ProductRecord | VersionRecord | RepresentationRecord): JsonObject {
  const attrib = ownAttrib(state, scope, row.attrib);
  return {
    attrib,
    data: row.data,
    active: row.active,
    ownAttrib: Object.keys(attrib),
    status: row.status,
    tags: row.tags,
    createdBy: row.createdBy,
    updatedBy: row.updatedBy,
    createdAt: isoTime(row.createdAt),
    updatedAt: isoTime(row.updatedAt),
  };
}

export function productRestModel(state: AyonState, project: ProjectState, p: ProductRecord): JsonObject {
  return withoutNulls({
    id: p.id,
    name: p.name,
    folderId: p.folderId,
    productType: p.productType,
    productBaseType: p.productBaseType,
    path: productPath(project, p),
    ...tail(state, "product", p),
  });
}

export function versionRestModel(state: AyonState, project: ProjectState, v: VersionRecord): JsonObject {
  return withoutNulls({
    id: v.id,
    version: v.version,
    productId: v.productId,
    taskId: v.taskId,
    thumbnailId: v.thumbnailId,
    author: v.author,
    path: versionPath(project, v),
    ...tail(state, "version", v),
  });
}

export function representationRestModel(state: AyonState, project: ProjectState, r: RepresentationRecord): JsonObject {
  return withoutNulls({
    id: r.id,
    name: r.name,
    versionId: r.versionId,
    files: r.files,
    traits: r.traits,
    path: representationPath(project, r),
    ...tail(state, "representation", r),
  });
}
