/**
 * ShotGrid names → AYON names and labels, as the Python addon makes them so a project it
 * synced is taken over without a rename: ayon-shotgrid 0.6.19 services/shotgrid_common/utils.py
 * `_sg_to_ay_dict` names a folder `slugify_string(code, min_length=0)`, a task `slugify_string(content)`
 * (min_length 1; `slugify_string(step code or default task type)` when the content is empty) and an asset
 * category `slugify_string(sg_asset_type).lower()`; labels are the ShotGrid text itself.
 *
 * Added here, where the Python addon has no answer: a name whose slug is empty (AYON refuses an empty name)
 * becomes `<type>_<id>`; siblings asking for the same name are de-duplicated (the Python addon would merge them
 * into one entity), and a label replaces the two characters AYON refuses. Everything is pure and deterministic: the
 * same input always gives the same name, so a re-run of a sync computes the names it computed before.
 */
import { toAscii } from "./transliterate.js";

/** AYON's entity name rule: ayon-backend ayon_server/types.py NAME_REGEX. */
export const AYON_ENTITY_NAME = /^[a-zA-Z0-9_]([a-zA-Z0-9_.-]*[a-zA-Z0-9_])?$/;

/** ayon-python-api utils.py SLUGIFY_SEP_WHITELIST: the characters slugify_string splits words on. */
const SPLIT_CHARACTERS = /[ ,./\\;:!|*^#@~+\-_=]/;
/** ayon-python-api utils.py SLUGIFY_WHITELIST: what a word keeps (ASCII letters and digits). */
const NOT_ALPHANUMERIC = /[^A-Za-z0-9]/g;
/** What a de-duplication suffix may hold (a text sgId is an asset category slug, already clean). */
const NOT_ALPHANUMERIC_OR_UNDERSCORE = /[^A-Za-z0-9_]/g;
/** Shortest word a folder slug keeps (utils.py `_sg_to_ay_dict`: min_length=0, so empty words stay as `_`). */
const FOLDER_MIN_WORD = 0;
/** Shortest word a task or asset category slug keeps (slugify_string's default min_length=1). */
const TASK_MIN_WORD = 1;

/**
 * ayon-python-api utils.py `slugify_string` with its defaults (separator `_`, no lowercasing): the text in
 * ASCII, split on SPLIT_CHARACTERS, each word stripped to letters and digits, words shorter than
 * `minWordLength` dropped, the rest joined with `_`. No maximum length.
 */
export function slugifyString(text: string, minWordLength: number): string {
  return toAscii(text)
    .split(SPLIT_CHARACTERS)
    .map((word) => word.replace(NOT_ALPHANUMERIC, ""))
    .filter((word) => word.length >= minWordLength)
    .join("_");
}

/** The folder name a ShotGrid `code` slugs to (min word length 0), or null when it is empty. */
export function slugifyName(raw: unknown): string | null {
  return slugOrNull(raw, FOLDER_MIN_WORD);
}

/** The task name a ShotGrid `content` (or a task type) slugs to (min word length 1), or null when empty. */
export function slugifyTaskName(raw: unknown): string | null {
  return slugOrNull(raw, TASK_MIN_WORD);
}

/**
 * An asset category's name and `shotgridId`: `slugify_string(sg_asset_type).lower()` (utils.py
 * `get_sg_entities`, update_from_shotgrid.py `_get_ayon_parent_entity`); "Vehicle - Air" → `vehicle_air`.
 * null when the asset type slugs to nothing.
 */
export function assetCategorySlug(raw: unknown): string | null {
  return slugifyTaskName(raw)?.toLowerCase() ?? null;
}

/** `<type>_<id>` in lowercase, e.g. `shot_1234`: the name of an entity whose ShotGrid name gives nothing. */
export function fallbackName(sgType: string, sgId: number | string): string {
  return slugifyString(`${sgType.toLowerCase()}_${String(sgId)}`, TASK_MIN_WORD) || "entity";
}

/**
 * The name an entity asks for before sibling de-duplication. `raw` is its ShotGrid name (`code`, a Task's
 * `content`, an asset category's `sg_asset_type`); `taskType` is a Task's type, whose slug names a Task with
 * an empty content, as in the Python addon. The fallback when all slug to nothing.
 */
export function baseName(raw: unknown, sgType: string, sgId: number | string, taskType?: string | null): string {
  if (sgType === "AssetCategory") return assetCategorySlug(raw) ?? fallbackName(sgType, sgId);
  if (sgType !== "Task") return slugifyName(raw) ?? fallbackName(sgType, sgId);
  const fromContent = typeof raw === "string" && raw !== "" ? slugifyTaskName(raw) : null;
  return fromContent ?? slugifyTaskName(taskType) ?? fallbackName(sgType, sgId);
}

/**
 * The label of a ShotGrid name: the text itself, as the Python addon sets it, except the two characters AYON
 * refuses in a label (ayon-backend ayon_server/types.py LABEL_REGEX `^[^';]*$`): `'` becomes `’`, `;` becomes
 * `,`. null when empty.
 */
export function cleanLabel(raw: unknown): string | null {
  if (typeof raw !== "string" || raw === "") return null;
  return raw.replace(/'/g, "’").replace(/;/g, ",");
}

function slugOrNull(raw: unknown, minWordLength: number): string | null {
  if (typeof raw !== "string") return null;
  const slug = slugifyString(raw, minWordLength);
  return slug === "" ? null : slug;
}

/** A sibling asking for a name: its ShotGrid id decides the order and the suffix. */
export interface NameRequest {
  sgId: number | string;
  base: string;
}

/**
 * Picks a name for `request` that no taken name clashes with (case-insensitively), and takes it.
 * The first choice is the base name; then `<base>_<sgId>` (stable whatever else happens among the siblings);
 * then `<base>_<sgId>_<n>`.
 */
export function pickUniqueName(request: NameRequest, taken: Set<string>): string {
  const candidates = candidateNames(request);
  for (const candidate of candidates) {
    if (!taken.has(candidate.toLowerCase())) {
      taken.add(candidate.toLowerCase());
      return candidate;
    }
  }
  for (let n = 2; ; n += 1) {
    const candidate = withSuffix(request.base, `_${String(request.sgId)}_${n}`);
    if (!taken.has(candidate.toLowerCase())) {
      taken.add(candidate.toLowerCase());
      return candidate;
    }
  }
}

/**
 * Whether `name` is one of the names pickUniqueName can give `request` (the base, or a de-duplicated form of
 * it). The incremental sync keeps such a name: it still says what the ShotGrid name says.
 */
export function isNameFor(name: string, request: NameRequest): boolean {
  if (name === request.base || name === withSuffix(request.base, `_${String(request.sgId)}`)) return true;
  const counter = /_(\d+)$/.exec(name);
  return counter !== null && name === withSuffix(request.base, `_${String(request.sgId)}_${counter[1]}`);
}

/**
 * Names for several siblings at once, deterministic whatever order they come in: requests are handled in
 * ShotGrid id order (numbers first, then text ids such as asset category slugs), so the lowest id keeps the
 * plain name. `taken` holds the lowercase names of active siblings already in AYON and is updated.
 */
export function assignUniqueNames<T extends NameRequest>(requests: readonly T[], taken: Set<string>): Map<T, string> {
  const names = new Map<T, string>();
  for (const request of [...requests].sort((a, b) => compareSgIds(a.sgId, b.sgId))) {
    names.set(request, pickUniqueName(request, taken));
  }
  return names;
}

/** Numeric ids ascending, then text ids in code-point order. */
export function compareSgIds(a: number | string, b: number | string): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "number") return -1;
  if (typeof b === "number") return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function candidateNames(request: NameRequest): string[] {
  return [request.base, withSuffix(request.base, `_${String(request.sgId)}`)];
}

function withSuffix(base: string, suffix: string): string {
  return `${base}${suffix.replace(NOT_ALPHANUMERIC_OR_UNDERSCORE, "_")}`;
}
