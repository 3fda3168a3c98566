/**
 * Search filters. The client always sends the `api3_hash` form (ShotGrid REST API v1 `_search`): a group
 * `{logical_operator: "and" | "or", conditions: [triple | group, ...]}` whose leaves are
 * `[field, relation, value]` triples. Callers may also pass a plain array of triples (= AND) and build
 * groups with `and(...)` / `or(...)`.
 */
import { ShotgridInputError } from "./errors.js";

/** Relations per data type (shotgun_api3 docs/reference.rst, filter syntax); any other string is passed through. */
export type FilterRelation =
  | "is" | "is_not" | "contains" | "not_contains" | "starts_with" | "ends_with" | "in" | "not_in"
  | "greater_than" | "less_than" | "between" | "not_between"
  | "in_last" | "not_in_last" | "in_next" | "not_in_next"
  | "in_calendar_day" | "in_calendar_week" | "in_calendar_month" | "in_calendar_year"
  | "type_is" | "type_is_not" | "name_contains" | "name_not_contains" | "name_is"
  | "name_starts_with" | "name_ends_with" | "name_id"
  | (string & {});

/** One leaf condition: `[field or dotted path, relation, value]`. */
export type FilterCondition = readonly [field: string, relation: FilterRelation, value: unknown];

/** A group of conditions joined by AND or OR; groups nest. */
export interface HashFilter {
  logical_operator: "and" | "or";
  conditions: Array<FilterCondition | HashFilter>;
}

/** What `search` accepts: a group, or an array of conditions/groups meaning AND. */
export type FilterInput = HashFilter | ReadonlyArray<FilterCondition | HashFilter>;

/** All of these must hold. */
export function and(...conditions: Array<FilterCondition | HashFilter>): HashFilter {
  return { logical_operator: "and", conditions };
}

/** At least one of these must hold. */
export function or(...conditions: Array<FilterCondition | HashFilter>): HashFilter {
  return { logical_operator: "or", conditions };
}

// The server accepts nesting to depth 265 and fails with a 500 beyond (measured on a real site); refuse earlier and
// clearly.
const MAX_DEPTH = 200;

/** Validate and convert caller input into the wire form, with a clear error naming the bad spot. */
export function toHashFilter(input: FilterInput | undefined): HashFilter {
  if (input === undefined) return { logical_operator: "and", conditions: [] };
  if (Array.isArray(input)) return normalizeGroup({ logical_operator: "and", conditions: [...input] }, "filters", 1);
  return normalizeGroup(input as HashFilter, "filters", 1);
}

function normalizeGroup(group: HashFilter, where: string, depth: number): HashFilter {
  if (depth > MAX_DEPTH) throw new ShotgridInputError(`Filter groups nest deeper than ${MAX_DEPTH} levels at ${where}.`);
  if (!group || typeof group !== "object" || Array.isArray(group)) {
    throw new ShotgridInputError(`${where} must be a filter group {logical_operator, conditions} or a condition triple.`);
  }
  const op = group.logical_operator;
  if (op !== "and" && op !== "or") {
    throw new ShotgridInputError(`${where}.logical_operator must be "and" or "or" (lowercase), got ${JSON.stringify(op)}.`);
  }
  if (!Array.isArray(group.conditions)) throw new ShotgridInputError(`${where}.conditions must be an array.`);
  const conditions = group.conditions.map((c, i) => {
    const at = `${where}.conditions[${i}]`;
    return Array.isArray(c) ? normalizeCondition(c as unknown as unknown[], at) : normalizeGroup(c as HashFilter, at, depth + 1);
  });
  return { logical_operator: op, conditions };
}

function normalizeCondition(c: unknown[], where: string): FilterCondition {
  if (c.length !== 3) {
    throw new ShotgridInputError(`${where} must be a [field, relation, value] triple, got ${c.length} element(s).`);
  }
  const [field, relation, value] = c;
  if (typeof field !== "string" || field.length === 0) throw new ShotgridInputError(`${where}: the field must be a non-empty string.`);
  if (typeof relation !== "string" || !/^[a-z_]+$/.test(relation)) {
    throw new ShotgridInputError(`${where}: the relation must be a lowercase operator such as "is" or "in", got ${JSON.stringify(relation)}.`);
  }
  if (value === undefined) throw new ShotgridInputError(`${where}: the value is missing (use null to match empty fields).`);
  return [field, relation, value];
}
