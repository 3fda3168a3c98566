// The names the Python addon (ayon-shotgrid 0.6.19) gives, for the migration fixture (python-addon-layout.ts),
// stated independently of ayon-sg's own naming code so a test built on it can fail:
// - a ShotGrid text present in python-names.json gets the name the real Python code computed
//   (ayon_api.slugify_string with unidecode, run by packages/shotgrid/scripts/python-names.py);
// - any other text must be plain ASCII, and is slugged here by ayon-python-api utils.py `slugify_string`'s rule
//   (split on its separator whitelist, keep ASCII letters and digits, drop words shorter than min_length, join
//   with `_`); a non-ASCII text not in the file is refused (no transliteration is guessed here).
import { readFileSync } from "node:fs";

/** How the Python addon names a text: folder `min_length=0`, task `min_length=1`, category lowercased task slug. */
export type PythonNameKind = "folder" | "task" | "category";

interface PythonNameRow {
  input: string;
  folder: string;
  task: string;
  category: string;
}

const ROWS = (JSON.parse(readFileSync(new URL("../sync/python-names.json", import.meta.url), "utf8")) as { names: PythonNameRow[] }).names;
const BY_INPUT = new Map(ROWS.map((row) => [row.input, row]));

/** ayon-python-api utils.py SLUGIFY_SEP_WHITELIST. */
const SEPARATORS = /[ ,./\\;:!|*^#@~+\-_=]/;

/** The Python addon's name for `text` (see the file comment). */
export function pythonName(text: string, kind: PythonNameKind): string {
  const row = BY_INPUT.get(text);
  if (row) return row[kind];
  // eslint-disable-next-line no-control-regex
  if (!/^[\x00-\x7f]*$/.test(text)) throw new Error(`'${text}' is not ASCII and not in python-names.json: add it there (computed by the Python code)`);
  const minLength = kind === "folder" ? 0 : 1;
  const slug = text.split(SEPARATORS).map((word) => word.replace(/[^A-Za-z0-9]/g, "")).filter((word) => word.length >= minLength).join("_");
  return kind === "category" ? slug.toLowerCase() : slug;
}
