/**
 * The full AYON → ShotGrid sync of one project (action `sync-from-ayon`, the Python addon's "AYON ► ShotGrid"):
 * every AYON folder and task is brought to ShotGrid with the live push's rules (sg-fields.ts), in bulk:
 *
 *   1. read the AYON tree (the folder listing, the tasks) and the ShotGrid project's entities of the synced types
 *      (one search per type), and create the Tags ShotGrid lacks;
 *   2. walk AYON top-down, a depth at a time: an entity finds its ShotGrid entity by its link
 *      (`shotgridType`/`shotgridId`), else by `sg_ayon_id` (a create whose AYON link was lost); what differs is
 *      queued as an update, what ShotGrid lacks is created — a depth's creates in `_batch` chunks, with
 *      `sg_ayon_id` in the same request, before the next depth needs their ids;
 *   3. send the updates in `_batch` chunks, and link the AYON entities (`shotgridId`/`shotgridType`) in
 *      operations chunks.
 * Idempotent: a second run finds everything linked and in line, and writes nothing. Resumable: a run killed
 * half-way left every ShotGrid entity it created with its `sg_ayon_id`, so the next run finds them instead of
 * creating them again. A `_batch` ShotGrid refuses is split until the refused entity is alone
 * (write-backs.ts sendIsolating): that one is skipped, with ShotGrid's reason, and so is what lies below it.
 */
import type { AyonClient, Folder, FolderListItem, Logger, Operation, Task } from "@ayon-sg/core";
import type { BatchRequest, ShotgridClient, ShotgridRecord } from "../client/index.js";
import { ATTRIB_SHOTGRID_ID, ATTRIB_SHOTGRID_TYPE, FIELD_AYON_ID, FIELD_SYNC_STATUS, identityAttrib } from "../sync/identity.js";
import type { ProjectContext } from "../sync/project-context.js";
import { ensureShotgridFields } from "../sync/setup.js";
import { sendIsolating, SHOTGRID_BATCH_SIZE, ShotgridWriteBackStream } from "../sync/write-backs.js";
import { isLinkedTo, linkedShotgrid, ownedBy } from "./push-entity.js";
import { loadPushMapping } from "./push-mapping.js";
import type { PushSite } from "./push-site.js";
import { categoryPlace, comparedFields, sgChanges, sgTypeOfFolderType, wantedSg, withIdentity, type PushMapping, type SgParent } from "./sg-fields.js";

export interface FullPushDeps {
  ayon: AyonClient;
  sg: ShotgridClient;
  logger: Logger;
  context: ProjectContext;
  site: PushSite;
}

export interface FullPushOptions {
  signal?: AbortSignal;
  progress?: (percent: number, message: string) => void;
  /** Requests per ShotGrid `_batch` (default 200). */
  chunkSize?: number;
}

export interface FullPushSummary {
  project: string;
  folders: number;
  tasks: number;
  created: number;
  updated: number;
  unchanged: number;
  /** AYON entities linked to their ShotGrid entity by this run. */
  linked: number;
  skipped: Array<{ entity: string; reason: string }>;
  /** ShotGrid and AYON requests the run sent. */
  requests: { shotgrid: number; ayon: number };
}

/** AYON link updates per operations request (what operationsInChunks sends by default), so the count is exact. */
const LINK_CHUNK_SIZE = 500;

type Entity = { kind: "folder"; item: FolderListItem } | { kind: "task"; item: Task };

/** ShotGrid's entities of the project, found by `Type:id` and by `sg_ayon_id`. */
interface ShotgridIndex {
  byKey: Map<string, ShotgridRecord>;
  byAyonId: Map<string, ShotgridRecord>;
}

