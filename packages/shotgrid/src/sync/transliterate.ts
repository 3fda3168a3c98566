/**
 * Unicode → ASCII the way the Python addon's names see it: ayon-python-api's `slugify_string` (utils.py)
 * runs Python's `unidecode` on the text first. The npm `unidecode` package carries the same Text::Unidecode
 * tables; where its output would give another slug than Python unidecode 1.3 on text a name can hold, it is
 * corrected here, character by character (both map one character at a time):
 * - an unknown character gives `[?]` (CJK: `[?] `) in npm and nothing in Python (its missing entries are
 *   empty); the trailing space would add a separator to a slug;
 * - the npm tables keep Perl escapes (`\@`, `\{`, `\$`, `\\`): Python has the bare character;
 * - Python's tables moved Japanese kana to Hepburn (し shi, ち chi, つ/っ tsu), Ukrainian Є to `Ie`, and spell
 *   the numero sign № `No. ` where the npm tables have nothing.
 * Known remaining differences (letterlike symbols, circled digits, mathematical letters, some Hebrew, Greek
 * archaic letters) are listed in packages/shotgrid/scripts/README.md.
 */
import unidecode from "unidecode";

/** Characters whose Python unidecode 1.3 transliteration differs from the npm tables in a way slugs see. */
const PYTHON_TABLE: Readonly<Record<string, string>> = {
  "し": "shi", "ち": "chi", "つ": "tsu", "っ": "tsu",
  "シ": "shi", "チ": "chi", "ツ": "tsu", "ッ": "tsu",
  "Є": "Ie",
  "№": "No. ",
};
const UNKNOWN = /^\[\?\] ?$/;
const PERL_ESCAPE = /\\([\\@${}])/g;
const NON_ASCII = /[^\x00-\x7f]/u;

/** `text` in ASCII, as Python unidecode gives it for the characters names are made of. */
export function toAscii(text: string): string {
  if (!NON_ASCII.test(text)) return text;
  let out = "";
  for (const character of text) {
    if (character.length === 1 && character.charCodeAt(0) < 0x80) {
      out += character;
      continue;
    }
    out += PYTHON_TABLE[character] ?? asciiOf(character);
  }
  return out;
}

function asciiOf(character: string): string {
  const ascii = unidecode(character);
  return UNKNOWN.test(ascii) ? "" : ascii.replace(PERL_ESCAPE, "$1");
}
