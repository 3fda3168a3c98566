// Product, version and representation writes inside a transaction, with the checks the real models,
// constraints and hooks apply. ayon-backend sources: ayon_server/entities/models/fields.py (fields and
// patterns), schemas/schema.project.sql (foreign keys, unique names among active siblings),
// ayon_server/entities/product.py (productBaseType defaults to productType), ayon_server/entities/version.py
// (one hero version, i.e. version < 0, per product; names v001 / HERO),
// ayon_server/operations/project_level/entity_create.py (author defaults to the acting user; only admins
// publish for someone else; "<Type> <name> created"), entity_delete.py ("<Type> <path> deleted").
import { defaultStatus } from "./anatomy.js";
import { changeEvents, createdEvent, deletedEvent, type EntitySnapshot } from "./entity-events.js";
import { checkStatus, cleanAttribOr400, emit, entityNotFound, fkError, mergeData, parseData, type WriteContext } from "./entities.js";
import { AyonError, forbidden } from "./errors.js";
import { ENTITY_ID_REGEX, newEntityId, pgValue } from "./ids.js";
import { mergeAttrib } from "./attrib-values.js";
import { NAME_REGEX, USER_NAME_REGEX } from "./naming.js";
import type { ProductRecord, PublishedTable, RepresentationRecord, VersionRecord } from "./published-store.js";
import type { PendingEvent } from "./transaction.js";
import type { JsonObject } from "./types.js";
import type { Schema } from "./validation.js";

type PublishedRecord = ProductRecord | VersionRecord | RepresentationRecord;

const ID = { type: "string", regex: ENTITY_ID_REGEX } as const;
const COMMON: Schema = {
  id: { ...ID },
  attrib: { type: "object", nullable: true },
  data: { type: "object", nullable: true },
  active: { type: "bool" },
  status: { type: "string", nullable: true },
  tags: { type: "array", items: { type: "string" } },
};

export const PRODUCT_BODY_SCHEMA: Schema = {
  ...COMMON,
  name: { type: "string", regex: NAME_REGEX },
  folderId: { ...ID },
  productType: { type: "string", regex: NAME_REGEX },
  productBaseType: { type: "string", nullable: true, regex: NAME_REGEX },
};

export const VERSION_BODY_SCHEMA: Schema = {
  ...COMMON,
  version: { type: "int" },
  productId: { ...ID },
  taskId: { ...ID, nullable: true },
  thumbnailId: { ...ID, nullable: true },
  author: { type: "string", nullable: true, regex: USER_NAME_REGEX },
};

export const REPRESENTATION_BODY_SCHEMA: Schema = {
  ...COMMON,
  name: { type: "string", regex: NAME_REGEX },
  versionId: { ...ID },
  // ayon-backend entities/models/submodels.py RepresentationFileModel.
  files: {
    type: "array",
    nullable: true,
    items: {
      type: "object",
      fields: {
        id: { type: "string", required: true },
        name: { type: "string", nullable: true },
        path: { type: "string", required: true },
        size: { type: "int" },
        hash: { type: "string", nullable: true },
        hashType: { type: "string", enum: ["md5", "sha1", "sha256", "op3"] },
      },
    },
  },
  traits: { type: "object", nullable: true },
};

export const PRODUCT_REQUIRED = ["name", "folderId", "productType"];
export const VERSION_REQUIRED = ["version", "productId"];
export const REPRESENTATION_REQUIRED = ["name", "versionId"];

/** ayon-backend ayon_server/entities/version.py version_name. */
export function versionName(version: number): string {
  return version < 0 ? "HERO" : `v${String(version).padStart(3, "0")}`;
}

/** ayon-backend entities/models/submodels.py RepresentationFileModel: id and path required, size 0, hashType md5. */
function parseFiles(raw: unknown): JsonObject[] {
  if (raw == null) return [];
  return (raw as JsonObject[]).map((file, i) => {
    if (typeof file.id !== "string" || typeof file.path !== "string") {
      throw new AyonError(400, `Invalid data provided: files.${i}: ${typeof file.id !== "string" ? "id" : "path"} field required`, "invalid_data");
    }
    const hashType = file.hashType ?? file.hash_type ?? "md5";
    if (!["md5", "sha1", "sha256", "op3"].includes(String(hashType))) {
      throw new AyonError(400, `Invalid data provided: files.${i}.hashType: unexpected value`, "invalid_data");
    }
    const out: JsonObject = { id: file.id };
    if (typeof file.name === "string") out.name = file.name;
    out.path = file.path;
    out.size = typeof file.size === "number" ? file.size : 0;
    if (typeof file.hash === "string") out.hash = file.hash;
    out.hashType = hashType;
    return out;
  });
}

