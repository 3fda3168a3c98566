// A QueryFilter as the server can take it. The server's filter builder (ayon-backend
// ayon_server/sqlfilter.py) renders an empty `in`/`notin` list as `= ANY(array[])`, which PostgreSQL refuses;
// enroll swallows that refusal and answers 204 for ever (api/events/enroll.py). So an empty list never leaves
// the client: it is resolved here by its meaning (`x in []` is false, `x notin []` is true) and the filter
// simplified around it.
import type { QueryCondition, QueryFilter } from "./types.js";

/** The filter to send, or `true` (every row matches: send none) or `false` (no row can match: do not ask). */
export type SimplifiedFilter = QueryFilter | boolean;

export function simplifyQueryFilter(filter: QueryFilter): SimplifiedFilter {
  const any = filter.operator === "or";
  const kept: Array<QueryCondition | QueryFilter> = [];
  for (const item of filter.conditions) {
    // sqlfilter.py build_filter skips a nested group that renders to nothing.
    if ("conditions" in item && item.conditions.length === 0) continue;
    const value = "conditions" in item ? simplifyQueryFilter(item) : simplifyCondition(item);
    if (value === true || value === false) {
      // true decides an "or", false decides an "and"; otherwise the constant drops out.
      if (value === any) return value;
      continue;
    }
    kept.push(value);
  }
  // Nothing left: a group that had only neutral items is true (the builder sends no condition); otherwise an
  // "and" whose items were all true is true and an "or" whose items were all false is false.
  if (kept.length === 0) return filter.conditions.every((c) => "conditions" in c && c.conditions.length === 0) ? true : !any;
  return { ...filter, conditions: kept };
}

function simplifyCondition(c: QueryCondition): QueryCondition | boolean {
  if (!Array.isArray(c.value) || c.value.length > 0) return c;
  if (c.operator === "in") return false;
  if (c.operator === "notin") return true;
  return c;
}

/**
 * `filter` with `item` and'ed to it. An "and" filter stays flat (its conditions, then `item`), so a condition at its
 * top — a lane's project — stays at the top; an "or" filter becomes one item of the new "and".
 */
export function andFilter(filter: QueryFilter | undefined, item: QueryCondition | QueryFilter): QueryFilter {
  if (!filter) return { operator: "and", conditions: [item] };
  const kept = (filter.operator ?? "and") === "and" ? filter.conditions : [filter];
  return { operator: "and", conditions: [...kept, item] };
}
