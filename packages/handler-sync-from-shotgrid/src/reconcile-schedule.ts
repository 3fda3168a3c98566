/**
 * When a project's scheduled reconcile is due, and the request that asks for it. A reconcile is an ordinary
 * `sync-from-shotgrid` request (the full sync writes only what differs) with `reason: "reconcile"`.
 *
 * Once per period, however many runtime processes run the scheduler: the request's hash names the project and
 * the slot (the scheduled instant), so every process asking for one slot asks AYON for the same event, and AYON
 * stores it once — a second dispatch with that hash is answered 409 "Event with the same hash already exists"
 * (ayon-backend ayon_server/events/eventstream.py dispatch: INSERT ... ON CONFLICT (hash) DO NOTHING, then
 * ConstraintViolationException, status 409 in ayon_server/exceptions.py).
 */
import { createHash } from "node:crypto";
import type { DispatchEventRequest } from "@ayon-sg/core";
import type { LinkedProject } from "@ayon-sg/shotgrid";
import { SYNC_ACTION } from "./sync-from-shotgrid-handler.js";

export const RECONCILE_REASON = "reconcile";

const DAY_MS = 24 * 3600 * 1000;

export type ReconcileSchedule =
  | { kind: "off" }
  /** Daily at `minuteOfDay` minutes after 00:00 UTC. */
  | { kind: "daily"; minuteOfDay: number }
  /** Every `periodMs` from the Unix epoch (the plugin config's short schedule, for tests and operators). */
  | { kind: "every"; periodMs: number };

/**
 * The schedule from `sync_settings.reconcile_time` ("off" or "HH:MM", already validated by the settings schema)
 * and the plugin config's `reconcile.everySeconds`, which replaces a daily time when set (never "off").
 */
export function scheduleOf(reconcileTime: string, everySeconds?: number): ReconcileSchedule {
  if (reconcileTime === "off") return { kind: "off" };
  if (everySeconds !== undefined) return { kind: "every", periodMs: everySeconds * 1000 };
  const match = /^(\d{2}):(\d{2})$/.exec(reconcileTime);
  if (!match) throw new Error(`reconcile_time must be "off" or HH:MM, not a value of ${reconcileTime.length} characters`);
  return { kind: "daily", minuteOfDay: Number(match[1]) * 60 + Number(match[2]) };
}

/** The latest scheduled instant at or before `now` (epoch ms), or null when the schedule is off. */
export function latestSlot(schedule: ReconcileSchedule, now: number): number | null {
  if (schedule.kind === "off") return null;
  if (schedule.kind === "every") return Math.floor(now / schedule.periodMs) * schedule.periodMs;
  const today = Math.floor(now / DAY_MS) * DAY_MS + schedule.minuteOfDay * 60_000;
  return today <= now ? today : today - DAY_MS;
}

/** How the schedule reads in a log line or a description. */
export function describeSchedule(schedule: ReconcileSchedule): string {
  if (schedule.kind === "off") return "off";
  if (schedule.kind === "every") return `every ${schedule.periodMs / 1000} s`;
  const hh = String(Math.floor(schedule.minuteOfDay / 60)).padStart(2, "0");
  const mm = String(schedule.minuteOfDay % 60).padStart(2, "0");
  return `daily at ${hh}:${mm} UTC`;
}

/** The hash of one project's reconcile for one slot: the same in every process, different for every slot. */
export function reconcileHash(project: Pick<LinkedProject, "sgProjectId" | "ayonProjectName">, slot: number): string {
  const parts = [RECONCILE_REASON, project.sgProjectId, project.ayonProjectName, new Date(slot).toISOString()];
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex");
}

/** The request for one project's reconcile of `slot`, as a finished `shotgrid.event` like every sync request. */
export function reconcileRequest(project: LinkedProject, slot: number, schedule: ReconcileSchedule, requestedBy: string): DispatchEventRequest {
  const slotIso = new Date(slot).toISOString();
  return {
    topic: "shotgrid.event",
    hash: reconcileHash(project, slot),
    project: project.ayonProjectName,
    description: `Scheduled reconcile of ${project.ayonProjectName} with ShotGrid project ${project.sgProjectId} (${describeSchedule(schedule)}; slot ${slotIso})`,
    summary: { sg_project_id: project.sgProjectId, slot: slotIso },
    payload: {
      action: SYNC_ACTION,
      user_name: requestedBy,
      project_name: project.ayonProjectName,
      project_code: project.projectCode,
      project_code_field: project.projectCodeField,
      reason: RECONCILE_REASON,
      slot: slotIso,
    },
    finished: true,
  };
}

/**
 * Whether the project owes a reconcile for `slot`: not when the AYON project was created after it (its first
 * full sync is newer than the slot). A restarted process therefore catches up a slot it slept through, while a
 * project created today is not reconciled before the next slot.
 */
export function owesSlot(slot: number, createdAt: string | undefined): boolean {
  if (createdAt === undefined) return true;
  const created = Date.parse(createdAt);
  return Number.isNaN(created) || created <= slot;
}
