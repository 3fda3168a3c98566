// Object keys in the orders the server writes them: PostgreSQL's jsonb (jsonb-order.ts) and orjson's
// OPT_SORT_KEYS (json-dumps.ts) both sort by the keys' UTF-8 bytes. UTF-8 bytes compare like the code points
// they encode, and JavaScript's string comparison (UTF-16 code units) agrees with code point order as long as
// neither string holds a character beyond U+FFFF (a surrogate pair): only such strings need their bytes compared.
const SURROGATE = /[\uD800-\uDFFF]/;
const NON_ASCII = /[^\x00-\x7f]/;

/** Negative, zero or positive as `a`'s UTF-8 bytes sort before, equal to or after `b`'s. */
export function utf8Compare(a: string, b: string): number {
  if (SURROGATE.test(a) || SURROGATE.test(b)) return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The length of `text` in UTF-8 bytes (ASCII text, nearly every key, without asking the encoder). */
export function utf8Length(text: string): number {
  return NON_ASCII.test(text) ? Buffer.byteLength(text, "utf8") : text.length;
}

/** A deep copy of `value` whose objects, at every depth, have their keys in `compare` order (arrays keep theirs). */
export function withSortedKeys<T>(value: T, compare: (a: string, b: string) => number): T {
  if (Array.isArray(value)) return value.map((item: unknown) => withSortedKeys(item, compare)) as T;
  if (value === null || typeof value !== "object") return value;
  const source = value as Record<string, unknown>;
  const keys = Object.keys(source).sort(compare);
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const inner = withSortedKeys(source[key], compare);
    // A "__proto__" key (JSON.parse makes it an own key) must stay a key, not become the prototype.
    if (key === "__proto__") Object.defineProperty(out, key, { value: inner, enumerable: true, writable: true, configurable: true });
    else out[key] = inner;
  }
  return out as T;
}
