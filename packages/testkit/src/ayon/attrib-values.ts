// Attribute values on entities: filtering and type coercion on write (the generated pydantic attrib
// model: unknown keys silently dropped, lax v1 coercion, constraints checked), and inheritance on read
// (project → folder → ... → task, only for `inherit: true` definitions).
import type { AttributeRegistry } from "./attribute-registry.js";
import type { ProjectState } from "./project-store.js";
import type { AttributeDefinition, FolderRecord, JsonObject, TaskRecord } from "./types.js";
import { coerceBool, isPlainObject } from "./validation.js";
import { jsonbOrder } from "./jsonb-order.js";

export class AttribValueError extends Error {
  constructor(readonly attribute: string, message: string) {
    super(`${attribute}: ${message}`);
    this.name = "AttribValueError";
  }
}

/**
 * Keeps the keys that are active attributes of `scope` and coerces their values. `null` stays null
 * (it means "remove the own value" in a patch). Throws AttribValueError on a bad value.
 */
export function cleanAttrib(registry: AttributeRegistry, scope: string, raw: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(raw)) {
    const def = registry.activeIn(scope, key);
    if (!def) continue; // unknown or inactive (not restarted yet): silently dropped
    out[key] = value === null ? null : coerceAttribValue(def, value);
  }
  return out;
}

export function coerceAttribValue(def: AttributeDefinition, value: unknown): unknown {
  const { data } = def;
  const fail = (msg: string): never => {
    throw new AttribValueError(def.name, msg);
  };
  switch (data.type) {
    case "string": {
      if (typeof value === "number" && Number.isFinite(value)) value = String(value);
      if (typeof value !== "string") fail("str type expected");
      const s = value as string;
      if (data.minLength !== undefined && s.length < data.minLength) fail(`ensure this value has at least ${data.minLength} characters`);
      if (data.maxLength !== undefined && s.length > data.maxLength) fail(`ensure this value has at most ${data.maxLength} characters`);
      if (data.regex && !new RegExp(data.regex).test(s)) fail(`string does not match regex "${data.regex}"`);
      return s;
    }
    case "integer":
    case "float": {
      let n: number = NaN;
      if (typeof value === "number") n = value;
      else if (typeof value === "string" && value.trim() !== "") n = Number(value);
      else if (typeof value === "boolean") n = value ? 1 : 0;
      if (!Number.isFinite(n)) fail(data.type === "integer" ? "value is not a valid integer" : "value is not a valid float");
      if (data.type === "integer" && !Number.isInteger(n)) fail("value is not a valid integer");
      if (data.gt !== undefined && !(n > data.gt)) fail(`ensure this value is greater than ${data.gt}`);
      if (data.ge !== undefined && !(n >= data.ge)) fail(`ensure this value is greater than or equal to ${data.ge}`);
      if (data.lt !== undefined && !(n < data.lt)) fail(`ensure this value is less than ${data.lt}`);
      if (data.le !== undefined && !(n <= data.le)) fail(`ensure this value is less than or equal to ${data.le}`);
      return n;
    }
    case "boolean": {
      const b = coerceBool(value);
      if (b === undefined) fail("value could not be parsed to a boolean");
      return b;
    }
    case "datetime": {
      let ms: number = NaN;
      if (typeof value === "string") ms = Date.parse(value);
      else if (typeof value === "number") ms = value > 2e10 ? value : value * 1000; // v1: seconds or ms
      if (Number.isNaN(ms)) fail("invalid datetime format");
      // Kept as given when it is a string: the server echoes the ISO text back.
      return typeof value === "string" ? value : new Date(ms).toISOString().replace("Z", "+00:00");
    }
    case "list_of_strings":
    case "list_of_integers": {
      if (!Array.isArray(value)) fail("value is not a valid list");
      const list = (value as unknown[]).map((item) => {
        if (data.type === "list_of_strings") {
          if (typeof item === "number") return String(item);
          if (typeof item !== "string") fail("str type expected");
          return item;
        }
        const n = typeof item === "string" ? Number(item) : item;
        if (typeof n !== "number" || !Number.isInteger(n)) fail("value is not a valid integer");
        return n;
      });
      if (data.minItems !== undefined && list.length < data.minItems) fail(`ensure this value has at least ${data.minItems} items`);
      if (data.maxItems !== undefined && list.length > data.maxItems) fail(`ensure this value has at most ${data.maxItems} items`);
      return list;
    }
    case "list_of_any":
    case "list_of_submodels":
      if (!Array.isArray(value)) fail("value is not a valid list");
      return value;
    case "dict":
      if (!isPlainObject(value)) fail("value is not a valid dict");
      return value;
  }
  return value;
}

/** Merges a cleaned patch into own values: null removes a key. Returns a new object. */
export function mergeAttrib(own: JsonObject, patch: JsonObject): JsonObject {
  const out = { ...own };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = value;
  }
  // Stored as jsonb: ownAttrib (the stored keys) comes back in jsonb key order.
  return jsonbOrder(out);
}

/** Inherited values a folder passes to its children (own values over its ancestors' and the project's). */
export function folderEffectiveAttrib(
  registry: AttributeRegistry,
  project: ProjectState,
  folder: FolderRecord,
  cache?: Map<string, JsonObject>,
): JsonObject {
  const cached = cache?.get(folder.id);
  if (cached) return cached;
  const parent = folder.parentId === null ? undefined : project.folders.get(folder.parentId);
  const inherited = parent
    ? folderEffectiveAttrib(registry, project, parent, cache)
    : inheritableProjectAttrib(registry, project);
  const result = resolveScope(registry, "folder", inherited, folder.attrib);
  cache?.set(folder.id, result);
  return result;
}

export function taskEffectiveAttrib(
  registry: AttributeRegistry,
  project: ProjectState,
  task: TaskRecord,
  cache?: Map<string, JsonObject>,
): JsonObject {
  const folder = project.folders.get(task.folderId);
  const inherited = folder ? folderEffectiveAttrib(registry, project, folder, cache) : inheritableProjectAttrib(registry, project);
  return resolveScope(registry, "task", inherited, task.attrib);
}

/** Project own values of the active project-scope attributes. */
export function projectAttrib(registry: AttributeRegistry, project: ProjectState): JsonObject {
  const out: JsonObject = {};
  for (const def of registry.activeFor("project")) {
    if (project.attrib[def.name] !== undefined) out[def.name] = project.attrib[def.name];
  }
  return out;
}

function inheritableProjectAttrib(registry: AttributeRegistry, project: ProjectState): JsonObject {
  return projectAttrib(registry, project);
}

/**
 * For each active attribute of `scope`: own value, else (when inheritable) the inherited one.
 * Values of attributes outside the scope still travel down the chain (a task may inherit a value
 * its folder does not show), which is why `inherited` is merged rather than filtered.
 */
function resolveScope(registry: AttributeRegistry, scope: string, inherited: JsonObject, own: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(inherited)) {
    const def = registry.activeDef(key);
    if (def && def.data.inherit !== false) out[key] = value;
  }
  for (const [key, value] of Object.entries(own)) {
    if (registry.activeIn(scope, key)) out[key] = value;
  }
  return out;
}

/** The attrib object a read returns: only attributes of the entity's scope. */
export function visibleAttrib(registry: AttributeRegistry, scope: string, effective: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const def of registry.activeFor(scope)) {
    if (effective[def.name] !== undefined) out[def.name] = effective[def.name];
  }
  return out;
}
