/**
 * Pushes a run of one project's AYON events to ShotGrid together — the core of the `update-from-ayon` handler, for
 * one event as for fifty. Like the other direction (sync/incremental/reconcile.ts) it never applies an event's
 * old/new values: it reads each entity's current AYON state and brings its ShotGrid entity in line with it, writing
 * only the fields that differ, so a replayed or doubled event writes nothing, and neither does the echo of our own
 * write. The batch costs about the requests of one event:
 *
 *   1. read the AYON entities and the folders above them, by id, in one GraphQL request (push-read.ts);
 *   2. place each in ShotGrid: its parent is the nearest AYON ancestor linked to a ShotGrid entity (layout folders
 *      are passed over), an asset category, or the project — or an ancestor pushed in the same batch: the ShotGrid
 *      entity that one has (step 3), or, when ShotGrid has none yet, the one its create makes (a folder and a task
 *      created under it: the task waits for the folder's level);
 *   3. read the ShotGrid entities they are linked to, or that carry their id in `sg_ayon_id` (a create whose AYON
 *      write-back was lost), one search per ShotGrid type, and one for retired ones beside it (they are revived);
 *   4. send the writes in `_batch` requests, one per level of parents (a child's create needs its parent's id),
 *      in event order: creates with `sg_ayon_id` in the same request, updates of the fields that differ, retirements
 *      of deleted entities. A request ShotGrid refuses is isolated by halving (write-backs.ts sendIsolating), so it
 *      fails its own events alone, with ShotGrid's reason;
 *   5. link the AYON entities to their ShotGrid entities (`shotgridId`/`shotgridType`) in one operations request.
 * Every event gets its own result, the one handling the events one by one in this order would give: the first event
 * of an entity pushes it whole, the later ones find it in line.
 */
import { AyonOperationsError, type Folder, type Operation, type Task } from "@ayon-sg/core";
import type { BatchRequest, HashFilter, ShotgridClient, ShotgridRecord } from "../client/index.js";
import { FIELD_AYON_ID, identityAttrib } from "../sync/identity.js";
import { sendIsolating, SHOTGRID_BATCH_SIZE } from "../sync/write-backs.js";
import type { AyonEntityKind, PushIntent } from "./ayon-change.js";
import { isLinkedTo, linkedShotgrid, ownedBy, type PushDeps, type PushReport } from "./push-entity.js";
import { loadPushMapping } from "./push-mapping.js";
import { PushReadSet } from "./push-read.js";
import { categoryPlace, comparedFields, sgChanges, sgTypeOfFolderType, wantedSg, withIdentity, type PushMapping, type SgParent } from "./sg-fields.js";

/** An event the push acts on (the rest were skipped by pushIntentOf). */
export type PushableIntent = Exclude<PushIntent, { kind: "skip" }>;

/** ShotGrid refused a write of the push (a name, a list value): the same answer comes next time. */
export class PushRefusedError extends Error {
  override name = "PushRefusedError";
}

export interface PushBatchStats {
  /** Requests sent: AYON reads and writes, ShotGrid reads and writes. */
  ayon: number;
  shotgrid: number;
}

type Settled = PromiseSettledResult<PushReport>;

/** One AYON entity pushed for the batch's events that name it. */
interface EntityPush {
  kind: AyonEntityKind;
  id: string;
  /** Index of its first event. */
  first: number;
  /** Its AYON state (undefined: gone). */
  entity?: Folder | Task;
  sgType?: string | null;
  /** Where it goes in ShotGrid: known, or after the push of an ancestor in the batch. */
  place?: SgParent | { kind: "after"; push: EntityPush; folder: Folder };
  outcome?: Settled;
}

/** One retirement for the batch's delete events of an entity. */
interface RetirePush {
  intent: Extract<PushIntent, { kind: "deleted" }>;
  first: number;
  outcome?: Settled;
}

/** A write of the batch and whose it is. */
interface Write {
  request: BatchRequest;
  first: number;
  settle: (result: WriteResult) => void;
}

/** A write's answer: done (a create's new id), refused by ShotGrid (its reason), or not made (the error). */
type WriteResult = { done: true; id?: number } | { done: false; refused?: string; error?: unknown };