function checkNewPublishedId(ctx: WriteContext, id: string): void {
  const p = ctx.project.published;
  if (p.products.get(id) || p.versions.get(id) || p.representations.get(id)) {
    throw new AyonError(409, `Entity with id ${id} already exists.`, "unique-violation");
  }
}

/** The id of a new row (the path's, the body's or a fresh one), refused when any published table holds it. */
function newPublishedId(ctx: WriteContext, entityId: string | undefined, d: JsonObject): string {
  const id = entityId ?? (d.id as string | undefined) ?? newEntityId();
  checkNewPublishedId(ctx, id);
  return id;
}

/** The row an update or delete names, or 404. */
function existing<T extends PublishedRecord>(table: PublishedTable<T>, id: string): T {
  const row = table.get(id);
  if (!row) throw entityNotFound(id);
  return row;
}

/** A PATCH body parsed with nothing required; its id is ignored. */
function patchData(schema: Schema, data: unknown): JsonObject {
  const d = parseData(schema, data, []);
  delete d.id;
  return d;
}

/** Writes the changes stamped with the acting user and time, then emits the events computed before the write. */
function applyUpdate<T extends PublishedRecord>(ctx: WriteContext, table: PublishedTable<T>, row: T, changes: Partial<T>, events: PendingEvent[]): void {
  table.update(row, { ...changes, updatedBy: ctx.user, updatedAt: ctx.state.now() }, ctx.tx);
  for (const e of events) emit(ctx, e);
}

function statusFor(ctx: WriteContext, type: string, given: unknown): string {
  const status = (given as string | null | undefined) ?? defaultStatus(ctx.project.statuses, type) ?? "";
  checkStatus(ctx.project, status);
  return status;
}

function base(ctx: WriteContext, type: string, d: JsonObject, order: number) {
  const now = ctx.state.now();
  return {
    attrib: mergeAttrib({}, cleanAttribOr400(ctx, type, d.attrib)),
    data: mergeData({}, (d.data as JsonObject | null | undefined) ?? {}),
    active: (d.active as boolean | undefined) ?? true,
    status: statusFor(ctx, type, d.status),
    tags: (d.tags as string[] | undefined) ?? [],
    createdBy: ctx.user,
    updatedBy: ctx.user,
    createdAt: now,
    updatedAt: now,
    creationOrder: order,
  };
}

/** The unique index on (parent, lower(name)) among active rows: another active sibling of that name is a 409. */
function checkUniqueName(siblings: { id: string; name: string; active: boolean }[], what: string, parentColumn: string, parentId: string, name: string, selfId: string): void {
  const other = siblings.find((r) => r.active && r.id !== selfId && r.name.toLowerCase() === name.toLowerCase());
  if (other) throw new AyonError(409, `${what} with ${parentColumn}, lower(name::text) '${pgValue(parentId)}, ${name.toLowerCase()}' already exists.`, "unique-violation");
}

/** Events of product/version/representation writes carry an empty path (observed on ayon-backend 1.16.0). */
function snapshot(record: PublishedRecord, parentId: string, name: string): EntitySnapshot {
  return { ...structuredClone(record), parentId, path: "", name } as EntitySnapshot;
}

// ------------------------------------------------------------------ products

function checkProductName(ctx: WriteContext, folderId: string, name: string, selfId: string): void {
  checkUniqueName(ctx.project.published.products.childrenOf(folderId), "Product", "folder_id", folderId, name, selfId);
}

export function createProduct(ctx: WriteContext, entityId: string | undefined, data: unknown): string {
  const d = parseData(PRODUCT_BODY_SCHEMA, data, PRODUCT_REQUIRED);
  const id = newPublishedId(ctx, entityId, d);
  const folderId = d.folderId as string;
  if (!ctx.project.folders.has(folderId)) throw fkError("folder_id", folderId, "folders");
  const table = ctx.project.published.products;
  const product: ProductRecord = {
    id,
    name: d.name as string,
    folderId,
    productType: d.productType as string,
    productBaseType: (d.productBaseType as string | null | undefined) ?? (d.productType as string),
    ...base(ctx, "product", d, table.nextCreationOrder()),
  };
  if (product.active) checkProductName(ctx, folderId, product.name, id);
  table.insert(product, ctx.tx);
  emit(ctx, createdEvent("product", ctx.project.name, id, folderId, product.name));
  return id;
}

