/**
 * Value encodings ShotGrid needs that plain JSON cannot express (data types as shotgun_api3 docs/reference.rst lists
 * them).
 */
import type { EntityLink } from "./records.js";

/**
 * A value for a `float` field. ShotGrid rejects integers on float fields (on write and in filters) and
 * `JSON.stringify(2.0)` is `"2"`, so floats travel as decimal strings ("2.0", "1.5"). We chose an explicit
 * wrapper over a per-field type hint: the caller knows the field is a float where it builds the value, and
 * the wrapper works the same in create, update, batch and filters. `toJSON` does the encoding.
 */
export class SgFloat {
  readonly value: number;

  constructor(value: number) {
    if (!Number.isFinite(value)) throw new RangeError(`A ShotGrid float must be a finite number, got ${value}.`);
    this.value = value;
  }

  /** The wire form: at most 6 decimals (ShotGrid's precision), never exponent notation, at least one decimal. */
  toJSON(): string {
    // toFixed switches to exponent notation from 1e21 on; such a double is a whole number anyway.
    if (Math.abs(this.value) >= 1e21) return `${BigInt(this.value).toString()}.0`;
    const fixed = this.value.toFixed(6).replace(/0+$/, "");
    const text = fixed.endsWith(".") ? `${fixed}0` : fixed;
    return text === "-0.0" ? "0.0" : text;
  }

  toString(): string {
    return this.toJSON();
  }
}

/** Wrap a number for a ShotGrid `float` field. */
export function sgFloat(value: number): SgFloat {
  return new SgFloat(value);
}

/** Read a `float` field (ShotGrid returns it as a string such as "25.0"); null stays null. */
export function parseSgFloat(value: unknown): number | null {
  if (value === null || value === undefined || value === "") return null;
  const n = typeof value === "number" ? value : Number(value);
  if (!Number.isFinite(n)) throw new RangeError(`Not a ShotGrid float value: ${JSON.stringify(value)}.`);
  return n;
}

// 2026-01-21T19:47:33Z (reads), 2026-09-04 03:51:48 UTC (create responses), 2022-02-01 20:53:08.523887
// (webhook payloads, zone-less = UTC). Explicit offsets (+02:00) are accepted too.
const TIME_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?\s*(Z|UTC|[+-]\d{2}:?\d{2})?$/i;

/** Parse any of the timestamp forms ShotGrid emits into a Date (UTC). null/undefined give null. */
export function parseShotgridTime(value: string): Date;
export function parseShotgridTime(value: string | null | undefined): Date | null;
export function parseShotgridTime(value: string | null | undefined): Date | null {
  if (value === null || value === undefined) return null;
  const m = TIME_PATTERN.exec(value.trim());
  if (!m) throw new RangeError(`Not a ShotGrid timestamp: ${JSON.stringify(value)}.`);
  const [, y, mo, d, h, mi, s, frac, zone] = m as unknown as string[];
  const parts = [y, mo, d, h, mi, s].map(Number) as [number, number, number, number, number, number];
  const ms = frac ? Number(frac.slice(0, 3).padEnd(3, "0")) : 0;
  const local = new Date(Date.UTC(parts[0], parts[1] - 1, parts[2], parts[3], parts[4], parts[5], ms));
  // Date.UTC rolls impossible parts over (month 13, 31 February); reading them back catches that.
  const readBack = [local.getUTCFullYear(), local.getUTCMonth() + 1, local.getUTCDate(), local.getUTCHours(),
    local.getUTCMinutes(), local.getUTCSeconds()];
  if (readBack.some((part, i) => part !== parts[i])) {
    throw new RangeError(`Not a valid ShotGrid timestamp: ${JSON.stringify(value)}.`);
  }
  let offsetMin = 0;
  if (zone && /^[+-]/.test(zone)) {
    const digits = zone.replace(":", "");
    offsetMin = (zone.startsWith("-") ? -1 : 1) * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
  }
  const date = new Date(local.getTime() - offsetMin * 60_000);
  return date;
}

/** Format a Date the way ShotGrid stores `date_time` values: `YYYY-MM-DDTHH:MM:SSZ` (sub-seconds dropped). */
export function formatShotgridTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/** A link as written to ShotGrid: only `type` and `id` (a read link's `name` is dropped). */
export interface LinkRef {
  type: string;
  id: number;
}

export type MultiEntityUpdateMode = "add" | "remove" | "set";

/** The in-body wrapper that adds/removes links of a multi_entity field instead of replacing the set. */
export interface MultiEntityUpdate {
  multi_entity_update_mode: MultiEntityUpdateMode;
  value: LinkRef[];
}

function multiEntityUpdate(mode: MultiEntityUpdateMode, links: ReadonlyArray<LinkRef | EntityLink>): MultiEntityUpdate {
  return { multi_entity_update_mode: mode, value: links.map((l) => ({ type: l.type, id: l.id })) };
}

/** Field value that adds these links to a multi_entity field, keeping the others. */
export function addLinks(links: ReadonlyArray<LinkRef | EntityLink>): MultiEntityUpdate {
  return multiEntityUpdate("add", links);
}

/** Field value that removes these links from a multi_entity field, keeping the others. */
export function removeLinks(links: ReadonlyArray<LinkRef | EntityLink>): MultiEntityUpdate {
  return multiEntityUpdate("remove", links);
}

/** Field value that replaces a multi_entity field's links (the same as sending a bare list). */
export function setLinks(links: ReadonlyArray<LinkRef | EntityLink>): MultiEntityUpdate {
  return multiEntityUpdate("set", links);
}

/** A `{type, id}` link value for an entity field. */
export function linkRef(link: LinkRef | EntityLink): LinkRef {
  return { type: link.type, id: link.id };
}
