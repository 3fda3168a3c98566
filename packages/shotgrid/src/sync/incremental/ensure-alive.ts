/**
 * A live ShotGrid entity → its AYON entity exists and matches (New/Change/Revival events, as ynput/ayon-shotgrid
 * services/shotgrid_common/ayon_shotgrid_hub/update_from_shotgrid.py handles them):
 * - found by identity (the entity carrying its shotgridType/shotgridId), looked up by the id ShotGrid holds in
 *   `sg_ayon_id` and among the children of its parent; else the entity at that id when it carries no live
 *   identity (a revival finds what its retirement kept, marked "removed");
 * - its parent found the same way through the parent's `sg_ayon_id` (read in the same ShotGrid request); a
 *   missing or inactive parent is reconciled first, walking up the hierarchy, so an out-of-order revival (Tasks
 *   before their Asset) or a Task whose Shot and Sequence never reached AYON creates the whole chain;
 * - also looked up at its stable id (stable-id.ts), the id any run of this sync creates it with: one that created
 *   it but lost the `sg_ayon_id` write-back (killed, or raced by another run) is found there wherever it has gone
 *   since (another asset category, another name), and is updated instead of a second one being created;
 * - created with the old `sg_ayon_id` as its id when that id is free (a revival keeps its AYON id), else its stable id;
 * - or updated: label, name (rename policy), parent, task type, status, identity, active flag;
 * - folder_parenting (layout-place.ts): an entity with a layout goes under its layout folders; an existing folder
 *   whose place differs only by the layout stays where it is.
 */
import { newAyonId } from "@ayon-sg/core";
import { stableAyonId } from "../stable-id.js";
import type { ShotgridRecord } from "../../client/index.js";
import { layoutPath } from "../folder-layout.js";
import {
  ASSET_CATEGORY, assetCategoryEntity, parentOf, parentRuleFor, toDesiredEntity, type DesiredEntity, type ParentRef,
} from "../hierarchy.js";
import { ayonIdOrNull, identityKey, identityKeyOf } from "../identity.js";
import { lookupAyon, withIdentity, type FoundEntity, type LookupRequest, type LookupResult } from "./ayon-lookup.js";
import type { PlannedChange } from "./change-set.js";
import { planCreate, planUpdate, type EntityPlan } from "./entity-changes.js";
import { parentAyonIdOf, readEntity } from "./entity-reader.js";
import { ensureLayout, foundLayout, foundWithIdentity, layoutPaths, layoutProblem, staysInPlace } from "./layout-place.js";
import { retireEntity } from "./retire.js";
import { describeKey, MAX_DEPTH, type UpdateSession } from "./update-session.js";

