// Schema endpoints: entity types, field schemas, and custom field create/update/delete/revive.
// A new field is usable at once by reads, writes and filters.
import { emptyReply, jsonReply, type HttpReply } from "../../http/index.js";
import { invalidParameter, SgError } from "../errors.js";
import type { FieldDef } from "../schema/field-def.js";
import { createField, retireField, updateField } from "../schema/schema-admin.js";
import { typeFromUrl, jsonBody, objectBody, type SgRequest, type SgRoute } from "./route-context.js";

function fieldNotFound(type: string, field: string): SgError {
  return new SgError({ status: 404, code: 103, title: "Not Found", detail: `Field '${type}.${field}' does not exist.` });
}

function fieldFromUrl(req: SgRequest, includeRetired = false): FieldDef {
  const type = typeFromUrl(req);
  const name = req.params.field ?? "";
  const def = type.fields.get(name);
  if (!def || (def.retired && !includeRetired)) throw fieldNotFound(type.name, name);
  return def;
}

function fieldLink(req: SgRequest, def: FieldDef): string {
  return `${req.base}/schema/${def.entityType}/fields/${def.name}`;
}

function allTypes(req: SgRequest): HttpReply {
  const data: Record<string, unknown> = {};
  for (const [name, def] of req.services.store.schema.types) data[name] = def.json;
  return jsonReply({ data, links: { self: `${req.base}/schema` } });
}

function oneType(req: SgRequest): HttpReply {
  const type = typeFromUrl(req);
  return jsonReply({ data: type.json, links: { self: `${req.base}/schema/${type.name}` } });
}

/** `project_id` is accepted; per-project `hidden_values` are not modelled (the site data has none). */
function fields(req: SgRequest): HttpReply {
  const type = typeFromUrl(req);
  const data: Record<string, unknown> = {};
  for (const def of type.liveFields()) data[def.name] = def.json;
  return jsonReply({ data, links: { self: `${req.base}/schema/${type.name}/fields` } });
}

function oneField(req: SgRequest): HttpReply {
  const def = fieldFromUrl(req);
  return jsonReply({ data: def.json, links: { self: fieldLink(req, def) } });
}

async function create(req: SgRequest): Promise<HttpReply> {
  const type = typeFromUrl(req);
  const body = objectBody(await jsonBody(req));
  const def = createField(req.services.store.schema, type, body.data_type, body.properties ?? []);
  schemaChanged(req);
  return jsonReply({ data: def.json, links: { self: fieldLink(req, def) } }, 201);
}

async function update(req: SgRequest): Promise<HttpReply> {
  const def = fieldFromUrl(req);
  const body = objectBody(await jsonBody(req));
  updateField(def, body.properties ?? []);
  schemaChanged(req);
  return jsonReply({ data: def.json, links: { self: fieldLink(req, def) } });
}

function remove(req: SgRequest): HttpReply {
  retireField(fieldFromUrl(req));
  schemaChanged(req);
  return emptyReply(204);
}

function revive(req: SgRequest): HttpReply {
  if (req.ctx.query.get("revive") === null) throw invalidParameter("revive", "revive is missing");
  const def = fieldFromUrl(req, true);
  def.retired = false;
  schemaChanged(req);
  return jsonReply({ data: def.json, links: { self: fieldLink(req, def) } });
}

function schemaChanged(req: SgRequest): void {
  req.services.store.schemaChanged();
  req.services.serializer.reset();
}

export const schemaRoutes: SgRoute[] = [
  { method: "GET", template: "/schema", handler: allTypes },
  { method: "GET", template: "/schema/{type}", handler: oneType },
  { method: "GET", template: "/schema/{type}/fields", handler: fields },
  { method: "POST", template: "/schema/{type}/fields", handler: create },
  { method: "GET", template: "/schema/{type}/fields/{field}", handler: oneField },
  { method: "PUT", template: "/schema/{type}/fields/{field}", handler: update },
  { method: "DELETE", template: "/schema/{type}/fields/{field}", handler: remove },
  { method: "POST", template: "/schema/{type}/fields/{field}", handler: revive },
];
