// How a stored value reads back (shotgun_api3 docs/reference.rst, Data Types): links as {id,name,type} with retired
// targets gone, checkboxes never null, the display name computed from the identity field. Shared by REST records and
// the flat records the in-process API returns; REST additionally spells floats as strings.
import type { FieldDef } from "../schema/field-def.js";
import { linkDict, type DisplayNamer, type LinkDict } from "./display-names.js";
import { Row } from "./rows.js";

export function readLink(value: unknown, displayName: DisplayNamer): LinkDict | null {
  return value instanceof Row && !value.retired ? linkDict(value, displayName) : null;
}

export function readMulti(value: unknown, displayName: DisplayNamer): LinkDict[] {
  if (!Array.isArray(value)) return [];
  const out: LinkDict[] = [];
  for (const r of value as Row[]) if (!r.retired) out.push(linkDict(r, displayName));
  return out;
}

/** A field's value as a client sees it (floats still numbers). */
export function readField(row: Row, def: FieldDef, displayName: DisplayNamer): unknown {
  switch (def.dataType) {
    case "entity":
      return readLink(row.v[def.name], displayName);
    case "multi_entity":
      return readMulti(row.v[def.name], displayName);
    case "checkbox":
      return row.v[def.name] === true;
  }
  if (def.name === "id") return row.id;
  if (def.name === "cached_display_name") return displayName(row);
  if (def.name === "open_notes_count") return 0; // Notes are not linked by the emulator's stock writes
  const value = row.v[def.name] ?? null;
  // JSON-valued fields are copied out, so an in-process caller cannot edit the stored value by accident.
  return value !== null && typeof value === "object" ? structuredClone(value) : value;
}

/** Floats read as strings rounded to 6 decimals, always with a decimal point ("25.0"). */
export function formatFloat(value: unknown): unknown {
  if (typeof value !== "number") return value ?? null;
  const text = String(Number(value.toFixed(6)));
  return /[.e]/.test(text) ? text : `${text}.0`;
}
