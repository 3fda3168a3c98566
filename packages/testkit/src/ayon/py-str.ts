// Python's str() of a JSON value, for the event descriptions the server builds with f-strings and str()
// (ayon-backend ayon_server/events/patch.py: `str(patch_data[column_name])`). A string prints as itself; inside a
// list or dict it prints as its repr; None/True/False print as words; a dict prints as {'k': v}.
//
// Known limit: a JSON number with an integral value (`1.0`) reaches us as a JS number 1 and prints as an int ("1"),
// where the server, having parsed a float, prints "1.0". Integral values are printed as ints.

/** str(value) as CPython 3 prints it. */
export function pyStr(value: unknown): string {
  return typeof value === "string" ? value : pyRepr(value);
}

/** repr(value) as CPython 3 prints it. */
export function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (typeof value === "number") return numberRepr(value);
  if (typeof value === "string") return stringRepr(value);
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(", ")}]`;
  if (typeof value === "object") {
    return `{${Object.entries(value as Record<string, unknown>).map(([k, v]) => `${stringRepr(k)}: ${pyRepr(v)}`).join(", ")}}`;
  }
  return String(value);
}

/** Python's len() of a string: code points, not UTF-16 units. */
export function pyLen(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

// CPython Objects/unicodeobject.c unicode_repr: single quotes unless the text has a ' and no ", then double quotes;
// backslash, the quote, \t \n \r escaped; other non-printable characters as \xNN, \uNNNN or \UNNNNNNNN.
function stringRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of text) {
    if (ch === quote || ch === "\\") out += `\\${ch}`;
    else if (ch === "\t") out += "\\t";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch !== " " && NON_PRINTABLE.test(ch)) out += hexEscape(ch.codePointAt(0)!);
    else out += ch;
  }
  return out + quote;
}

// Python's str.isprintable() is false for the Other (C*) and Separator (Z*) categories, except the ASCII space.
const NON_PRINTABLE = /^[\p{C}\p{Z}]$/u;

function hexEscape(code: number): string {
  if (code < 0x100) return `\\x${code.toString(16).padStart(2, "0")}`;
  if (code < 0x10000) return `\\u${code.toString(16).padStart(4, "0")}`;
  return `\\U${code.toString(16).padStart(8, "0")}`;
}

// CPython Python/pystrtod.c, float repr ('r' mode): the shortest round-tripping digits, positional when the
// decimal point falls within -4 < decpt <= 16, else an exponent of at least two digits; ".0" added to integral floats.
function numberRepr(n: number): string {
  if (Number.isInteger(n)) return BigInt(n).toString();
  if (!Number.isFinite(n)) return Number.isNaN(n) ? "nan" : n > 0 ? "inf" : "-inf";
  const sign = n < 0 ? "-" : "";
  const [mantissa, exp] = Math.abs(n).toExponential().split("e") as [string, string];
  const digits = mantissa.replace(".", "");
  const decpt = Number(exp) + 1;
  if (decpt > -4 && decpt <= 16) {
    if (decpt <= 0) return `${sign}0.${"0".repeat(-decpt)}${digits}`;
    if (decpt >= digits.length) return `${sign}${digits}${"0".repeat(decpt - digits.length)}.0`;
    return `${sign}${digits.slice(0, decpt)}.${digits.slice(decpt)}`;
  }
  const e = decpt - 1;
  const body = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${sign}${body}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
}
