// QueryFilter (ayon-backend ayon_server/sqlfilter.py): request-level validation (pydantic → 400) and evaluation against
// in-memory rows with the SQL semantics of the server's generated WHERE clause:
//   * a key is `column[/or.]json/path`; the column is camelCase → snake_case, project/user → *_name;
//   * JSON columns are walked with `->` (a missing key is SQL NULL, an explicit JSON null is not);
//   * NULL satisfies only `isnull` among the scalar operators (the brief's rule; note that some later
//     backend versions render `ne`/`notin` NULL-tolerant — reference 1.16.0 is silent on it);
//   * empty lists: `in`/`notin` make the whole statement fail (build_filter adds FALSE/TRUE but then also
//     renders `= ANY(array[])`, which PostgreSQL rejects: "cannot determine type of empty array"),
//     `eq`/`ne` test emptiness, other operators are skipped;
//   * `eq true/false` on a JSON path is `coalesce(x, false)::boolean`; `like` is ILIKE on the text value.
// What the server would turn into a ValueError or an SQL error (bad key, unknown column, impossible
// cast) throws FilterError, which callers answer with 500 like the server does.
import type { ValidationIssue } from "./errors.js";
import { camelToSnake, isPlainObject } from "./validation.js";
import { compareJsonb, jsonEquals, jsonTypeName, likeToRegExp } from "./sql-values.js";

export { likeToRegExp } from "./sql-values.js";

export interface QueryCondition {
  key: string;
  value: unknown;
  operator: string;
}

export interface QueryFilter {
  conditions: Array<QueryCondition | QueryFilter>;
  operator: "and" | "or";
}

export type ColumnKind = "text" | "uuid" | "integer" | "timestamp" | "boolean" | "json" | "textArray";

export interface ColumnSpec<R> {
  kind: ColumnKind;
  get(row: R): unknown;
}

export type RowColumns<R> = Record<string, ColumnSpec<R>>;

export class FilterError extends Error {
  /** "value": a ValueError of the filter builder; "sql": PostgreSQL refused the statement it built. */
  constructor(message: string, readonly kind: "value" | "sql" = "value") {
    super(message);
    this.name = "FilterError";
  }
}

/** ayon-backend ayon_server/sqlfilter.py: an empty `in`/`notin` list renders `= ANY(array[])`. */
export const EMPTY_ARRAY_ERROR = "cannot determine type of empty array";

const OPERATORS = new Set([
  "eq", "ne", "lt", "gt", "lte", "gte", "like", "isnull", "notnull", "in", "notin",
  "includes", "excludes", "includesall", "excludesall", "includesany", "excludesany",
]);
const LIST_JSON_OPERATORS = new Set(["includes", "excludes", "includesall", "excludesall", "includesany", "excludesany"]);
const JSON_FIELDS = new Set(["summary", "payload", "attrib", "data", "config", "activity_data", "reference_data"]);
const PATH_ELEMENT = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

// ---------------------------------------------------------------- validation (400)

function normalizeOperator(op: string): string {
  return op.toLowerCase().replace(/[-_]/g, "");
}

function isFilterValue(value: unknown): boolean {
  if (value === null || typeof value === "string" || typeof value === "boolean") return true;
  if (typeof value === "number") return Number.isFinite(value);
  if (!Array.isArray(value)) return false;
  // Homogeneous lists of str, int or float (no booleans).
  if (value.every((v) => typeof v === "string")) return true;
  if (value.every((v) => typeof v === "number" && Number.isInteger(v))) return true;
  return value.every((v) => typeof v === "number" && Number.isFinite(v));
}

/** Validates the body shape like the pydantic models do; pushes issues, returns the normalised filter. */
export function parseQueryFilter(raw: unknown, loc: Array<string | number>, issues: ValidationIssue[]): QueryFilter | undefined {
  if (!isPlainObject(raw)) {
    issues.push({ loc, msg: "value is not a valid dict", type: "type_error.dict" });
    return undefined;
  }
  let operator: "and" | "or" = "and";
  if (raw.operator !== undefined && raw.operator !== null) {
    const op = typeof raw.operator === "string" ? raw.operator.toLowerCase() : "";
    if (op !== "and" && op !== "or") {
      issues.push({ loc: [...loc, "operator"], msg: "unexpected value; permitted: 'and', 'or'", type: "value_error.const" });
    } else operator = op;
  }
  const conditions: Array<QueryCondition | QueryFilter> = [];
  const rawConditions = raw.conditions ?? [];
  if (!Array.isArray(rawConditions)) {
    issues.push({ loc: [...loc, "conditions"], msg: "value is not a valid list", type: "type_error.list" });
    return undefined;
  }
  rawConditions.forEach((item, i) => {
    const here = [...loc, "conditions", i];
    if (isPlainObject(item) && "key" in item) {
      const condition = parseCondition(item, here, issues);
      if (condition) conditions.push(condition);
    } else {
      const nested = parseQueryFilter(item, here, issues);
      if (nested) conditions.push(nested);
    }
  });
  return { conditions, operator };
}