export function updateProduct(ctx: WriteContext, id: string, data: unknown): void {
  const table = ctx.project.published.products;
  const product = existing(table, id);
  const d = patchData(PRODUCT_BODY_SCHEMA, data);
  const changes: Partial<ProductRecord> = commonChanges(ctx, "product", product, d);
  if (d.name != null) changes.name = d.name as string;
  if (d.productType != null) changes.productType = d.productType as string;
  if (d.productBaseType !== undefined) changes.productBaseType = d.productBaseType as string | null;
  if (d.folderId != null && d.folderId !== product.folderId) {
    if (!ctx.project.folders.has(d.folderId as string)) throw fkError("folder_id", d.folderId as string, "folders");
    changes.folderId = d.folderId as string;
  }
  if (changes.active ?? product.active) checkProductName(ctx, changes.folderId ?? product.folderId, changes.name ?? product.name, id);
  const events = changeEvents("product", ctx.project.name, snapshot(product, product.folderId, product.name), patchOf(ctx, "product", d));
  applyUpdate(ctx, table, product, changes, events);
}

export function deleteProduct(ctx: WriteContext, id: string): void {
  const product = existing(ctx.project.published.products, id);
  const entityData = snapshot(product, product.folderId, product.name);
  ctx.project.published.removeProduct(product, ctx.tx);
  emit(ctx, deletedEvent("product", ctx.project.name, id, product.folderId, "", entityData));
}

// ------------------------------------------------------------------ versions

function checkVersion(ctx: WriteContext, productId: string, version: number, selfId: string, active: boolean): void {
  const siblings = ctx.project.published.versions.childrenOf(productId).filter((v) => v.id !== selfId);
  if (version < 0 && siblings.some((v) => v.version < 0)) throw new AyonError(409, "Hero version already exists.", "conflict");
  if (active && siblings.some((v) => v.active && v.version === version)) {
    throw new AyonError(409, `Version with product_id, version '${pgValue(productId)}, ${version}' already exists.`, "unique-violation");
  }
}

export function createVersion(ctx: WriteContext, entityId: string | undefined, data: unknown, callerIsAdmin: boolean): string {
  const d = parseData(VERSION_BODY_SCHEMA, data, VERSION_REQUIRED);
  const id = newPublishedId(ctx, entityId, d);
  const author = (d.author as string | null | undefined) || ctx.user;
  if (!callerIsAdmin && author !== ctx.user) throw forbidden("Only admins can create versions for other users");
  const productId = d.productId as string;
  if (!ctx.project.published.products.get(productId)) throw fkError("product_id", productId, "products");
  const taskId = (d.taskId as string | null | undefined) ?? null;
  if (taskId !== null && !ctx.project.tasks.has(taskId)) throw fkError("task_id", taskId, "tasks");
  const table = ctx.project.published.versions;
  const version: VersionRecord = {
    id,
    version: d.version as number,
    productId,
    taskId,
    thumbnailId: (d.thumbnailId as string | null | undefined) ?? null,
    author,
    ...base(ctx, "version", d, table.nextCreationOrder()),
  };
  checkVersion(ctx, productId, version.version, id, version.active);
  table.insert(version, ctx.tx);
  emit(ctx, createdEvent("version", ctx.project.name, id, productId, versionName(version.version)));
  return id;
}

export function updateVersion(ctx: WriteContext, id: string, data: unknown): void {
  const table = ctx.project.published.versions;
  const version = existing(table, id);
  const d = patchData(VERSION_BODY_SCHEMA, data);
  const changes: Partial<VersionRecord> = commonChanges(ctx, "version", version, d);
  if (d.version != null) changes.version = d.version as number;
  if (d.author !== undefined) changes.author = d.author as string | null;
  if (d.thumbnailId !== undefined) changes.thumbnailId = d.thumbnailId as string | null;
  if (d.taskId !== undefined) {
    const taskId = d.taskId as string | null;
    if (taskId !== null && !ctx.project.tasks.has(taskId)) throw fkError("task_id", taskId, "tasks");
    changes.taskId = taskId;
  }
  if (d.productId != null && d.productId !== version.productId) {
    if (!ctx.project.published.products.get(d.productId as string)) throw fkError("product_id", d.productId as string, "products");
    changes.productId = d.productId as string;
  }
  checkVersion(ctx, changes.productId ?? version.productId, changes.version ?? version.version, id, changes.active ?? version.active);
  const events = changeEvents("version", ctx.project.name, snapshot(version, version.productId, versionName(version.version)), patchOf(ctx, "version", d));
  applyUpdate(ctx, table, version, changes, events);
}