/** Makes AYON match one live ShotGrid entity; returns its AYON id, or null when it could not be placed. */
export async function ensureAlive(session: UpdateSession, record: ShotgridRecord, depth: number): Promise<string | null> {
  session.checkAborted();
  const { context } = session;
  const desired = toDesiredEntity(record, context.mapping);
  const known = session.states.get(desired.key);
  if (known) return known.ayonId;
  if (desired.skip !== null) {
    // Left out by design (a Task on nothing, or on a type this project does not sync). A counterpart synced before
    // goes, as a retired one would: a fresh sync would not make it either.
    let reason = desired.skip;
    if (ayonIdOrNull(desired.sgAyonId)) {
      await retireEntity(session, { type: record.type, id: record.id }, record, depth);
      const removed = session.states.get(desired.key)?.change;
      if (removed === "deleted" || removed === "deactivated") reason += `; its AYON ${desired.kind} is ${removed === "deleted" ? "deleted" : "deactivated"}`;
    }
    session.set({ key: desired.key, desired, ayonId: null, change: "skipped", reason });
    return null;
  }
  if (depth > MAX_DEPTH) return session.fail(desired.key, desired, "its parents form a chain too deep (or a cycle) in ShotGrid");
  // Claimed before the parent walk, so a parent cycle ends here instead of looping.
  session.set({ key: desired.key, desired, ayonId: null, change: "failed", reason: "its parents form a cycle in ShotGrid" });

  const parent = parentOf(record, context.navchains);
  const selfId = ayonIdOrNull(desired.sgAyonId);
  const stableId = stableAyonId(session.project, desired.kind, desired.sgType, desired.sgId);
  const parentGuess = parentIdGuess(session, record, parent);
  const request: LookupRequest = {};
  const ownIds = selfId && selfId !== stableId ? [selfId, stableId] : [stableId];
  const ids = desired.kind === "folder" ? [...ownIds, parentGuess] : [parentGuess];
  request.folderIds = ids.filter((id): id is string => id !== null);
  if (desired.kind === "task") request.taskIds = ownIds;
  // Where the entity belongs, look for its identity too: a stale or missing sg_ayon_id (a lost write-back, a
  // revival after a delete) then still finds it, at the cost of the parent's children, not of the project.
  const scopeParent = desired.parentKey === null ? null : (parentGuess ?? session.states.get(desired.parentKey)?.ayonId ?? undefined);
  if (scopeParent !== undefined && parent.kind !== "category") {
    request.scoped = { kind: desired.kind, parentId: scopeParent, shotgridIds: [String(desired.sgId)] };
  }
  if (parent.kind === "category" && desired.parentKey && !session.states.has(desired.parentKey)) {
    request.rootShotgridIds = [parent.slug];
    // Where the Asset preset of folder_parenting puts the category, by path.
    const category = assetCategoryEntity(parent.slug, parent.label, context.mapping.folderLayout);
    if (category.layout) request.folderPaths = [...layoutPaths(category.layout), `${layoutPath(category.layout)}/${category.baseName}`];
  }
  const layout = desired.layout ?? null;
  if (layout) request.folderPaths = [...(request.folderPaths ?? []), ...layoutPaths(layout)];
  request.attribs = { folder: context.fieldMap.ayonAttributes("folder"), task: context.fieldMap.ayonAttributes("task") };
  const wave = session.deps.waveRead;
  const found = await (wave ? wave.lookup(session.project, request) : lookupAyon(session.deps.ayon, session.project, request));
  const self = matchSelf(desired, [selfId, stableId], found);

  let parentId: string | null | undefined;
  if (layout) {
    const atLayout = foundLayout(layout, found, session);
    if (self && atLayout !== undefined && self.parentId === atLayout) parentId = atLayout;
    else if (self && (await staysInPlace(session, self, knownParentId(session, desired, parent, found, parentGuess), found))) parentId = self.parentId;
    else parentId = await ensureLayout(session, layout, found);
    if (parentId === undefined) return session.fail(desired.key, desired, layoutProblem(session, layout), self?.id ?? null);
  } else {
    parentId = await resolveParent(session, desired, parent, found, parentGuess, depth);
    // Under its ShotGrid parent through identity-less folders, or in an older preset's layout: it stays.
    if (self && parentId !== undefined && self.parentId !== parentId && (await staysInPlace(session, self, parentId, found))) parentId = self.parentId;
  }
  if (parentId === undefined) {
    const parentState = desired.parentKey ? session.states.get(desired.parentKey) : undefined;
    const why = parentState?.reason ? `: ${parentState.reason}` : "";
    return session.fail(desired.key, desired, `its parent ${describeKey(desired.parentKey ?? "?")} could not be synced${why}`, self?.id ?? null);
  }
  const type = await session.typeFor(desired);
  if (type === null) return session.fail(desired.key, desired, `the AYON project has no ${desired.kind} type '${desired.type}' and it could not be added`, self?.id ?? null);
  const status = desired.status === null ? null : session.mapping.status(desired.status, desired.kind);

  // The users map is read only for a Task with assignees (kept with the project context).
  const users = (desired.fields?.assignees?.length ?? 0) > 0 ? await context.users() : null;
  const resolveUser = users ? (id: number) => users.resolve(id) : undefined;
  let plan: EntityPlan;
  let ayonId: string;
  if (self) {
    plan = planUpdate({ desired, current: self, parentId, type, status, renamePolicy: context.settings.sync_settings.rename_policy, resolveUser });
    ayonId = self.id;
  } else {
    ayonId = reusableId(selfId, found) ?? reusableId(stableId, found) ?? newAyonId();
    plan = planCreate({ desired, id: ayonId, parentId, type, status, resolveUser });
  }
  for (const id of plan.unknownUsers ?? []) session.noteUnknownUser(id, desired.key);
  const tags = plan.operation?.data?.tags;
  if (Array.isArray(tags) && tags.length > 0) await session.ensureTags(tags as string[]);
  if (self && self.parentId !== parentId && !plan.moveRefused) session.beyondEntity("move it to another AYON parent");
  if (plan.operation) {
    const change: PlannedChange = {
      key: desired.key,
      kind: desired.kind,
      operation: plan.operation,
      place: { parentId: self && plan.moveRefused ? self.parentId : parentId, name: plan.name },
      naming: plan.renameable ? { sgId: desired.sgId, base: desired.baseName } : null,
      adoptable: !self,
      onDeleteRefused: null,
    };
    session.changes.add(change);
    // An Asset leaving its category may leave the category folder empty (dependents.ts cleans it up).
    if (self && self.parentId !== parentId && !plan.moveRefused && desired.sgType === "Asset") session.noteLeaving(self.parentId, change);
  }
  const change = !self ? "created" : plan.operation ? "updated" : "unchanged";
  const fields = change === "updated" ? changedFields(plan.operation?.data ?? {}) : undefined;
  session.set({ key: desired.key, desired, ayonId, change, reason: plan.moveRefused, fields });
  if (plan.moveRefused) session.fail(desired.key, desired, plan.moveRefused, ayonId);
  return ayonId;
}