export async function runFullPush(deps: FullPushDeps, options: FullPushOptions = {}): Promise<FullPushSummary> {
  const { ayon, sg, context } = deps;
  const project = context.ayonProjectName;
  const progress = options.progress ?? (() => undefined);
  const chunkSize = options.chunkSize ?? SHOTGRID_BATCH_SIZE;
  const summary: FullPushSummary = { project, folders: 0, tasks: 0, created: 0, updated: 0, unchanged: 0, linked: 0, skipped: [], requests: { shotgrid: 0, ayon: 0 } };

  progress(2, `Reading AYON project ${project}`);
  const taskAttribs = [...new Set([ATTRIB_SHOTGRID_ID, ATTRIB_SHOTGRID_TYPE, ...context.fieldMap.ayonAttributes("task")])];
  const [folders, tasks] = await Promise.all([ayon.listFolders(project, { attrib: true }), context.enabledTypes.has("Task") ? ayon.listTasks(project, { attribs: taskAttribs }) : Promise.resolve([])]);
  summary.requests.ayon += 2;
  summary.folders = folders.length;
  summary.tasks = tasks.length;
  const sgTypes = [...context.enabledTypes];
  // Every entity created carries sg_ayon_id / sg_ayon_sync_status: the fields must exist first.
  await ensureShotgridFields(sg, ["Project", ...sgTypes]);
  const mapping = await loadPushMapping(context, deps.site, sgTypes);
  progress(8, `Reading ShotGrid project ${context.sgProject.id}`);
  const index = await readShotgrid(sg, context, mapping, sgTypes, summary);
  options.signal?.throwIfAborted();
  await createMissingTags(deps.site, mapping, folders, tasks);

  // Where each AYON folder is on the ShotGrid side, for its children (layout folders pass their parent's on).
  const placeOf = new Map<string, SgParent>();
  const updates = new ShotgridWriteBackStream(sg, { chunkSize, signal: options.signal, logger: deps.logger });
  const links: Operation[] = [];
  const depths = byDepth(folders);
  const levels: Entity[][] = [...depths.map((level) => level.map((item) => ({ kind: "folder" as const, item }))), tasks.map((item) => ({ kind: "task" as const, item }))];
  for (const [n, level] of levels.entries()) {
    options.signal?.throwIfAborted();
    progress(10 + Math.round((75 * n) / levels.length), `Pushing ${level[0]?.kind === "task" ? "tasks" : `folders at depth ${n + 1}`} (${level.length})`);
    const creates: Array<{ entity: Entity; sgType: string; data: Record<string, unknown> }> = [];
    for (const entity of level) {
      const parent = parentOf(entity, placeOf);
      const decided = decide(entity, parent, mapping, context, index);
      if (decided.kind === "pass") placeOf.set(entity.item.id, decided.place);
      else if (decided.kind === "skip") {
        summary.skipped.push({ entity: describe(entity), reason: decided.reason });
        if (entity.kind === "folder") placeOf.set(entity.item.id, { kind: "unlinked", what: `'${entity.item.path}'` });
      } else if (decided.kind === "create") {
        creates.push({ entity, sgType: decided.sgType, data: decided.data });
      } else {
        if (entity.kind === "folder") placeOf.set(entity.item.id, { kind: "entity", type: decided.sgType, id: decided.record.id });
        if (Object.keys(decided.changes).length > 0) {
          updates.push([{ type: decided.sgType, id: decided.record.id, data: decided.changes }]);
          summary.updated += 1;
        } else summary.unchanged += 1;
        if (!isLinkedTo(entity.item, { type: decided.sgType, id: decided.record.id })) links.push(linkOperation(entity, decided.sgType, decided.record.id));
      }
    }
    await createLevel(sg, context, creates, chunkSize, summary, (entity, sgType, id) => {
      if (entity.kind === "folder") placeOf.set(entity.item.id, { kind: "entity", type: sgType, id });
      links.push(linkOperation(entity, sgType, id));
    }, (entity, reason) => {
      summary.skipped.push({ entity: describe(entity), reason });
      if (entity.kind === "folder") placeOf.set(entity.item.id, { kind: "unlinked", what: `'${entity.item.path}'` });
    });
  }

  progress(88, `Writing ${updates.pushed} ShotGrid update(s)`);
  const written = await updates.finish();
  summary.requests.shotgrid += written.requests;
  for (const refused of written.rejected) summary.skipped.push({ entity: `ShotGrid ${refused.type} ${refused.id}`, reason: `ShotGrid refused the update: ${refused.reason}` });
  progress(94, `Linking ${links.length} AYON entit${links.length === 1 ? "y" : "ies"}`);
  if (links.length > 0) {
    const response = await ayon.operationsInChunks(project, links, { chunkSize: LINK_CHUNK_SIZE });
    summary.requests.ayon += Math.ceil(links.length / LINK_CHUNK_SIZE);
    summary.linked = response.operations.filter((op) => op.success).length;
  }
  progress(100, describeFullPush(summary));
  return summary;
}

/** What becomes of one AYON entity. */
type Decision =
  | { kind: "pass"; place: SgParent }
  | { kind: "skip"; reason: string }
  | { kind: "create"; sgType: string; data: Record<string, unknown> }
  | { kind: "update"; sgType: string; record: ShotgridRecord; changes: Record<string, unknown> };

function decide(entity: Entity, parent: SgParent, mapping: PushMapping, context: ProjectContext, index: ShotgridIndex): Decision {
  if (entity.kind === "folder") {
    const category = categoryPlace(entity.item);
    if (category) return { kind: "pass", place: category };
    // A folder ShotGrid has no type for (a folder layout's) is passed over: its children go under its parent.
    if (sgTypeOfFolderType(entity.item.folderType, context.enabledTypes) === null) return { kind: "pass", place: parent };
  }
  const wanted = wantedSg(entity.kind, asEntity(entity), parent, mapping);
  if (!wanted.ok) return { kind: "skip", reason: wanted.reason };
  const data = withIdentity(wanted.data, entity.item.id);
  const linked = linkedShotgrid(entity.item);
  const byLink = linked?.type === wanted.sgType ? index.byKey.get(`${linked.type}:${linked.id}`) : undefined;
  const record = byLink && ownedBy(byLink, entity.item.id) ? byLink : index.byAyonId.get(`${wanted.sgType}:${entity.item.id}`);
  if (!record) return { kind: "create", sgType: wanted.sgType, data };
  return { kind: "update", sgType: wanted.sgType, record, changes: sgChanges(data, record) };
}

