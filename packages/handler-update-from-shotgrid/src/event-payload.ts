/**
 * The `shotgrid-event` payload as the leecher dispatches it (leecher README): `{action, user_name,
 * project_name, project_code, project_code_field, sg_payload: <EventLogEntry>}`. Checked before anything is read
 * from it: a malformed event fails at once (InvalidEventError, never retried) with a description that names the
 * bad paths but never echoes their values.
 */
import { InvalidEventError, type AyonEvent } from "@ayon-sg/core";
import { parseEventType, type ShotgridEventEntry } from "@ayon-sg/shotgrid";
import { z } from "zod";

export const UPDATE_ACTION = "shotgrid-event";

const ENTITY_TYPE = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const linkSchema = z
  .object({
    type: z.string().regex(ENTITY_TYPE, "must be a ShotGrid entity type"),
    id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  })
  .loose();

const sgPayloadSchema = z
  .object({
    id: z.number({ error: "must be the EventLogEntry id" }).int().positive().max(Number.MAX_SAFE_INTEGER),
    event_type: z.string({ error: "must be text such as Shotgun_Shot_Change" }).max(200),
    attribute_name: z.string().max(200).nullish(),
    // Preference and other events have their own meta keys; only its being an object is required.
    meta: z.record(z.string(), z.unknown(), { error: "must be an object" }).nullish(),
    entity: linkSchema.nullish(),
    project: linkSchema.nullish(),
  })
  .loose();

const payloadSchema = z
  .object({
    action: z.literal(UPDATE_ACTION),
    project_name: z.string().trim().min(1).max(255).optional(),
    sg_payload: sgPayloadSchema,
  })
  .loose();

export interface UpdateEvent {
  /** The AYON project the event is for. */
  project: string;
  entry: ShotgridEventEntry;
}

/** Validates the event; throws InvalidEventError naming every problem. */
export function parseUpdateEvent(event: AyonEvent): UpdateEvent {
  const parsed = payloadSchema.safeParse(event.payload ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 8).map((issue) => `payload.${issue.path.map(String).join(".") || "(root)"}: ${issue.message}`);
    const more = parsed.error.issues.length > 8 ? ` (and ${parsed.error.issues.length - 8} more)` : "";
    throw new InvalidEventError(`malformed shotgrid-event: ${problems.join("; ")}${more}`);
  }
  const { project_name: projectName, sg_payload: sg } = parsed.data;
  const project = projectName ?? (typeof event.project === "string" && event.project.trim() !== "" ? event.project.trim() : null);
  if (project === null) throw new InvalidEventError("malformed shotgrid-event: payload.project_name (or the event's project) is missing");
  if (!parseEventType(sg.event_type)) {
    throw new InvalidEventError(
      `malformed shotgrid-event: payload.sg_payload.event_type must be Shotgun_<EntityType>_<New|Change|Retirement|Revival> (EventLogEntry ${sg.id})`,
    );
  }
  return {
    project,
    entry: {
      id: sg.id,
      eventType: sg.event_type,
      attributeName: sg.attribute_name ?? null,
      meta: sg.meta ?? {},
      entity: sg.entity ? { type: sg.entity.type, id: sg.entity.id } : null,
      project: sg.project ? { type: sg.project.type, id: sg.project.id } : null,
    },
  };
}
