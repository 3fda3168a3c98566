/**
 * The full ShotGrid → AYON sync of one linked project (ynput/ayon-shotgrid
 * services/shotgrid_common/ayon_shotgrid_hub/match_shotgrid_hierarchy_in_ayon.py, rebuilt for speed):
 *   1. check the AYON attributes and the ShotGrid fields (schema read once per type, missing ones created);
 *   2. read both sides in bulk, in parallel (sg-tree.ts, ayon-tree.ts);
 *   3. merge the anatomy and link the AYON project (one PATCH, only when something is missing);
 *   4. plan (plan.ts), apply the AYON operations and, right behind each committed chunk, write
 *      `sg_ayon_id`/`sg_ayon_sync_status` back to ShotGrid (the two sides overlap instead of taking turns).
 * Requests grow with the number of pages and chunks, never with the number of entities, and a re-run with no
 * ShotGrid change writes nothing on either side.
 */
import type { AyonClient, Logger, ProjectPatch } from "@ayon-sg/core";
import type { ShotgridClient } from "../client/index.js";
import { anatomyWants, planAnatomy } from "./anatomy.js";
import { AYON_CHUNK_SIZE, AYON_CONCURRENCY, applyAyonOperations, type AyonApplyResult } from "./apply.js";
import { SHOTGRID_BATCH_CONCURRENCY, SHOTGRID_BATCH_SIZE, ShotgridWriteBackStream } from "./write-backs.js";
import { loadAyonTree } from "./ayon-tree.js";
import { ATTRIB_SHOTGRID_ID, ATTRIB_SHOTGRID_TYPE, FIELD_AYON_ID, FIELD_SYNC_STATUS, type SyncStatus } from "./identity.js";
import { planSync, planWriteBacks, type KindCounts, type ShotgridWriteBack, type SyncPlan } from "./plan.js";
import type { DesiredEntity } from "./hierarchy.js";
import type { ProjectContext } from "./project-context.js";
import { ensureShotgridFields, requireAyonAttributes } from "./setup.js";
import { loadShotgridTree, syncedTypes } from "./sg-tree.js";
import type { UsersMap } from "../mapping/users.js";
import { addProjectFields } from "./project-fields.js";

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
  /** Operations requests in flight at once (between independent chunks). */
  ayonConcurrency?: number;
  shotgridBatchSize?: number;
  shotgridConcurrency?: number;
  /** Leave lost renames to the live-update rule (plan.ts `deferRenamed`; the reconcile, reconcile-sync.ts). */
  deferRenamed?: boolean;
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
  anatomyAdded: { folderTypes: string[]; taskTypes: string[]; statuses: string[]; tags: string[] };
  /** ShotGrid users assigned to Tasks who have no AYON user (run "Sync users"); those assignments are left out. */
  unknownAssignees: Array<{ sgUserId: number; name: string | null; login: string | null; tasks: number }>;
  /** Mapped values that could not be converted, the first few (the entities are synced without them). */
  fieldProblems: Array<{ entity: string; problems: string[] }>;
  /** Mapped AYON attributes AYON does not have (custom_attribs_map rows left out). */
  unknownAttributes: string[];
  shotgridFieldsCreated: string[];
  ayonOperations: number;
  shotgridWrites: number;
  durationMs: number;
}

/** Failures listed in the summary and logged one by one; the rest are counted. */
const LISTED_FAILURES = 20;

export async function runFullSync(deps: FullSyncDeps, context: ProjectContext, options: FullSyncOptions = {}): Promise<FullSyncSummary> {
  return (await runFullSyncPlanned(deps, context, options)).summary;
}

/** The full sync, with the plan it carried out (its orphans and deferred renames are what a reconcile mends). */
export async function runFullSyncPlanned(deps: FullSyncDeps, context: ProjectContext, options: FullSyncOptions = {}): Promise<{ summary: FullSyncSummary; plan: SyncPlan }> {
  const started = Date.now();
  const prepared = await prepareFullSync(deps, context, options);
  return applyPreparedSync(deps, context, prepared, options, started);
}

