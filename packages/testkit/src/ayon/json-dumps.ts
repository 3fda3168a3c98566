// JSON written by ayon-backend ayon_server/utils/json.py json_dumps: orjson with OPT_SORT_KEYS, so every
// object's keys, at every depth, come sorted by their bytes whatever order they were stored in. GraphQL's
// JSON-string fields (data, allAttrib, config, summary, payload, traits, context) are written so, and so is
// what a session keeps (the caller's own user).

import { utf8Compare } from "./utf8-order.js";

/** A copy of `value` with the key order json_dumps writes. */
export function jsonDumpsOrder<T>(value: T): T {
  return sortKeys(value) as T;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => utf8Compare(a, b));
    return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
  }
  return value;
}

/** The compact JSON text json_dumps gives `value`. */
export function jsonDumps(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}
