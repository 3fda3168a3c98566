// The entity.* events a write produces (ayon-backend ayon_server/events/patch.py): created/deleted with
// summary {entityId, parentId}, and one event per changed aspect of an update with summary
// {entityId, parentId, entityPath, value} and payload {oldValue, newValue}.
// Faithful quirk: all events of one update share one summary object on the server, so `value` ends up
// being the value of the last event built; the emulator reproduces that.
import type { PendingEvent } from "./transaction.js";
import type { EntityType, JsonObject } from "./types.js";
import { pyLen, pyStr } from "./py-str.js";

/** Column (camelCase record field) → topic suffix, in the server's order (ayon-backend ayon_server/events/patch.py ADDITIONAL_COLUMNS). */
const ADDITIONAL_ASPECTS: Array<[field: string, column: string, topic: string]> = [
  ["data", "data", "data_changed"],
  ["label", "label", "label_changed"],
  ["folderType", "folder_type", "type_changed"],
  ["taskType", "task_type", "type_changed"],
  ["thumbnailId", "thumbnail_id", "thumbnail_changed"],
  ["active", "active", "active_changed"],
  ["assignees", "assignees", "assignees_changed"],
  ["productType", "product_type", "product_type_changed"],
  ["author", "author", "author_changed"],
  // No "files": patch.py lists the column, but RepresentationEntity (ayon_server/entities/representation.py) has
  // no `files` property, so the server's hasattr check skips it and a files change emits no event.
  // ayon-backend ayon_server/events/patch.py ADDITIONAL_COLUMNS "tags": commented "for projects", yet every entity has
  // `tags`, so a tags change gives this second tags_changed after the one built from the tags diff.
  ["tags", "tags", "tags_changed"],
  ["parentId", "parent_id", "parent_changed"],
  ["folderId", "folder_id", "folder_changed"],
  ["taskId", "task_id", "task_changed"],
  ["productId", "product_id", "product_changed"],
  ["versionId", "version_id", "version_changed"],
];

export interface EntitySnapshot {
  id: string;
  parentId: string | null;
  /** "/a/b" (leading slash). */
  path: string;
  name: string;
  status: string;
  tags: string[];
  /** Own attribute values. */
  attrib: JsonObject;
  [field: string]: unknown;
}

/** ayon-backend operations/project_level/entity_create.py: the description names the entity by its name. */
export function createdEvent(type: EntityType, project: string, id: string, parentId: string | null, name: string): PendingEvent {
  return {
    topic: `entity.${type}.created`,
    project,
    description: `${capitalize(type)} ${name} created`,
    summary: { entityId: id, parentId },
    payload: {},
  };
}

export function deletedEvent(type: EntityType, project: string, id: string, parentId: string | null, path: string, entityData: JsonObject): PendingEvent {
  return {
    topic: `entity.${type}.deleted`,
    project,
    description: `${capitalize(type)} ${path} deleted`,
    summary: { entityId: id, parentId },
    payload: { entityData },
  };
}

/**
 * ayon-backend api/tasks/tasks.py assign_users_to_task: dispatched directly, not through patch.py, so the summary has
 * no entityPath or value and the description names the task by its name.
 */
export function assigneesAssignedEvent(project: string, task: { id: string; folderId: string; name: string }, oldValue: string[], newValue: string[]): PendingEvent {
  return {
    topic: "entity.task.assignees_changed",
    project,
    description: `Changed task ${task.name} assignees`,
    summary: { entityId: task.id, parentId: task.folderId },
    payload: { oldValue, newValue },
  };
}

/**
 * Events for a patch. `patch` holds the fields the request set (camelCase, after validation;
 * attrib holds only the requested keys, null meaning "unset").
 */