export function deleteVersion(ctx: WriteContext, id: string): void {
  const version = existing(ctx.project.published.versions, id);
  const entityData = snapshot(version, version.productId, versionName(version.version));
  ctx.project.published.removeVersion(version, ctx.tx);
  emit(ctx, deletedEvent("version", ctx.project.name, id, version.productId, "", entityData));
}

// ------------------------------------------------------------------ representations

function checkRepresentationName(ctx: WriteContext, versionId: string, name: string, selfId: string): void {
  checkUniqueName(ctx.project.published.representations.childrenOf(versionId), "Representation", "version_id", versionId, name, selfId);
}

export function createRepresentation(ctx: WriteContext, entityId: string | undefined, data: unknown): string {
  const d = parseData(REPRESENTATION_BODY_SCHEMA, data, REPRESENTATION_REQUIRED);
  const id = newPublishedId(ctx, entityId, d);
  const versionId = d.versionId as string;
  if (!ctx.project.published.versions.get(versionId)) throw fkError("version_id", versionId, "versions");
  const table = ctx.project.published.representations;
  const rep: RepresentationRecord = {
    id,
    name: d.name as string,
    versionId,
    files: parseFiles(d.files),
    traits: (d.traits as JsonObject | null | undefined) ?? null,
    ...base(ctx, "representation", d, table.nextCreationOrder()),
  };
  if (rep.active) checkRepresentationName(ctx, versionId, rep.name, id);
  table.insert(rep, ctx.tx);
  emit(ctx, createdEvent("representation", ctx.project.name, id, versionId, rep.name));
  return id;
}

export function updateRepresentation(ctx: WriteContext, id: string, data: unknown): void {
  const table = ctx.project.published.representations;
  const rep = existing(table, id);
  const d = patchData(REPRESENTATION_BODY_SCHEMA, data);
  const changes: Partial<RepresentationRecord> = commonChanges(ctx, "representation", rep, d);
  if (d.name != null) changes.name = d.name as string;
  if (d.files !== undefined) changes.files = parseFiles(d.files);
  if (d.traits !== undefined) changes.traits = d.traits as JsonObject | null;
  if (d.versionId != null && d.versionId !== rep.versionId) {
    if (!ctx.project.published.versions.get(d.versionId as string)) throw fkError("version_id", d.versionId as string, "versions");
    changes.versionId = d.versionId as string;
  }
  if (changes.active ?? rep.active) checkRepresentationName(ctx, changes.versionId ?? rep.versionId, changes.name ?? rep.name, id);
  const events = changeEvents("representation", ctx.project.name, snapshot(rep, rep.versionId, rep.name), patchOf(ctx, "representation", d));
  applyUpdate(ctx, table, rep, changes, events);
}

export function deleteRepresentation(ctx: WriteContext, id: string): void {
  const rep = existing(ctx.project.published.representations, id);
  const entityData = snapshot(rep, rep.versionId, rep.name);
  ctx.project.published.representations.remove(rep, ctx.tx);
  emit(ctx, deletedEvent("representation", ctx.project.name, id, rep.versionId, "", entityData));
}

// ------------------------------------------------------------------ shared

function commonChanges<T extends PublishedRecord>(ctx: WriteContext, type: string, row: T, d: JsonObject): Partial<T> {
  const changes: Partial<ProductRecord & VersionRecord & RepresentationRecord> = {};
  if (d.status != null) {
    checkStatus(ctx.project, d.status as string);
    changes.status = d.status as string;
  }
  if (d.active !== undefined) changes.active = d.active as boolean;
  if (d.tags !== undefined) changes.tags = d.tags as string[];
  if (d.attrib != null) changes.attrib = mergeAttrib(row.attrib, cleanAttribOr400(ctx, type, d.attrib));
  if (d.data != null) changes.data = mergeData(row.data, d.data as JsonObject);
  return changes as Partial<T>;
}

/** The patch handed to changeEvents: attrib reduced to the requested, valid keys. */
function patchOf(ctx: WriteContext, type: string, d: JsonObject): JsonObject {
  return d.attrib == null ? d : { ...d, attrib: cleanAttribOr400(ctx, type, d.attrib) };
}

