/**
 * ShotGrid names → AYON names and labels (DESIGN §5 "Names", ayon-api.md §4.4).
 *
 * ShotGrid accepts any text as a `code`/`content`, empty and duplicated among siblings included. AYON entity
 * names must match NAME_REGEX and be unique case-insensitively among active siblings; labels may hold
 * anything but `'` and `;`. Everything here is pure and deterministic: the same input always gives the same
 * name, so a re-run of a sync computes the names it computed before.
 */

/** AYON's entity name rule (ayon-api.md §4.4). */
export const AYON_ENTITY_NAME = /^[a-zA-Z0-9_]([a-zA-Z0-9_.-]*[a-zA-Z0-9_])?$/;

/**
 * Longest name this sync produces. The reference gives no maximum for entity names; names end up in file
 * paths, so they are kept short. A longer ShotGrid name keeps its full text in the label.
 */
export const MAX_NAME_LENGTH = 64;

/** Letters NFKD does not split into an ASCII letter plus marks. */
const TRANSLITERATIONS: Readonly<Record<string, string>> = {
  ß: "ss", ẞ: "SS", æ: "ae", Æ: "AE", œ: "oe", Œ: "OE", ø: "o", Ø: "O", đ: "d", Đ: "D", ð: "d", Ð: "D",
  ł: "l", Ł: "L", þ: "th", Þ: "TH", ı: "i", ħ: "h", Ħ: "H", ŧ: "t", Ŧ: "T", ŋ: "n", Ŋ: "N", ĸ: "k",
};
const NON_DECOMPOSING = new RegExp(`[${Object.keys(TRANSLITERATIONS).join("")}]`, "g");
const COMBINING_MARKS = /\p{M}+/gu;
const NOT_NAME_CHARACTERS = /[^A-Za-z0-9_.-]+/g;
const UNDERSCORE_RUNS = /_{2,}/g;
const LEADING_OR_TRAILING_JUNK = /^[._-]+|[._-]+$/g;

/** ASCII transliteration: accents dropped (é → e), a few letters spelled out (ß → ss); other scripts stay. */
export function transliterate(text: string): string {
  return text.normalize("NFKD").replace(COMBINING_MARKS, "").replace(NON_DECOMPOSING, (c) => TRANSLITERATIONS[c] ?? c);
}

/**
 * The AYON name a ShotGrid name slugs to, or null when nothing usable is left (empty, only punctuation, only
 * non-Latin script). Case is kept; runs of other characters become one `_`; `.`/`-`/`_` are trimmed from the
 * ends; the result is cut to MAX_NAME_LENGTH.
 */
export function slugifyName(raw: unknown): string | null {
  if (typeof raw !== "string") return null;
  const slug = trimEnds(
    transliterate(raw).replace(NOT_NAME_CHARACTERS, "_").replace(UNDERSCORE_RUNS, "_").slice(0, MAX_NAME_LENGTH),
  );
  return slug === "" ? null : slug;
}

/** `<type>_<id>` in lowercase, e.g. `shot_1234`: the name of an entity whose ShotGrid name gives nothing. */
export function fallbackName(sgType: string, sgId: number | string): string {
  return slugifyName(`${sgType.toLowerCase()}_${String(sgId)}`) ?? "entity";
}

/** The name an entity asks for before sibling de-duplication: its slug, or the fallback. */
export function baseName(raw: unknown, sgType: string, sgId: number | string): string {
  return slugifyName(raw) ?? fallbackName(sgType, sgId);
}

/**
 * A label AYON accepts (`^[^';]*$`) that reads like the original: `'` becomes `’`, `;` becomes `,`, control
 * characters go, whitespace runs become one space. null when nothing is left.
 */
export function cleanLabel(raw: unknown): string | null {
  if (typeof raw !== "string") return null;
  const label = raw
    .replace(/'/g, "’")
    .replace(/;/g, ",")
    .replace(/\p{Cc}+/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
  return label === "" ? null : label;
}

/** A sibling asking for a name: its ShotGrid id decides the order and the suffix. */
export interface NameRequest {
  sgId: number | string;
  base: string;
}

/**
 * Picks a name for `request` that no taken name clashes with (case-insensitively), and takes it.
 * The first choice is the base name; then `<base>_<sgId>` (stable whatever else happens among the siblings);
 * then `<base>_<sgId>_<n>`. Bases are shortened so every candidate stays within MAX_NAME_LENGTH.
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
  const safeSuffix = suffix.replace(NOT_NAME_CHARACTERS, "_");
  const room = Math.max(1, MAX_NAME_LENGTH - safeSuffix.length);
  const head = trimEnds(base.slice(0, room)) || "x";
  return `${head}${safeSuffix}`;
}

function trimEnds(text: string): string {
  return text.replace(LEADING_OR_TRAILING_JUNK, "");
}
