/**
 * "Preview sync" (issue 19): what a full sync's plan (plan.ts, run dry by full-sync.ts prepareFullSync) would write,
 * counted per change kind and entity type and listed by path, its fingerprint (a hash of its writes, so "Sync" can
 * refuse a plan that changed since it was previewed), and the narrowing of a plan to one ShotGrid sub-tree.
 *
 * Change kinds, as a TD reads them: `create`; `rename` (the AYON label follows a new ShotGrid name; a plain
 * sync keeps AYON names); `move` (a new parent); `fields` (status, task type, identity, attributes, tags,
 * assignees). One update may be a rename, a move and field changes at once: it counts once per kind it carries,
 * and once in `updated`. `retire` is what a plain sync never does: AYON entities whose ShotGrid entity is gone
 * are listed as `orphans` (a reconcile retires them).
 */
import { createHash } from "node:crypto";
import type { Operation } from "@ayon-sg/core";
import type { PreparedSync } from "./full-sync.js";
import { projectWriteBack } from "./full-sync.js";
import type { DesiredEntity } from "./hierarchy.js";
import { planWriteBacks, type PlannedOperation, type ShotgridWriteBack, type SyncPlan } from "./plan.js";
import type { ProjectContext } from "./project-context.js";

export type ChangeKind = "create" | "rename" | "move" | "fields";

export interface PreviewItem {
  /** `Shot:123`, or `Layout:<path>` for a folder_parenting folder. */
  key: string;
  /** ShotGrid type (`Shot`, `Task`...), `Layout` for a folder_parenting folder. */
  type: string;
  /** Names from the project root, as the ShotGrid tree reads: `ep01/sq010/sh0010/animation`. */
  path: string;
  kinds: ChangeKind[];
  /** What changes, e.g. `label: "sh010" → "sh010_new"`, `status`, `attrib.frameStart`. */
  changes: string[];
}

export interface PlanPreview {
  project: string;
  /** The sub-tree the plan is narrowed to (`Sequence:12`), or null for the whole project. */
  root: string | null;
  /** Created / updated AYON folders and tasks: what the sync's summary will count. */
  totals: { folders: { created: number; updated: number }; tasks: { created: number; updated: number } };
  /** Per entity type, per change kind. */
  counts: Record<string, Record<ChangeKind, number>>;
  ayonOperations: number;
  /** `sg_ayon_id` / `sg_ayon_sync_status` write-backs, supposing AYON takes every operation. */
  shotgridWrites: number;
  /** The project-level AYON patch (anatomy, link, tags): its top-level keys, empty when nothing. */
  projectChanges: string[];
  shotgridFieldsToCreate: string[];
  items: PreviewItem[];
  /** How many items were left out of `items`. */
  more: number;
  failed: Array<{ path: string; reason: string }>;
  orphans: number;
  fingerprint: string;
  /** Entities a sub-tree sync can start from (the whole project's folders), for the page's picker. */
  roots: PreviewRoot[];
}

export interface PreviewRoot {
  type: string;
  id: number;
  path: string;
}

/** Roots offered to the page's picker; a bigger project is picked by typing `Type id`. */
export const PREVIEW_ROOTS = 2000;

/** The ShotGrid folders (Episodes, Sequences, Shots, Assets...) of a tree, with their paths. */
export function pickableRoots(desired: readonly DesiredEntity[], limit = PREVIEW_ROOTS): PreviewRoot[] {
  const pathOf = pathFinder(new Map(desired.map((e) => [e.key, e])));
  const roots: PreviewRoot[] = [];
  for (const entity of desired) {
    if (roots.length >= limit) break;
    if (entity.kind === "folder" && entity.hasShotgridRow && typeof entity.sgId === "number") roots.push({ type: entity.sgType, id: entity.sgId, path: pathOf(entity) });
  }
  return roots;
}

/** Items listed in a preview; the rest are counted. */
export const PREVIEW_ITEMS = 300;

/** The keys of `root` and everything under it (its children, theirs, and their Tasks). */
export function subtreeKeys(desired: readonly DesiredEntity[], root: string): Set<string> {
  const keys = new Set<string>();
  if (!desired.some((e) => e.key === root)) return keys;
  keys.add(root);
  // Parents come first (sg-tree.ts), so one pass finds every descendant.
  for (const entity of desired) if (entity.parentKey !== null && keys.has(entity.parentKey)) keys.add(entity.key);
  return keys;
}

/**
 * The plan narrowed to one sub-tree: its entities' operations and write-backs only, plus the AYON parents they need
 * created (ancestors not in AYON yet, folder_parenting folders); nothing else in AYON or ShotGrid (not the Project's
 * status) is written.
 */
