/**
 * Pushes one AYON folder or task to ShotGrid — the core of the `update-from-ayon` handler. Like the other
 * direction (sync/incremental/reconcile.ts) it never applies an event's old/new values: it reads the entity's
 * current AYON state and brings the ShotGrid entity in line with it, writing only the fields that differ. So a
 * replayed or doubled event writes nothing, and so does the echo of our own write.
 *
 *   1. read the AYON entity (its effective attributes), and where its parent is in ShotGrid;
 *   2. work out the wanted ShotGrid entity (sg-fields.ts);
 *   3. find the ShotGrid entity: the one the AYON entity links (`shotgridType`/`shotgridId`), else one that
 *      carries its id in `sg_ayon_id` (a create whose AYON write-back was lost) — retired ones too: they are
 *      revived; else create it, with `sg_ayon_id` in the same request;
 *   4. write the fields that differ; link the AYON entity to it (`shotgridId`/`shotgridType`) where it is not.
 * A delete retires the ShotGrid entity the AYON entity was linked to, unless it is linked to another one now.
 */
import type { AyonClient, Folder, Logger, Task } from "@ayon-sg/core";
import type { ShotgridClient, ShotgridRecord } from "../client/index.js";
import { parseShotgridId } from "../linked-projects.js";
import { FIELD_AYON_ID, identityAttrib, readOwnIdentity } from "../sync/identity.js";
import type { ProjectContext } from "../sync/project-context.js";
import type { AyonEntityKind, PushIntent } from "./ayon-change.js";
import type { PushSite } from "./push-site.js";
import { loadPushMapping } from "./push-mapping.js";
import { categoryPlace, sgChanges, sgTypeOfFolderType, wantedSg, withIdentity, type SgParent } from "./sg-fields.js";

export interface PushDeps {
  ayon: AyonClient;
  sg: ShotgridClient;
  logger: Logger;
  context: ProjectContext;
  site: PushSite;
}

export type PushChange = "created" | "updated" | "revived" | "unchanged" | "retired" | "skipped";

export interface PushReport {
  change: PushChange;
  /** The ShotGrid entity pushed to (null when none). */
  shotgrid: { type: string; id: number } | null;
  /** ShotGrid fields written. */
  fields: string[];
  /** Why it was skipped, or what was left out (one sentence each). */
  notes: string[];
}

/** Pushes the entity of an `entity.*` event, or retires the ShotGrid entity of a deleted one. */
export async function pushToShotgrid(deps: PushDeps, intent: Exclude<PushIntent, { kind: "skip" }>): Promise<PushReport> {
  return intent.kind === "deleted" ? retireDeleted(deps, intent) : pushEntity(deps, intent.entity, intent.id);
}

export async function pushEntity(deps: PushDeps, kind: AyonEntityKind, id: string): Promise<PushReport> {
  const { ayon, sg, context } = deps;
  const project = context.ayonProjectName;
  const entity = kind === "folder" ? await ayon.getFolder(project, id) : await ayon.getTask(project, id);
  if (!entity) return skipped(`the AYON ${kind} ${id} is gone (deleted since)`);
  if (kind === "folder" && categoryPlace(entity as Folder)) {
    return skipped(`asset category '${entity.name}' is ShotGrid's sg_asset_type of its Assets, not an entity of its own`);
  }
  const sgType = kind === "task" ? "Task" : sgTypeOfFolderType((entity as Folder).folderType, context.enabledTypes);
  const [parent, mapping] = await Promise.all([sgParentOf(deps, kind, entity), loadPushMapping(context, deps.site, sgType === null ? [] : [sgType])]);
  let wanted = wantedSg(kind, entity, parent, mapping);
  if (wanted.ok && wanted.missingTags.length > 0) {
    // The mapping reads the site's Tags, which createTags adds to: asked again, the tags map.
    await deps.site.createTags(wanted.missingTags);
    wanted = wantedSg(kind, entity, parent, mapping);
  }
  if (!wanted.ok) return skipped(`${describe(kind, entity)}: ${wanted.reason}`);
  const identity = withIdentity(wanted.data, entity.id);
  const { notes } = wanted;

  const found = await findShotgridEntity(sg, wanted.sgType, entity, Object.keys(identity));
  let report: PushReport;
  if (found === null) {
    const created = await sg.create(wanted.sgType, { project: { type: "Project", id: context.sgProject.id }, ...identity });
    report = { change: "created", shotgrid: { type: wanted.sgType, id: created.id }, fields: Object.keys(identity), notes };
  } else {
    if (found.retired) await sg.revive(wanted.sgType, found.record.id);
    const changes = sgChanges(identity, found.record);
    if (Object.keys(changes).length > 0) await sg.update(wanted.sgType, found.record.id, changes);
    const change: PushChange = found.retired ? "revived" : Object.keys(changes).length > 0 ? "updated" : "unchanged";
    report = { change, shotgrid: { type: wanted.sgType, id: found.record.id }, fields: Object.keys(changes), notes };
  }
  await linkInAyon(deps, kind, entity, report.shotgrid!);
  return report;
}

