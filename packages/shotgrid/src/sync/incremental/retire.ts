/**
 * A retired (or vanished) ShotGrid entity → its AYON entity goes (Retirement events, as ynput/ayon-shotgrid
 * services/shotgrid_common/ayon_shotgrid_hub/update_from_shotgrid.py handles them): deleted when nothing is published
 * below it, else deactivated with `shotgridId: "removed"` (the Python addon's marker), so published work is never lost.
 * Before a folder goes, the entities below it are reconciled one by one: a ShotGrid link to a retired entity reads as
 * empty, so a Shot of a retired Sequence belongs at the project root now and is moved there, not deleted with the
 * folder. If anything must stay below the folder (an entity that could not be moved, a kept published child, a folder
 * made in AYON), the folder is deactivated instead.
 */
import type { ShotgridRecord } from "../../client/index.js";
import { ayonIdOrNull, identityKey, identityKeyOf, REMOVED_MARKER } from "../identity.js";
import { lookupAyon, withIdentity, type FoundEntity, type LookupRequest, type LookupResult } from "./ayon-lookup.js";
import type { PlannedChange } from "./change-set.js";
import { deactivation, planRetirement } from "./entity-changes.js";
import type { EntityRef } from "./event-intent.js";
import { refOfKey, type UpdateSession } from "./update-session.js";

export async function retireEntity(session: UpdateSession, ref: EntityRef, record: ShotgridRecord | null, depth: number): Promise<void> {
  session.beyondEntity(`retire ${ref.type} ${ref.id}`);
  session.checkAborted();
  const key = identityKey(ref.type, ref.id);
  if (session.states.has(key)) return;
  const kind = ref.type === "Task" ? "task" : "folder";
  const selfId = ayonIdOrNull(typeof record?.sg_ayon_id === "string" ? record.sg_ayon_id : null);
  const { ayon } = session.deps;

  let found: LookupResult = { folders: new Map(), tasks: new Map(), childFolders: [], childTasks: [] };
  let self: FoundEntity | undefined;
  if (selfId) {
    found = await lookupAyon(ayon, session.project, kind === "folder" ? { folderIds: [selfId], childrenOf: selfId } : { taskIds: [selfId] });
    self = withIdentity(pool(found, kind), key) ?? (kind === "folder" ? keptRemnant(found, selfId, ref.type) : undefined);
  }
  if (!self) {
    // No id in ShotGrid, or a stale one: look the identity up.
    const request: LookupRequest = kind === "folder" ? { folderShotgridIds: [String(ref.id)] } : { taskShotgridIds: [String(ref.id)] };
    found = await lookupAyon(ayon, session.project, request);
    self = withIdentity(pool(found, kind), key);
    if (self && kind === "folder") found = await lookupAyon(ayon, session.project, { childrenOf: self.id });
  }
  if (!self) {
    session.set({ key, desired: null, ayonId: null, change: "absent", reason: "no AYON entity carries it (already removed)" });
    return;
  }
  // Claimed before the children are visited: a child can never bring its retired parent back in this update.
  session.set({ key, desired: null, ayonId: self.id, change: "deleted", reason: null });

  const { requires, keep } = await clearChildren(session, self, found, depth);
  const retirement = keep ? { operation: deactivation(self), deletes: false } : planRetirement(self);
  const change: PlannedChange = {
    key,
    kind,
    operation: retirement.operation,
    place: null,
    naming: null,
    adoptable: false,
    onDeleteRefused: retirement.deletes ? deactivation(self) : null,
    requires,
  };
  session.changes.add(change);
  // A deactivated Asset stays in its category, which is then not empty: only a delete counts as leaving.
  if (ref.type === "Asset" && retirement.deletes) session.noteLeaving(self.parentId, change);
  const reason = keep ? "something below it stays in AYON, so it is kept, inactive" : retirement.deletes ? null : "it has published content (versions, or products in its folder), so it is kept, inactive";
  session.set({ key, desired: null, ayonId: self.id, change: retirement.deletes ? "deleted" : "deactivated", reason });
}

/** Reconciles every linked child of a retiring folder; tells which changes must succeed and whether anything stays. */
async function clearChildren(
  session: UpdateSession,
  self: FoundEntity,
  found: LookupResult,
  depth: number,
): Promise<{ requires: PlannedChange[]; keep: boolean }> {
  const requires: PlannedChange[] = [];
  let keep = false;
  if (self.kind !== "folder") return { requires, keep };
  for (const child of [...found.childFolders, ...found.childTasks]) {
    const childKey = identityKeyOf(child.identity);
    const childRef = childKey ? refOfKey(childKey) : null;
    if (!childKey || !childRef) {
      keep = true; // unlinked, kept as "removed", or an asset category: never deleted along
      continue;
    }
    await session.visit(childRef, child.kind === "task" ? "retired" : "alive", depth + 1);
    const state = session.states.get(childKey);
    const planned = session.changes.changes.find((c) => c.key === childKey);
    const deleted = state?.change === "deleted" && planned?.operation.type === "delete";
    const movedAway = (state?.change === "updated" || state?.change === "created") && planned?.place !== null && planned?.place.parentId !== self.id;
    if (planned && (deleted || movedAway)) requires.push(planned);
    else keep = true;
  }
  return { requires, keep };
}

/**
 * The folder an earlier retirement of this ShotGrid entity kept, inactive and marked "removed" (something stayed
 * below it then, or it was published), found at the id ShotGrid still holds. A retirement that meets it again
 * decides anew: once nothing stays below and nothing is published, it is deleted, as a fresh sync of ShotGrid would
 * not have it; without this it would stay for good, the marker hiding it from every lookup by identity. Tasks are
 * left as they are: a task is kept with its kept folder, which the task alone cannot judge.
 */
function keptRemnant(found: LookupResult, id: string, sgType: string): FoundEntity | undefined {
  const atId = found.folders.get(id);
  return atId && atId.identity.shotgridId === REMOVED_MARKER && atId.identity.shotgridType === sgType ? atId : undefined;
}

function pool(found: LookupResult, kind: "folder" | "task"): Iterable<FoundEntity> {
  return kind === "folder" ? found.folders.values() : found.tasks.values();
}
