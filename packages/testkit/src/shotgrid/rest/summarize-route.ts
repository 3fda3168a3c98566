// `POST /entity/{type}/_summarize`, the only way to get a total: `summary_fields` of type
// record_count/count/sum/min/max/average over the rows a filter selects, optionally grouped by the exact
// value of one field (the summaries themselves live in ../query/summaries.ts, shared with the api3 door).
import { jsonReply, type HttpReply } from "../../http/index.js";
import { parseArrayFilters, parseHashFilters } from "../query/filter-parse.js";
import { checkSummarySpecs, summarizeGroups, summarizeRows, type Grouping } from "../query/summaries.js";
import { ARRAY_FILTERS, HASH_FILTERS, requireContentType } from "./content-types.js";
import { jsonBody, objectBody, typeFromUrl, type SgRequest, type SgRoute } from "./route-context.js";

async function summarize(req: SgRequest): Promise<HttpReply> {
  const type = typeFromUrl(req);
  const contentType = requireContentType(req.ctx, [ARRAY_FILTERS, HASH_FILTERS]);
  const body = objectBody(await jsonBody(req));
  const filter = contentType === ARRAY_FILTERS ? parseArrayFilters(body.filters) : parseHashFilters(body.filters);
  const specs = checkSummarySpecs(body.summary_fields);
  const { store } = req.services;
  const rows = store.queries.run({ type, filter, sort: null, returnOnly: "active", includeArchivedProjects: true });
  const data: Record<string, unknown> = { summaries: summarizeRows(store, type, rows, specs) };
  const grouping = Array.isArray(body.grouping) ? (body.grouping as Grouping[]) : [];
  const groups = summarizeGroups(store, type, rows, specs, grouping);
  if (groups) data.groups = groups;
  return jsonReply({ data });
}

export const summarizeRoutes: SgRoute[] = [{ method: "POST", template: "/entity/{type}/_summarize", handler: summarize }];
