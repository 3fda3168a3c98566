// schema_read / schema_entity_read / schema_field_read / schema_field_create / _update / _delete on the
// schema the REST door serves (same field JSON, same custom-field administration). A `project` parameter
// (`_add_project_param`) is accepted; per-project visibility is not modelled, so everything reads visible
// (shotgun_api3 `schema_read` docs: without a project "everything is reported as visible").
import { SgError } from "../errors.js";
import { createField, retireField, updateField } from "../schema/schema-admin.js";
import type { FieldDef } from "../schema/field-def.js";
import { entityType, objectParams, type Api3Call } from "./params.js";

function schemaChanged(call: Api3Call): void {
  call.services.store.schemaChanged();
  call.services.serializer.reset();
}

function liveField(call: Api3Call, typeName: unknown, fieldName: unknown, method: string): FieldDef {
  const type = entityType(call, typeName);
  const def = type.fields.get(String(fieldName));
  if (!def || def.retired) {
    throw new SgError({ status: 404, code: 103, title: `API ${method}() ${type.name}.${String(fieldName)} doesn't exist` });
  }
  return def;
}

/** `{Type: {field: schema}}` for every entity type. */
export function schemaRead(_raw: unknown, call: Api3Call): unknown {
  const out: Record<string, unknown> = {};
  for (const [name, type] of call.services.store.schema.types) {
    out[name] = Object.fromEntries(type.liveFields().map((f) => [f.name, f.json]));
  }
  return out;
}

/** `{Type: {name, visible}}`, the same entries as REST `GET /schema`. */
export function schemaEntityRead(_raw: unknown, call: Api3Call): unknown {
  return Object.fromEntries([...call.services.store.schema.types].map(([name, type]) => [name, type.json]));
}

/** `{field: schema}` of one type, or of the one `field_name`. */
export function schemaFieldRead(raw: unknown, call: Api3Call): unknown {
  const params = objectParams(raw, "schema_field_read");
  if (params.field_name !== undefined && params.field_name !== null) {
    const def = liveField(call, params.type, params.field_name, "schema_field_read");
    return { [def.name]: def.json };
  }
  const type = entityType(call, params.type);
  return Object.fromEntries(type.liveFields().map((f) => [f.name, f.json]));
}

/** shotgun_api3 `schema_field_create` returns the new field's system name (`sg_...`, `_1` on a clash). */
export function schemaFieldCreate(raw: unknown, call: Api3Call): string {
  const params = objectParams(raw, "schema_field_create");
  const type = entityType(call, params.type);
  const def = createField(call.services.store.schema, type, params.data_type, params.properties ?? []);
  schemaChanged(call);
  return def.name;
}

/** shotgun_api3 `schema_field_update` returns True. */
export function schemaFieldUpdate(raw: unknown, call: Api3Call): boolean {
  const params = objectParams(raw, "schema_field_update");
  updateField(liveField(call, params.type, params.field_name, "schema_field_update"), params.properties ?? []);
  schemaChanged(call);
  return true;
}

/** shotgun_api3 `schema_field_delete` returns True. */
export function schemaFieldDelete(raw: unknown, call: Api3Call): boolean {
  const params = objectParams(raw, "schema_field_delete");
  retireField(liveField(call, params.type, params.field_name, "schema_field_delete"));
  schemaChanged(call);
  return true;
}
