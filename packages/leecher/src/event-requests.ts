/**
 * The AYON events the leecher dispatches, data-compatible with the Python addon's (ayon-shotgrid
 * services/leecher/leecher/listener.py): one `shotgrid.event` per EventLogEntry, and `sync-from-shotgrid`
 * requests when a project starts being synced. Hashes make every dispatch idempotent: AYON answers 409 to a
 * hash it already holds (ayon-backend ayon_server/events/eventstream.py), which the leecher reads as "already
 * stored".
 */
import { createHash } from "node:crypto";
import type { DispatchEventRequest } from "@ayon-sg/core";
import type { LinkedProject } from "@ayon-sg/shotgrid";
import { refOf, type EventRecord } from "./event-rules.js";

export const EVENT_TOPIC = "shotgrid.event";

/** The fields read from EventLogEntry and passed on as `sg_payload` (the Python leecher's field list). */
export const EVENT_FIELDS = ["id", "event_type", "attribute_name", "meta", "entity", "user", "project", "session_uuid", "created_at"] as const;

/**
 * The site as one canonical string for hashes and summaries: lower-case scheme and host, no default port,
 * no trailing slash, no `/api/v1` suffix. Two spellings of one site give one cursor and one hash.
 */
export function normalizeSiteUrl(siteUrl: string): string {
  const url = new URL(siteUrl);
  const path = url.pathname.replace(/\/+$/, "").replace(/\/api\/v1(\.1)?$/i, "");
  return `${url.protocol}//${url.host}${path}`.toLowerCase();
}

function sha256(parts: unknown[]): string {
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex");
}

/**
 * The hash of the `shotgrid.event` for one EventLogEntry: the Python leecher's rule (ayon-shotgrid
 * services/shotgrid_common/utils.py get_event_hash), sha256 of `json.dumps({"event_topic": topic,
 * "event_id": id})` with Python's default separators and key order. Both leechers give one event the same
 * hash, so AYON refuses the second dispatch (409) and a switch-over never doubles an event. Like the Python
 * rule it does not name the site: one AYON server is fed by one ShotGrid site.
 */
export function eventHash(eventId: number): string {
  const json = `{"event_topic": ${pythonJson(EVENT_TOPIC)}, "event_id": ${eventId}}`;
  return createHash("sha256").update(json, "utf8").digest("hex");
}

/**
 * `json.dumps(value)` or `json.dumps(value, indent=2)` as Python writes them for JSON-safe values: ", " / ": "
 * separators (",", ": " with an indent) and non-ASCII escaped as \uXXXX (ensure_ascii).
 */
export function pythonJson(value: unknown, indent?: number): string {
  const text = indent === undefined ? pythonCompact(value) : JSON.stringify(value, null, indent);
  return text.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

function pythonCompact(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => pythonCompact(v ?? null)).join(", ")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${pythonCompact(v)}`).join(", ")}}`;
  }
  return JSON.stringify(value);
}

/** The EventLogEntry as a plain record; `created_at` as an ISO 8601 string (the Python addon's shape). */
export function sgPayloadOf(event: EventRecord): Record<string, unknown> {
  const out: Record<string, unknown> = { type: "EventLogEntry" };
  for (const field of EVENT_FIELDS) out[field] = event[field] ?? null;
  out.created_at = isoTime(event.created_at);
  return out;
}

function isoTime(value: unknown): string | null {
  if (typeof value !== "string") return null;
  // REST reads answer ISO 8601 already (`2026-03-31T15:26:16Z`); the create-response spelling
  // `2026-03-31 15:26:16 UTC` (ShotGrid REST create responses) is converted; anything unreadable is passed on as is.
  if (/^\d{4}-\d{2}-\d{2}T/.test(value)) return value;
  const ms = Date.parse(value.replace(/^(\S+) (\S+) UTC$/, "$1T$2Z"));
  return Number.isNaN(ms) ? value : new Date(ms).toISOString();
}

/** Who made the change, for descriptions: the user's display name, else "<type> <id>", else "unknown". */
export function userNameOf(event: EventRecord): string {
  const user = refOf(event.user);
  if (!user) return "unknown";
  return user.name ?? `${user.type} ${user.id}`;
}

/**
 * One `shotgrid.event` with the Python leecher's payload keys (ayon-shotgrid services/leecher/leecher/listener.py
 * send_shotgrid_event_to_ayon): `message` (the EventLogEntry as indented JSON), `action`, `user_name`,
 * `project_name`, `project_code`, `project_code_field`, `sg_payload`; its description wording too. The summary
 * adds `sg_site` to the Python `sg_event_id` (state-store.ts reads it; the Python leecher reads only
 * `sg_event_id`). `project_name` is the AYON project (the Python leecher writes the ShotGrid name there).
 */
export function eventDispatch(event: EventRecord, project: LinkedProject, site: string): DispatchEventRequest {
  const eventType = typeof event.event_type === "string" ? event.event_type : "unknown event";
  const userName = userNameOf(event);
  const sgPayload = sgPayloadOf(event);
  return {
    topic: EVENT_TOPIC,
    hash: eventHash(event.id),
    project: project.ayonProjectName,
    description: `Leeched '${eventType}' event  with ID '${event.id}' by '${userName}'`,
    summary: { sg_event_id: event.id, sg_site: site },
    payload: {
      message: pythonJson(sgPayload, 2),
      action: "shotgrid-event",
      user_name: userName,
      project_name: project.ayonProjectName,
      project_code: project.projectCode,
      project_code_field: project.projectCodeField,
      sg_payload: sgPayload,
    },
    finished: true,
  };
}

export type SyncReason = "first-start" | "auto-sync-enabled";

export interface SyncRequestInput {
  site: string;
  project: LinkedProject;
  reason: SyncReason;
  /** What started this sync: the EventLogEntry id of the `sg_ayon_auto_sync` switch (0 when none is logged). */
  triggerId: number;
  /** Who asks (the script name), shown as the event's user_name like a manual request's. */
  requestedBy: string;
}

const REASON_TEXT: Record<SyncReason, string> = {
  "first-start": "the leecher's first start",
  "auto-sync-enabled": "auto-sync switched on",
};

/**
 * A full sync of one project. The hash names the site, the project on both sides and the trigger, so a
 * restarted leecher asking again for the same switch-on is a 409, while switching auto-sync off and on again
 * (a new trigger) asks anew.
 */
export function syncRequest(input: SyncRequestInput): DispatchEventRequest {
  const { site, project, reason, triggerId } = input;
  return {
    topic: EVENT_TOPIC,
    hash: sha256([site, "sync-from-shotgrid", project.sgProjectId, project.ayonProjectName, triggerId]),
    project: project.ayonProjectName,
    description: `Full sync of ${project.ayonProjectName} from ShotGrid requested by the leecher (${REASON_TEXT[reason]})`,
    summary: { sg_site: site, sg_project_id: project.sgProjectId },
    payload: {
      action: "sync-from-shotgrid",
      user_name: input.requestedBy,
      project_name: project.ayonProjectName,
      project_code: project.projectCode,
      project_code_field: project.projectCodeField,
      reason,
    },
    finished: true,
  };
}
