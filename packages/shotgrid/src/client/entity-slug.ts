/**
 * Entity type names ↔ REST URL segments (ShotGrid REST API v1 `/entity/{type}`). URLs use the snake_case plural of the
 * CamelCase schema name (`HumanUser` → `human_users`); bodies always use the schema name itself.
 */
import { ShotgridInputError } from "./errors.js";

// Schema names: CamelCase letters and digits, plus the underscores of connection types such as
// `Asset_sg_vendor_groups_Connection` (present in a real site's schema, packages/testkit/data/).
const TYPE_NAME = /^[A-Z][A-Za-z0-9_]*$/;

const slugCache = new Map<string, string>();

/** Throw a clear error unless `type` looks like a ShotGrid schema type name (CamelCase, e.g. "Shot"). */
export function assertEntityType(type: string): void {
  if (typeof type !== "string" || !TYPE_NAME.test(type)) {
    throw new ShotgridInputError(
      `${JSON.stringify(type)} is not a ShotGrid entity type name; use the CamelCase schema name such as "Shot" or "CustomEntity03".`,
    );
  }
}

/** `Shot` → `shots`, `HumanUser` → `human_users`, `EventLogEntry` → `event_log_entries`,
 * `CustomEntity03` → `custom_entity03s`. */
export function entitySlug(type: string): string {
  const cached = slugCache.get(type);
  if (cached !== undefined) return cached;
  assertEntityType(type);
  const snake = type
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .replace(/_+/g, "_")
    .toLowerCase();
  const slug = pluralize(snake);
  slugCache.set(type, slug);
  return slug;
}

// English plural of the last word, the Rails way ShotGrid's routes follow. The exact slug of
// CustomEntityNN and of the `_Connection` types was never measured on a real site; the server also
// matches the schema name loosely, so a slightly different plural still resolves there.
function pluralize(word: string): string {
  if (/(s|x|z|ch|sh)$/.test(word)) return `${word}es`;
  if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`;
  return `${word}s`;
}
