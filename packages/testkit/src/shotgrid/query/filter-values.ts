// Filter values per data type: checks a leaf's value and builds the test for one non-null field
// value, plus whether a null (or empty multi-entity) row matches. Negation is applied by the caller, so
// every builder here implements a positive relation only.
import { badRequest, recordError, type SgError } from "../errors.js";
import type { FieldDef } from "../schema/field-def.js";
import {
  calendarRange,
  canonicalDate,
  canonicalDateTime,
  parseDate,
  parseDateTime,
  RELATIVE_UNITS,
  shiftDate,
  type CalendarUnit,
  type RelativeUnit,
} from "../store/dates.js";
import type { DisplayNamer } from "../store/display-names.js";
import type { Row } from "../store/rows.js";
import { rubyClassOf } from "../store/write-values.js";

export interface LeafTest {
  test: (value: unknown) => boolean;
  nullMatches: boolean;
}

export interface ValueContext {
  def: FieldDef;
  /** `Type.path` as the server names it in messages and `source`. */
  label: string;
  relation: string;
  now: () => Date;
  displayName: DisplayNamer;
  /** Set when the test depends on the clock (such results must not be cached). */
  usesClock: boolean;
}

const NEVER: LeafTest = { test: () => false, nullMatches: false };
const ONLY_NULL: LeafTest = { test: () => false, nullMatches: true };

function fail(ctx: ValueContext, message: string): SgError {
  return badRequest(`API read() ${ctx.label} ${message}`, { [ctx.label]: message });
}

function wrongClass(ctx: ValueContext, expected: string, value: unknown): SgError {
  return fail(ctx, `expected [${expected}] data type(s) but got ${rubyClassOf(value)}`);
}

/** `is`-like relations take one value; a list is tolerated only with exactly one element. */
function single(ctx: ValueContext, value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  if (value.length === 1) return value[0];
  throw fail(ctx, `'${ctx.relation}' 'relation' expects a 1-element array`);
}

/** `in`-like relations take a list; a bare value counts as a list of one. */
function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

export function buildTest(relation: string, raw: unknown, ctx: ValueContext): LeafTest {
  switch (ctx.def.dataType) {
    case "text":
    case "color":
      return textTest(relation, raw, ctx);
    case "number":
    case "float":
    case "duration":
    case "percent":
    case "timecode":
      return numberTest(relation, raw, ctx);
    case "date":
    case "date_time":
      return dateTest(relation, raw, ctx);
    case "entity":
    case "multi_entity":
      return linkTest(relation, raw, ctx);
    case "list":
    case "status_list":
      return textTest(relation, raw, ctx); // case-insensitive; values outside valid_values just match nothing
    case "checkbox": {
      const v = single(ctx, raw);
      const b = v === true || v === "true" ? true : v === false || v === "false" ? false : null;
      if (b === null) throw wrongClass(ctx, "TrueClass, FalseClass", v);
      return { test: (x) => x === b, nullMatches: false };
    }
    case "image": {
      if (single(ctx, raw) !== null) throw fail(ctx, "can only be compared with null");
      return ONLY_NULL;
    }
    default:
      return exactTest(relation, raw, ctx); // entity_type, uuid
  }
}

function textTest(relation: string, raw: unknown, ctx: ValueContext): LeafTest {
  const asText = (v: unknown): string | null => {
    if (v === null || v === "") return null;
    if (typeof v !== "string") throw wrongClass(ctx, "String, NilClass", v);
    return v.toLowerCase();
  };
  if (relation === "in") {
    const wanted = new Set<string>();
    let nullMatches = false;
    for (const v of list(raw)) {
      if (v === null) {
        if (ctx.def.dataType === "text") throw recordError(`API read() ${ctx.label} 'in' does not accept null values`, { [ctx.label]: "null" });
        nullMatches = true;
        continue;
      }
      const t = asText(v);
      if (t === null) nullMatches = true;
      else wanted.add(t);
    }
    return { test: (x) => wanted.has(String(x).toLowerCase()), nullMatches };
  }
  const t = asText(single(ctx, raw));
  switch (relation) {
    case "is":
      return t === null ? ONLY_NULL : { test: (x) => String(x).toLowerCase() === t, nullMatches: false };
    case "contains":
      return { test: (x) => String(x).toLowerCase().includes(t ?? ""), nullMatches: false };
    case "starts_with":
      return { test: (x) => String(x).toLowerCase().startsWith(t ?? ""), nullMatches: false };
    case "ends_with":
      return { test: (x) => String(x).toLowerCase().endsWith(t ?? ""), nullMatches: false };
  }
  throw fail(ctx, `relation '${relation}' not handled`);
}

