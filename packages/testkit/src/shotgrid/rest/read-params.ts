// The read parameters of GET list and `_search`: `fields`, `sort`, `page[size|number]` and
// `options[return_only|include_archived_projects]`, from the query string or (on `_search`) the body; the
// body wins. Paging limits are the measured ones: default 500, maximum 5000, sizes below 1 refused.
import { invalidParameter } from "../errors.js";
import { parseSort, type SortKey } from "../query/sort.js";

export const DEFAULT_PAGE_SIZE = 500;
export const MAX_PAGE_SIZE = 5000;

export interface ReadParams {
  fields: string[] | null;
  sort: SortKey[] | null;
  pageSize: number;
  pageNumber: number;
  returnOnly: "active" | "retired";
  includeArchivedProjects: boolean;
}

type Body = Record<string, unknown>;

function fieldsFrom(raw: unknown): string[] | null {
  if (raw === undefined || raw === null) return null;
  if (Array.isArray(raw)) return raw.map(String);
  if (typeof raw === "string") return raw.split(",").map((f) => f.trim()).filter((f) => f !== "");
  throw invalidParameter("fields", "fields must be a list or a comma-separated string");
}

function positiveInt(param: string, label: string, raw: unknown, fallback: number, max?: number): number {
  if (raw === undefined || raw === null || raw === "") return fallback;
  const n = typeof raw === "number" ? raw : /^-?\d+$/.test(String(raw).trim()) ? Number(raw) : NaN;
  if (!Number.isInteger(n)) throw invalidParameter(param, `${label} must be an integer`);
  if (n < 1) throw invalidParameter(param, `${label} must be greater than 0`);
  if (max !== undefined && n > max) throw invalidParameter(param, `${label} must be less than ${max}`);
  return n;
}

/** Only the query string (GET list, GET one). */
export function readParamsFromQuery(query: URLSearchParams): ReadParams {
  return readParams(query, {});
}

/** Query string plus `_search` body; a key present in the body wins. */
export function readParams(query: URLSearchParams, body: Body): ReadParams {
  const page = (typeof body.page === "object" && body.page !== null ? body.page : {}) as Body;
  const options = (typeof body.options === "object" && body.options !== null ? body.options : {}) as Body;
  if ("sort" in body && typeof body.sort !== "string") throw invalidParameter("sort", "sort array is not valid");
  const returnOnly = options.return_only ?? query.get("options[return_only]") ?? "active";
  if (returnOnly !== "active" && returnOnly !== "retired") {
    throw invalidParameter("options[return_only]", "return_only must be one of: active, retired");
  }
  const archived = options.include_archived_projects ?? query.get("options[include_archived_projects]") ?? true;
  return {
    fields: fieldsFrom("fields" in body ? body.fields : (query.get("fields") ?? undefined)),
    sort: parseSort("sort" in body ? body.sort : (query.get("sort") ?? undefined)),
    pageSize: positiveInt("page[size]", "size", page.size ?? query.get("page[size]"), DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE),
    pageNumber: positiveInt("page[number]", "number", page.number ?? query.get("page[number]"), 1),
    returnOnly,
    includeArchivedProjects: archived !== false && archived !== "false",
  };
}

/** `links` of a list response: `self`, `next` on every page (even empty ones), `prev` after page 1. */
export function pageLinks(path: string, query: URLSearchParams, params: ReadParams): Record<string, string> {
  const at = (n: number) => {
    const q = new URLSearchParams(query);
    q.set("page[number]", String(n));
    q.set("page[size]", String(params.pageSize));
    return `${path}?${q.toString()}`;
  };
  const links: Record<string, string> = { self: at(params.pageNumber), next: at(params.pageNumber + 1) };
  if (params.pageNumber > 1) links.prev = at(params.pageNumber - 1);
  return links;
}
