// Reads: `GET /entity/{type}` with `filter[...]`, `GET /entity/{type}/{id}`, the relationship
// link of a record, and `POST /entity/{type}/_search` with the two vendor filter formats.
import { jsonReply, type HttpReply } from "../../http/index.js";
import { rowNotFound } from "../errors.js";
import { parseArrayFilters, parseHashFilters, parseQueryFilters, type FilterNode } from "../query/filter-parse.js";
import type { EntityTypeDef } from "../schema/schema.js";
import { readLink, readMulti } from "../store/read-values.js";
import { ARRAY_FILTERS, HASH_FILTERS, requireContentType } from "./content-types.js";
import { pageLinks, readParams, readParamsFromQuery, type ReadParams } from "./read-params.js";
import { idFromUrl, jsonBody, objectBody, typeFromUrl, type SgRequest, type SgRoute } from "./route-context.js";

function listReply(req: SgRequest, type: EntityTypeDef, filter: FilterNode, params: ReadParams, path: string): HttpReply {
  const { store, serializer } = req.services;
  const rows = store.queries.run({
    type,
    filter,
    sort: params.sort,
    returnOnly: params.returnOnly,
    includeArchivedProjects: params.includeArchivedProjects,
  });
  const start = (params.pageNumber - 1) * params.pageSize;
  const plan = serializer.plan(type, params.fields);
  const data = rows.slice(start, start + params.pageSize).map((row) => serializer.record(row, plan, req.base));
  return jsonReply({ data, links: pageLinks(path, req.ctx.query, params) });
}

function listEntities(req: SgRequest): HttpReply {
  const type = typeFromUrl(req);
  const params = readParamsFromQuery(req.ctx.query);
  return listReply(req, type, parseQueryFilters(req.ctx.query), params, `${req.base}/entity/${type.slug}`);
}

async function search(req: SgRequest): Promise<HttpReply> {
  const type = typeFromUrl(req);
  const contentType = requireContentType(req.ctx, [ARRAY_FILTERS, HASH_FILTERS]);
  const body = objectBody(await jsonBody(req));
  const filter = contentType === ARRAY_FILTERS ? parseArrayFilters(body.filters) : parseHashFilters(body.filters);
  // Query-string `filter[...]` is ignored on _search; fields/sort/page/options are read from both.
  const params = readParams(req.ctx.query, body);
  const query = new URLSearchParams([...req.ctx.query].filter(([k]) => !k.startsWith("filter[")));
  return listReply({ ...req, ctx: { ...req.ctx, query } }, type, filter, params, `${req.base}/entity/${type.slug}/_search`);
}

function readOne(req: SgRequest): HttpReply {
  const type = typeFromUrl(req);
  const id = idFromUrl(req, type, "read");
  const params = readParamsFromQuery(req.ctx.query);
  const row = req.services.store.row(type.name, id);
  if (!row || row.retired !== (params.returnOnly === "retired")) throw rowNotFound(type.name, id, "read");
  const { serializer } = req.services;
  const record = serializer.record(row, serializer.plan(type, params.fields), req.base);
  return jsonReply({ data: record, links: { self: record.links.self } });
}

/** `GET /entity/{type}/{id}/relationships/{field}`: the target(s) of one link field. */
function readRelationship(req: SgRequest): HttpReply {
  const type = typeFromUrl(req);
  const id = idFromUrl(req, type, "read");
  const row = req.services.store.row(type.name, id);
  if (!row || row.retired) throw rowNotFound(type.name, id, "read");
  const def = type.field(req.params.field ?? "");
  const self = `${req.base}/entity/${type.slug}/${id}/relationships/${req.params.field}`;
  if (!def?.isLink) throw rowNotFound(`${type.name}.${req.params.field}`, id, "read");
  const namer = req.services.store.displayName;
  const data = def.dataType === "multi_entity" ? readMulti(row.v[def.name], namer) : readLink(row.v[def.name], namer);
  return jsonReply({ data, links: { self } });
}

export const readRoutes: SgRoute[] = [
  { method: "GET", template: "/entity/{type}", handler: listEntities },
  { method: "GET", template: "/entity/{type}/{id}", handler: readOne },
  { method: "GET", template: "/entity/{type}/{id}/relationships/{field}", handler: readRelationship },
  { method: "POST", template: "/entity/{type}/_search", handler: search },
];