export async function pushBatch(deps: PushDeps, intents: readonly PushableIntent[], stats?: PushBatchStats): Promise<Settled[]> {
  const { context } = deps;
  const counted = stats ?? { ayon: 0, shotgrid: 0 };
  const pushes = new Map<string, EntityPush>();
  const retires = new Map<string, RetirePush>();
  const hints = new Set<string>();
  for (const [i, intent] of intents.entries()) {
    const key = `${intent.entity}:${intent.id}`;
    if (intent.kind === "deleted") {
      if (!retires.has(key)) retires.set(key, { intent, first: i });
      continue;
    }
    if (!pushes.has(key)) pushes.set(key, { kind: intent.entity, id: intent.id, first: i });
    if (intent.parentId) hints.add(intent.parentId);
  }

  const ayon = new PushReadSet(deps.ayon, context.ayonProjectName, context.fieldMap);
  const all = [...pushes.values()];
  if (all.length > 0) {
    await ayon.read({ folderIds: [...all.filter((p) => p.kind === "folder").map((p) => p.id), ...hints], taskIds: all.filter((p) => p.kind === "task").map((p) => p.id) });
  }
  const live: EntityPush[] = [];
  for (const push of all) {
    push.entity = push.kind === "folder" ? ayon.folders.get(push.id) : ayon.tasks.get(push.id);
    if (!push.entity) push.outcome = ok(skipped(`the AYON ${push.kind} ${push.id} is gone (deleted since)`));
    else if (push.kind === "folder" && categoryPlace(push.entity as Folder)) {
      push.outcome = ok(skipped(`asset category '${push.entity.name}' is ShotGrid's sg_asset_type of its Assets, not an entity of its own`));
    } else {
      push.sgType = push.kind === "task" ? "Task" : sgTypeOfFolderType((push.entity as Folder).folderType, context.enabledTypes);
      live.push(push);
    }
  }
  await placeAll(live, pushes, ayon, context.enabledTypes);
  counted.ayon += ayon.requests;

  const sgTypes = new Set(live.flatMap((p) => (p.sgType ? [p.sgType] : [])));
  const mapping = await loadPushMapping(context, deps.site, sgTypes);
  const index = await readShotgrid(deps.sg, mapping, live, [...retires.values()], counted);
  // An ancestor pushed in the batch that ShotGrid has already keeps its entity: its children need not wait for it.
  for (const push of live) {
    const place = push.place;
    if (place?.kind !== "after" || !place.push.sgType) continue;
    const found = findShotgrid(index, place.push.sgType, place.push.entity!);
    if (found) push.place = { kind: "entity", type: place.push.sgType, id: found.record.id };
  }

  const links: Array<{ push: EntityPush; shotgrid: { type: string; id: number } }> = [];
  const levels = byLevel(live);
  // Level 0 runs even without an entity to push: it carries the retirements.
  if (levels.length === 0) levels.push([]);
  for (const [level, group] of levels.entries()) {
    const writes: Write[] = [];
    const wanted = await wantedAll(deps, group, mapping);
    for (const push of group) {
      const w = wanted.get(push);
      if (!w) continue;
      if (!w.ok) {
        push.outcome = ok(skipped(`${describe(push)}: ${w.reason}`));
        continue;
      }
      const identity = withIdentity(w.data, push.id);
      const found = findShotgrid(index, w.sgType, push.entity!);
      if (found === null) {
        writes.push({
          request: { requestType: "create", entityType: w.sgType, data: { project: { type: "Project", id: context.sgProject.id }, ...identity } },
          first: push.first,
          settle: (r) => {
            if (r.done && r.id !== undefined) {
              const shotgrid = { type: w.sgType, id: r.id };
              push.outcome = ok({ change: "created", shotgrid, fields: Object.keys(identity), notes: w.notes });
              links.push({ push, shotgrid });
            } else if (!r.done) push.outcome = failure(r, `create ${describe(push)}`);
            else push.outcome = { status: "rejected", reason: new Error(`ShotGrid answered no id for the create of ${describe(push)}`) };
          },
        });
        continue;
      }
      const shotgrid = { type: w.sgType, id: found.record.id };
      if (found.retired) {
        try {
          counted.shotgrid += 1;
          await deps.sg.revive(w.sgType, found.record.id);
        } catch (error) {
          push.outcome = { status: "rejected", reason: error };
          continue;
        }
      }
      const changes = sgChanges(identity, found.record);
      const change = found.retired ? "revived" : Object.keys(changes).length > 0 ? "updated" : "unchanged";
      const report: PushReport = { change, shotgrid, fields: Object.keys(changes), notes: w.notes };
      if (Object.keys(changes).length === 0) {
        push.outcome = ok(report);
        links.push({ push, shotgrid });
        continue;
      }
      writes.push({
        request: { requestType: "update", entityType: w.sgType, id: found.record.id, data: changes },
        first: push.first,
        settle: (r) => {
          if (r.done) {
            push.outcome = ok(report);
            links.push({ push, shotgrid });
          } else push.outcome = failure(r, `update ${describe(push)}`);
        },
      });
    }
    if (level === 0) for (const retire of retires.values()) retireWrite(retire, index, writes);
    writes.sort((a, b) => a.first - b.first);
    const failed = await sendWrites(deps.sg, writes, counted);
    if (failed !== null) {
      // ShotGrid is out of reach: what is left fails as it would one by one, with the same error.
      for (const push of live) push.outcome ??= { status: "rejected", reason: failed };
      break;
    }
  }
  await linkInAyon(deps, links, counted);
  return results(intents, pushes, retires);
}

