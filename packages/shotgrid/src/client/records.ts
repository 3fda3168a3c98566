/**
 * REST records (reference §1.4) and their flattened form. ShotGrid puts scalars under `attributes` and every
 * entity/multi_entity field under `relationships`; callers get one plain object instead:
 * `{ type, id, ...attributes, <link>: {type,id,name} | null, <multi link>: [{type,id,name}, ...] }`.
 * Dotted fields (`sg_sequence.Sequence.code`) arrive as flat attribute keys and stay flat keys.
 * Values are not converted: floats stay strings (see parseSgFloat), timestamps stay strings (parseShotgridTime).
 */
import { z } from "zod";

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

const linkSchema = z
  .object({ type: z.string(), id: z.number().int(), name: z.string().nullable().optional() })
  .loose();

const relationshipSchema = z
  .object({ data: z.union([linkSchema, z.array(linkSchema), z.null()]).optional() })
  .loose();

/** One record of a REST response. */
export const wireRecordSchema = z
  .object({
    type: z.string(),
    id: z.number().int(),
    attributes: z.record(z.string(), z.unknown()).optional(),
    relationships: z.record(z.string(), relationshipSchema).optional(),
  })
  .loose();

export type WireRecord = z.infer<typeof wireRecordSchema>;

/** `{"data": record}` (read, create, update). */
export const singleEnvelopeSchema = z.object({ data: wireRecordSchema }).loose();

/** `{"data": [record, ...], "links": {...}}` (list, _search). */
export const listEnvelopeSchema = z.object({ data: z.array(wireRecordSchema) }).loose();

function toLink(raw: z.infer<typeof linkSchema>): EntityLink {
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
