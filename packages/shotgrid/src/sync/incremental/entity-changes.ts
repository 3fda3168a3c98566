/**
 * Pure rules of the incremental sync for one entity: what to send AYON so its entity matches the ShotGrid
 * entity (ynput/ayon-shotgrid services/shotgrid_common/ayon_shotgrid_hub/update_from_shotgrid.py; ayon-backend
 * ayon_server/operations/project_level/entity_update.py). Shared with the full sync: labels, task types,
 * statuses and identity attributes follow ShotGrid. Added here:
 * - a ShotGrid rename changes the AYON name too, under the `label_and_name_if_unpublished` policy, when nothing is
 *   published below it (AYON refuses renaming a folder with versions, and renaming published work breaks paths);
 *   a name that is a de-duplicated form of the new name (`sh010_1234`) is kept. Only a real rename does this:
 *   the AYON label holds the ShotGrid name last synced, so an entity whose ShotGrid name still reads as its
 *   label keeps its name whatever made it (the Python addon, an older slug rule, a hand edit in AYON);
 * - a published entity is neither renamed nor moved: the move is reported instead;
 * - an inactive entity (kept by an earlier retirement) is reactivated when ShotGrid has it alive again;
 * - a retired entity is deleted when nothing is published below it, else deactivated and marked "removed";
 * - the mapped fields (attributes, tags, assignees: mapping/fields.ts) are written where they differ.
 */
import type { Operation } from "@ayon-sg/core";
import type { RENAME_POLICIES } from "../../settings.js";
import type { DesiredEntity } from "../hierarchy.js";
import { ATTRIB_SHOTGRID_ID, identityAttrib, identityKey, REMOVED_MARKER } from "../identity.js";
import { isNameFor } from "../naming.js";
import { fieldChanges, mergeFieldData, type CurrentFields } from "../../mapping/fields.js";
import type { FoundEntity } from "./ayon-lookup.js";

export type RenamePolicy = (typeof RENAME_POLICIES)[number];

/** Whether an entity has published work: it then keeps its name, its place, and survives a retirement. */
export function isPublished(entity: FoundEntity): boolean {
  return entity.kind === "folder" ? entity.hasVersions : entity.published;
}

export interface EntityPlan {
  /** null when nothing differs. */
  operation: Operation | null;
  /** The name the entity has after the operation. */
  name: string;
  /** May another name be given to solve a clash under the parent (false for published entities). */
  renameable: boolean;
  /** Why a parent change was not applied. */
  moveRefused: string | null;
  /** ShotGrid users assigned in ShotGrid who have no AYON user (left out, reported). */
  unknownUsers?: number[];
}

export interface CreateInput {
  desired: DesiredEntity;
  id: string;
  parentId: string | null;
  /** The AYON folder or task type. */
  type: string;
  status: string | null;
  /** ShotGrid user id → AYON user name, for assignees. */
  resolveUser?: (sgUserId: number) => string | null;
}

/** Adds the mapped fields that differ from `current` (null: a new entity) to `data`; returns the unknown users. */
function withFields(input: { desired: DesiredEntity; resolveUser?: (id: number) => string | null }, current: CurrentFields | null, data: Record<string, unknown>): number[] {
  if (!input.desired.fields) return [];
  const changes = fieldChanges(input.desired.fields, current, input.resolveUser ?? (() => null));
  mergeFieldData(data, changes.data);
  return changes.unknownUsers;
}

/** A new entity: the base name (a clash is solved when AYON reports it), the identity, the label. */
export function planCreate(input: CreateInput): EntityPlan {
  const { desired } = input;
  const data: Record<string, unknown> = { name: desired.baseName, attrib: identityAttrib(desired.sgType, desired.sgId) };
  if (desired.label !== null) data.label = desired.label;
  if (desired.kind === "folder") {
    data.folderType = input.type;
    data.parentId = input.parentId;
  } else {
    data.taskType = input.type;
    data.folderId = input.parentId;
  }
  if (input.status !== null) data.status = input.status;
  const unknownUsers = withFields(input, null, data);
  return { operation: { type: "create", entityType: desired.kind, entityId: input.id, data }, name: desired.baseName, renameable: true, moveRefused: null, unknownUsers };
}

export interface UpdateInput {
  desired: DesiredEntity;
  current: FoundEntity;
  parentId: string | null;
  type: string;
  status: string | null;
  renamePolicy: RenamePolicy;
  resolveUser?: (sgUserId: number) => string | null;
}

/** An existing entity: label, name (per policy), parent, task type, status, identity, active flag. */
export function planUpdate(input: UpdateInput): EntityPlan {
  const { desired, current } = input;
  const published = isPublished(current);
  const data: Record<string, unknown> = {};
  let name = current.name;
  let moveRefused: string | null = null;
  if ((desired.label ?? current.name) !== (current.label ?? current.name)) data.label = desired.label;
  const renameWanted =
    input.renamePolicy === "label_and_name_if_unpublished" &&
    shotgridNameChanged(desired, current) &&
    !isNameFor(current.name, { sgId: desired.sgId, base: desired.baseName });
  if (renameWanted && !published) {
    data.name = desired.baseName;
    name = desired.baseName;
  }
  if (current.parentId !== input.parentId) {
    if (published) {
      moveRefused = `its ShotGrid parent changed, but the AYON ${current.kind} has published versions and stays where it is`;
    } else {
      data[current.kind === "folder" ? "parentId" : "folderId"] = input.parentId;
    }
  }
  if (current.kind === "task" && current.taskType !== input.type) data.taskType = input.type;
  if (input.status !== null && current.status !== input.status) data.status = input.status;
  const { shotgridId, shotgridType } = current.identity;
  if (shotgridId === null || shotgridType === null || identityKey(shotgridType, shotgridId) !== desired.key) {
    data.attrib = identityAttrib(desired.sgType, desired.sgId);
  }
  if (!current.active) data.active = true;
  const unknownUsers = withFields(input, current.fields ?? { attrib: {}, tags: [], assignees: [] }, data);
  const operation: Operation | null = Object.keys(data).length > 0 ? { type: "update", entityType: current.kind, entityId: current.id, data } : null;
  return { operation, name, renameable: !published, moveRefused, unknownUsers };
}

/**
 * Whether the ShotGrid name is not the one AYON last took. AYON keeps that name as the label, or no label when
 * it equals the name (ayon-python-api entity_hub.py sends no label then); a ShotGrid name that slugs to nothing
 * has no label and reads as its base name.
 */
export function shotgridNameChanged(desired: Pick<DesiredEntity, "label" | "baseName">, current: Pick<FoundEntity, "label" | "name">): boolean {
  return (desired.label ?? desired.baseName) !== (current.label ?? current.name);
}

/** The update that keeps a retired entity in AYON: inactive, marked "removed" (the Python addon's marker). */
export function deactivation(entity: FoundEntity): Operation {
  return { type: "update", entityType: entity.kind, entityId: entity.id, data: { active: false, attrib: { [ATTRIB_SHOTGRID_ID]: REMOVED_MARKER } } };
}

/** A retired entity: deleted unless published, then deactivated. Deleting a folder takes its children along. */
export function planRetirement(entity: FoundEntity): { operation: Operation; deletes: boolean } {
  if (isPublished(entity)) return { operation: deactivation(entity), deletes: false };
  return { operation: { type: "delete", entityType: entity.kind, entityId: entity.id }, deletes: true };
}
