/**
 * The full ShotGrid → AYON sync of one linked project (reference-addon.md §4.2, rebuilt for speed):
 *   1. check the AYON attributes and the ShotGrid fields (schema read once per type, missing ones created);
 *   2. read both sides in bulk, in parallel (sg-tree.ts, ayon-tree.ts);
 *   3. merge the anatomy and link the AYON project (one PATCH, only when something is missing);
 *   4. plan (plan.ts), apply the AYON operations, then write `sg_ayon_id`/`sg_ayon_sync_status` back.
 * Requests grow with the number of pages and chunks, never with the number of entities, and a re-run with no
 * ShotGrid change writes nothing on either side.
 */
import type { AyonClient, Logger, ProjectPatch } from "@ayon-sg/core";
import type { ShotgridClient } from "../client/index.js";
import { anatomyWants, planAnatomy } from "./anatomy.js";
import {
  AYON_CHUNK_SIZE, applyAyonOperations, applyShotgridWriteBacks, SHOTGRID_BATCH_CONCURRENCY, SHOTGRID_BATCH_SIZE,
} from "./apply.js";
import { loadAyonTree } from "./ayon-tree.js";
import { ATTRIB_SHOTGRID_ID, ATTRIB_SHOTGRID_TYPE, FIELD_AYON_ID, FIELD_SYNC_STATUS, type SyncStatus } from "./identity.js";
import { planSync, planWriteBacks, type KindCounts, type ShotgridWriteBack } from "./plan.js";
import type { ProjectContext } from "./project-context.js";
import { ensureShotgridFields, requireAyonAttributes } from "./setup.js";
import { loadShotgridTree, syncedTypes } from "./sg-tree.js";

export interface FullSyncDeps {
  ayon: AyonClient;
  sg: ShotgridClient;
  logger: Logger;
}

export interface FullSyncOptions {
  signal?: AbortSignal;
  /** 0–100 with a short message; the handler forwards it to the job event. */
  progress?: (percent: number, message: string) => void;
  ayonChunkSize?: number;
  shotgridBatchSize?: number;
  shotgridConcurrency?: number;
}

export interface FullSyncSummary {
  project: string;
  shotgridProjectId: number;
  /** ShotGrid rows read per type. */
  read: Record<string, number>;
  folders: KindCounts;
  tasks: KindCounts;
  /** Entities not (fully) synced; the first few with their reason. */
  failed: number;
  failures: Array<{ entity: string; reason: string }>;
  /** Entities left out by design (Tasks on types this project does not sync, Tasks without an entity). */
  skipped: number;
  /** AYON entities linked to ShotGrid entities that no longer exist here (left alone). */
  orphaned: number;
  duplicateIdentities: number;
  anatomyAdded: { folderTypes: string[]; taskTypes: string[]; statuses: string[] };
  shotgridFieldsCreated: string[];
  ayonOperations: number;
  shotgridWrites: number;
  durationMs: number;
}

/** Failures listed in the summary and logged one by one; the rest are counted. */
const LISTED_FAILURES = 20;