function parseCondition(raw: Record<string, unknown>, loc: Array<string | number>, issues: ValidationIssue[]): QueryCondition | undefined {
  const before = issues.length;
  let key = raw.key;
  if (typeof key === "number") key = String(key);
  if (typeof key !== "string") issues.push({ loc: [...loc, "key"], msg: "str type expected", type: "type_error.str" });
  const rawOp = raw.operator ?? "eq";
  const operator = typeof rawOp === "string" ? normalizeOperator(rawOp) : "";
  if (!OPERATORS.has(operator)) {
    issues.push({ loc: [...loc, "operator"], msg: `unexpected value; permitted: ${[...OPERATORS].map((o) => `'${o}'`).join(", ")}`, type: "value_error.const" });
  }
  const value = raw.value ?? null;
  if (!isFilterValue(value)) {
    issues.push({ loc: [...loc, "value"], msg: "value is not a valid scalar or homogeneous list", type: "type_error" });
  } else if ((operator === "in" || operator === "notin") && !Array.isArray(value)) {
    issues.push({ loc, msg: "Value must be a list", type: "value_error" });
  } else if (operator !== "isnull" && operator !== "notnull" && value === null) {
    issues.push({ loc, msg: "Value cannot be null", type: "value_error" });
  }
  if (issues.length > before) return undefined;
  return { key: key as string, value, operator };
}

// ---------------------------------------------------------------- evaluation

/** SQL three-valued logic: null is UNKNOWN. */
type Tri = boolean | null;
type Predicate<R> = (row: R) => Tri;

/** Compiles a validated filter for a row type. Throws FilterError where the server would fail (500). */
export function compileQueryFilter<R>(filter: QueryFilter | null | undefined, columns: RowColumns<R>): (row: R) => boolean {
  if (!filter) return () => true;
  const predicate = compileGroup(filter, columns);
  if (!predicate) return () => true;
  return (row) => predicate(row) === true;
}

function compileGroup<R>(filter: QueryFilter, columns: RowColumns<R>): Predicate<R> | null {
  const parts: Predicate<R>[] = [];
  for (const c of filter.conditions) {
    if ("conditions" in c) {
      const nested = compileGroup(c, columns);
      if (nested) parts.push(nested);
      continue;
    }
    if (Array.isArray(c.value) && c.value.length === 0) {
      // ayon-backend sqlfilter.py build_filter: FALSE/TRUE is appended, then build_condition still renders
      // `(col)::text = ANY(array[])` beside it, and PostgreSQL rejects the statement when preparing it.
      if (c.operator === "in" || c.operator === "notin") throw new FilterError(EMPTY_ARRAY_ERROR, "sql");
      if (c.operator !== "eq" && c.operator !== "ne") continue; // silently skipped, like the server
    }
    parts.push(compileCondition(c, columns));
  }
  if (parts.length === 0) return null;
  if (filter.operator === "or") {
    return (row) => {
      let unknown = false;
      for (const p of parts) {
        const r = p(row);
        if (r === true) return true;
        if (r === null) unknown = true;
      }
      return unknown ? null : false;
    };
  }
  return (row) => {
    let unknown = false;
    for (const p of parts) {
      const r = p(row);
      if (r === false) return false;
      if (r === null) unknown = true;
    }
    return unknown ? null : true;
  };
}