/** Phases 1–3 and the plan: what the sync will write, before any entity is written. */
export interface PreparedSync {
  /** The desired ShotGrid tree (parents first); a sub-tree sync narrows it (plan-preview.ts). */
  desired: readonly DesiredEntity[];
  read: Record<string, number>;
  plan: SyncPlan;
  /** The AYON project patch (anatomy, link attributes, tags); already sent unless `dryRun`. */
  projectPatch: ProjectPatch;
  anatomyAdded: FullSyncSummary["anatomyAdded"];
  /** ShotGrid fields created (or, with `dryRun`, missing and to be created). */
  shotgridFields: string[];
  users: UsersMap | null;
  /** false for a sub-tree sync: the ShotGrid Project's own status is outside it. */
  writeProjectStatus: boolean;
}

/**
 * Checks and reads both sides, merges the anatomy and plans. With `dryRun` nothing is written anywhere (a missing
 * ShotGrid field or anatomy entry is only reported): the page's "Preview sync" is this planner, run dry.
 */
export async function prepareFullSync(
  deps: FullSyncDeps,
  context: ProjectContext,
  options: FullSyncOptions & { dryRun?: boolean } = {},
): Promise<PreparedSync> {
  const { ayon, sg } = deps;
  const project = context.ayonProjectName;
  const progress = options.progress ?? (() => undefined);
  const signal = options.signal;
  const dryRun = options.dryRun ?? false;

  progress(1, "Checking AYON attributes and ShotGrid fields");
  const types = syncedTypes(context.enabledTypes);
  const [, fields] = await Promise.all([requireAyonAttributes(ayon), ensureShotgridFields(sg, ["Project", ...types], { create: !dryRun })]);
  signal?.throwIfAborted();

  progress(4, "Reading ShotGrid and AYON");
  const [sgTree, ayonTree] = await Promise.all([
    loadShotgridTree(sg, { ...context.mapping, projectId: context.sgProject.id, signal }),
    loadAyonTree(ayon, project, { taskAttribs: context.fieldMap.ayonAttributes("task") }),
  ]);
  signal?.throwIfAborted();
  // The users map is read only when some Task has assignees.
  const users: UsersMap | null = sgTree.entities.some((e) => (e.fields?.assignees?.length ?? 0) > 0) ? await context.users() : null;

  progress(12, dryRun ? "Planning the project anatomy" : "Updating the project anatomy");
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
  const tagsAdded = addProjectFields(projectPatch, context, sgTree.entities.flatMap((e) => e.fields?.tags ?? []));
  if (!dryRun && Object.keys(projectPatch).length > 0) await ayon.updateProject(project, projectPatch);

  const plan = planSync({ desired: sgTree.entities, existing: ayonTree, anatomy: anatomy.mapping, resolveUser: users ? (id) => users.resolve(id) : undefined, deferRenamed: options.deferRenamed });
  return {
    desired: sgTree.entities,
    read: sgTree.counts,
    plan,
    projectPatch,
    anatomyAdded: { ...anatomy.added, tags: tagsAdded },
    shotgridFields: fields.created,
    users,
    writeProjectStatus: true,
  };
}

/**
 * Makes a dry-run preparation real before its plan is applied: the missing ShotGrid fields are created and the
 * project patch (anatomy, link, tags) is sent, as a plain prepareFullSync would have done.
 */
export async function writeProjectSetup(deps: FullSyncDeps, context: ProjectContext, prepared: PreparedSync): Promise<PreparedSync> {
  const fields = prepared.shotgridFields.length > 0 ? (await ensureShotgridFields(deps.sg, ["Project", ...syncedTypes(context.enabledTypes)])).created : [];
  if (Object.keys(prepared.projectPatch).length > 0) await deps.ayon.updateProject(context.ayonProjectName, prepared.projectPatch);
  return { ...prepared, shotgridFields: fields };
}

