/**
 * Reconcile one ShotGrid entity with AYON — the core of the `shotgrid-event` handler (incremental
 * handling always re-reads the current ShotGrid state, so replaying an event is harmless):
 *   1. re-read the entity (alive, else retired) with its parent's `sg_ayon_id` in the same request;
 *   2. alive → ensure-alive.ts (create with missing parents, rename, move, task type, reactivate);
 *      retired or gone → retire.ts (delete when safe, else deactivate + "removed"); a revival also places the
 *      entity's children back under it (dependents.ts);
 *   3. send every AYON change of the update in one operations transaction (change-set.ts);
 *   4. write `sg_ayon_id` / `sg_ayon_sync_status` back to ShotGrid where they differ (one request, or the
 *      wave's one: wave-write-backs.ts).
 * A typical change costs 3 requests (ShotGrid read, AYON lookup, AYON operations), a create 4 (+ write-back);
 * an update that finds everything in place sends no write at all.
 */
import { applyShotgridWriteBacks } from "../apply.js";
import { describeUnknownAssignees } from "../full-sync.js";
import type { DesiredEntity } from "../hierarchy.js";
import { identityKey } from "../identity.js";
import { planWriteBacks } from "../plan.js";
import { placeDependents, planCategoryCleanup } from "./dependents.js";
import { ensureAlive } from "./ensure-alive.js";
import { readEntity, type ReadEntity } from "./entity-reader.js";
import { withinProject } from "./project-guard.js";
import type { EntityRef } from "./event-intent.js";
import { retireEntity } from "./retire.js";
import { describeKey, UpdateSession, type EntityChange, type EntityState, type UpdateDeps } from "./update-session.js";

export interface ReconcileRequest {
  ref: EntityRef;
  /** The state to read first (the event's hint). */
  expect: "alive" | "retired";
  /** Place the entity's live ShotGrid children under it again (a revival). */
  dependents: boolean;
  /** The entity as already read (a batch reads its entities together; null: ShotGrid has neither state). */
  read?: ReadEntity | null;
}

export interface ReconciledEntity {
  entity: string;
  change: EntityChange;
  ayonId: string | null;
  reason: string | null;
  /** For an update: what changed (name, label, parentId, folderId, taskType, status, identity, active). */
  fields?: string[];
}

export interface ReconcileReport extends ReconciledEntity {
  /** Every entity the update touched, the event's entity first. */
  entities: ReconciledEntity[];
  failures: Array<{ entity: string; reason: string }>;
  ayonOperations: number;
  shotgridWrites: number;
  /** Entities read in another ShotGrid project, one sentence each naming both projects (project-guard.ts). */
  foreignProject: string[];
  /** ShotGrid users assigned to the Task who have no AYON user (run "Sync users"). */
  unknownAssignees: Array<{ sgUserId: number; name: string | null; login: string | null; tasks: number }>;
}

export async function reconcileEntity(deps: UpdateDeps, request: ReconcileRequest): Promise<ReconcileReport> {
  // However it ends, the wave stops waiting for this update's write.
  try {
    return await reconcileWith(deps, request);
  } finally {
    deps.waveRead?.leave();
    deps.wave?.leave();
    deps.waveWriteBack?.leave();
  }
}

