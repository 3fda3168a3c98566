// The folder listing's `attrib`: AYON's exported attributes. ayon-backend helpers/inherited_attributes.py
// starts from the project's values without its non-inheritable folder ones, then lays each folder's own values over
// its parent's set down the path, non-inheritable ones included; helpers/hierarchy_cache.py returns that set
// as `attrib` in GET /api/projects/{p}/folders. So a folder without an own value of a non-inheritable
// attribute (shotgridId, description) shows its nearest ancestor's; `ownAttrib` lists the folder's own keys.
import type { AttributeRegistry } from "./attribute-registry.js";
import { projectAttrib } from "./attrib-values.js";
import type { ProjectState } from "./project-store.js";
import type { FolderRecord, JsonObject } from "./types.js";

export function folderExportedAttrib(
  registry: AttributeRegistry,
  project: ProjectState,
  folder: FolderRecord,
  cache: Map<string, JsonObject>,
): JsonObject {
  const cached = cache.get(folder.id);
  if (cached) return cached;
  const parent = folder.parentId === null ? undefined : project.folders.get(folder.parentId);
  const base = parent ? folderExportedAttrib(registry, project, parent, cache) : inheritableProjectValues(registry, project);
  const own: JsonObject = {};
  for (const [key, value] of Object.entries(folder.attrib)) if (registry.activeIn("folder", key)) own[key] = value;
  const result = sortedKeys({ ...base, ...own });
  cache.set(folder.id, result);
  return result;
}

function inheritableProjectValues(registry: AttributeRegistry, project: ProjectState): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(projectAttrib(registry, project))) {
    // rebuild_inherited_attributes drops a non-inheritable value only when the attribute is a folder one: a
    // project-only attribute (the ShotGrid addon's shotgridPush) stays in every folder's set.
    if (registry.activeDef(key)?.data.inherit !== false || !registry.activeIn("folder", key)) out[key] = value;
  }
  return out;
}

/** The listing's attrib comes out with its keys in alphabetical order (as recorded from the real server). */
function sortedKeys(values: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(values).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