export async function runFullSync(deps: FullSyncDeps, context: ProjectContext, options: FullSyncOptions = {}): Promise<FullSyncSummary> {
  const started = Date.now();
  const { ayon, sg, logger } = deps;
  const project = context.ayonProjectName;
  const progress = options.progress ?? (() => undefined);
  const signal = options.signal;

  progress(1, "Checking AYON attributes and ShotGrid fields");
  const types = syncedTypes(context.enabledTypes);
  const [, fields] = await Promise.all([requireAyonAttributes(ayon), ensureShotgridFields(sg, ["Project", ...types])]);
  signal?.throwIfAborted();

  progress(4, "Reading ShotGrid and AYON");
  const [sgTree, ayonTree] = await Promise.all([
    loadShotgridTree(sg, { ...context.mapping, projectId: context.sgProject.id, signal }),
    loadAyonTree(ayon, project),
  ]);
  signal?.throwIfAborted();

  progress(12, "Updating the project anatomy");
  const anatomy = planAnatomy(
    context.ayonProject,
    anatomyWants({
      enabledTypes: context.enabledTypes,
      steps: context.steps.values(),
      defaultTaskType: context.mapping.defaultTaskType,
      taskTypesInUse: new Set(sgTree.entities.filter((e) => e.kind === "task").map((e) => e.type)),
      statusFields: types.map((type) => fields.schemas.get(type)?.sg_status_list),
    }),
  );
  const projectPatch: ProjectPatch = { ...(anatomy.patch ?? {}), ...projectLinkPatch(context) };
  if (Object.keys(projectPatch).length > 0) await ayon.updateProject(project, projectPatch);

  const plan = planSync({ desired: sgTree.entities, existing: ayonTree, anatomy: anatomy.mapping });
  progress(15, `Writing to AYON: ${plan.operations.length} change(s)`);
  const applied = await applyAyonOperations(ayon, project, plan.operations, {
    chunkSize: options.ayonChunkSize ?? AYON_CHUNK_SIZE,
    signal,
    logger,
    onProgress: (done, total) => progress(15 + Math.round((50 * done) / Math.max(1, total)), `Writing to AYON: ${done} of ${total}`),
  });
  const failures = new Map(plan.failures);
  for (const [key, reason] of applied.rejected) failures.set(key, reason);
  for (const key of applied.notCreated) plan.links.delete(key);
  const counts = adjustedCounts(plan.counts, plan.operations, applied.rejected);
  // The operation bodies (one per entity on an import) are done with: free them before the write-back phase.
  plan.operations.length = 0;

  const writes = planWriteBacks(sgTree.entities, plan.links, failures, plan.skipped);
  const projectWrite = projectWriteBack(context, failures.size === 0 ? "Synced" : "Failed");
  if (projectWrite) writes.unshift(projectWrite);
  progress(65, `Writing back to ShotGrid: ${writes.length} entit${writes.length === 1 ? "y" : "ies"}`);
  const written = await applyShotgridWriteBacks(sg, writes, {
    chunkSize: options.shotgridBatchSize ?? SHOTGRID_BATCH_SIZE,
    concurrency: options.shotgridConcurrency ?? SHOTGRID_BATCH_CONCURRENCY,
    signal,
    logger,
    onProgress: (done, total) => progress(65 + Math.round((34 * done) / Math.max(1, total)), `Writing back to ShotGrid: ${done} of ${total}`),
  });
  for (const refused of written.rejected) failures.set(`${refused.type}:${refused.id}`, `ShotGrid refused the write-back: ${refused.reason}`);

  const listed = [...failures].slice(0, LISTED_FAILURES).map(([entity, reason]) => ({ entity: entity.replace(":", " "), reason }));
  for (const { entity, reason } of listed) logger.warn(`not synced: ${entity}: ${reason}`, { project, entity });
  if (failures.size > listed.length) logger.warn(`${failures.size - listed.length} more entities not synced`, { project });
  if (plan.orphans.length > 0) {
    logger.info(`${plan.orphans.length} AYON entities are linked to ShotGrid entities that no longer exist in this project; left as they are`, { project });
  }
  const summary: FullSyncSummary = {
    project,
    shotgridProjectId: context.sgProject.id,
    read: sgTree.counts,
    folders: counts.folders,
    tasks: counts.tasks,
    failed: failures.size,
    failures: listed,
    skipped: plan.skipped.size,
    orphaned: plan.orphans.length,
    duplicateIdentities: plan.duplicateIdentities.length,
    anatomyAdded: anatomy.added,
    shotgridFieldsCreated: fields.created,
    ayonOperations: applied.committed,
    shotgridWrites: written.written,
    durationMs: Date.now() - started,
  };
  logger.info(describeSummary(summary), { project, durationMs: summary.durationMs });
  return summary;
}

/** One line for the job description. */
export function describeSummary(s: FullSyncSummary): string {
  const kinds = (label: string, c: KindCounts) => `${label} ${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged`;
  const parts = [`Synced ${s.project} from ShotGrid project ${s.shotgridProjectId}: ${kinds("folders", s.folders)}; ${kinds("tasks", s.tasks)}`];
  if (s.failed > 0) parts.push(`${s.failed} not synced`);
  if (s.skipped > 0) parts.push(`${s.skipped} skipped`);
  if (s.orphaned > 0) parts.push(`${s.orphaned} linked to ShotGrid entities that no longer exist`);
  return parts.join("; ");
}

/** The AYON project's own link attributes, when they are not set yet. */
function projectLinkPatch(context: ProjectContext): ProjectPatch {
  const attrib = context.ayonProject.attrib ?? {};
  const id = String(context.sgProject.id);
  if (attrib[ATTRIB_SHOTGRID_ID] === id && attrib[ATTRIB_SHOTGRID_TYPE] === "Project") return {};
  return { attrib: { [ATTRIB_SHOTGRID_ID]: id, [ATTRIB_SHOTGRID_TYPE]: "Project" } };
}

/** The ShotGrid Project's `sg_ayon_id` (the AYON project name) and status, when they differ. */
function projectWriteBack(context: ProjectContext, status: SyncStatus): ShotgridWriteBack | null {
  const data: ShotgridWriteBack["data"] = {};
  if (context.sgProject.sgAyonId !== context.ayonProjectName) data[FIELD_AYON_ID] = context.ayonProjectName;
  if (context.sgProject.syncStatus !== status) data[FIELD_SYNC_STATUS] = status;
  return Object.keys(data).length > 0 ? { type: "Project", id: context.sgProject.id, data } : null;
}

function adjustedCounts(
  counts: { folders: KindCounts; tasks: KindCounts },
  operations: ReadonlyArray<{ key: string; operation: { type: string; entityType: string } }>,
  rejected: ReadonlyMap<string, string>,
): { folders: KindCounts; tasks: KindCounts } {
  const out = { folders: { ...counts.folders }, tasks: { ...counts.tasks } };
  if (rejected.size === 0) return out;
  for (const { key, operation } of operations) {
    if (!rejected.has(key)) continue;
    const kind = operation.entityType === "folder" ? out.folders : out.tasks;
    if (operation.type === "create") kind.created -= 1;
    else kind.updated -= 1;
  }
  return out;
}
