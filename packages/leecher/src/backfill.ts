/**
 * Backfill (the Python leecher, ynput/ayon-shotgrid services/leecher/leecher/listener.py, starts at the newest event
 * and never backfills): a project that starts being leeched — on the very first start, or when its auto-sync is
 * switched on (or it gets linked to an AYON project) later — gets a full
 * `sync-from-shotgrid` instead of silently starting from "now". The projects already handled are kept in the
 * leecher state, so a restart asks for nothing; the request's hash names the `sg_ayon_auto_sync` switch that
 * started it, so even a restart before the state was saved asks AYON for the same event (409) rather than a
 * second sync.
 */
import type { Logger } from "@ayon-sg/core";
import type { LinkedProject } from "@ayon-sg/shotgrid";
import { isPermanentRefusal, type EventDispatcher } from "./dispatcher.js";
import { syncRequest, type SyncReason } from "./event-requests.js";
import { describe } from "./health.js";

export interface BackfillDeps {
  ayon: EventDispatcher;
  /** The EventLogEntry id of the project's newest `sg_ayon_auto_sync` change, 0 when none is logged. */
  switchId(sgProjectId: number): Promise<number>;
  site: string;
  requestedBy: string;
  logger: Logger;
}

export interface BackfillResult {
  /** Projects whose full sync was requested now (or found already requested). */
  requested: LinkedProject[];
  /** ShotGrid ids no longer leeched (auto-sync off, or unlinked in AYON). */
  dropped: number[];
}

/**
 * Brings `known` (ShotGrid id → AYON project name; updated in place) in line with `linked`, requesting a full
 * sync for each project that is new to it. Stops at the first failure; what was done stays recorded in `known`.
 */
export async function reconcileLinkedProjects(
  known: Map<number, string>,
  linked: readonly LinkedProject[],
  reason: SyncReason,
  deps: BackfillDeps,
): Promise<BackfillResult> {
  const current = new Map(linked.map((p) => [p.sgProjectId, p]));
  const dropped: number[] = [];
  for (const [id, name] of known) {
    if (current.get(id)?.ayonProjectName === name) continue;
    known.delete(id);
    dropped.push(id);
    deps.logger.info(`no longer leeching ShotGrid project ${id} (AYON project ${name}): auto-sync is off or the link is gone`);
  }
  const requested: LinkedProject[] = [];
  for (const project of linked) {
    if (known.get(project.sgProjectId) === project.ayonProjectName) continue;
    const triggerId = await deps.switchId(project.sgProjectId);
    const request = syncRequest({ site: deps.site, project, reason, triggerId, requestedBy: deps.requestedBy });
    try {
      const result = await deps.ayon.dispatchEvent(request);
      const what = result.alreadyExists ? "was already requested" : "requested";
      deps.logger.info(`full sync of AYON project ${project.ayonProjectName} (ShotGrid project ${project.sgProjectId}) ${what}: ${reason}`);
    } catch (error) {
      if (!isPermanentRefusal(error)) throw error;
      deps.logger.error(`AYON refused the full-sync request for ${project.ayonProjectName}: ${describe(error)}; its events are leeched anyway`);
    }
    known.set(project.sgProjectId, project.ayonProjectName);
    requested.push(project);
  }
  return { requested, dropped };
}