/** The AYON id of the ShotGrid parent when known without creating anything (null = the root), else undefined. */
function knownParentId(session: UpdateSession, desired: DesiredEntity, parent: ParentRef, found: LookupResult, guess: string | null): string | null | undefined {
  const key = desired.parentKey;
  if (key === null) return null;
  const known = session.states.get(key);
  if (known) return known.ayonId ?? undefined;
  if (parent.kind === "entity" && guess) {
    const atGuess = found.folders.get(guess);
    if (atGuess && atGuess.active && identityKeyOf(atGuess.identity) === key) return guess;
  }
  return foundWithIdentity(found, key);
}

/** The AYON id ShotGrid holds for the parent (through the dotted field), unless this update already placed it. */
function parentIdGuess(session: UpdateSession, record: ShotgridRecord, parent: ParentRef): string | null {
  if (parent.kind !== "entity") return null;
  const known = session.states.get(identityKey(parent.link.type, parent.link.id));
  if (known) return null;
  const rule = parentRuleFor(record.type, session.context.navchains);
  return rule.kind === "field" ? ayonIdOrNull(parentAyonIdOf(record, rule.field)) : null;
}

/**
 * Matching order (identity.ts): the entity carrying this identity (at `sg_ayon_id`, at its stable id, or under the
 * parent); else the entity at `sg_ayon_id` (then at the stable id) when it carries no live identity (one kept as
 * "removed" by a retirement). An entity carrying this identity elsewhere under another id (made by the full sync or
 * the Python addon), under a name no longer ShotGrid's, is not searched for across the project (no index): a create
 * that clashes with it by name adopts it (change-set.ts).
 */
function matchSelf(desired: DesiredEntity, ownIds: ReadonlyArray<string | null>, found: LookupResult): FoundEntity | null {
  const pool: Map<string, FoundEntity> = desired.kind === "folder" ? found.folders : found.tasks;
  const byIdentity = withIdentity(pool.values(), desired.key);
  if (byIdentity) return byIdentity;
  for (const id of ownIds) {
    const atId = id ? pool.get(id) : undefined;
    if (atId && identityKeyOf(atId.identity) === null && (atId.identity.shotgridType ?? desired.sgType) === desired.sgType) return atId;
  }
  return null;
}

/** An id (`sg_ayon_id`, else the stable id) for a new entity when no AYON entity found uses it (a revival keeps its id). */
function reusableId(selfId: string | null, found: LookupResult): string | null {
  if (!selfId || found.folders.has(selfId) || found.tasks.has(selfId)) return null;
  return selfId;
}