function keyPath(key: string): string[] {
  const path = key.replace(/\//g, ".").split(".").map((p) => p.trim());
  if (!path.every((p) => PATH_ELEMENT.test(p))) throw new FilterError("Invalid path element detected");
  path[0] = camelToSnake(path[0]!);
  return path;
}

function compileCondition<R>(c: QueryCondition, columns: RowColumns<R>): Predicate<R> {
  const path = keyPath(c.key);
  let column = path[0]!;
  if (path.length === 1 && !JSON_FIELDS.has(column)) {
    if (column === "project" || column === "user") column = `${column}_name`;
    const spec = columns[column];
    if (!spec) throw new FilterError(`column "${column}" does not exist`);
    return compileScalarColumn(c, column, spec);
  }
  if (path.length > 1 && JSON_FIELDS.has(column)) {
    const spec = columns[column];
    if (!spec || spec.kind !== "json") throw new FilterError(`column "${column}" does not exist`);
    const keys = path.slice(1);
    return compileJsonPath(c, (row) => walkJson(spec.get(row), keys));
  }
  throw new FilterError(`Invalid path: ${JSON.stringify(path)}`);
}

// ----- plain columns

function compileScalarColumn<R>(c: QueryCondition, name: string, spec: ColumnSpec<R>): Predicate<R> {
  const { operator: op, value } = c;
  const get = (row: R) => spec.get(row) ?? null;
  if (op === "isnull") return (row) => get(row) === null;
  if (op === "notnull") return (row) => get(row) !== null;

  if (Array.isArray(value)) {
    if (value.length === 0) {
      // eq/ne with [] test array emptiness.
      if (spec.kind !== "textArray") throw new FilterError(`function array_length(${spec.kind}, integer) does not exist`);
      return op === "eq"
        ? (row) => (get(row) as unknown[] | null)?.length ? false : true
        : (row) => ((get(row) as unknown[] | null)?.length ? true : false);
    }
    const wanted = value.map((v) => castLiteral(name, spec.kind, v));
    if (op === "in" || op === "notin") {
      const set = new Set(wanted.map(String));
      return (row) => {
        const v = get(row);
        if (v === null) return op === "in" ? null : false;
        const hit = set.has(String(normalizeForCompare(spec.kind, v)));
        return op === "in" ? hit : !hit;
      };
    }
    if (spec.kind !== "textArray") throw new FilterError(`operator does not exist: ${spec.kind} @> text[]`);
    return arrayOperator<R>(op, (row) => get(row) as unknown[] | null, wanted.map(String), (a, b) => a === b);
  }

  if (op === "includes" || op === "excludes") {
    if (spec.kind !== "textArray") throw new FilterError(`op ANY/ALL (array) requires array on right side`);
    return (row) => {
      const arr = get(row) as unknown[] | null;
      const hit = arr === null ? null : arr.includes(value);
      return op === "includes" ? hit : !(hit ?? false);
    };
  }
  if (typeof value === "boolean") throw new FilterError(`Invalid value: ${value}`);
  if (LIST_JSON_OPERATORS.has(op)) throw new FilterError(`Unsupported operator: ${op}`);
  const literal = castLiteral(name, spec.kind, value);

  if (op === "like") {
    if (spec.kind !== "text") throw new FilterError(`operator does not exist: ${spec.kind} ~~* unknown`);
    const re = likeToRegExp(String(value));
    return (row) => {
      const v = get(row);
      return v === null ? null : re.test(String(v));
    };
  }
  return (row) => {
    const v = get(row);
    if (v === null) return op === "ne" ? false : null;
    return compareResult(op, compareScalars(normalizeForCompare(spec.kind, v), literal));
  };
}

/** Turns a filter literal into the column's type the way Postgres would cast it, or fails. */
function castLiteral(column: string, kind: ColumnKind, value: unknown): string | number {
  if (kind === "uuid" || column === "id" || column.endsWith("_id")) {
    const hex = typeof value === "string" ? value.replace(/-/g, "").toLowerCase() : "";
    if (!/^[0-9a-f]{32}$/.test(hex)) throw new FilterError(`invalid input syntax for type uuid: "${String(value)}"`);
    return hex;
  }
  if (kind === "integer") {
    if (typeof value === "number") return value;
    if (typeof value === "string" && /^-?\d+$/.test(value.trim())) return Number(value);
    throw new FilterError(`invalid input syntax for type integer: "${String(value)}"`);
  }
  if (kind === "timestamp") {
    const ms = typeof value === "string" ? Date.parse(value) : NaN;
    if (Number.isNaN(ms)) throw new FilterError(`invalid input syntax for type timestamp with time zone: "${String(value)}"`);
    return ms;
  }
  if (typeof value === "number") throw new FilterError(`operator does not exist: ${kind} = integer`);
  return String(value);
}

function normalizeForCompare(kind: ColumnKind, v: unknown): string | number {
  if (kind === "uuid") return String(v).toLowerCase();
  if (typeof v === "number" || typeof v === "string") return v;
  return String(v);
}

function compareScalars(a: string | number, b: string | number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareResult(op: string, cmp: number): boolean {
  switch (op) {
    case "eq":
      return cmp === 0;
    case "ne":
      return cmp !== 0;
    case "lt":
      return cmp < 0;
    case "gt":
      return cmp > 0;
    case "lte":
      return cmp <= 0;
    case "gte":
      return cmp >= 0;
  }
  throw new FilterError(`Unsupported operator: ${op}`);
}

function arrayOperator<R>(
  op: string,
  get: (row: R) => unknown[] | null,
  wanted: unknown[],
  same: (a: unknown, b: unknown) => boolean,
): Predicate<R> {
  const contains = (arr: unknown[], v: unknown) => arr.some((x) => same(x, v));
  switch (op) {
    case "includesall":
      return (row) => {
        const arr = get(row);
        return arr === null ? null : wanted.every((w) => contains(arr, w));
      };
    case "excludesall":
      return (row) => {
        const arr = get(row);
        return !(arr !== null && wanted.every((w) => contains(arr, w)));
      };
    case "includesany":
      return (row) => {
        const arr = get(row);
        return arr === null ? null : wanted.some((w) => contains(arr, w));
      };
    case "excludesany":
      return (row) => {
        const arr = get(row);
        return !(arr !== null && wanted.some((w) => contains(arr, w)));
      };
  }
  throw new FilterError(`Invalid list operator: ${op}`);
}

// ----- JSON paths

/** `undefined` = SQL NULL (missing key or non-object on the way); `null` = a JSON null value. */
function walkJson(root: unknown, keys: string[]): unknown {
  let node: unknown = root;
  for (const key of keys) {
    if (!isPlainObject(node) || !Object.prototype.hasOwnProperty.call(node, key)) return undefined;
    node = node[key];
  }
  return node;
}

function compileJsonPath<R>(c: QueryCondition, get: (row: R) => unknown): Predicate<R> {
  const { operator: op, value } = c;
  if (op === "isnull") return (row) => get(row) === undefined;
  if (op === "notnull") return (row) => get(row) !== undefined;

  if (op === "like") {
    if (typeof value !== "string") throw new FilterError("Value must be a string for 'like' or 're' operators");
    const re = likeToRegExp(value);
    return (row) => {
      const text = jsonText(get(row));
      return text === null ? null : re.test(text);
    };
  }

  if (Array.isArray(value)) {
    if (value.length === 0) {
      if (LIST_JSON_OPERATORS.has(op)) throw new FilterError("Empty array");
      return op === "eq"
        ? (row) => {
            const v = get(row);
            return v === undefined || jsonElements(v).length === 0;
          }
        : (row) => {
            const v = get(row);
            return v === undefined ? false : jsonElements(v).length > 0;
          };
    }
    if (LIST_JSON_OPERATORS.has(op)) {
      if (op === "includes" || op === "excludes") throw new FilterError("JSON filter error");
      const numeric = typeof value[0] === "number";
      return arrayOperator<R>(
        op,
        (row: R) => {
          const v = get(row);
          return v === undefined ? null : jsonElements(v);
        },
        value,
        numeric ? (a, b) => castJsonNumber(a) === b : (a, b) => jsonEquals(a, b),
      );
    }
    if (op === "in" || op === "notin") {
      const numeric = typeof value[0] === "number";
      return (row) => {
        const v = get(row);
        if (v === undefined) return op === "in" ? null : false;
        const hit = numeric ? value.includes(castJsonNumber(v)) : value.some((w) => jsonEquals(v, w));
        return op === "in" ? hit : !hit;
      };
    }
    throw new FilterError(`Invalid list operator: ${op}`);
  }

  if (op === "includes" || op === "excludes") {
    return (row) => {
      const v = get(row);
      const hit = v === undefined ? false : jsonElements(v).some((e) => jsonEquals(e, value));
      return op === "includes" ? hit : !hit;
    };
  }
  if (op === "eq" && typeof value === "boolean") {
    return (row) => {
      const v = get(row);
      const b = v === undefined ? false : v;
      if (typeof b !== "boolean") throw new FilterError(`cannot cast jsonb ${jsonTypeName(b)} to type boolean`);
      return value ? b : !b;
    };
  }
  if (LIST_JSON_OPERATORS.has(op)) throw new FilterError(`Unsupported operator: ${op}`);
  return (row) => {
    const v = get(row);
    if (v === undefined) return op === "ne" ? false : null;
    return compareResult(op, compareJsonb(v, value));
  };
}

function jsonElements(v: unknown): unknown[] {
  if (!Array.isArray(v)) throw new FilterError(`cannot extract elements from ${v !== null && typeof v === "object" ? "an object" : "a scalar"}`);
  return v;
}

function castJsonNumber(v: unknown): number {
  if (typeof v !== "number") throw new FilterError(`cannot cast jsonb ${jsonTypeName(v)} to type numeric`);
  return v;
}

/** `->>`: the text of a JSON value; JSON null is SQL NULL. */
function jsonText(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === "string") return v;
  return typeof v === "object" ? JSON.stringify(v) : String(v);
}
