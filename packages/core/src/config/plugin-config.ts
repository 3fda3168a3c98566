import type { PluginDeclaration } from "../plugin/define-plugin.js";

/** Where plugin sections live in the studio's package.json, as a path prefix for messages. */
export const PLUGIN_SECTIONS_PATH = "ayon-sg.config";

export interface PluginConfigResult {
  /** Each loaded plugin's parsed section (defaults applied), by plugin id. */
  configs: Map<string, unknown>;
  /** One sentence per problem, each starting with the path of the offending value. */
  problems: string[];
}

/**
 * Checks the studio's plugin sections (`"ayon-sg": { "config": { "<plugin id>": {...} } }`) against the loaded
 * plugins: a section whose id no plugin has (a misspelled id), a value of the wrong type and a key the plugin's
 * `configSchema` does not know are all refused, each with its path, e.g.
 * `ayon-sg.config.approval-flag.minLevel: expected number, got string`.
 *
 * Unknown keys are found by comparing the input with what the schema returned: zod drops keys it does not know
 * (or refuses them, for `.strict()` objects), so a key of the input missing from the output is one the plugin
 * would never read. A schema that renames keys in a `transform` should declare them with `.passthrough()`.
 * `inactiveIds` are plugins installed but excluded: their sections are kept for when they come back.
 */
export function validatePluginConfigs(
  plugins: readonly PluginDeclaration[],
  sections: Record<string, unknown>,
  inactiveIds: readonly string[] = [],
): PluginConfigResult {
  const configs = new Map<string, unknown>();
  const problems: string[] = [];
  const ids = new Set(plugins.map((p) => p.id));
  for (const id of Object.keys(sections)) {
    if (ids.has(id) || inactiveIds.includes(id)) continue;
    const loaded = [...ids].join(", ") || "none";
    problems.push(`${PLUGIN_SECTIONS_PATH}.${id}: no loaded plugin has the id '${id}' (a misspelled plugin id? loaded plugins: ${loaded})`);
  }
  for (const plugin of plugins) {
    const at = `${PLUGIN_SECTIONS_PATH}.${plugin.id}`;
    const raw = sections[plugin.id] ?? {};
    if (!plugin.configSchema) {
      if (isRecord(raw) && Object.keys(raw).length === 0) configs.set(plugin.id, raw);
      else problems.push(`${at}: plugin '${plugin.id}' takes no config (it declares no configSchema), so its section must be empty or absent`);
      continue;
    }
    const parsed = plugin.configSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push(...describeIssue(at, raw, issue));
      continue;
    }
    const unknown = droppedKeys(raw, parsed.data, []);
    for (const path of unknown) problems.push(`${joinPath(at, path)}: unknown key (plugin '${plugin.id}' has no such setting)`);
    if (unknown.length === 0) configs.set(plugin.id, parsed.data);
  }
  return { configs, problems };
}

type Issue = { path: PropertyKey[]; message: string; code?: string; expected?: unknown; keys?: unknown };

/** One line per problem; zod's own words where they are clear, "expected X, got Y" for a type mismatch. */
function describeIssue(at: string, raw: unknown, issue: Issue): string[] {
  const path = issue.path.map(String);
  if (issue.code === "unrecognized_keys" && Array.isArray(issue.keys)) {
    return issue.keys.map((key) => `${joinPath(at, [...path, String(key)])}: unknown key`);
  }
  if (issue.code === "invalid_type" && typeof issue.expected === "string") {
    return [`${joinPath(at, path)}: expected ${issue.expected}, got ${typeName(valueAt(raw, issue.path))}`];
  }
  return [`${joinPath(at, path)}: ${issue.message}`];
}

/** Paths of keys present in the input and absent from the parsed output, at any depth of plain objects and arrays. */
function droppedKeys(input: unknown, output: unknown, path: string[]): string[][] {
  if (Array.isArray(input) && Array.isArray(output)) {
    return input.flatMap((item, i) => (i < output.length ? droppedKeys(item, output[i], [...path, String(i)]) : []));
  }
  if (!isRecord(input) || !isRecord(output)) return [];
  return Object.keys(input).flatMap((key) => (Object.hasOwn(output, key) ? droppedKeys(input[key], output[key], [...path, key]) : [[...path, key]]));
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function typeName(value: unknown): string {
  if (value === undefined) return "nothing (the key is missing)";
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function joinPath(at: string, path: readonly string[]): string {
  return [at, ...path].join(".");
}