/** The AYON parent id (null = root), creating or reviving parents as needed; undefined when it failed. */
async function resolveParent(
  session: UpdateSession,
  desired: DesiredEntity,
  parent: ParentRef,
  found: LookupResult,
  guess: string | null,
  depth: number,
): Promise<string | null | undefined> {
  const key = desired.parentKey;
  if (key === null) return null;
  const known = session.states.get(key);
  if (known) return known.ayonId ?? undefined;
  if (parent.kind === "category") return await ensureCategory(session, parent.slug, parent.label, found);
  if (parent.kind !== "entity") return null;
  const atGuess = guess ? found.folders.get(guess) : undefined;
  if (atGuess && atGuess.active && identityKeyOf(atGuess.identity) === key) {
    session.set({ key, desired: null, ayonId: atGuess.id, change: "unchanged", reason: null });
    return atGuess.id;
  }
  // The parent is missing, inactive, or ShotGrid's id for it is stale: reconcile the parent itself.
  session.beyondEntity(`reconcile its parent ${describeKey(key)}`);
  const read = await readEntity(session.deps.sg, parent.link, { ...session.context, expect: "alive" });
  if (!read || read.retired) {
    session.fail(key, null, `${describeKey(key)} is ${read ? "retired" : "missing"} in ShotGrid`);
    return undefined;
  }
  return (await ensureAlive(session, read.record, depth + 1)) ?? undefined;
}

/**
 * The AssetCategory folder for a slug: found (and reactivated) wherever it is — at the root, where the Asset
 * preset of folder_parenting puts it, or elsewhere (an older preset's place; searched across the project only
 * before a create, so a preset change never makes a second one) — or created at its place.
 */
async function ensureCategory(session: UpdateSession, slug: string, label: string, found: LookupResult): Promise<string | undefined> {
  const desired = assetCategoryEntity(slug, label, session.context.mapping.folderLayout);
  let existing = withIdentity(found.folders.values(), desired.key);
  if (!existing) {
    const anywhere = await lookupAyon(session.deps.ayon, session.project, { folderShotgridIds: [slug] });
    existing = withIdentity(anywhere.folders.values(), desired.key);
  }
  if (!existing || !existing.active) session.beyondEntity(`${existing ? "reactivate" : "create"} the asset category '${label}'`);
  if (existing) {
    if (!existing.active) {
      session.changes.add({
        key: desired.key, kind: "folder", operation: { type: "update", entityType: "folder", entityId: existing.id, data: { active: true } },
        place: { parentId: existing.parentId, name: existing.name }, naming: { sgId: slug, base: desired.baseName }, adoptable: false, onDeleteRefused: null,
      });
    }
    session.set({ key: desired.key, desired, ayonId: existing.id, change: existing.active ? "unchanged" : "updated", reason: null });
    return existing.id;
  }
  const type = session.mapping.folderType(ASSET_CATEGORY);
  if (type === null) {
    session.fail(desired.key, desired, `the AYON project has no folder type '${ASSET_CATEGORY}'`);
    return undefined;
  }
  const parentId = desired.layout ? await ensureLayout(session, desired.layout, found) : null;
  if (parentId === undefined) {
    session.fail(desired.key, desired, layoutProblem(session, desired.layout ?? []));
    return undefined;
  }
  const id = newAyonId();
  const plan = planCreate({ desired, id, parentId, type, status: null });
  session.changes.add({
    key: desired.key, kind: "folder", operation: plan.operation!, place: { parentId, name: plan.name },
    naming: { sgId: slug, base: desired.baseName }, adoptable: true, onDeleteRefused: null,
  });
  session.set({ key: desired.key, desired, ayonId: id, change: "created", reason: null });
  return id;
}

/** What an update's data changes, for the report: `identity` for the link attributes, mapped attributes by name. */
function changedFields(data: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(data)) {
    if (key !== "attrib") {
      out.push(key);
      continue;
    }
    for (const name of Object.keys((value as Record<string, unknown>) ?? {})) {
      const label = name === "shotgridId" || name === "shotgridType" ? "identity" : name;
      if (!out.includes(label)) out.push(label);
    }
  }
  return out;
}
