/**
 * REST records (ShotGrid REST API v1, JSON:API style) and their flattened form. ShotGrid puts scalars under
 * `attributes` and every entity/multi_entity field under `relationships`; callers get one plain object instead:
 * `{ type, id, ...attributes, <link>: {type,id,name} | null, <multi link>: [{type,id,name}, ...] }`.
 * Dotted fields (`sg_sequence.Sequence.code`) arrive as flat attribute keys and stay flat keys.
 * Values are not converted: floats stay strings (see parseSgFloat), timestamps stay strings (parseShotgridTime).
 */
/** A link to another entity, as read. `name` is the target's display name. */
export interface EntityLink {
  type: string;
  id: number;
  name: string | null;
}

/** A flattened ShotGrid record. */
export interface ShotgridRecord {
  type: string;
  id: number;
  [field: string]: unknown;
}

/** One record of a REST response, as sent. */
export interface WireRecord {
  type: string;
  id: number;
  attributes?: Record<string, unknown>;
  relationships?: Record<string, { data?: WireLink | WireLink[] | null }>;
}

interface WireLink {
  type: string;
  id: number;
  name?: string | null;
}

/** Where a response body departs from the documented envelope (a dotted path such as `data.3.id`). */
export class WireShapeError extends Error {
  constructor(readonly path: string) {
    super(`unexpected body at ${path}`);
  }
}

// Hand-written checks instead of a zod schema: a full sync reads tens of thousands of rows, and this is several
// times faster on 5000-row pages. Paths are only built once something is wrong.
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function isLink(v: unknown): boolean {
  if (!isObject(v) || typeof v.type !== "string" || !Number.isInteger(v.id)) return false;
  const name = v.name;
  return name === undefined || name === null || typeof name === "string";
}

function badRelationship(rel: unknown): string | null {
  if (!isObject(rel)) return "";
  const data = rel.data;
  if (Array.isArray(data)) {
    for (let i = 0; i < data.length; i += 1) if (!isLink(data[i])) return `.data.${i}`;
    return null;
  }
  return data === null || data === undefined || isLink(data) ? null : ".data";
}

/** What is wrong with a record, as a path suffix ("" = the record itself), or null when it is fine. */
function recordProblem(v: unknown): string | null {
  if (!isObject(v)) return "";
  if (typeof v.type !== "string") return ".type";
  if (!Number.isInteger(v.id)) return ".id";
  if (v.attributes !== undefined && !isObject(v.attributes)) return ".attributes";
  const rels = v.relationships;
  if (rels === undefined) return null;
  if (!isObject(rels)) return ".relationships";
  for (const key in rels) {
    const bad = badRelationship(rels[key]);
    if (bad !== null) return `.relationships.${key}${bad}`;
  }
  return null;
}

/** Check one record's shape; returns it typed. `path` names it in the error. */
export function checkWireRecord(v: unknown, path: string): WireRecord {
  const problem = recordProblem(v);
  if (problem !== null) throw new WireShapeError(`${path}${problem}`);
  return v as WireRecord;
}

/** `{"data": record}` (read, create, update). */
export function readSingleEnvelope(body: unknown): WireRecord {
  if (!isObject(body)) throw new WireShapeError("(body)");
  return checkWireRecord(body.data, "data");
}

/** `{"data": [record, ...], "links": {...}}` (list, _search). */
export function readListEnvelope(body: unknown): WireRecord[] {
  if (!isObject(body) || !Array.isArray(body.data)) throw new WireShapeError(isObject(body) ? "data" : "(body)");
  const records = body.data as unknown[];
  for (let i = 0; i < records.length; i += 1) {
    const problem = recordProblem(records[i]);
    if (problem !== null) throw new WireShapeError(`data.${i}${problem}`);
  }
  return records as WireRecord[];
}

function toLink(raw: WireLink): EntityLink {
  return { type: raw.type, id: raw.id, name: raw.name ?? null };
}

/** Flatten one REST record. Relationship keys win over a same-named attribute (ShotGrid never sends both). */
export function flattenRecord(record: WireRecord): ShotgridRecord {
  const out: ShotgridRecord = { type: record.type, id: record.id };
  const attributes = record.attributes;
  if (attributes) {
    for (const key in attributes) {
      // `type` and `id` are the record's own identity; never let an attribute overwrite them.
      if (key !== "type" && key !== "id") out[key] = attributes[key];
    }
  }
  const relationships = record.relationships;
  if (relationships) {
    for (const key in relationships) {
      const data = relationships[key]?.data;
      if (Array.isArray(data)) out[key] = data.map(toLink);
      else out[key] = data ? toLink(data) : null;
    }
  }
  return out;
}

/** Read a link-valued field of a flattened record, or null when it is empty or not a link. */
export function linkOf(record: ShotgridRecord, field: string): EntityLink | null {
  const value = record[field];
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const v = value as Partial<EntityLink>;
    if (typeof v.type === "string" && typeof v.id === "number") return { type: v.type, id: v.id, name: v.name ?? null };
  }
  return null;
}

/** Read a multi-link field of a flattened record ([] when empty or absent). */
export function linksOf(record: ShotgridRecord, field: string): EntityLink[] {
  const value = record[field];
  return Array.isArray(value) ? (value as EntityLink[]) : [];
}
