// `read` (shotgun_api3 `find` / `find_one`, built by `_construct_read_parameters`): `type`, `return_fields`,
// `filters`, `return_only`, `paging: {entities_per_page, current_page}`, `sorts: [{field_name, direction}]`,
// `include_archived_projects`, and the `return_paging_info[_without_counts]` flag `find` reads to page on.
import { badRequest } from "../errors.js";
import type { SortKey } from "../query/sort.js";
import { parseApi3Filters } from "./filters.js";
import { entityType, flatRecord, objectParams, stringList, type Api3Call, type Params } from "./params.js";

/** shotgun_api3 `_Config.records_per_page` falls back to 500 when `info` gives no `api_max_entities_per_page`. */
export const API3_PAGE_SIZE = 500;

function positive(raw: unknown, name: string, fallback: number): number {
  if (raw === undefined || raw === null) return fallback;
  if (typeof raw !== "number" || !Number.isInteger(raw) || raw < 1) {
    throw badRequest(`API read() paging ${name} must be a positive Integer, got ${JSON.stringify(raw)}`);
  }
  return raw;
}

/** `_construct_read_parameters`: `{field_name, direction}` with direction `asc` (its default) or `desc`. */
function sorts(raw: unknown): SortKey[] | null {
  if (raw === undefined || raw === null) return null;
  if (!Array.isArray(raw)) throw badRequest("API read() sorts must be an Array of {field_name, direction}");
  return raw.map((item: Params) => {
    if (typeof item?.field_name !== "string" || (item.direction !== undefined && item.direction !== "asc" && item.direction !== "desc")) {
      throw badRequest(`API read() invalid sort ${JSON.stringify(item)}`);
    }
    return { path: item.field_name, descending: item.direction === "desc" };
  });
}

export function read(raw: unknown, call: Api3Call): unknown {
  const params = objectParams(raw, "read");
  const type = entityType(call, params.type);
  const returnOnly = params.return_only ?? "active";
  if (returnOnly !== "active" && returnOnly !== "retired") throw badRequest(`API read() return_only must be active or retired`);
  // Not modelled: the presets are server-side saved filters (shotgun_api3 `find` docs, additional_filter_presets).
  if (Array.isArray(params.additional_filter_presets) && params.additional_filter_presets.length > 0) {
    throw badRequest("API read() additional_filter_presets are not supported by the emulator");
  }
  const paging = objectParams(params.paging, "read");
  const perPage = positive(paging.entities_per_page, "entities_per_page", API3_PAGE_SIZE);
  const page = positive(paging.current_page, "current_page", 1);
  const rows = call.services.store.queries.run({
    type,
    filter: parseApi3Filters(params.filters, "read"),
    sort: sorts(params.sorts),
    returnOnly,
    // `find(include_archived_projects=False)` sends the key only when false; the server default is true.
    includeArchivedProjects: params.include_archived_projects !== false,
  });
  // `api_return_image_urls` asks for image URLs inline; the emulator stores no thumbnails, so images read null.
  const fields = stringList(params.return_fields);
  const start = (page - 1) * perPage;
  const entities = rows.slice(start, start + perPage).map((row) => flatRecord(call, row, fields));
  const result: Params = { entities };
  // `find` pages on `paging_info.has_next_page` (server >= 7.4) or on `paging_info.entity_count` before that.
  if (params.return_paging_info_without_counts === true) result.paging_info = { has_next_page: start + perPage < rows.length };
  else if (params.return_paging_info === true) result.paging_info = { entity_count: rows.length, has_next_page: start + perPage < rows.length };
  return result;
}
