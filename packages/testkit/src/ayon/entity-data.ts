// The `entityData` of an entity.*.deleted event: the entity as ayon-backend ayon_server/entities/core/base.py
// dict_simple() gives it (camelCase keys, top-level nulls dropped, own attributes only, no ownAttrib), built from the
// emulator's record.
import { isoTime } from "./request.js";
import type { JsonObject } from "./types.js";

/** Record fields the emulator keeps for itself: no server model has them. */
const INTERNAL_FIELDS = new Set(["creationOrder"]);
/** Epoch-ms fields that the server's model holds as datetimes (rendered as ISO text in the stored JSON). */
const DATETIME_FIELDS = new Set(["createdAt", "updatedAt"]);

/**
 * `record` holds the model's fields (attrib = own values only) plus what the server's loaded entity adds, such as
 * `path` or a folder's `hasVersions`. Nested values are kept as they are: exclude_none drops nulls of the model's
 * fields, not inside `data`.
 */
export function dictSimple(record: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(record)) {
    if (value === null || value === undefined || INTERNAL_FIELDS.has(key)) continue;
    if (key === "attrib") out.attrib = withoutNulls(value as JsonObject);
    else if (DATETIME_FIELDS.has(key) && typeof value === "number") out[key] = isoTime(value);
    else out[key] = structuredClone(value);
  }
  return out;
}

// The attrib submodel is a model too, so exclude_none reaches its fields.
function withoutNulls(attrib: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(attrib).filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => [k, structuredClone(v)]));
}
