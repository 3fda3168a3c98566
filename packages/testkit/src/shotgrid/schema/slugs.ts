// Entity type names in URLs: the canonical segment is the snake_case plural (`event_log_entries`),
// and the server also accepts the CamelCase name, its plural and the snake_case singular (`Shot`, `Shots`,
// `shot`). Matching is not case-folded: `publishedfiles` is a 404 on a real site.

export function snakeCase(typeName: string): string {
  return typeName
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .replace(/__+/g, "_")
    .toLowerCase();
}

/** English plural of the last word. The exact slug of a few irregular types (`CustomEntity03`, `Software`)
 *  was never measured: the emulator also accepts the schema name for every type. */
export function pluralize(word: string): string {
  if (/[^aeiou]y$/i.test(word)) return `${word.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/i.test(word)) return `${word}es`;
  return `${word}s`;
}

export function canonicalSlug(typeName: string): string {
  return pluralize(snakeCase(typeName));
}

/** Every URL segment that names `typeName`. */
export function slugAliases(typeName: string): string[] {
  const snake = snakeCase(typeName);
  return [...new Set([typeName, pluralize(typeName), snake, pluralize(snake)])];
}
