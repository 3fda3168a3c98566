/**
 * What an AYON `entity.folder.*` / `entity.task.*` event asks of ShotGrid (AYON → ShotGrid, the push direction).
 * AYON emits one event per changed aspect of an update (ayon-backend ayon_server/events/patch.py); every one of
 * them is answered the same way — the entity's current AYON state is pushed whole (push-entity.ts) — so a
 * replayed, late or doubled event (AYON sends `tags_changed` twice for one change) is harmless. A delete is the
 * exception: the entity is gone from AYON, and the event's `payload.entityData` (ayon-backend
 * ayon_server/operations/project_level/entity_delete.py) is all that says which ShotGrid entity it was.
 * Pure: no I/O.
 */
import type { AyonEvent } from "@ayon-sg/core";
import { parseShotgridId } from "../linked-projects.js";
import { ATTRIB_SHOTGRID_ID, ATTRIB_SHOTGRID_TYPE, ayonIdOrNull } from "../sync/identity.js";

/** The aspects pushed, per entity kind (ayon-backend 1.16's topics; `data_changed` and `thumbnail_changed` are not pushed). */
const FOLDER_ASPECTS = ["created", "deleted", "renamed", "label_changed", "status_changed", "type_changed", "parent_changed", "active_changed", "tags_changed", "attrib_changed"];
const TASK_ASPECTS = ["created", "deleted", "renamed", "label_changed", "status_changed", "type_changed", "folder_changed", "active_changed", "tags_changed", "attrib_changed", "assignees_changed"];

/** The AYON topics the push handles. */
export const PUSH_TOPICS: readonly string[] = [
  ...FOLDER_ASPECTS.map((aspect) => `entity.folder.${aspect}`),
  ...TASK_ASPECTS.map((aspect) => `entity.task.${aspect}`),
];

export type AyonEntityKind = "folder" | "task";

export type PushIntent =
  /** Push the entity's current AYON state (it may be gone by now: then there is nothing to push). */
  | {
      kind: "entity"; entity: AyonEntityKind; id: string; aspect: string;
      /** The parent the event names (summary `parentId`: a folder's parent, a task's folder), read with the entity. */
      parentId: string | null;
    }
  /** Retire the ShotGrid entity the deleted AYON entity was linked to (null: it was linked to none). */
  | { kind: "deleted"; entity: AyonEntityKind; id: string; path: string | null; shotgrid: { type: string; id: number } | null }
  | { kind: "skip"; reason: string };

const TOPIC = /^entity\.(folder|task)\.([a-z_]+)$/;

export function pushIntentOf(event: Pick<AyonEvent, "topic" | "summary" | "payload">): PushIntent {
  const match = TOPIC.exec(event.topic);
  if (!match || !PUSH_TOPICS.includes(event.topic)) return { kind: "skip", reason: `topic '${event.topic}' is not pushed to ShotGrid` };
  const entity = match[1] as AyonEntityKind;
  const aspect = match[2]!;
  const id = event.summary?.entityId;
  if (typeof id !== "string" || ayonIdOrNull(id) === null) {
    return { kind: "skip", reason: `the event's summary names no ${entity} (entityId ${JSON.stringify(id ?? null)})` };
  }
  if (aspect !== "deleted") {
    const hint = event.summary?.parentId;
    const parentId = typeof hint === "string" ? ayonIdOrNull(hint) : null;
    return { kind: "entity", entity, id, aspect, parentId };
  }
  // Without AYON's audit trail a delete event has no entityData (ayon-backend ayon_server/config/ayonconfig.py
  // audit_trail): the ShotGrid entity is then not known, and is left as it is.
  const data = (event.payload as { entityData?: unknown } | null)?.entityData;
  if (data === null || typeof data !== "object") return { kind: "deleted", entity, id, path: null, shotgrid: null };
  const record = data as { path?: unknown; attrib?: Record<string, unknown> };
  const path = typeof record.path === "string" ? record.path : null;
  const sgType = record.attrib?.[ATTRIB_SHOTGRID_TYPE];
  const rawId = record.attrib?.[ATTRIB_SHOTGRID_ID];
  // "removed" (a link the other direction gave up) is no id.
  const sgId = parseShotgridId(rawId);
  const shotgrid = typeof sgType === "string" && sgType !== "" && sgId !== null ? { type: sgType, id: sgId } : null;
  return { kind: "deleted", entity, id, path, shotgrid };
}