export function restrictToSubtree(prepared: PreparedSync, root: string): PreparedSync {
  const keys = subtreeKeys(prepared.desired, root);
  if (keys.size === 0) throw new Error(`${root.replace(":", " ")} is not in this project's ShotGrid tree (or is not synced)`);
  const { plan } = prepared;
  const kept = new Set(plan.operations.filter((op) => keys.has(op.key)));
  // The layout folders a kept operation depends on, transitively (created before it: parents first).
  const createdBy = new Map(plan.operations.filter((op) => op.operation.type === "create").map((op) => [(op.operation as { entityId: string }).entityId, op]));
  for (const op of [...kept]) {
    let needed = op.dependsOn === null ? undefined : createdBy.get(op.dependsOn);
    while (needed && !kept.has(needed)) {
      kept.add(needed);
      needed = needed.dependsOn === null ? undefined : createdBy.get(needed.dependsOn);
    }
  }
  const operations = plan.operations.filter((op) => kept.has(op));
  // An ancestor not in AYON yet is created with it (and then written back like the sub-tree).
  for (const op of operations) keys.add(op.key);
  const counts = { folders: { created: 0, updated: 0, unchanged: 0 }, tasks: { created: 0, updated: 0, unchanged: 0 } };
  for (const op of operations) {
    const kind = op.operation.entityType === "folder" ? counts.folders : counts.tasks;
    if (op.operation.type === "create") kind.created += 1;
    else kind.updated += 1;
  }
  const withOperation = new Set(operations.map((op) => op.key));
  for (const entity of prepared.desired) {
    if (keys.has(entity.key) && plan.links.has(entity.key) && !withOperation.has(entity.key)) {
      (entity.kind === "folder" ? counts.folders : counts.tasks).unchanged += 1;
    }
  }
  const only = <V>(map: Map<string, V>) => new Map([...map].filter(([key]) => keys.has(key)));
  const narrowed: SyncPlan = {
    ...plan,
    operations,
    failures: only(plan.failures),
    skipped: only(plan.skipped),
    counts,
    // Orphans have no ShotGrid entity left to place them in a sub-tree; a sub-tree sync leaves them alone.
    orphans: [],
    renamed: plan.renamed.filter((r) => keys.has(r.key)),
    fieldProblems: only(plan.fieldProblems),
    unknownUsers: new Map([...plan.unknownUsers].map(([id, ks]) => [id, ks.filter((k) => keys.has(k))] as const).filter(([, ks]) => ks.length > 0)),
  };
  return { ...prepared, desired: prepared.desired.filter((e) => keys.has(e.key)), plan: narrowed, writeProjectStatus: false };
}

/** The ShotGrid write-backs the sync will send if AYON takes every operation. */
export function plannedWriteBacks(prepared: PreparedSync, context: ProjectContext): ShotgridWriteBack[] {
  const { plan } = prepared;
  const writes = planWriteBacks(prepared.desired, plan.links, plan.failures, plan.skipped);
  const project = prepared.writeProjectStatus ? projectWriteBack(context, plan.failures.size === 0 ? "Synced" : "Failed") : null;
  return project ? [...writes, project] : writes;
}

/**
 * A hash of everything the plan writes. New AYON ids are made afresh at each planning, so each is replaced by
 * the key of the entity it is made for: the same ShotGrid and AYON state plans to the same fingerprint.
 */
export function planFingerprint(prepared: PreparedSync, context: ProjectContext): string {
  const { plan } = prepared;
  const newIds = new Map<string, string>();
  for (const op of plan.operations) if (op.operation.type === "create") newIds.set(op.operation.entityId as string, `new:${op.key}`);
  const stable = (value: unknown): unknown => {
    if (typeof value === "string") return newIds.get(value) ?? value;
    if (Array.isArray(value)) return value.map(stable);
    if (value && typeof value === "object") {
      return Object.fromEntries(Object.keys(value).sort().map((k) => [k, stable((value as Record<string, unknown>)[k])]));
    }
    return value;
  };
  const writes = {
    project: prepared.projectPatch,
    fields: prepared.shotgridFields,
    ayon: plan.operations.map((op) => op.operation),
    shotgrid: plannedWriteBacks(prepared, context),
  };
  return createHash("sha256").update(JSON.stringify(stable(writes))).digest("hex").slice(0, 32);
}

