// The filter operators each data type accepts — the server's own "Valid relations" lists (shotgun_api3
// docs/reference.rst, Operators and Arguments), which win over the docs where they differ (no `not_between` on number,
// no `name_starts_with` on links).

const TEXT = ["is", "is_not", "contains", "not_contains", "starts_with", "ends_with", "in", "not_in"];
const NUMBER = ["is", "is_not", "greater_than", "less_than", "between", "in", "not_in"];
const DATE = [
  "is",
  "is_not",
  "greater_than",
  "less_than",
  "in_last",
  "not_in_last",
  "in_next",
  "not_in_next",
  "in_calendar_day",
  "in_calendar_week",
  "in_calendar_month",
  "in_calendar_year",
  "between",
  "in",
  "not_in",
];
const LINK = ["is", "is_not", "type_is", "type_is_not", "name_contains", "name_not_contains", "name_is", "in", "not_in"];
const ENUM = ["is", "is_not", "in", "not_in"];

const BY_TYPE: Record<string, readonly string[]> = {
  text: TEXT,
  // color has no row in the operator table of shotgun_api3 docs/reference.rst; it is a short text ("r,g,b" or
  // "pipeline_step").
  color: ENUM,
  number: NUMBER,
  float: NUMBER,
  duration: NUMBER,
  percent: NUMBER,
  timecode: NUMBER,
  date: DATE,
  date_time: DATE,
  entity: LINK,
  multi_entity: LINK,
  list: ENUM,
  status_list: ENUM,
  checkbox: ["is", "is_not"],
  entity_type: ENUM,
  uuid: ENUM,
  image: ["is", "is_not"],
};

/** Data types a filter may not touch at all (400 "… data type cannot be used in a filter."). Measured:
 *  serializable, url, summary, calculated and password; pivot columns are computed like summaries. */
export const UNFILTERABLE: ReadonlySet<string> = new Set(["serializable", "url", "summary", "calculated", "password", "pivot_column"]);

/** jsonb filters are accepted and ignored (every row matches). */
export const IGNORED_IN_FILTERS: ReadonlySet<string> = new Set(["jsonb"]);

export function validRelations(dataType: string): readonly string[] {
  return BY_TYPE[dataType] ?? ENUM;
}

/** Negating relations match null rows and are evaluated as "not (positive counterpart)". */
export const NEGATIONS: Readonly<Record<string, string>> = {
  is_not: "is",
  not_in: "in",
  not_contains: "contains",
  type_is_not: "type_is",
  name_not_contains: "name_contains",
  not_in_last: "in_last",
  not_in_next: "in_next",
};