/**
 * Where each entity goes in ShotGrid (sg-fields.ts SgParent): walks up its AYON ancestors, reading those the first
 * request did not bring, all of a round at once.
 */
async function placeAll(live: readonly EntityPush[], pushes: ReadonlyMap<string, EntityPush>, ayon: PushReadSet, enabledTypes: ReadonlySet<string>): Promise<void> {
  for (let round = 0; round < 16; round++) {
    const missing = new Set<string>();
    for (const push of live) {
      if (push.place) continue;
      const place = placeOf(push, pushes, ayon, enabledTypes);
      if (typeof place === "string") missing.add(place);
      else push.place = place;
    }
    if (missing.size === 0) return;
    await ayon.read({ folderIds: missing });
  }
  for (const push of live) push.place ??= { kind: "unlinked", what: "an ancestor folder (too deep to find)" };
}

/** The entity's place, or the id of the next folder to read to know it. */
function placeOf(push: EntityPush, pushes: ReadonlyMap<string, EntityPush>, ayon: PushReadSet, enabledTypes: ReadonlySet<string>): NonNullable<EntityPush["place"]> | string {
  let parentId = push.kind === "task" ? (push.entity as Task).folderId : (push.entity as Folder).parentId;
  for (let depth = 0; parentId !== null && depth < 64; depth++) {
    const folder = ayon.folders.get(parentId);
    if (!folder) return ayon.absentFolders.has(parentId) ? { kind: "unlinked", what: `folder ${parentId} (gone)` } : parentId;
    const category = categoryPlace(folder);
    if (category) return category;
    const sgType = sgTypeOfFolderType(folder.folderType, enabledTypes);
    // An ancestor pushed in this batch goes first: its ShotGrid entity is the one its push finds or creates.
    const pushed = sgType !== null ? pushes.get(`folder:${folder.id}`) : undefined;
    if (pushed?.entity) return { kind: "after", push: pushed, folder };
    const linked = linkedShotgrid(folder);
    if (linked !== null) return { kind: "entity", ...linked };
    // A folder of a type ShotGrid has (a Sequence...) must be pushed first; one it has not (a layout folder) is passed.
    if (sgType !== null) return { kind: "unlinked", what: `'${folder.path ?? folder.name}'` };
    parentId = folder.parentId;
  }
  return { kind: "project" };
}

/** The pushes by level: those placed without the batch first, then each one after the ancestor it waits for. */
function byLevel(live: readonly EntityPush[]): EntityPush[][] {
  const levelOf = new Map<EntityPush, number>();
  const level = (push: EntityPush, depth = 0): number => {
    const known = levelOf.get(push);
    if (known !== undefined) return known;
    const place = push.place!;
    const n = place.kind === "after" && depth < 64 ? level(place.push, depth + 1) + 1 : 0;
    levelOf.set(push, n);
    return n;
  };
  const levels: EntityPush[][] = [];
  for (const push of live) (levels[level(push)] ??= []).push(push);
  return levels.filter((group) => group !== undefined);
}

