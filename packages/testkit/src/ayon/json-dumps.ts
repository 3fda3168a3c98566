// JSON written by ayon-backend ayon_server/utils/json.py json_dumps: orjson with OPT_SORT_KEYS, so every
// object's keys, at every depth, come sorted by their bytes whatever order they were stored in. GraphQL's
// JSON-string fields (data, allAttrib, config, summary, payload, traits, context) are written so, and so is
// what a session keeps (the caller's own user).

import { utf8Compare, withSortedKeys } from "./key-order.js";

/** A copy of `value` with the key order json_dumps writes. */
export function jsonDumpsOrder<T>(value: T): T {
  return withSortedKeys(value, utf8Compare);
}

/** The compact JSON text json_dumps gives `value`. */
export function jsonDumps(value: unknown): string {
  return JSON.stringify(withSortedKeys(value, utf8Compare));
}