export function changeEvents(type: EntityType, project: string, original: EntitySnapshot, patch: JsonObject): PendingEvent[] {
  const summary: JsonObject = { entityId: original.id, parentId: original.parentId, entityPath: original.path };
  const events: PendingEvent[] = [];
  const add = (topic: string, description: string, oldValue: unknown, newValue: unknown, setValue: boolean) => {
    if (setValue) summary.value = newValue;
    events.push({ topic: `entity.${type}.${topic}`, project, description, summary, payload: { oldValue, newValue } });
  };
  const path = original.path;

  if (patch.name != null && patch.name !== original.name) {
    add("renamed", `Renamed ${type} ${path} to ${String(patch.name)}`, original.name, patch.name, true);
  }
  if (patch.status != null && patch.status !== original.status) {
    add("status_changed", `Changed ${type} ${path} status to ${String(patch.status)}`, original.status, patch.status, true);
  }
  if (Array.isArray(patch.tags) && !sameJson(patch.tags, original.tags)) {
    // ayon-backend ayon_server/events/patch.py: no event when the diff text is empty (a pure reorder).
    const description = tagsDescription(`${type} ${path}`, original.tags, patch.tags as string[]);
    if (description) add("tags_changed", description, original.tags, patch.tags, true);
  }
  if (patch.attrib && typeof patch.attrib === "object") {
    // ayon-backend ayon_server/events/patch.py: an own key that keeps its value is dropped; a key that is not own
    // (inherited or unset) always counts as changed, even {k: null}, and appears in newValue only.
    const oldValue: JsonObject = {};
    const newValue: JsonObject = {};
    for (const [key, value] of Object.entries(patch.attrib as JsonObject)) {
      if (key in original.attrib) {
        if (sameJson(original.attrib[key], value)) continue;
        oldValue[key] = original.attrib[key];
      }
      newValue[key] = value;
    }
    if (Object.keys(newValue).length > 0) {
      add("attrib_changed", `Changed ${type} ${path} attributes: ${Object.keys(newValue).join(", ")}`, oldValue, newValue, false);
    }
  }
  for (const [field, column, topic] of ADDITIONAL_ASPECTS) {
    if (!(field in patch) || !(field in original)) continue;
    // The emulator ignores `data: null` (the server refuses it as a not-null violation), so it emits nothing for it.
    if (field === "data" && patch.data == null) continue;
    // ayon-backend ayon_server/events/patch.py: the old column against the patch's value as sent; for `data` that is
    // the whole old data against the partial data of the patch, which is also what newValue and value carry.
    const before = original[field];
    const after = patch[field];
    if (sameJson(before, after)) continue;
    let description = `Changed ${type} ${path} ${column}`;
    // ayon-backend ayon_server/events/patch.py: Python's str() of the new value, added when shorter than 30 characters.
    const text = pyStr(after);
    if (pyLen(text) < 30) description += ` to ${text}`;
    if (field === "active") description = `${capitalize(type)} ${path} ${after ? "activated" : "deactivated"}`;
    add(topic, description, before, after, true);
  }
  // Every event carries the shared summary as it stands at the end (see the header comment).
  return events.map((e) => ({ ...e, summary: structuredClone(summary) }));
}

/**
 * ayon-backend ayon_server/events/patch.py get_tags_description, spacing included ("…tag xRemoved  y"). The server
 * lists the tags in set order (arbitrary); the emulator lists them in list order.
 */
function tagsDescription(what: string, before: string[], after: string[]): string {
  const added = [...new Set(after)].filter((t) => !before.includes(t));
  const removed = [...new Set(before)].filter((t) => !after.includes(t));
  const noun = (n: number) => (n === 1 ? " tag " : " tags ");
  let text = "";
  if (added.length) text += `Added ${what}${noun(added.length)}${added.join(", ")}`;
  if (removed.length) text += `Removed ${added.length ? "" : `${what}${noun(removed.length)}`} ${removed.join(", ")}`;
  return text.trim();
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => sameJson(v, bb[i]));
  }
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  return ka.length === kb.length && ka.every((k) => sameJson((a as JsonObject)[k], (b as JsonObject)[k]));
}