/** The preview the page shows: counts, the first `limit` items, and the fingerprint "Sync" sends back. */
export function previewPlan(
  prepared: PreparedSync,
  context: ProjectContext,
  root: string | null,
  options: { limit?: number; roots?: PreviewRoot[] } = {},
): PlanPreview {
  const limit = options.limit ?? PREVIEW_ITEMS;
  const { plan } = prepared;
  const byKey = new Map(prepared.desired.map((e) => [e.key, e]));
  const pathOf = pathFinder(byKey);
  // Where a move goes: the new parent's path (a synced entity's, or a folder_parenting folder's key).
  const keyOfId = new Map<string, string>([...plan.links].map(([key, id]) => [id, key]));
  for (const op of plan.operations) if (op.operation.type === "create") keyOfId.set(op.operation.entityId as string, op.key);
  const placeOf = (id: unknown): string => {
    const key = typeof id === "string" ? keyOfId.get(id) : undefined;
    if (key === undefined) return id === null ? "the project root" : "an AYON folder";
    const entity = byKey.get(key);
    return `'${entity ? pathOf(entity) : key.slice(key.indexOf(":") + 1)}'`;
  };
  const counts: PlanPreview["counts"] = {};
  const items: PreviewItem[] = [];
  for (const op of plan.operations) {
    const entity = byKey.get(op.key);
    const type = entity?.sgType ?? op.key.split(":")[0] ?? "?";
    const { kinds, changes } = describeOperation(op, entity, placeOf);
    const row = (counts[type] ??= { create: 0, rename: 0, move: 0, fields: 0 });
    for (const kind of kinds) row[kind] += 1;
    if (items.length < limit) items.push({ key: op.key, type, path: entity ? pathOf(entity) : op.key.slice(op.key.indexOf(":") + 1), kinds, changes });
  }
  const { folders, tasks } = plan.counts;
  return {
    project: context.ayonProjectName,
    root,
    totals: { folders: { created: folders.created, updated: folders.updated }, tasks: { created: tasks.created, updated: tasks.updated } },
    counts,
    ayonOperations: plan.operations.length,
    shotgridWrites: plannedWriteBacks(prepared, context).length,
    projectChanges: Object.keys(prepared.projectPatch).sort(),
    shotgridFieldsToCreate: prepared.shotgridFields,
    items,
    more: plan.operations.length - items.length,
    failed: [...plan.failures].slice(0, limit).map(([key, reason]) => {
      const entity = byKey.get(key);
      return { path: entity ? pathOf(entity) : key, reason };
    }),
    orphans: plan.orphans.length,
    fingerprint: planFingerprint(prepared, context),
    roots: options.roots ?? pickableRoots(prepared.desired),
  };
}

/** "+1 more line" style summary for a job description. */
export function describePreview(p: PlanPreview): string {
  const { folders, tasks } = p.totals;
  const where = p.root ? ` (sub-tree ${p.root.replace(":", " ")})` : "";
  const failed = p.failed.length > 0 ? `; ${p.failed.length} would not sync` : "";
  return `Preview of ${p.project}${where}: folders ${folders.created} to create, ${folders.updated} to update; tasks ${tasks.created} to create, ${tasks.updated} to update; ${p.shotgridWrites} ShotGrid write-back(s)${failed}; nothing written`;
}

function describeOperation(op: PlannedOperation, entity: DesiredEntity | undefined, placeOf: (id: unknown) => string): { kinds: ChangeKind[]; changes: string[] } {
  const operation: Operation = op.operation;
  const data = (operation.data ?? {}) as Record<string, unknown>;
  if (operation.type === "create") return { kinds: ["create"], changes: [`new ${operation.entityType} '${String(data.name ?? "")}'`] };
  const kinds = new Set<ChangeKind>();
  const changes: string[] = [];
  for (const [field, value] of Object.entries(data)) {
    if (field === "label") {
      kinds.add("rename");
      changes.push(`label → '${String(value ?? entity?.baseName ?? "")}'`);
    } else if (field === "parentId" || field === "folderId") {
      kinds.add("move");
      changes.push(`moved under ${placeOf(value)}`);
    } else {
      kinds.add("fields");
      if (value && typeof value === "object" && !Array.isArray(value)) changes.push(...Object.keys(value).map((k) => `${field}.${k}`));
      else changes.push(field);
    }
  }
  return { kinds: [...kinds], changes };
}

function pathFinder(byKey: ReadonlyMap<string, DesiredEntity>): (entity: DesiredEntity) => string {
  const cache = new Map<string, string>();
  const pathOf = (entity: DesiredEntity): string => {
    const known = cache.get(entity.key);
    if (known !== undefined) return known;
    const parent = entity.parentKey === null ? undefined : byKey.get(entity.parentKey);
    const path = parent ? `${pathOf(parent)}/${entity.baseName}` : entity.baseName;
    cache.set(entity.key, path);
    return path;
  };
  return pathOf;
}