/** Phase 4: writes a prepared plan to AYON and ShotGrid, and sums it up. */
export async function applyPreparedSync(
  deps: FullSyncDeps,
  context: ProjectContext,
  prepared: PreparedSync,
  options: FullSyncOptions = {},
  started = Date.now(),
): Promise<{ summary: FullSyncSummary; plan: SyncPlan }> {
  const { logger } = deps;
  const project = context.ayonProjectName;
  const progress = options.progress ?? (() => undefined);
  const { plan, users } = prepared;
  const written = await writeBoth(deps, context, prepared, options, progress);
  const failures = written.failures;
  const counts = written.counts;

  const listed = [...failures].slice(0, LISTED_FAILURES).map(([entity, reason]) => ({ entity: entity.replace(":", " "), reason }));
  for (const { entity, reason } of listed) logger.warn(`not synced: ${entity}: ${reason}`, { project, entity });
  if (failures.size > listed.length) logger.warn(`${failures.size - listed.length} more entities not synced`, { project });
  if (plan.orphans.length > 0) {
    logger.info(`${plan.orphans.length} AYON entities are linked to ShotGrid entities that no longer exist in this project; left as they are`, { project });
  }
  const summary: FullSyncSummary = {
    project,
    shotgridProjectId: context.sgProject.id,
    read: prepared.read,
    folders: counts.folders,
    tasks: counts.tasks,
    failed: failures.size,
    failures: listed,
    skipped: plan.skipped.size,
    orphaned: plan.orphans.length,
    duplicateIdentities: plan.duplicateIdentities.length,
    anatomyAdded: prepared.anatomyAdded,
    unknownAssignees: [...plan.unknownUsers].map(([sgUserId, keys]) => {
      const user = users?.sgUser(sgUserId);
      return { sgUserId, name: user?.name ?? null, login: user?.login ?? null, tasks: keys.length };
    }),
    fieldProblems: [...plan.fieldProblems].slice(0, LISTED_FAILURES).map(([key, problems]) => ({ entity: key.replace(":", " "), problems })),
    unknownAttributes: [...context.unknownAttributes],
    shotgridFieldsCreated: prepared.shotgridFields,
    ayonOperations: written.ayonOperations,
    shotgridWrites: written.shotgridWrites,
    durationMs: Date.now() - started,
  };
  logger.info(describeSummary(summary), { project, durationMs: summary.durationMs });
  return { summary, plan };
}

/** One line for the job description. */
export function describeSummary(s: FullSyncSummary): string {
  const kinds = (label: string, c: KindCounts) => `${label} ${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged`;
  const parts = [`Synced ${s.project} from ShotGrid project ${s.shotgridProjectId}: ${kinds("folders", s.folders)}; ${kinds("tasks", s.tasks)}`];
  if (s.failed > 0) parts.push(`${s.failed} not synced`);
  if (s.skipped > 0) parts.push(`${s.skipped} skipped`);
  if (s.orphaned > 0) parts.push(`${s.orphaned} linked to ShotGrid entities that no longer exist`);
  if (s.unknownAssignees.length > 0) parts.push(describeUnknownAssignees(s.unknownAssignees));
  if (s.unknownAttributes.length > 0) parts.push(`mapped attributes AYON does not have: ${s.unknownAttributes.join(", ")}`);
  return parts.join("; ");
}

/** "2 assignees have no AYON user (run Sync users): Ann Lee (ShotGrid user 12, 3 tasks), ..." */
export function describeUnknownAssignees(users: ReadonlyArray<{ sgUserId: number; name: string | null; tasks: number }>): string {
  const listed = users.slice(0, 10).map((u) => `${u.name ?? "?"} (ShotGrid user ${u.sgUserId}, ${u.tasks} task${u.tasks === 1 ? "" : "s"})`);
  const more = users.length > listed.length ? `, and ${users.length - listed.length} more` : "";
  return `${users.length} assignee${users.length === 1 ? " has" : "s have"} no AYON user, so not assigned (run Sync users): ${listed.join(", ")}${more}`;
}


/** The AYON project's own link attributes, when they are not set yet. */
function projectLinkPatch(context: ProjectContext): ProjectPatch {
  const attrib = context.ayonProject.attrib ?? {};
  const id = String(context.sgProject.id);
  if (attrib[ATTRIB_SHOTGRID_ID] === id && attrib[ATTRIB_SHOTGRID_TYPE] === "Project") return {};
  return { attrib: { [ATTRIB_SHOTGRID_ID]: id, [ATTRIB_SHOTGRID_TYPE]: "Project" } };
}

/** The ShotGrid Project's `sg_ayon_id` (the AYON project name) and status, when they differ. */
export function projectWriteBack(context: ProjectContext, status: SyncStatus): ShotgridWriteBack | null {
  const data: ShotgridWriteBack["data"] = {};
  if (context.sgProject.sgAyonId !== context.ayonProjectName) data[FIELD_AYON_ID] = context.ayonProjectName;
  if (context.sgProject.syncStatus !== status) data[FIELD_SYNC_STATUS] = status;
  return Object.keys(data).length > 0 ? { type: "Project", id: context.sgProject.id, data } : null;
}

