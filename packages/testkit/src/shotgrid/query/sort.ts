// `sort=code,-created_at`: comma list, `-` for descending, dotted paths allowed, id ascending as the
// final tiebreak. An unknown or unsortable field is silently ignored; an empty or malformed list is a 400.
// Nulls sort last ascending and first descending (PostgreSQL's default; not documented).
import { invalidParameter } from "../errors.js";
import type { EntityTypeDef, ShotgridSchema } from "../schema/schema.js";
import type { DisplayNamer } from "../store/display-names.js";
import { Row } from "../store/rows.js";
import { resolvePath, valuesGetter, type ValuesGetter } from "./field-path.js";
import { UNFILTERABLE } from "./relations.js";

export interface SortKey {
  path: string;
  descending: boolean;
}

const TOKEN = /^-?[A-Za-z0-9_.]+$/;

/** Null = no sort given (id ascending). */
export function parseSort(raw: unknown): SortKey[] | null {
  if (raw === undefined || raw === null) return null;
  if (typeof raw !== "string") throw invalidParameter("sort", "sort array is not valid");
  if (raw.trim() === "") throw invalidParameter("sort", "sort must be filled");
  const tokens = raw.split(",");
  if (tokens.some((t) => !TOKEN.test(t))) throw invalidParameter("sort", "sort list is not valid");
  return tokens.map((t) => (t.startsWith("-") ? { path: t.slice(1), descending: true } : { path: t, descending: false }));
}

type Key = string | number | null;

export function sortRows(
  rows: readonly Row[],
  type: EntityTypeDef,
  keys: readonly SortKey[],
  schema: ShotgridSchema,
  displayName: DisplayNamer,
): Row[] {
  const getters: Array<{ get: ValuesGetter; sign: number }> = [];
  for (const key of keys) {
    const resolved = resolvePath(schema, type, key.path);
    if (!resolved || UNFILTERABLE.has(resolved.final.dataType)) continue;
    getters.push({ get: valuesGetter(resolved), sign: key.descending ? -1 : 1 });
  }
  if (getters.length === 0) return [...rows];
  const decorated = rows.map((row) => ({ row, keys: getters.map((g) => sortable(g.get(row)[0], displayName)) }));
  decorated.sort((a, b) => {
    for (let i = 0; i < getters.length; i++) {
      const c = compareKeys(a.keys[i]!, b.keys[i]!, getters[i]!.sign);
      if (c !== 0) return c;
    }
    return a.row.id - b.row.id;
  });
  return decorated.map((d) => d.row);
}

function sortable(value: unknown, displayName: DisplayNamer): Key {
  if (value === undefined || value === null) return null;
  if (value instanceof Row) return (displayName(value) ?? "").toLowerCase();
  if (typeof value === "string") return value.toLowerCase();
  if (typeof value === "number") return value;
  if (typeof value === "boolean") return value ? 1 : 0;
  return JSON.stringify(value);
}

function compareKeys(a: Key, b: Key, sign: number): number {
  if (a === b) return 0;
  if (a === null) return sign; // nulls last ascending, first descending
  if (b === null) return -sign;
  return (a < b ? -1 : 1) * sign;
}
