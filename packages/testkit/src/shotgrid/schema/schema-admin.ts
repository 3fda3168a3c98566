// Custom field administration: create from a display name (`sg_` + lowercase, every other character
// `_`; a clash with a live field gets a silent `_1`, `_2`… suffix; a clash with a retired one is refused),
// update of the name/description properties, retirement (the name stays taken) and revival.
import { badRequest, SgError } from "../errors.js";
import { FieldDef, type FieldSchemaJson, type Wrapped } from "./field-def.js";
import type { EntityTypeDef, ShotgridSchema } from "./schema.js";

export interface PropertyInput {
  property_name: string;
  value: unknown;
}

/** The data types a field can be created with, per Autodesk's Node client (shotgun-nodejs). */
const CREATABLE = new Set([
  "checkbox",
  "currency",
  "date",
  "date_time",
  "duration",
  "entity",
  "float",
  "footage",
  "list",
  "multi_entity",
  "number",
  "percent",
  "status_list",
  "text",
  "timecode",
  "url",
  "uuid",
]);

function serverError(title: string): SgError {
  return new SgError({ status: 500, code: null, title, source: null });
}

function wrap<T>(value: T, editable = true): Wrapped<T> {
  return { value, editable };
}

export function programmaticName(displayName: string): string {
  return `sg_${displayName.toLowerCase().replace(/[^a-z0-9]/g, "_")}`;
}

function propertyMap(properties: unknown): Map<string, unknown> {
  if (!Array.isArray(properties)) throw badRequest("properties must be a list of {property_name, value}", { properties: "invalid" });
  const map = new Map<string, unknown>();
  for (const p of properties as PropertyInput[]) {
    if (typeof p !== "object" || p === null || typeof p.property_name !== "string") {
      throw badRequest("properties must be a list of {property_name, value}", { properties: "invalid" });
    }
    map.set(p.property_name, p.value);
  }
  return map;
}

export function createField(schema: ShotgridSchema, type: EntityTypeDef, dataType: unknown, properties: unknown): FieldDef {
  if (dataType === "calculated") throw serverError("Shotgun Server Error");
  if (typeof dataType !== "string" || !CREATABLE.has(dataType)) throw badRequest("data_type is not valid", { data_type: String(dataType) });
  const props = propertyMap(properties);
  const display = props.get("name");
  if (typeof display !== "string" || display.trim() === "") throw badRequest("name is missing", { name: "missing" });
  const json: FieldSchemaJson = {
    name: wrap(display),
    entity_type: wrap(type.name, false),
    data_type: wrap(dataType, false),
    editable: wrap(true, false),
    mandatory: wrap(false, false),
    unique: wrap(false, false),
    visible: wrap(true, false),
    ui_value_displayable: wrap(true, false),
    description: wrap(typeof props.get("description") === "string" ? (props.get("description") as string) : ""),
    custom_metadata: wrap(""),
    properties: { default_value: wrap(props.get("default_value") ?? null), summary_default: wrap("none") },
  };
  if (dataType === "checkbox") {
    const dv = props.get("default_value");
    if (dv !== true && dv !== false) throw serverError("Only true or false allowed in checkbox");
  }
  if (dataType === "entity" || dataType === "multi_entity") {
    const validTypes = props.get("valid_types");
    if (!Array.isArray(validTypes) || validTypes.length !== 1 || !schema.type(String(validTypes[0]))) {
      throw badRequest("valid_types must name exactly one entity type", { valid_types: JSON.stringify(validTypes ?? null) });
    }
    json.properties.valid_types = wrap(validTypes.map(String));
  }
  if (dataType === "list" || dataType === "status_list") {
    const values = props.get("valid_values");
    const list = Array.isArray(values) ? values.map(String) : [];
    json.properties.valid_values = wrap(list);
    if (dataType === "status_list") {
      json.properties.display_values = wrap(Object.fromEntries(list.map((v) => [v, v])));
      json.properties.hidden_values = wrap([]);
    }
  }
  const name = freeName(type, programmaticName(display));
  const def = new FieldDef(name, json);
  type.fields.set(name, def);
  return def;
}

function freeName(type: EntityTypeDef, base: string): string {
  for (let i = 0; ; i++) {
    const candidate = i === 0 ? base : `${base}_${i}`;
    const existing = type.fields.get(candidate);
    if (!existing) return candidate;
    if (existing.retired) {
      throw badRequest("schema_field_create() failed, there is a retired field with the same field_name", { field_name: candidate });
    }
  }
}

/** Top-level `name`/`description`/`custom_metadata`, or an editable entry of `properties`. Anything else —
 *  a `data_type` change included — is accepted and changes nothing (measured on a real site). */
export function updateField(def: FieldDef, properties: unknown): void {
  for (const [name, value] of propertyMap(properties)) {
    if (name === "name" || name === "description" || name === "custom_metadata") {
      if (typeof value !== "string") throw badRequest(`${name} must be a string`, { [name]: "invalid" });
      def.json[name] = wrap(value);
      continue;
    }
    const prop = def.json.properties[name];
    if (prop?.editable) prop.value = value;
  }
}

/** Only custom fields can be retired; what a real site does with stock ones was not measured. */
export function retireField(def: FieldDef): void {
  if (!def.name.startsWith("sg_")) throw badRequest(`Field '${def.entityType}.${def.name}' is a built-in field and cannot be deleted`);
  def.retired = true;
}
