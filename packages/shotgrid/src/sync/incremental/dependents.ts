/**
 * What else moves when an entity comes back or goes:
 * - a revival makes the parent links that pointed at the entity readable again (ShotGrid logs nothing for the
 *   children): its live children that AYON holds elsewhere (moved to the root when it was retired) are placed
 *   back under it;
 * - an asset category is a pseudo entity that exists while Assets use it: when the last Asset leaves one (moved
 *   to another type, or retired), its empty folder is deleted, as a fresh sync would not make it either.
 */
import { ASSET_CATEGORY } from "../hierarchy.js";
import { ayonIdOrNull, identityKey, identityKeyOf } from "../identity.js";
import { lookupAyon } from "./ayon-lookup.js";
import { ensureAlive } from "./ensure-alive.js";
import { findChildren } from "./entity-reader.js";
import type { EntityRef } from "./event-intent.js";
import type { UpdateSession } from "./update-session.js";

/** Places the live ShotGrid children of a revived entity under its AYON folder; those already there cost nothing. */
export async function placeDependents(session: UpdateSession, parent: EntityRef, parentAyonId: string): Promise<void> {
  const { sg, ayon } = session.deps;
  const children = await findChildren(sg, parent, session.context.sgProject.id, session.context);
  if (children.length === 0) return;
  const folderIds: string[] = [];
  const taskIds: string[] = [];
  for (const child of children) {
    const id = ayonIdOrNull(typeof child.sg_ayon_id === "string" ? child.sg_ayon_id : null);
    if (id) (child.type === "Task" ? taskIds : folderIds).push(id);
  }
  const found = await lookupAyon(ayon, session.project, { folderIds, taskIds });
  for (const child of children) {
    const key = identityKey(child.type, child.id);
    if (session.states.has(key)) continue;
    const id = ayonIdOrNull(typeof child.sg_ayon_id === "string" ? child.sg_ayon_id : null);
    const current = id ? (child.type === "Task" ? found.tasks.get(id) : found.folders.get(id)) : undefined;
    if (current && current.active && current.parentId === parentAyonId && identityKeyOf(current.identity) === key) continue;
    await ensureAlive(session, child, 1);
  }
}

/** Deletes the asset-category folders this update empties (a refusal is dropped: the folder just stays). */
export async function planCategoryCleanup(session: UpdateSession): Promise<void> {
  if (session.leaving.size === 0) return;
  const found = await lookupAyon(session.deps.ayon, session.project, { folderIds: [...session.leaving.keys()] });
  for (const [folderId, leaving] of session.leaving) {
    const folder = found.folders.get(folderId);
    if (!folder || folder.identity.shotgridType !== ASSET_CATEGORY) continue;
    // Only a proven count may delete (the delete takes the children along): unknown counts keep the folder.
    if (folder.childCount === null || folder.childCount + folder.taskCount > leaving.length) continue;
    // Something this update puts (or keeps) there: not empty after all.
    if (session.changes.changes.some((c) => c.place?.parentId === folderId)) continue;
    const key = identityKeyOf(folder.identity) ?? `${ASSET_CATEGORY}:${folder.name.toLowerCase()}`;
    // Deleting it takes its children along: should an Asset's move or delete be refused, the folder stays.
    session.changes.add({
      key, kind: "folder", operation: { type: "delete", entityType: "folder", entityId: folder.id },
      place: null, naming: null, adoptable: false, onDeleteRefused: "drop", requires: leaving,
    });
    session.set({ key, desired: null, ayonId: folder.id, change: "deleted", reason: "no Asset uses this category any more" });
  }
}
