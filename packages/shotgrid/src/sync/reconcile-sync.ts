/**
 * The reconcile (issue 15: whatever a lost event left undone is found and mended): the full sync, plus the live-update
 * rule (incremental/reconcile.ts) run on exactly the entities a lost event would have touched:
 * - a lost rename: an entity matched by identity whose ShotGrid name is no longer its AYON label (the name AYON last
 *   took). The full sync leaves it alone (plan.ts `deferRenamed`), so the live rule still sees the rename and gives it
 *   its new label, and its new name under the rename policy. An entity whose label reads as its ShotGrid name is never
 *   renamed: a taken-over project keeps its own names;
 * - a lost retirement: an orphan (an AYON entity carrying a ShotGrid identity, of a type this project syncs, that this
 *   project's ShotGrid no longer has alive). The live rule re-reads it: retired or gone → deleted when safe, else deactivated; moved to another
 *   ShotGrid project → retired here (project-guard.ts), as a full sync into an empty AYON would not have it.
 * A second reconcile finds nothing to mend: labels then equal names, and retired entities are gone or marked "removed".
 */
import { runFullSyncPlanned, type FullSyncDeps, type FullSyncOptions, type FullSyncSummary } from "./full-sync.js";
import { refOfKey, type UpdateDeps } from "./incremental/update-session.js";
import { reconcileEntity, type ReconcileReport } from "./incremental/reconcile.js";
import type { EntityRef } from "./incremental/event-intent.js";
import { identityKey } from "./identity.js";
import { syncedTypes } from "./sg-tree.js";
import type { ProjectContext } from "./project-context.js";

export interface ReconcileSyncDeps extends FullSyncDeps {
  /** A fresh context, asked for when the full sync changed the project anatomy and there is something to mend. */
  reloadContext?: () => Promise<ProjectContext>;
}

/** What the live rule changed on the reconcile's lost edits, per entity. */
export interface MendCounts {
  created: number;
  updated: number;
  renamed: number;
  retired: number;
  failed: number;
  /** The first few failures, with their reason. */
  failures: Array<{ entity: string; reason: string }>;
  ayonOperations: number;
  shotgridWrites: number;
}

export interface ReconcileSyncResult {
  summary: FullSyncSummary;
  /** Lost renames and retirements handed to the live rule. */
  lost: { renamed: number; retired: number };
  mend: MendCounts;
}

const LISTED_FAILURES = 20;

export async function runReconcileSync(deps: ReconcileSyncDeps, context: ProjectContext, options: FullSyncOptions = {}): Promise<ReconcileSyncResult> {
  const { summary, plan } = await runFullSyncPlanned(deps, context, { ...options, deferRenamed: true });
  const renamed = plan.renamed.map((r) => refOfKey(r.key)).filter((ref): ref is EntityRef => ref !== null);
  // Only types this project syncs: the live handler skips the events of the others (event-intent.ts), so an AYON
  // entity of a type switched off in compatibility_settings.shotgrid_enabled_entities is left alone.
  const synced = new Set(syncedTypes(context.enabledTypes));
  const retired = plan.orphans
    .filter((o) => synced.has(o.shotgridType))
    .map((o) => ({ id: o.id, ref: refOfKey(identityKey(o.shotgridType, o.shotgridId)) }))
    .filter((o): o is { id: string; ref: EntityRef } => o.ref !== null);
  const mend: MendCounts = { created: 0, updated: 0, renamed: 0, retired: 0, failed: 0, failures: [], ayonOperations: 0, shotgridWrites: 0 };
  const lost = { renamed: renamed.length, retired: retired.length };
  if (renamed.length + retired.length === 0) return { summary, lost, mend };

  const anatomyChanged = Object.values(summary.anatomyAdded).some((added) => added.length > 0);
  const current = anatomyChanged && deps.reloadContext ? await deps.reloadContext() : context;
  const updateDeps: UpdateDeps = { ayon: deps.ayon, sg: deps.sg, logger: deps.logger, context: current, signal: options.signal };
  // AYON entities an earlier mend already took care of (a retired folder takes its retired children along).
  const touched = new Set<string>();
  const run = async (ref: EntityRef, expect: "alive" | "retired") => {
    const report = await reconcileEntity(updateDeps, { ref, expect, dependents: false });
    count(mend, report);
    for (const entity of report.entities) if (entity.ayonId !== null && entity.change !== "unchanged") touched.add(entity.ayonId);
  };
  for (const ref of renamed) await run(ref, "alive");
  for (const orphan of retired) if (!touched.has(orphan.id)) await run(orphan.ref, "retired");
  if (mend.failed > 0) deps.logger.warn(`reconcile: ${mend.failed} lost edit(s) not mended`, { project: context.ayonProjectName, failures: mend.failures });
  return { summary, lost, mend };
}

/** Adds one live-rule report to the counts: a rename is an update whose name changed. */
function count(mend: MendCounts, report: ReconcileReport): void {
  for (const entity of report.entities) {
    if (entity.change === "created") mend.created += 1;
    else if (entity.change === "updated") {
      if (entity.fields?.includes("name")) mend.renamed += 1;
      else mend.updated += 1;
    } else if (entity.change === "deleted" || entity.change === "deactivated") mend.retired += 1;
  }
  mend.failed += report.failures.length;
  for (const failure of report.failures) if (mend.failures.length < LISTED_FAILURES) mend.failures.push(failure);
  mend.ayonOperations += report.ayonOperations;
  mend.shotgridWrites += report.shotgridWrites;
}

/** What a reconcile changed in AYON (0 when AYON already equalled ShotGrid). */
export function mendedTotal(result: Pick<ReconcileSyncResult, "summary" | "mend">): number {
  const { summary: s, mend: m } = result;
  return s.folders.created + s.folders.updated + s.tasks.created + s.tasks.updated + m.created + m.updated + m.renamed + m.retired;
}

/** "3 mended: 1 created, 0 updated, 1 renamed, 1 retired" or "in sync, nothing written". */
export function describeMended(result: Pick<ReconcileSyncResult, "summary" | "mend">): string {
  const total = mendedTotal(result);
  if (total === 0) return "in sync, nothing written";
  const { summary: s, mend: m } = result;
  const created = s.folders.created + s.tasks.created + m.created;
  const updated = s.folders.updated + s.tasks.updated + m.updated;
  const failed = m.failed > 0 ? `; ${m.failed} lost edit(s) not mended` : "";
  return `${total} mended: ${created} created, ${updated} updated, ${m.renamed} renamed, ${m.retired} retired${failed}`;
}
