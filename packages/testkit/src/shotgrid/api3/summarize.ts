// `summarize` (shotgun_api3 `summarize`): `{type, filters, summaries: [{field, type}], grouping?,
// include_archived_projects?}` → `{summaries, groups}` — `groups` is `[]` without a grouping, as in the
// method's docs. The summaries are the REST door's; the api3 names `maximum`/`minimum` map to its max/min.
// The other api3 summary types (earliest, latest, percentage, status_percentage, checked, ...) are refused.
import { checkSummarySpecs, summarizeGroups, summarizeRows, type Grouping, type SummarySpec } from "../query/summaries.js";
import { parseApi3Filters } from "./filters.js";
import { entityType, objectParams, type Api3Call } from "./params.js";

const API3_NAMES: Record<string, string> = { maximum: "max", minimum: "min" };

export function summarize(raw: unknown, call: Api3Call): unknown {
  const params = objectParams(raw, "summarize");
  const type = entityType(call, params.type);
  const asked = (Array.isArray(params.summaries) ? params.summaries : []) as SummarySpec[];
  const specs = checkSummarySpecs(asked.map((s) => (s && typeof s === "object" ? { ...s, type: API3_NAMES[s.type] ?? s.type } : s)));
  const { store } = call.services;
  const rows = store.queries.run({
    type,
    filter: parseApi3Filters(params.filters, "summarize"),
    sort: null,
    returnOnly: "active",
    includeArchivedProjects: params.include_archived_projects !== false,
  });
  const grouping = Array.isArray(params.grouping) ? (params.grouping as Grouping[]) : [];
  return {
    summaries: summarizeRows(store, type, rows, specs),
    groups: summarizeGroups(store, type, rows, specs, grouping) ?? [],
  };
}