function numberTest(relation: string, raw: unknown, ctx: ValueContext): LeafTest {
  const isFloat = ctx.def.dataType === "float";
  const num = (v: unknown): number => {
    if (typeof v === "number" && Number.isFinite(v) && (isFloat ? !Number.isInteger(v) : Number.isInteger(v))) return v;
    if (typeof v === "string" && (isFloat ? /^\s*-?(\d+\.?\d*|\.\d+)\s*$/ : /^\s*-?\d+\s*$/).test(v)) return Number(v);
    // Floats are a 400 on number fields, and integers are a 400 on float fields.
    throw wrongClass(ctx, isFloat ? "Float, String" : "Integer", v);
  };
  switch (relation) {
    case "is": {
      const v = single(ctx, raw);
      if (v === null) return ONLY_NULL;
      const n = num(v);
      return { test: (x) => x === n, nullMatches: false };
    }
    case "greater_than":
    case "less_than": {
      const n = num(single(ctx, raw));
      return relation === "greater_than" ? { test: (x) => (x as number) > n, nullMatches: false } : { test: (x) => (x as number) < n, nullMatches: false };
    }
    case "between": {
      const [a, b] = pair(ctx, raw).map(num) as [number, number];
      return { test: (x) => (x as number) >= a && (x as number) <= b, nullMatches: false };
    }
    case "in": {
      const values = list(raw);
      const wanted = new Set(values.filter((v) => v !== null).map(num));
      return { test: (x) => wanted.has(x as number), nullMatches: values.includes(null) };
    }
  }
  throw fail(ctx, `relation '${relation}' not handled`);
}

function pair(ctx: ValueContext, raw: unknown): [unknown, unknown] {
  if (!Array.isArray(raw) || raw.length !== 2) throw fail(ctx, `'${ctx.relation}' 'relation' expects a 2-element array`);
  return [raw[0], raw[1]];
}

function dateTest(relation: string, raw: unknown, ctx: ValueContext): LeafTest {
  const isDate = ctx.def.dataType === "date";
  const parse = (v: unknown): string => {
    const parsed = typeof v === "string" ? (isDate ? parseDate(v) : parseDateTime(v)) : null;
    if (parsed) return parsed;
    throw fail(ctx, isDate ? `Invalid date format ${JSON.stringify(v)}. Correct format is: 2011-01-21` : `Invalid date_time format ${JSON.stringify(v)}. Correct format is: 2011-01-21T19:47:33Z`);
  };
  const stamp = (d: Date): string => (isDate ? canonicalDate(d) : canonicalDateTime(d));
  const range = (lo: string, hi: string, hiInclusive: boolean): LeafTest => ({
    test: (x) => (x as string) >= lo && (hiInclusive ? (x as string) <= hi : (x as string) < hi),
    nullMatches: false,
  });
  switch (relation) {
    case "is": {
      const v = single(ctx, raw);
      if (v === null) return ONLY_NULL;
      const t = parse(v);
      return { test: (x) => x === t, nullMatches: false };
    }
    case "greater_than": {
      const t = parse(single(ctx, raw));
      return { test: (x) => (x as string) > t, nullMatches: false };
    }
    case "less_than": {
      const t = parse(single(ctx, raw));
      return { test: (x) => (x as string) < t, nullMatches: false };
    }
    case "between": {
      const [a, b] = pair(ctx, raw).map(parse) as [string, string];
      return a <= b ? range(a, b, true) : range(b, a, true); // order-insensitive for dates
    }
    case "in": {
      const values = list(raw);
      const wanted = new Set(values.filter((v) => v !== null).map(parse));
      return { test: (x) => wanted.has(x as string), nullMatches: values.includes(null) };
    }
    case "in_last":
    case "in_next": {
      const [n, unit] = relative(ctx, raw);
      ctx.usesClock = true;
      const now = ctx.now();
      const other = shiftDate(now, relation === "in_last" ? -n : n, unit);
      return relation === "in_last" ? range(stamp(other), stamp(now), true) : range(stamp(now), stamp(other), true);
    }
  }
  const calendar = /^in_calendar_(day|week|month|year)$/.exec(relation);
  if (calendar) {
    const offset = single(ctx, raw);
    if (typeof offset !== "number" || !Number.isInteger(offset)) throw wrongClass(ctx, "Integer", offset);
    ctx.usesClock = true;
    const [start, end] = calendarRange(ctx.now(), calendar[1] as CalendarUnit, offset);
    return range(stamp(start), stamp(end), false);
  }
  throw fail(ctx, `relation '${relation}' not handled`);
}