/** The ShotGrid entity of an AYON entity, alive or retired; null when ShotGrid has none. */
async function findShotgridEntity(sg: ShotgridClient, sgType: string, entity: Folder | Task, fields: string[]): Promise<{ record: ShotgridRecord; retired: boolean } | null> {
  const linked = linkedShotgrid(entity);
  if (linked?.type === sgType) {
    const alive = await sg.read(sgType, linked.id, { fields });
    // A ShotGrid entity relinked to another AYON entity is not this one's.
    if (alive && ownedBy(alive, entity.id)) return { record: alive, retired: false };
    const retired = alive ? null : await sg.read(sgType, linked.id, { fields, retired: true });
    if (retired && ownedBy(retired, entity.id)) return { record: retired, retired: true };
  }
  // A create whose link in AYON was lost (killed between the two writes) left its id in ShotGrid.
  const byAyonId = await sg.findOne(sgType, { filters: [[FIELD_AYON_ID, "is", entity.id]], fields, sort: "id" });
  if (byAyonId) return { record: byAyonId, retired: false };
  const retired = await sg.search(sgType, { filters: [[FIELD_AYON_ID, "is", entity.id]], fields, sort: "id", retired: true, pageSize: 1, page: 1 });
  return retired[0] ? { record: retired[0], retired: true } : null;
}

/** The ShotGrid entity an AYON entity's own identity attributes name, or null ("removed" names none). */
export function linkedShotgrid(entity: { attrib?: Record<string, unknown> | null; ownAttrib?: readonly string[] | null }): { type: string; id: number } | null {
  const { shotgridType, shotgridId } = readOwnIdentity(entity.attrib, entity.ownAttrib);
  const id = parseShotgridId(shotgridId);
  return shotgridType !== null && id !== null ? { type: shotgridType, id } : null;
}

/** Whether ShotGrid's record may be the AYON entity's: its `sg_ayon_id` is empty or names it. */
export function ownedBy(record: ShotgridRecord, ayonId: string): boolean {
  const owner = record[FIELD_AYON_ID];
  return typeof owner !== "string" || owner === "" || owner === ayonId;
}

/** Whether the AYON entity's own identity attributes name this ShotGrid entity. */
export function isLinkedTo(entity: Parameters<typeof linkedShotgrid>[0], shotgrid: { type: string; id: number }): boolean {
  const own = linkedShotgrid(entity);
  return own?.type === shotgrid.type && own.id === shotgrid.id;
}

/** Sets `shotgridId`/`shotgridType` on the AYON entity where they are not its own already. */
async function linkInAyon(deps: PushDeps, kind: AyonEntityKind, entity: Folder | Task, shotgrid: { type: string; id: number }): Promise<void> {
  if (isLinkedTo(entity, shotgrid)) return;
  const patch = { attrib: identityAttrib(shotgrid.type, shotgrid.id) };
  const project = deps.context.ayonProjectName;
  if (kind === "folder") await deps.ayon.updateFolder(project, entity.id, patch);
  else await deps.ayon.updateTask(project, entity.id, patch);
}

/**
 * Where the entity's parent is in ShotGrid: the nearest AYON ancestor that is linked to a ShotGrid entity (folders
 * of a folder layout have none, and are passed over), an asset category, or the project.
 */
async function sgParentOf(deps: PushDeps, kind: AyonEntityKind, entity: Folder | Task): Promise<SgParent> {
  const project = deps.context.ayonProjectName;
  let parentId = kind === "task" ? (entity as Task).folderId : (entity as Folder).parentId;
  for (let depth = 0; parentId !== null && depth < 64; depth++) {
    const folder = await deps.ayon.getFolder(project, parentId);
    if (!folder) return { kind: "unlinked", what: `folder ${parentId} (gone)` };
    const category = categoryPlace(folder);
    if (category) return category;
    const linked = linkedShotgrid(folder);
    if (linked !== null) return { kind: "entity", ...linked };
    // A folder of a type ShotGrid has (a Sequence...) must be pushed first; one it has not (a layout folder) is passed.
    if (sgTypeOfFolderType(folder.folderType, deps.context.enabledTypes) !== null) return { kind: "unlinked", what: `'${folder.path ?? folder.name}'` };
    parentId = folder.parentId;
  }
  return { kind: "project" };
}

/** Retires the ShotGrid entity of a deleted AYON entity, unless ShotGrid has it linked to another AYON entity. */
async function retireDeleted(deps: PushDeps, intent: Extract<PushIntent, { kind: "deleted" }>): Promise<PushReport> {
  const what = `deleted AYON ${intent.entity} ${intent.path ?? intent.id}`;
  if (intent.shotgrid === null) return skipped(`${what} was linked to no ShotGrid entity`);
  const { type, id } = intent.shotgrid;
  const record = await deps.sg.read(type, id, { fields: [FIELD_AYON_ID] });
  if (record === null) return { ...skipped(`${what}: ShotGrid ${type} ${id} is retired already`), shotgrid: intent.shotgrid };
  if (!ownedBy(record, intent.id)) {
    return { ...skipped(`${what}: ShotGrid ${type} ${id} is linked to another AYON entity (${String(record[FIELD_AYON_ID])}) and is kept`), shotgrid: intent.shotgrid };
  }
  await deps.sg.delete(type, id);
  return { change: "retired", shotgrid: intent.shotgrid, fields: [], notes: [] };
}

function describe(kind: AyonEntityKind, entity: Folder | Task): string {
  return `AYON ${kind} '${entity.path ?? entity.name}'`;
}

function skipped(reason: string): PushReport {
  return { change: "skipped", shotgrid: null, fields: [], notes: [reason] };
}