async function reconcileWith(deps: UpdateDeps, request: ReconcileRequest): Promise<ReconcileReport> {
  const { ayon, sg, logger, context } = deps;
  const readOptions = { navchains: context.navchains, enabledTypes: context.enabledTypes, fieldMap: context.fieldMap };
  // Entities read in another ShotGrid project (project-guard.ts): treated as gone from this one, never written to.
  const foreign: string[] = [];
  const session: UpdateSession = new UpdateSession(deps, async (ref, expect, depth) => {
    const read = withinProject(await readEntity(sg, ref, { ...readOptions, expect }), context, foreign);
    if (!read || read.retired) await retireEntity(session, ref, read?.record ?? null, depth);
    else await ensureAlive(session, read.record, depth);
  });
  const key = identityKey(request.ref.type, request.ref.id);

  const read = withinProject(request.read !== undefined ? request.read : await readEntity(sg, request.ref, { ...readOptions, expect: request.expect }), context, foreign);
  if (!read || read.retired) {
    await retireEntity(session, request.ref, read?.record ?? null, 0);
  } else {
    const ayonId = await ensureAlive(session, read.record, 0);
    if (request.dependents && ayonId !== null && session.states.get(key)?.change !== "failed") {
      await placeDependents(session, request.ref, ayonId);
    }
  }
  await planCategoryCleanup(session);
  session.checkAborted();

  // Past its reads: the wave's lookups no longer wait for this update (it may wait for theirs to write).
  deps.waveRead?.leave();
  const applied = await session.changes.apply(ayon, session.project, logger, deps.wave);
  settle(session, applied.failed, applied.notCreated, applied.replacedIds);

  const desired: DesiredEntity[] = [];
  const links = new Map<string, string>();
  const failures = new Map<string, string>();
  const skipped = new Map<string, string>();
  for (const state of session.states.values()) {
    if (!state.desired) continue;
    desired.push(state.desired);
    if (state.ayonId !== null) links.set(state.key, state.ayonId);
    if (state.change === "failed") failures.set(state.key, state.reason ?? "not synced");
    if (state.change === "skipped") skipped.set(state.key, state.reason ?? "skipped");
  }
  const writes = planWriteBacks(desired, links, failures, skipped);
  if (writes.length === 0) deps.waveWriteBack?.leave();
  const written =
    writes.length === 0 ? { written: 0, rejected: [] }
    : deps.waveWriteBack ? await deps.waveWriteBack.submit(writes)
    : await applyShotgridWriteBacks(sg, writes, { logger });

  const entities = [...session.states.values()].map(toReconciled);
  const own = entities.find((e) => e.entity === describeKey(key)) ?? { entity: describeKey(key), change: "absent" as const, ayonId: null, reason: null };
  const report: ReconcileReport = {
    ...own,
    entities: [own, ...entities.filter((e) => e !== own)],
    failures: [...failures].map(([k, reason]) => ({ entity: describeKey(k), reason })),
    ayonOperations: applied.committed,
    shotgridWrites: written.written,
    unknownAssignees: await unknownAssignees(session),
    foreignProject: foreign,
  };
  for (const refused of written.rejected) report.failures.push({ entity: `${refused.type} ${refused.id}`, reason: `ShotGrid refused the write-back: ${refused.reason}` });
  return report;
}

/** Brings the decided states in line with what AYON committed. */
function settle(session: UpdateSession, failed: Map<string, string>, notCreated: Set<string>, replaced: Map<string, string>): void {
  for (const state of session.states.values()) {
    const reason = failed.get(state.key);
    if (state.ayonId !== null && replaced.has(state.ayonId)) {
      state.ayonId = replaced.get(state.ayonId) as string;
      state.change = "updated";
      state.reason = "linked to the AYON entity of the same name that was already there";
    }
    if (reason !== undefined) {
      state.change = "failed";
      state.reason = reason;
      if (notCreated.has(state.key)) state.ayonId = null;
      continue;
    }
    // A delete AYON refused went out as a deactivation instead.
    const change = session.changes.changes.find((c) => c.key === state.key);
    if (state.change === "deleted" && change?.operation.type === "update") {
      state.change = "deactivated";
      state.reason = "AYON holds products below it, so it is kept, inactive";
    }
    // A clean-up delete AYON refused was dropped: the folder stays as it was.
    if (state.change === "deleted" && !change) {
      state.change = "unchanged";
      state.reason = "AYON refused to delete it; left as it is";
    }
  }
}

function toReconciled(state: EntityState): ReconciledEntity {
  const out: ReconciledEntity = { entity: describeKey(state.key), change: state.change, ayonId: state.ayonId, reason: state.reason };
  if (state.change === "updated" && state.fields?.length) out.fields = state.fields;
  return out;
}

/** One line for the job description. */
export function describeReport(report: ReconcileReport): string {
  const what: Record<EntityChange, string> = {
    created: "created in AYON",
    updated: "updated in AYON",
    unchanged: "already in sync with AYON",
    deleted: "deleted in AYON",
    deactivated: "deactivated in AYON (shotgridId 'removed')",
    skipped: "skipped",
    failed: "not synced",
    absent: "not in AYON; nothing to remove",
  };
  const fields = report.fields?.length ? ` (${report.fields.join(", ")})` : "";
  const parts = [...(report.foreignProject ?? []), `${report.entity} ${what[report.change]}${fields}${report.reason ? `: ${report.reason}` : ""}`];
  const others = report.entities.slice(1).filter((e) => e.change !== "unchanged");
  if (others.length > 0) parts.push(`also ${others.map((e) => `${e.entity} ${e.change}`).join(", ")}`);
  const otherFailures = report.failures.filter((f) => f.entity !== report.entity);
  if (otherFailures.length > 0) parts.push(`not synced: ${otherFailures.map((f) => `${f.entity} (${f.reason})`).join("; ")}`);
  if (report.unknownAssignees?.length) parts.push(describeUnknownAssignees(report.unknownAssignees));
  return parts.join("; ");
}

async function unknownAssignees(session: UpdateSession): Promise<ReconcileReport["unknownAssignees"]> {
  if (session.unknownUsers.size === 0) return [];
  const users = await session.context.users();
  return [...session.unknownUsers].map(([sgUserId, keys]) => {
    const user = users.sgUser(sgUserId);
    return { sgUserId, name: user?.name ?? null, login: user?.login ?? null, tasks: keys.length };
  });
}
