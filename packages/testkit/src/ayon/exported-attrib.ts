// The per-folder "exported attributes" table the server keeps (and what its REST folder list and its
// attribute filters read), as opposed to the inheritance GraphQL applies when it renders `attrib`.
// ayon-backend ayon_server/helpers/inherited_attributes.py: the project's values, minus folder-scoped
// attributes marked `inherit: false`, then every folder adds ALL its own values (inheritable or not)
// on top of its parent's set.
import type { AttributeRegistry } from "./attribute-registry.js";
import type { ProjectState } from "./project-store.js";
import type { FolderRecord, JsonObject } from "./types.js";

/** The project part of the exported set (ayon-backend helpers/inherited_attributes.py rebuild_inherited_attributes). */
export function exportedProjectAttrib(registry: AttributeRegistry, project: ProjectState): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(project.attrib)) {
    if (value === null || value === undefined || !registry.activeDef(key)) continue;
    const def = registry.activeIn("folder", key);
    if (def && def.data.inherit === false) continue;
    out[key] = value;
  }
  return out;
}

/** A folder's exported set: its parent's (or the project's) with its own values on top. */
export function folderExportedAttrib(
  registry: AttributeRegistry,
  project: ProjectState,
  folder: FolderRecord,
  cache?: Map<string, JsonObject>,
): JsonObject {
  const cached = cache?.get(folder.id);
  if (cached) return cached;
  const parent = folder.parentId === null ? undefined : project.folders.get(folder.parentId);
  const base = parent ? folderExportedAttrib(registry, project, parent, cache) : exportedProjectAttrib(registry, project);
  const result = { ...base, ...folder.attrib };
  cache?.set(folder.id, result);
  return result;
}

/**
 * How PostgreSQL's `->>` renders a JSON value as text, which is what the attribute filters compare
 * (ayon-backend graphql/resolvers/folders.py and tasks.py: `(...)->>'name' IN (...)`).
 */
export function jsonbText(value: unknown, type?: string): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value;
  // A float attribute is stored as a JSON float (pydantic turns 30 into 30.0), so its text is "30.0".
  if (type === "float" && typeof value === "number" && Number.isInteger(value)) return `${value}.0`;
  return jsonbRender(value);
}

function jsonbRender(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(jsonbRender).join(", ")}]`;
  if (value !== null && typeof value === "object") {
    return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${jsonbRender(v)}`).join(", ")}}`;
  }
  return JSON.stringify(value);
}
