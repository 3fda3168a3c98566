/**
 * Value conversions between ShotGrid fields and AYON attributes, by AYON attribute type. Pure, both ways, so
 * the AYON → ShotGrid direction can use the same rules.
 *
 * ShotGrid → AYON (the Python addon's `_sg_to_ay_dict` + `update_ay_entity_custom_attributes`, ayon-shotgrid
 * 0.6.19 services/shotgrid_common/utils.py):
 * - null / missing → nothing is written (the AYON value is kept), as the Python addon skips `None`;
 * - datetime ← a ShotGrid `date` ("YYYY-MM-DD", midnight UTC) or `date_time` (ISO timestamp); dates compare by
 *   day, so an AYON value written by the Python addon is not rewritten;
 * - float / integer ← numbers (ShotGrid REST sends floats as strings, "25.0"); an integer takes the whole part;
 * - string ← text, numbers, and an entity link's name; list_of_strings ← a list value, a multi-entity field's
 *   names, or one text;
 * - boolean ← checkbox.
 * A value that does not fit the type is refused (reported), never written half-converted.
 * AYON → ShotGrid (`get_sg_custom_attributes_data`): datetime → "YYYY-MM-DD" for `date` fields, floats as SgFloat;
 * entity links are not written (a name does not say which entity).
 */
import { sgFloat, type SgFloat } from "../client/index.js";

export type Converted = { ok: true; value: unknown } | { ok: false; reason: string } | { ok: "skip" };

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

const isLink = (v: unknown): v is { type: string; id: number; name?: string | null } =>
  typeof v === "object" && v !== null && !Array.isArray(v) && typeof (v as { type?: unknown }).type === "string" && typeof (v as { id?: unknown }).id === "number";

function linkName(v: { type: string; id: number; name?: string | null }): string {
  return typeof v.name === "string" && v.name !== "" ? v.name : `${v.type} ${v.id}`;
}

function asNumber(value: unknown): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "string" && value.trim() !== "") {
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

/** A ShotGrid date or timestamp → AYON's datetime text (ISO, UTC); null when not a date. */
export function toAyonDatetime(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const text = value.trim();
  if (DATE_ONLY.test(text)) return `${text}T00:00:00+00:00`;
  const ms = Date.parse(withZone(text));
  if (Number.isNaN(ms)) return null;
  return new Date(ms).toISOString().replace(/\.000Z$/, "+00:00").replace(/Z$/, "+00:00");
}

/** A zone-less timestamp (the Python addon sends naive datetimes) is read as UTC, not local time. */
function withZone(text: string): string {
  return /([zZ]|[+-]\d{2}:?\d{2})$/.test(text) ? text : `${text}Z`;
}

/** The UTC day of an AYON datetime value ("2024-03-01"), or null. */
export function dayOf(value: unknown): string | null {
  if (typeof value !== "string" || value.trim() === "") return null;
  const text = value.trim();
  if (DATE_ONLY.test(text)) return text;
  const ms = Date.parse(withZone(text));
  return Number.isNaN(ms) ? null : new Date(ms).toISOString().slice(0, 10);
}

/** One ShotGrid field value → the AYON attribute value of `type`. */
export function sgToAyon(value: unknown, type: string): Converted {
  if (value === null || value === undefined) return { ok: "skip" };
  switch (type) {
    case "datetime": {
      const out = toAyonDatetime(value);
      return out === null ? { ok: false, reason: `${JSON.stringify(value)} is not a date` } : { ok: true, value: out };
    }
    case "float": {
      const n = asNumber(value);
      return n === null ? { ok: false, reason: `${JSON.stringify(value)} is not a number` } : { ok: true, value: n };
    }
    case "integer": {
      const n = asNumber(value);
      return n === null ? { ok: false, reason: `${JSON.stringify(value)} is not a number` } : { ok: true, value: Math.trunc(n) };
    }
    case "boolean":
      return typeof value === "boolean" ? { ok: true, value } : { ok: false, reason: `${JSON.stringify(value)} is not a checkbox value` };
    case "string": {
      if (typeof value === "string") return { ok: true, value };
      if (typeof value === "number" || typeof value === "boolean") return { ok: true, value: String(value) };
      if (isLink(value)) return { ok: true, value: linkName(value) };
      if (Array.isArray(value)) return { ok: true, value: value.map((v) => (isLink(v) ? linkName(v) : String(v))).join(", ") };
      return { ok: false, reason: "an object cannot become text" };
    }
    case "list_of_strings": {
      if (Array.isArray(value)) return { ok: true, value: value.map((v) => (isLink(v) ? linkName(v) : String(v))) };
      if (isLink(value)) return { ok: true, value: [linkName(value)] };
      if (typeof value === "string") return { ok: true, value: value === "" ? [] : [value] };
      return { ok: false, reason: `${JSON.stringify(value)} is not a list` };
    }
    case "list_of_integers": {
      const list = Array.isArray(value) ? value : [value];
      const ints = list.map((v) => (isLink(v) ? v.id : asNumber(v)));
      return ints.every((n) => n !== null) ? { ok: true, value: ints.map((n) => Math.trunc(n as number)) } : { ok: false, reason: `${JSON.stringify(value)} is not a list of numbers` };
    }
    default:
      // list_of_any, dict...: links become {type, id, name}, the rest as read.
      return { ok: true, value };
  }
}

/** Whether the AYON value already equals the converted one (datetimes by day, numbers by value, lists in order). */
export function sameAttribValue(current: unknown, wanted: unknown, type: string): boolean {
  if (type === "datetime") return dayOf(current) !== null && dayOf(current) === dayOf(wanted);
  if (type === "float" || type === "integer") return asNumber(current) !== null && asNumber(current) === asNumber(wanted);
  return JSON.stringify(current ?? null) === JSON.stringify(wanted ?? null);
}

/** An AYON attribute value → the value for a ShotGrid field of `sgDataType` (schema `data_type`); null for none. */
export function ayonToSg(value: unknown, type: string, sgDataType: string): string | number | boolean | SgFloat | string[] | null {
  if (value === null || value === undefined) return null;
  // A link needs the target's id, which a name alone does not give: links are not written from AYON values.
  if (sgDataType === "entity" || sgDataType === "multi_entity") return null;
  if (type === "datetime") {
    const day = dayOf(value);
    if (day === null) return null;
    if (sgDataType === "date") return day;
    return toAyonDatetime(value)?.replace(/\+00:00$/, "Z") ?? null;
  }
  if (sgDataType === "float") {
    const n = asNumber(value);
    return n === null ? null : sgFloat(n);
  }
  if (sgDataType === "number") {
    const n = asNumber(value);
    return n === null ? null : Math.trunc(n);
  }
  if (sgDataType === "checkbox") return value === true;
  if (Array.isArray(value)) return sgDataType === "list" || sgDataType === "text" ? value.map(String).join(", ") : value.map(String);
  return typeof value === "string" ? value : String(value);
}
