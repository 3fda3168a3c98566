// PostgreSQL keeps a jsonb object's keys in its own order, not the order they were sent in: shorter keys
// first, keys of one length by their bytes (postgres src/backend/utils/adt/jsonb_util.c
// lengthCompareJsonbStringValue). AYON stores entity attrib/data, project config/attrib/data, user attrib/data
// and event summary/payload as jsonb (ayon-backend schemas/schema.public.sql, schema.project.sql), so it
// answers them in that order.

import { utf8Compare, utf8Length, withSortedKeys } from "./key-order.js";

/** The key order PostgreSQL's jsonb gives an object. */
export function jsonbKeyCompare(a: string, b: string): number {
  return utf8Length(a) - utf8Length(b) || utf8Compare(a, b);
}

/** A copy of `value` whose objects, at every depth, have their keys in jsonb order (arrays keep theirs). */
export function jsonbOrder<T>(value: T): T {
  return withSortedKeys(value, jsonbKeyCompare);
}
