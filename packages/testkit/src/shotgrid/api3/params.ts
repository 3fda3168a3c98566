// What every api3 method receives, and the small translations they share: the entity type named by
// `params.type`, the `[{field_name, value}]` list shotgun_api3 sends turned into the write engine's body, and
// a flat record of the fields a caller asked for.
import { badRequest } from "../errors.js";
import type { SgServices } from "../rest/route-context.js";
import type { EntityTypeDef } from "../schema/schema.js";
import type { Actor } from "../store/changes.js";
import type { Row } from "../store/rows.js";
import type { FlatRecord } from "../store/store.js";

export interface Api3Call {
  services: SgServices;
  /** The authenticated caller (the script's ApiUser, or the person it sudoes as). */
  actor: Actor;
}

export type Api3Method = (params: unknown, call: Api3Call) => unknown;

export type Params = Record<string, unknown>;

export function objectParams(raw: unknown, method: string): Params {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== "object" || Array.isArray(raw)) throw badRequest(`API ${method}() expected a Hash of parameters`);
  return raw as Params;
}

/** `params.type` is the CamelCase schema name (shotgun_api3 `find`, `create`, ... pass `entity_type` as is). */
export function entityType(call: Api3Call, raw: unknown): EntityTypeDef {
  return call.services.store.requireType(typeof raw === "string" ? raw : String(raw));
}

/** A record id: shotgun_api3 sends the caller's int as is. */
export function recordId(raw: unknown, type: EntityTypeDef, method: string): number {
  if (typeof raw !== "number" || !Number.isInteger(raw)) throw badRequest(`API ${method}() ${type.name} id must be an Integer`, { id: raw ?? null });
  return raw;
}

/**
 * shotgun_api3 `_dict_to_list` sends `[{field_name, value}]`, with `multi_entity_update_mode` merged in by
 * `_translate_update_params`; the write engine takes `{field: value}` and the REST wrapper
 * `{field: {multi_entity_update_mode, value}}` for a mode.
 */
export function fieldsToBody(raw: unknown, method: string): Params {
  if (raw === undefined || raw === null) return {};
  if (!Array.isArray(raw)) throw badRequest(`API ${method}() fields must be an Array of {field_name, value}`);
  const body: Params = {};
  for (const item of raw as Params[]) {
    if (typeof item !== "object" || item === null || typeof item.field_name !== "string") {
      throw badRequest(`API ${method}() fields must be an Array of {field_name, value}`, { fields: JSON.stringify(item) });
    }
    const mode = item.multi_entity_update_mode;
    body[item.field_name] = mode === undefined ? item.value : { multi_entity_update_mode: mode, value: item.value };
  }
  return body;
}

export function stringList(raw: unknown): string[] {
  return Array.isArray(raw) ? raw.filter((f): f is string => typeof f === "string") : [];
}

/** A flat record with `type`, `id` and the named fields (dotted paths allowed), as api3 returns entities. */
export function flatRecord(call: Api3Call, row: Row, fields: readonly string[]): FlatRecord {
  return call.services.store.flat(row, [...new Set(fields)]);
}