/** The place of an entity whose ancestor was pushed in the batch: that ancestor's ShotGrid entity, now known. */
function resolvedPlace(push: EntityPush): SgParent {
  const place = push.place!;
  if (place.kind !== "after") return place;
  const shotgrid = place.push.outcome?.status === "fulfilled" ? place.push.outcome.value.shotgrid : null;
  if (shotgrid) return { kind: "entity", ...shotgrid };
  const linked = linkedShotgrid(place.folder);
  return linked !== null ? { kind: "entity", ...linked } : { kind: "unlinked", what: `'${place.folder.path ?? place.folder.name}'` };
}

/**
 * What each ShotGrid entity should hold; the Tags ShotGrid lacks are created first, all of the level's at once. When
 * ShotGrid refuses that, each entity's Tags are created on their own, and an entity whose Tags it refuses fails alone.
 */
async function wantedAll(deps: PushDeps, group: readonly EntityPush[], mapping: PushMapping): Promise<Map<EntityPush, ReturnType<typeof wantedSg>>> {
  const wanted = new Map(group.map((push) => [push, wantedSg(push.kind, push.entity!, resolvedPlace(push), mapping)] as const));
  const missingOf = (push: EntityPush) => {
    const w = wanted.get(push)!;
    return w.ok ? w.missingTags : [];
  };
  const needing = group.filter((push) => missingOf(push).length > 0);
  if (needing.length === 0) return wanted;
  try {
    await deps.site.createTags(needing.flatMap(missingOf));
  } catch {
    for (const push of needing) {
      try {
        await deps.site.createTags(missingOf(push));
      } catch (error) {
        push.outcome = { status: "rejected", reason: error };
        wanted.delete(push);
      }
    }
  }
  // The mapping reads the site's Tags, which createTags adds to: asked again, the tags map.
  for (const push of needing) if (wanted.has(push)) wanted.set(push, wantedSg(push.kind, push.entity!, resolvedPlace(push), mapping));
  return wanted;
}

/** ShotGrid's entities of the batch: alive and retired, by `Type:id` and by `Type:sg_ayon_id` (the first by id). */
interface ShotgridIndex {
  alive: Map<string, ShotgridRecord>;
  aliveByAyonId: Map<string, ShotgridRecord>;
  retired: Map<string, ShotgridRecord>;
  retiredByAyonId: Map<string, ShotgridRecord>;
}

/** One search per ShotGrid type for the entities the batch links to, carries in `sg_ayon_id` or retires; one more for retired ones. */
async function readShotgrid(sg: ShotgridClient, mapping: PushMapping, live: readonly EntityPush[], retires: readonly RetirePush[], counted: PushBatchStats): Promise<ShotgridIndex> {
  const index: ShotgridIndex = { alive: new Map(), aliveByAyonId: new Map(), retired: new Map(), retiredByAyonId: new Map() };
  const wanted = new Map<string, { ids: Set<number>; ayonIds: Set<string> }>();
  const of = (type: string) => wanted.get(type) ?? wanted.set(type, { ids: new Set(), ayonIds: new Set() }).get(type)!;
  for (const push of live) {
    if (!push.sgType) continue;
    const linked = linkedShotgrid(push.entity!);
    if (linked?.type === push.sgType) of(push.sgType).ids.add(linked.id);
    of(push.sgType).ayonIds.add(push.id);
  }
  for (const { intent } of retires) if (intent.shotgrid) of(intent.shotgrid.type).ids.add(intent.shotgrid.id);

  const search = async (type: string, ids: readonly number[], ayonIds: readonly string[], retired: boolean) => {
    const conditions: HashFilter["conditions"] = [];
    if (ids.length > 0) conditions.push(["id", "in", ids]);
    if (ayonIds.length > 0) conditions.push([FIELD_AYON_ID, "in", ayonIds]);
    if (conditions.length === 0) return;
    const schema = mapping.schema(type);
    const fields = schema ? [...new Set([...comparedFields(type, mapping).filter((f) => f in schema), FIELD_AYON_ID])] : [FIELD_AYON_ID];
    const records = await sg.searchAll(type, { filters: { logical_operator: "or", conditions }, fields, sort: "id", retired });
    counted.shotgrid += Math.max(1, Math.ceil(records.length / 500));
    const byId = retired ? index.retired : index.alive;
    const byAyonId = retired ? index.retiredByAyonId : index.aliveByAyonId;
    for (const record of records) {
      byId.set(`${type}:${record.id}`, record);
      const owner = record[FIELD_AYON_ID];
      if (typeof owner === "string" && owner !== "" && !byAyonId.has(`${type}:${owner}`)) byAyonId.set(`${type}:${owner}`, record);
    }
  };
  // Alive and retired at once (one round trip): a retired one is used only where nothing alive answers (a linked
  // entity retired, a lost write-back then retired).
  await Promise.all([...wanted].flatMap(([type, { ids, ayonIds }]) => [false, true].map((retired) => search(type, [...ids], [...ayonIds], retired))));
  return index;
}

