// `POST /entity/{type}/_summarize` (§1.11), the only way to get a total: `summary_fields` of type
// record_count/count/sum/min/max/average over the rows a filter selects, optionally grouped by the exact
// value of one field. Only one grouping level is modelled (the reference shows no nested groups).
import { jsonReply, type HttpReply } from "../../http/index.js";
import { badRequest } from "../errors.js";
import { resolvePath, valuesGetter } from "../query/field-path.js";
import { parseArrayFilters, parseHashFilters } from "../query/filter-parse.js";
import type { EntityTypeDef } from "../schema/schema.js";
import { Row } from "../store/rows.js";
import type { ShotgridStore } from "../store/store.js";
import { ARRAY_FILTERS, HASH_FILTERS, requireContentType } from "./content-types.js";
import { jsonBody, objectBody, typeFromUrl, type SgRequest, type SgRoute } from "./route-context.js";

const SUMMARY_TYPES = ["record_count", "count", "sum", "min", "max", "average"];

interface SummarySpec {
  field: string;
  type: string;
}

function getterFor(store: ShotgridStore, type: EntityTypeDef, field: string) {
  const path = resolvePath(store.schema, type, field);
  if (!path) throw badRequest(`API summarize() ${type.name}.${field} doesn't exist.`, { [field]: "unknown field" });
  return valuesGetter(path);
}

function summarizeRows(store: ShotgridStore, type: EntityTypeDef, rows: readonly Row[], specs: SummarySpec[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const spec of specs) {
    if (spec.type === "record_count") {
      out[spec.field] = rows.length;
      continue;
    }
    const get = getterFor(store, type, spec.field);
    const values = rows.flatMap((r) => get(r).slice(0, 1));
    if (spec.type === "count") {
      out[spec.field] = values.length;
      continue;
    }
    const numbers = values.filter((v): v is number => typeof v === "number");
    if (spec.type === "sum") out[spec.field] = numbers.reduce((a, b) => a + b, 0);
    else if (spec.type === "average") out[spec.field] = numbers.length ? numbers.reduce((a, b) => a + b, 0) / numbers.length : null;
    else if (spec.type === "min") out[spec.field] = numbers.length ? Math.min(...numbers) : null;
    else out[spec.field] = numbers.length ? Math.max(...numbers) : null;
  }
  return out;
}

async function summarize(req: SgRequest): Promise<HttpReply> {
  const type = typeFromUrl(req);
  const contentType = requireContentType(req.ctx, [ARRAY_FILTERS, HASH_FILTERS]);
  const body = objectBody(await jsonBody(req));
  const filter = contentType === ARRAY_FILTERS ? parseArrayFilters(body.filters) : parseHashFilters(body.filters);
  const specs = (Array.isArray(body.summary_fields) ? body.summary_fields : []) as SummarySpec[];
  for (const spec of specs) {
    if (typeof spec?.field !== "string" || !SUMMARY_TYPES.includes(spec.type)) {
      throw badRequest(`Invalid summary field ${JSON.stringify(spec)}; type must be one of: ${SUMMARY_TYPES.join(", ")}`);
    }
  }
  const { store } = req.services;
  const rows = store.queries.run({ type, filter, sort: null, returnOnly: "active", includeArchivedProjects: true });
  const data: Record<string, unknown> = { summaries: summarizeRows(store, type, rows, specs) };
  const grouping = Array.isArray(body.grouping) ? (body.grouping as Array<{ field?: unknown; direction?: unknown }>) : [];
  if (grouping.length > 0 && typeof grouping[0]?.field === "string") {
    const get = getterFor(store, type, grouping[0].field);
    const groups = new Map<string, { value: unknown; name: string; rows: Row[] }>();
    for (const row of rows) {
      const value = get(row)[0] ?? null;
      const name = value instanceof Row ? (store.displayName(value) ?? "") : value === null ? "" : String(value);
      const key = value instanceof Row ? `${value.type}:${value.id}` : JSON.stringify(value);
      const group = groups.get(key) ?? { value: value instanceof Row ? { type: value.type, id: value.id, name } : value, name, rows: [] };
      group.rows.push(row);
      groups.set(key, group);
    }
    const sign = grouping[0].direction === "desc" ? -1 : 1;
    data.groups = [...groups.values()]
      .sort((a, b) => (a.name < b.name ? -sign : a.name > b.name ? sign : 0))
      .map((g) => ({ group_name: g.name, group_value: g.value, summaries: summarizeRows(store, type, g.rows, specs) }));
  }
  return jsonReply({ data });
}

export const summarizeRoutes: SgRoute[] = [{ method: "POST", template: "/entity/{type}/_summarize", handler: summarize }];