/**
 * Phase 4, pipelined: the AYON operations go out chunk by chunk while the ShotGrid write-backs of the chunks
 * already committed follow behind (an entity's `sg_ayon_id` and status are final once its own operation is
 * committed or refused). Entities without an operation are written back at once; the Project's own status
 * (Synced / Failed) last, once every AYON outcome is known.
 */
async function writeBoth(
  deps: FullSyncDeps,
  context: ProjectContext,
  prepared: PreparedSync,
  options: FullSyncOptions,
  progress: (percent: number, message: string) => void,
): Promise<{ failures: Map<string, string>; counts: SyncPlan["counts"]; ayonOperations: number; shotgridWrites: number }> {
  const { ayon, sg, logger } = deps;
  const project = context.ayonProjectName;
  const { plan, desired } = prepared;
  const failures = new Map(plan.failures);
  const counts = { folders: { ...plan.counts.folders }, tasks: { ...plan.counts.tasks } };
  const byKey = new Map(desired.map((e) => [e.key, e]));
  const withOperation = new Set(plan.operations.map((op) => op.key));
  const ayonTotal = plan.operations.length;
  let ayonDone = 0;
  let shown = 15;
  const show = (message: string, sgDone: number) => {
    // ShotGrid's total grows as chunks commit: estimate it with one write-back per pending operation.
    const sgTotal = writeBacks.pushed + (ayonTotal - ayonDone);
    shown = Math.max(shown, 15 + Math.floor((84 * (ayonDone + sgDone)) / Math.max(1, ayonTotal + sgTotal)));
    progress(shown, message);
  };
  const writeBacks = new ShotgridWriteBackStream(sg, {
    chunkSize: options.shotgridBatchSize ?? SHOTGRID_BATCH_SIZE,
    concurrency: options.shotgridConcurrency ?? SHOTGRID_BATCH_CONCURRENCY,
    signal: options.signal,
    logger,
    onProgress: (done, total) => show(`Writing back to ShotGrid: ${done} of ${total}`, done),
  });

  progress(15, `Writing to AYON: ${ayonTotal} change(s)`);
  writeBacks.push(planWriteBacks(desired.filter((e) => !withOperation.has(e.key)), plan.links, failures, plan.skipped));
  let applied: AyonApplyResult;
  try {
    applied = await applyAyonOperations(ayon, project, plan.operations, {
      chunkSize: options.ayonChunkSize ?? AYON_CHUNK_SIZE,
      concurrency: options.ayonConcurrency ?? AYON_CONCURRENCY,
      signal: options.signal,
      logger,
      // The operation bodies (one per entity on an import) are done with once sent.
      release: true,
      onProgress: (done, total) => {
        ayonDone = done;
        show(`Writing to AYON: ${done} of ${total}`, 0);
      },
      onChunk: ({ committed, rejected, reasons }) => {
        for (const op of rejected) {
          failures.set(op.key, reasons.get(op.key) ?? "AYON refused it");
          if (op.operation.type === "create") plan.links.delete(op.key);
          const kind = op.operation.entityType === "folder" ? counts.folders : counts.tasks;
          if (op.operation.type === "create") kind.created -= 1;
          else kind.updated -= 1;
        }
        const done = [...committed, ...rejected].map((op) => byKey.get(op.key)).filter((e): e is DesiredEntity => e !== undefined);
        writeBacks.push(planWriteBacks(done, plan.links, failures, plan.skipped));
      },
    });
  } catch (error) {
    await writeBacks.abort(error);
    throw error;
  }
  const projectWrite = prepared.writeProjectStatus ? projectWriteBack(context, failures.size === 0 ? "Synced" : "Failed") : null;
  if (projectWrite) writeBacks.push([projectWrite]);
  const written = await writeBacks.finish();
  for (const refused of written.rejected) failures.set(`${refused.type}:${refused.id}`, `ShotGrid refused the write-back: ${refused.reason}`);
  return { failures, counts, ayonOperations: applied.committed, shotgridWrites: written.written };
}