/** Sends a depth's creates in `_batch` chunks; each created entity (or each refused one) is reported in order. */
async function createLevel(
  sg: ShotgridClient,
  context: ProjectContext,
  creates: ReadonlyArray<{ entity: Entity; sgType: string; data: Record<string, unknown> }>,
  chunkSize: number,
  summary: FullPushSummary,
  created: (entity: Entity, sgType: string, id: number) => void,
  refused: (entity: Entity, reason: string) => void,
): Promise<void> {
  const project = { type: "Project", id: context.sgProject.id };
  const requests: BatchRequest[] = creates.map((c) => ({ requestType: "create", entityType: c.sgType, data: { project, ...c.data } }));
  const owner = new Map(requests.map((r, i) => [r, creates[i]!.entity]));
  for (let start = 0; start < requests.length; start += chunkSize) {
    await sendIsolating(requests.slice(start, start + chunkSize), async (chunk) => {
      summary.requests.shotgrid += 1;
      const results = await sg.batch(chunk, { chunkSize: chunk.length });
      chunk.forEach((request, i) => {
        const result = results[i];
        if (result && "id" in result) created(owner.get(request)!, request.entityType, result.id);
      });
      summary.created += chunk.length;
    }, (request, reason) => refused(owner.get(request)!, `ShotGrid refused to create it: ${reason}`));
  }
}

/** The project's ShotGrid entities of the synced types, with the fields the push compares. */
async function readShotgrid(sg: ShotgridClient, context: ProjectContext, mapping: PushMapping, sgTypes: readonly string[], summary: FullPushSummary): Promise<ShotgridIndex> {
  const index: ShotgridIndex = { byKey: new Map(), byAyonId: new Map() };
  await Promise.all(
    sgTypes.map(async (type) => {
      const schema = mapping.schema(type);
      if (schema === null) return;
      const fields = comparedFields(type, mapping).filter((f) => f in schema);
      const records = await sg.searchAll(type, { filters: [["project", "is", { type: "Project", id: context.sgProject.id }]], fields, sort: "id", pageSize: 500 });
      summary.requests.shotgrid += Math.max(1, Math.ceil(records.length / 500));
      for (const record of records) {
        index.byKey.set(`${type}:${record.id}`, record);
        const ayonId = record[FIELD_AYON_ID];
        if (typeof ayonId === "string" && ayonId !== "" && !index.byAyonId.has(`${type}:${ayonId}`)) index.byAyonId.set(`${type}:${ayonId}`, record);
      }
    }),
  );
  return index;
}

async function createMissingTags(site: PushSite, mapping: PushMapping, folders: readonly FolderListItem[], tasks: readonly Task[]): Promise<void> {
  const names = new Set<string>();
  for (const entity of [...folders, ...tasks]) for (const tag of entity.tags ?? []) if (!mapping.tags.has(tag.toLowerCase())) names.add(tag);
  if (names.size > 0) await site.createTags([...names]);
}

/** Folders grouped by depth (roots first), so parents are in ShotGrid before their children. */
function byDepth(folders: readonly FolderListItem[]): FolderListItem[][] {
  const levels: FolderListItem[][] = [];
  for (const folder of folders) (levels[folder.parents.length] ??= []).push(folder);
  return levels.filter((level) => level !== undefined);
}

function parentOf(entity: Entity, placeOf: ReadonlyMap<string, SgParent>): SgParent {
  const parentId = entity.kind === "task" ? entity.item.folderId : entity.item.parentId;
  if (parentId === null) return { kind: "project" };
  return placeOf.get(parentId) ?? { kind: "unlinked", what: `folder ${parentId}` };
}

/** The listing's folder as the push reads an entity (its exported attributes are its effective values). */
function asEntity(entity: Entity): Folder | Task {
  if (entity.kind === "task") return entity.item;
  const { id, name, label, folderType, parentId, path, status, tags, attrib, ownAttrib } = entity.item;
  return { id, name, label, folderType, parentId, path, status, tags, attrib: attrib ?? {}, ownAttrib, data: {}, active: true };
}

function linkOperation(entity: Entity, sgType: string, id: number): Operation {
  return { type: "update", entityType: entity.kind, entityId: entity.item.id, data: { attrib: identityAttrib(sgType, id) } };
}

function describe(entity: Entity): string {
  return entity.kind === "folder" ? `AYON folder '${entity.item.path}'` : `AYON task '${entity.item.name}' (${entity.item.id})`;
}

export function describeFullPush(s: FullPushSummary): string {
  const skipped = s.skipped.length > 0 ? `, ${s.skipped.length} skipped (first: ${s.skipped[0]!.entity}: ${s.skipped[0]!.reason})` : "";
  return `AYON → ShotGrid sync of ${s.project}: ${s.folders} folder(s) and ${s.tasks} task(s); ${s.created} created, ${s.updated} updated, ${s.unchanged} already in line, ${s.linked} linked in AYON${skipped}; ${s.requests.shotgrid} ShotGrid and ${s.requests.ayon} AYON request(s)`;
}