/**
 * The ShotGrid entity of an AYON entity: the one its link names (alive, else retired) unless ShotGrid has it linked
 * to another AYON entity; else one carrying its id in `sg_ayon_id` (alive, else retired); null when ShotGrid has none.
 */
function findShotgrid(index: ShotgridIndex, sgType: string, entity: Folder | Task): { record: ShotgridRecord; retired: boolean } | null {
  const linked = linkedShotgrid(entity);
  if (linked?.type === sgType) {
    const alive = index.alive.get(`${sgType}:${linked.id}`);
    if (alive && ownedBy(alive, entity.id)) return { record: alive, retired: false };
    const retired = alive ? undefined : index.retired.get(`${sgType}:${linked.id}`);
    if (retired && ownedBy(retired, entity.id)) return { record: retired, retired: true };
  }
  const byAyonId = index.aliveByAyonId.get(`${sgType}:${entity.id}`);
  if (byAyonId) return { record: byAyonId, retired: false };
  const retired = index.retiredByAyonId.get(`${sgType}:${entity.id}`);
  return retired ? { record: retired, retired: true } : null;
}

/** The retirement of a deleted AYON entity's ShotGrid entity, unless ShotGrid has it linked to another AYON entity. */
function retireWrite(retire: RetirePush, index: ShotgridIndex, writes: Write[]): void {
  const { intent } = retire;
  const what = `deleted AYON ${intent.entity} ${intent.path ?? intent.id}`;
  if (intent.shotgrid === null) {
    retire.outcome = ok(skipped(`${what} was linked to no ShotGrid entity`));
    return;
  }
  const { type, id } = intent.shotgrid;
  const record = index.alive.get(`${type}:${id}`);
  if (!record) {
    retire.outcome = ok({ ...skipped(`${what}: ShotGrid ${type} ${id} is retired already`), shotgrid: intent.shotgrid });
    return;
  }
  if (!ownedBy(record, intent.id)) {
    retire.outcome = ok({ ...skipped(`${what}: ShotGrid ${type} ${id} is linked to another AYON entity (${String(record[FIELD_AYON_ID])}) and is kept`), shotgrid: intent.shotgrid });
    return;
  }
  writes.push({
    request: { requestType: "delete", entityType: type, id },
    first: retire.first,
    settle: (r) => {
      retire.outcome = r.done ? ok({ change: "retired", shotgrid: intent.shotgrid, fields: [], notes: [] }) : failure(r, `retire ShotGrid ${type} ${id}`);
    },
  });
}

/**
 * Sends a level's writes in `_batch` chunks, each write settled with its result; a refused one is isolated by halving
 * and settled alone. Returns the error that stopped it (ShotGrid out of reach), after settling the writes it left.
 */
async function sendWrites(sg: ShotgridClient, writes: readonly Write[], counted: PushBatchStats): Promise<unknown> {
  const open = new Set(writes);
  const owner = new Map(writes.map((w) => [w.request, w]));
  const settle = (request: BatchRequest, result: WriteResult) => {
    const write = owner.get(request)!;
    open.delete(write);
    write.settle(result);
  };
  const requests = writes.map((w) => w.request);
  try {
    for (let start = 0; start < requests.length; start += SHOTGRID_BATCH_SIZE) {
      await sendIsolating(requests.slice(start, start + SHOTGRID_BATCH_SIZE), async (chunk) => {
        counted.shotgrid += 1;
        const results = await sg.batch(chunk, { chunkSize: chunk.length });
        chunk.forEach((request, i) => {
          const result = results[i];
          settle(request, { done: true, ...(result && typeof result === "object" && "id" in result ? { id: result.id } : {}) });
        });
      }, (request, reason) => settle(request, { done: false, refused: reason }));
    }
    return null;
  } catch (error) {
    for (const w of open) w.settle({ done: false, error });
    return error;
  }
}

