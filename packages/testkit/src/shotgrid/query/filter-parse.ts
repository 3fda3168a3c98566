// Parses the three ways a filter arrives into one tree: the `api3_array` list of triples (AND
// only), the `api3_hash` {logical_operator, conditions} groups (nested AND/OR), and GET `filter[field]=v`
// query parameters (equality; a comma means "in"). Shape errors are the server's 400s.
import { badRequest, SgError } from "../errors.js";

export type FilterNode = FilterLeaf | FilterGroup;

export interface FilterLeaf {
  kind: "leaf";
  path: string;
  relation: string;
  value: unknown;
}

export interface FilterGroup {
  kind: "group";
  op: "and" | "or";
  conditions: FilterNode[];
}

/** Measured: 265 nested groups work, the 266th is a 500. */
export const MAX_FILTER_DEPTH = 265;

export const MATCH_ALL: FilterGroup = { kind: "group", op: "and", conditions: [] };

/** A value quoted in an error message, cut at 200 characters. */
export function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A `[path, relation, value]` triple, or the 400 the server gives for anything else. */
function parseTriple(raw: unknown): FilterLeaf {
  if (!Array.isArray(raw) || raw.length !== 3 || typeof raw[0] !== "string" || typeof raw[1] !== "string") {
    throw badRequest(`Invalid condition: ${show(raw)}`, { filters: show(raw) });
  }
  return { kind: "leaf", path: raw[0], relation: raw[1], value: raw[2] };
}

/** `application/vnd+shotgun.api3_array+json`: an implicit AND of basic conditions. */
export function parseArrayFilters(raw: unknown): FilterGroup {
  if (raw === undefined || raw === null) return MATCH_ALL;
  if (!Array.isArray(raw)) throw badRequest("Query is not an Array", { filters: show(raw) });
  const conditions = raw.map((item) => {
    if (!Array.isArray(item) || Array.isArray(item[0])) {
      throw badRequest(`Invalid filter. Expected array of basic condition arrays but received: ${show(raw)}`, {
        filters: show(item),
      });
    }
    return parseTriple(item);
  });
  return { kind: "group", op: "and", conditions };
}

/** `application/vnd+shotgun.api3_hash+json`: `{logical_operator, conditions}` groups, nestable. */
export function parseHashFilters(raw: unknown): FilterNode {
  if (raw === undefined || raw === null) return MATCH_ALL;
  if (!isPlainObject(raw)) throw badRequest("Query is not an Hash", { filters: show(raw) });
  return parseGroup(raw, 1);
}

function parseGroup(raw: Record<string, unknown>, depth: number): FilterGroup {
  if (depth > MAX_FILTER_DEPTH) {
    throw new SgError({ status: 500, code: null, title: "Shotgun Server Error", source: null });
  }
  if (!("logical_operator" in raw)) {
    const leafLike = "path" in raw || "relation" in raw || "values" in raw;
    throw badRequest(leafLike ? `Missing logical operator: ${show(raw)}` : "Missing logical operator", { filters: show(raw) });
  }
  const op = raw.logical_operator;
  if (op !== "and" && op !== "or") throw badRequest(`Invalid logical operator: ${String(op)}`, { filters: show(raw) });
  if (!("conditions" in raw)) throw badRequest("Missing conditions parameter", { filters: show(raw) });
  if (!Array.isArray(raw.conditions)) throw badRequest(`Invalid condition: ${show(raw.conditions)}`, { filters: show(raw) });
  const conditions = raw.conditions.map((item: unknown) =>
    isPlainObject(item) ? parseGroup(item, depth + 1) : parseTriple(item),
  );
  return { kind: "group", op, conditions };
}

/** GET `filter[<path>]=<value>`: equality, a comma-separated value is "in". */
export function parseQueryFilters(query: URLSearchParams): FilterGroup {
  const conditions: FilterNode[] = [];
  for (const [key, value] of query) {
    const m = /^filter\[(.+)\]$/.exec(key);
    if (!m) continue;
    const parts = value.split(",");
    conditions.push(
      parts.length > 1
        ? { kind: "leaf", path: m[1]!, relation: "in", value: parts }
        : { kind: "leaf", path: m[1]!, relation: "is", value },
    );
  }
  return { kind: "group", op: "and", conditions };
}