/** `[n, "DAY"]`: n > 0, an uppercase unit. */
function relative(ctx: ValueContext, raw: unknown): [number, RelativeUnit] {
  if (!Array.isArray(raw) || raw.length !== 2) throw fail(ctx, `'${ctx.relation}' 'relation' expects [number, unit]`);
  const [n, unit] = raw;
  if (typeof n !== "number" || !Number.isInteger(n) || n <= 0) throw fail(ctx, `'${ctx.relation}' needs a positive integer count`);
  if (!RELATIVE_UNITS.includes(unit as RelativeUnit)) {
    throw fail(ctx, `'${ctx.relation}' unit must be one of ${RELATIVE_UNITS.join(", ")}`);
  }
  return [n, unit as RelativeUnit];
}

function entityHash(ctx: ValueContext, v: unknown): string {
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw wrongClass(ctx, "Hash, NilClass", v);
  const h = v as { type?: unknown; id?: unknown };
  if (typeof h.type !== "string") throw fail(ctx, "invalid/missing entity hash string 'type'");
  if (typeof h.id !== "number" || !Number.isInteger(h.id)) throw fail(ctx, "invalid/missing entity hash integer 'id'");
  return `${h.type}:${h.id}`;
}

function linkTest(relation: string, raw: unknown, ctx: ValueContext): LeafTest {
  const keyOf = (row: Row) => `${row.type}:${row.id}`;
  switch (relation) {
    case "is": {
      if (Array.isArray(raw)) throw fail(ctx, "'is' 'relation' expects a 1-element array");
      if (raw === null) return ONLY_NULL;
      const key = entityHash(ctx, raw);
      return { test: (x) => keyOf(x as Row) === key, nullMatches: false };
    }
    case "in": {
      if (Array.isArray(raw) && raw.length === 0) throw fail(ctx, "'in' 'relation' expects at least a 1-element array");
      const values = list(raw);
      const wanted = new Set(values.filter((v) => v !== null).map((v) => entityHash(ctx, v)));
      return { test: (x) => wanted.has(keyOf(x as Row)), nullMatches: values.includes(null) };
    }
    case "type_is": {
      const t = single(ctx, raw);
      if (typeof t !== "string") throw wrongClass(ctx, "String", t);
      return { test: (x) => (x as Row).type === t, nullMatches: false };
    }
    case "name_is":
    case "name_contains": {
      const t = single(ctx, raw);
      if (typeof t !== "string") throw wrongClass(ctx, "String", t);
      const lower = t.toLowerCase();
      const name = (x: unknown) => (ctx.displayName(x as Row) ?? "").toLowerCase();
      return relation === "name_is"
        ? { test: (x) => name(x) === lower, nullMatches: false }
        : { test: (x) => name(x).includes(lower), nullMatches: false };
    }
  }
  return NEVER;
}

function exactTest(relation: string, raw: unknown, ctx: ValueContext): LeafTest {
  const check = (v: unknown): string => {
    if (typeof v !== "string") throw wrongClass(ctx, "String, NilClass", v);
    return v;
  };
  if (relation === "in") {
    const values = list(raw);
    const wanted = new Set(values.filter((v) => v !== null).map(check));
    return { test: (x) => wanted.has(x as string), nullMatches: values.includes(null) };
  }
  const v = single(ctx, raw);
  if (v === null) return ONLY_NULL;
  const t = check(v);
  return { test: (x) => x === t, nullMatches: false };
}