/** Links the pushed AYON entities to their ShotGrid entities where they are not already, in one operations request. */
async function linkInAyon(deps: PushDeps, links: ReadonlyArray<{ push: EntityPush; shotgrid: { type: string; id: number } }>, counted: PushBatchStats): Promise<void> {
  const needed = links.filter(({ push, shotgrid }) => !isLinkedTo(push.entity!, shotgrid));
  if (needed.length === 0) return;
  const operations: Operation[] = needed.map(({ push, shotgrid }) => ({ type: "update", entityType: push.kind, entityId: push.id, data: { attrib: identityAttrib(shotgrid.type, shotgrid.id) } }));
  counted.ayon += 1;
  let answered: Map<string, { success: boolean; detail: string | null }>;
  let error: unknown = null;
  try {
    const response = await deps.ayon.operations(deps.context.ayonProjectName, operations, { canFail: true });
    answered = new Map(response.operations.map((r) => [r.entityId ?? "", r]));
  } catch (caught) {
    error = caught;
    answered = new Map((caught instanceof AyonOperationsError ? (caught.response?.operations ?? []) : []).map((r) => [r.entityId ?? "", r]));
  }
  for (const { push, shotgrid } of needed) {
    const result = answered.get(push.id);
    if (result?.success) continue;
    // The ShotGrid write stands; the event fails and, run again, finds the entity by its sg_ayon_id.
    const reason = result ? new Error(`AYON refused to link ${describe(push)} to ShotGrid ${shotgrid.type} ${shotgrid.id}: ${result.detail ?? "no reason given"}`) : error;
    push.outcome = { status: "rejected", reason };
  }
}

/** One result per event: the first event of an entity has its push's; a later one finds the entity in line. */
function results(intents: readonly PushableIntent[], pushes: ReadonlyMap<string, EntityPush>, retires: ReadonlyMap<string, RetirePush>): Settled[] {
  return intents.map((intent, i) => {
    const key = `${intent.entity}:${intent.id}`;
    const done = intent.kind === "deleted" ? retires.get(key)! : pushes.get(key)!;
    const outcome = done.outcome ?? ok(skipped(`AYON ${intent.entity} ${intent.id}: nothing to push`));
    if (done.first === i || outcome.status === "rejected") return outcome;
    const report = outcome.value;
    if (report.change === "retired") return ok({ ...skipped(`deleted AYON ${intent.entity} ${intent.id}: ShotGrid ${report.shotgrid!.type} ${report.shotgrid!.id} is retired already`), shotgrid: report.shotgrid });
    if (report.change === "skipped") return outcome;
    return ok({ change: "unchanged", shotgrid: report.shotgrid, fields: [], notes: report.notes });
  });
}

function failure(result: Extract<WriteResult, { done: false }>, what: string): Settled {
  if (result.refused !== undefined) return { status: "rejected", reason: new PushRefusedError(`ShotGrid refused to ${what}: ${result.refused}`) };
  return { status: "rejected", reason: result.error };
}

function describe(push: EntityPush): string {
  const entity = push.entity;
  return `AYON ${push.kind} '${entity ? (entity.path ?? entity.name) : push.id}'`;
}

function ok(report: PushReport): Settled {
  return { status: "fulfilled", value: report };
}

function skipped(reason: string): PushReport {
  return { change: "skipped", shotgrid: null, fields: [], notes: [reason] };
}

/** Pushes the entity of one `entity.*` event, or retires the ShotGrid entity of a deleted one (a batch of one). */
export async function pushToShotgrid(deps: PushDeps, intent: PushableIntent): Promise<PushReport> {
  const [result] = await pushBatch(deps, [intent]);
  if (result!.status === "rejected") throw result!.reason;
  return result!.value;
}
