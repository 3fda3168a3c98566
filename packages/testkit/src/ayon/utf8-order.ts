// The byte order of UTF-8 text — what PostgreSQL's jsonb (jsonb-order.ts) and orjson's OPT_SORT_KEYS
// (json-dumps.ts) sort object keys by — without encoding the text. UTF-8 bytes compare like the code points they
// encode, and JavaScript's string comparison (UTF-16 code units) agrees with code point order as long as neither
// string holds a character beyond U+FFFF (a surrogate pair): only such strings need their bytes compared.
const SURROGATE = /[\uD800-\uDFFF]/;

/** Negative, zero or positive as `a`'s UTF-8 bytes sort before, equal to or after `b`'s. */
export function utf8Compare(a: string, b: string): number {
  if (SURROGATE.test(a) || SURROGATE.test(b)) return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
  return a < b ? -1 : a > b ? 1 : 0;
}
