// Makes a reply comparable across servers and runs: values that differ on every run (ids, times, hashes,
// tokens, server versions, cursors) become stable placeholders. Field names, field order, value types and
// nulls are kept exactly: they are what a client parses.

const ID = /\b[0-9a-f]{32}\b/g;
const HASH = /^[0-9a-f]{64}$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/;
const KEY_PREVIEW = /^[0-9a-zA-Z]{4}\*+[0-9a-zA-Z]{4}$/;

/** Keys whose string values are per server or per run whatever they look like (a traceback quotes the server's code). */
const KEY_PLACEHOLDERS: Record<string, string> = {
  version: "<version>",
  token: "<token>",
  password: "<password>",
  apiKey: "<apiKey>",
  endCursor: "<cursor>",
  startCursor: "<cursor>",
  cursor: "<cursor>",
  uptime: "<uptime>",
  hostname: "<hostname>",
  zip_path: "<path>",
  traceback: "<traceback>",
};

export function normaliseString(value: string): string {
  if (HASH.test(value)) return "<hash>";
  if (DATETIME.test(value)) return "<datetime>";
  if (KEY_PREVIEW.test(value)) return "<keyPreview>";
  return value.replace(ID, "<id>");
}

/** A copy of `value` with run-specific values replaced; object keys keep their order. */
export function normalise(value: unknown, key?: string): unknown {
  if (typeof value === "string") {
    if (key !== undefined && key in KEY_PLACEHOLDERS) return KEY_PLACEHOLDERS[key];
    return normaliseString(value);
  }
  if (typeof value === "number" && key !== undefined && key in KEY_PLACEHOLDERS) return 0;
  if (Array.isArray(value)) return value.map((item) => normalise(item));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    // Keys can be ids too (e.g. maps keyed by entity id): normalised like values, order kept.
    for (const [k, v] of Object.entries(value)) out[normaliseString(k)] = normalise(v, k);
    return out;
  }
  return value;
}

/**
 * GraphQL answers with their unordered lists sorted. `ownAttrib` of a folder or task lists the names in the
 * order of ayon-backend's inheritable attributes, a Python set (entities/core/attrib.py inheritable_attributes),
 * once `attrib` was resolved before it (graphql/utils.py process_attrib_data fills the own dict in place): that
 * order changes with every server process, so two recordings agree only on the set.
 */
export function sortGraphqlSets(value: unknown, key?: string): unknown {
  if (Array.isArray(value)) {
    const items = value.map((item) => sortGraphqlSets(item));
    return key === "ownAttrib" && items.every((item) => typeof item === "string") ? [...(items as string[])].sort() : items;
  }
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, sortGraphqlSets(v, k)]));
  }
  return value;
}
