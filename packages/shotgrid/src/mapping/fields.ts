/**
 * One ShotGrid record's mapped fields (custom attributes, tags, task assignees) and the AYON change that brings
 * an AYON entity in line with them. Pure. The full sync (plan.ts), the incremental sync (entity-changes.ts) and
 * the import all use these two functions, so a re-run with nothing changed in ShotGrid writes nothing.
 */
import type { FieldMap } from "./attrib-map.js";
import { sameAttribValue, sgToAyon } from "./attrib-values.js";
import { sameTags, tagNames } from "./tags.js";

/** The AYON-side values a ShotGrid record asks for. */
export interface MappedFields {
  attrib: Array<{ name: string; type: string; value: unknown }>;
  /** Tag names; null when `tags` was not read (nothing is then written). */
  tags: string[] | null;
  /** HumanUser ids of a Task's `task_assignees` (groups left out, as the Python addon does); null when not read. */
  assignees: number[] | null;
  /** Values that could not be converted: `sg_field: reason`. */
  problems: string[];
}

/** The AYON entity's current values of the mapped fields. */
export interface CurrentFields {
  /** Effective attribute values (inherited ones included: an equal inherited value is not written again). */
  attrib: Record<string, unknown>;
  tags: readonly string[];
  /** Tasks only. */
  assignees?: readonly string[];
}

/** Reads the mapped fields of a record (`sg_<field>` first when ShotGrid sent it, then `<field>`). */
export function mapRecordFields(record: { type: string; [field: string]: unknown }, fieldMap: FieldMap): MappedFields {
  const out: MappedFields = { attrib: [], tags: tagNames(record.tags), assignees: null, problems: [] };
  for (const m of fieldMap.forType(record.type)) {
    const field = m.sgFields.find((f) => f in record);
    if (field === undefined) continue;
    const converted = sgToAyon(record[field], m.type);
    if (converted.ok === true) out.attrib.push({ name: m.ayon, type: m.type, value: converted.value });
    else if (converted.ok === false) out.problems.push(`${field}: ${converted.reason} (AYON ${m.ayon} is ${m.type})`);
  }
  if (record.type === "Task" && "task_assignees" in record) {
    const list = Array.isArray(record.task_assignees) ? record.task_assignees : [];
    out.assignees = list
      .filter((l): l is { type: string; id: number } => typeof l === "object" && l !== null && (l as { type?: unknown }).type === "HumanUser")
      .map((l) => l.id);
  }
  return out;
}

export interface FieldChanges {
  /** To merge into an operation's `data`: `attrib`, `tags`, `assignees`, only what differs. */
  data: { attrib?: Record<string, unknown>; tags?: string[]; assignees?: string[] };
  /** ShotGrid user ids with no AYON user (reported on the job; the others are still assigned). */
  unknownUsers: number[];
  /** AYON field names that change (for reports). */
  changed: string[];
}

/**
 * The AYON changes for `wanted` against `current` (null current = a new entity: every value is written).
 * `resolveUser` maps a ShotGrid user id to an AYON user name.
 */
export function fieldChanges(wanted: MappedFields, current: CurrentFields | null, resolveUser: (sgUserId: number) => string | null): FieldChanges {
  const result: FieldChanges = { data: {}, unknownUsers: [], changed: [] };
  const attrib: Record<string, unknown> = {};
  for (const { name, type, value } of wanted.attrib) {
    if (current && sameAttribValue(current.attrib[name], value, type)) continue;
    attrib[name] = value;
    result.changed.push(name);
  }
  if (Object.keys(attrib).length > 0) result.data.attrib = attrib;
  if (wanted.tags !== null && !(current ? sameTags(current.tags, wanted.tags) : wanted.tags.length === 0)) {
    result.data.tags = [...wanted.tags];
    result.changed.push("tags");
  }
  if (wanted.assignees !== null) {
    const names: string[] = [];
    for (const id of wanted.assignees) {
      const name = resolveUser(id);
      if (name === null) result.unknownUsers.push(id);
      else if (!names.includes(name)) names.push(name);
    }
    if (!(current ? sameTags(current.assignees ?? [], names) : names.length === 0)) {
      result.data.assignees = names;
      result.changed.push("assignees");
    }
  }
  return result;
}

/** Merges mapped-field changes into an operation's data (attributes next to the identity ones). */
export function mergeFieldData(data: Record<string, unknown>, fields: FieldChanges["data"]): void {
  if (fields.attrib) data.attrib = { ...((data.attrib as Record<string, unknown> | undefined) ?? {}), ...fields.attrib };
  if (fields.tags) data.tags = fields.tags;
  if (fields.assignees) data.assignees = fields.assignees;
}

/** The fields to read for a type besides the hierarchy's (see FieldMap.readFields). */
export function mappedReadFields(fieldMap: FieldMap | null | undefined, sgType: string): string[] {
  return fieldMap ? fieldMap.readFields(sgType) : [];
}
