// A project's `config` as the project model serializes it: the anatomy sections other than types,
// statuses, tags, link types and attributes, reshaped the way the server stores them at deploy time.
// ayon-backend ayon_server/helpers/deploy_project.py anatomy_to_project_data: roots keyed by name,
// templates.common holding the paddings, each template group keyed by template name, entityNaming and
// entityNaming with default values left out.
import { builtinAnatomy } from "./anatomy.js";
import type { JsonObject } from "./types.js";
import { isPlainObject } from "./validation.js";

const TEMPLATE_GROUPS = ["work", "publish", "hero", "delivery", "others", "staging"];
const COMMON_KEYS = ["version_padding", "version", "frame_padding", "frame"];

/** Keys of `value` whose value differs from `defaults` (pydantic exclude_defaults, one level deep). */
function withoutDefaults(value: unknown, defaults: unknown): JsonObject {
  if (!isPlainObject(value)) return {};
  const base = isPlainObject(defaults) ? defaults : {};
  const out: JsonObject = {};
  for (const [key, v] of Object.entries(value)) {
    if (v === null || v === undefined) continue;
    if (JSON.stringify(v) !== JSON.stringify(base[key])) out[key] = structuredClone(v);
  }
  return out;
}

/** Converts anatomy-form config (roots as a list) to the stored project form; other shapes pass through. */
export function projectConfig(config: JsonObject): JsonObject {
  if (!Array.isArray(config.roots)) return structuredClone(config);
  const builtin = builtinAnatomy();
  const out: JsonObject = {};
  const roots: JsonObject = {};
  for (const root of config.roots) {
    if (!isPlainObject(root) || typeof root.name !== "string") continue;
    roots[root.name] = { windows: root.windows ?? null, linux: root.linux ?? null, darwin: root.darwin ?? null };
  }
  out.roots = roots;
  const templates = isPlainObject(config.templates) ? config.templates : {};
  const common: JsonObject = {};
  for (const key of COMMON_KEYS) common[key] = templates[key] ?? (builtin.templates as JsonObject)[key];
  const outTemplates: JsonObject = { common };
  for (const group of TEMPLATE_GROUPS) {
    const list = templates[group];
    if (!Array.isArray(list) || list.length === 0) continue;
    const byName: JsonObject = {};
    for (const t of list) {
      if (!isPlainObject(t)) continue;
      const { name, ...rest } = t;
      byName[String(name)] = rest;
    }
    outTemplates[group] = byName;
  }
  out.templates = outTemplates;
  out.entityNaming = withoutDefaults(config.entity_naming, builtin.entity_naming);
  // Observed on 1.16.0: the default definitions stay (they are a default_factory, not a field default).
  out.productBaseTypes = isPlainObject(config.product_base_types) ? structuredClone(config.product_base_types) : {};
  for (const [key, value] of Object.entries(config)) {
    if (!["roots", "templates", "entity_naming", "product_base_types"].includes(key) && !(key in out)) out[key] = structuredClone(value);
  }
  return out;
}
