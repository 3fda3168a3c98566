// The api3 filter tree into the filter compiler's nodes. shotgun_api3 `_translate_filters_dict` sends every
// filter as `{"logical_operator": "and"|"or", "conditions": [...]}`, nesting its `{"filter_operator",
// "filters"}` groups the same way, and `_translate_filters_simple` turns each `[path, relation, v...]` into
// `{"path", "relation", "values": [...]}` (a single list argument is flattened into `values`).
import { badRequest, SgError } from "../errors.js";
import { isPlainObject as isObject, MATCH_ALL, MAX_FILTER_DEPTH, show, type FilterNode } from "../query/filter-parse.js";

/** `filters` of a `read` or `summarize` call; absent means every row. */
export function parseApi3Filters(raw: unknown, method: string): FilterNode {
  if (raw === undefined || raw === null) return MATCH_ALL;
  if (!isObject(raw)) throw badRequest(`API ${method}() filters must be a Hash: ${show(raw)}`);
  return group(raw, method, 1);
}

function group(raw: Record<string, unknown>, method: string, depth: number): FilterNode {
  // The REST door measured 265 nested groups as the limit (the same query engine answers both doors).
  if (depth > MAX_FILTER_DEPTH) throw new SgError({ status: 500, code: null, title: "Shotgun Server Error" });
  const op = raw.logical_operator;
  if (op !== "and" && op !== "or") throw badRequest(`API ${method}() invalid logical_operator ${show(op)}: ${show(raw)}`);
  if (!Array.isArray(raw.conditions)) throw badRequest(`API ${method}() conditions must be an Array: ${show(raw)}`);
  const conditions = raw.conditions.map((item: unknown): FilterNode => {
    if (!isObject(item)) throw badRequest(`API ${method}() invalid condition: ${show(item)}`);
    if ("logical_operator" in item) return group(item, method, depth + 1);
    return leaf(item, method);
  });
  return { kind: "group", op, conditions };
}

/**
 * `values` is always a list on the wire. One value goes to the compiler bare (as a REST triple carries it: a
 * link `is` refuses a list there), several as the list `in`, `between` and `in_last` take.
 */
function leaf(raw: Record<string, unknown>, method: string): FilterNode {
  if (typeof raw.path !== "string" || typeof raw.relation !== "string") {
    throw badRequest(`API ${method}() invalid condition: ${show(raw)}`);
  }
  if (!Array.isArray(raw.values)) throw badRequest(`API ${method}() condition values must be an Array: ${show(raw)}`);
  const values = raw.values as unknown[];
  return { kind: "leaf", path: raw.path, relation: raw.relation, value: values.length === 1 ? values[0] : values };
}
