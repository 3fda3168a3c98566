// Summaries over the rows a filter selects (REST `_summarize`, shotgun_api3 `summarize`): totals of
// record_count/count/sum/min/max/average per field, and optionally one grouping level by the exact value
// of a field. Shared by both doors; nested groupings are not modelled.
import { badRequest } from "../errors.js";
import type { EntityTypeDef } from "../schema/schema.js";
import { Row } from "../store/rows.js";
import type { ShotgridStore } from "../store/store.js";
import { resolvePath, valuesGetter } from "./field-path.js";

export const SUMMARY_TYPES = ["record_count", "count", "sum", "min", "max", "average"];

export interface SummarySpec {
  field: string;
  type: string;
}

export interface Grouping {
  field?: unknown;
  direction?: unknown;
}

export interface SummaryGroup {
  group_name: string;
  group_value: unknown;
  summaries: Record<string, unknown>;
}

function getterFor(store: ShotgridStore, type: EntityTypeDef, field: string) {
  const path = resolvePath(store.schema, type, field);
  if (!path) throw badRequest(`API summarize() ${type.name}.${field} doesn't exist.`, { [field]: "unknown field" });
  return valuesGetter(path);
}

/** Every spec must name a field and a known summary type, or the request is refused. */
export function checkSummarySpecs(raw: unknown): SummarySpec[] {
  const specs = (Array.isArray(raw) ? raw : []) as SummarySpec[];
  for (const spec of specs) {
    if (typeof spec?.field !== "string" || !SUMMARY_TYPES.includes(spec.type)) {
      throw badRequest(`Invalid summary field ${JSON.stringify(spec)}; type must be one of: ${SUMMARY_TYPES.join(", ")}`);
    }
  }
  return specs;
}

export function summarizeRows(store: ShotgridStore, type: EntityTypeDef, rows: readonly Row[], specs: SummarySpec[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const spec of specs) {
    if (spec.type === "record_count") {
      out[spec.field] = rows.length;
      continue;
    }
    const get = getterFor(store, type, spec.field);
    const values = rows.flatMap((r) => get(r).slice(0, 1));
    if (spec.type === "count") {
      out[spec.field] = values.length;
      continue;
    }
    const numbers = values.filter((v): v is number => typeof v === "number");
    if (spec.type === "sum") out[spec.field] = numbers.reduce((a, b) => a + b, 0);
    else if (spec.type === "average") out[spec.field] = numbers.length ? numbers.reduce((a, b) => a + b, 0) / numbers.length : null;
    else if (spec.type === "min") out[spec.field] = numbers.length ? Math.min(...numbers) : null;
    else out[spec.field] = numbers.length ? Math.max(...numbers) : null;
  }
  return out;
}

/** The groups of the first grouping level, sorted by name (`direction: "desc"` reverses); null without one. */
export function summarizeGroups(
  store: ShotgridStore,
  type: EntityTypeDef,
  rows: readonly Row[],
  specs: SummarySpec[],
  grouping: readonly Grouping[],
): SummaryGroup[] | null {
  const first = grouping[0];
  if (typeof first?.field !== "string") return null;
  const get = getterFor(store, type, first.field);
  const groups = new Map<string, { value: unknown; name: string; rows: Row[] }>();
  for (const row of rows) {
    const value = get(row)[0] ?? null;
    const name = value instanceof Row ? (store.displayName(value) ?? "") : value === null ? "" : String(value);
    const key = value instanceof Row ? `${value.type}:${value.id}` : JSON.stringify(value);
    const group = groups.get(key) ?? { value: value instanceof Row ? { type: value.type, id: value.id, name } : value, name, rows: [] };
    group.rows.push(row);
    groups.set(key, group);
  }
  const sign = first.direction === "desc" ? -1 : 1;
  return [...groups.values()]
    .sort((a, b) => (a.name < b.name ? -sign : a.name > b.name ? sign : 0))
    .map((g) => ({ group_name: g.name, group_value: g.value, summaries: summarizeRows(store, type, g.rows, specs) }));
}
