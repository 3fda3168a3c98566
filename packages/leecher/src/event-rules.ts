/**
 * Which EventLogEntry rows become `shotgrid.event`s (the Python leecher's filters, ynput/ayon-shotgrid
 * services/leecher/leecher/listener.py):
 * `Shotgun_<T>_{New,Change,Retirement,Revival}` of an enabled type T, in a linked project, not written by the
 * leecher's own ApiUser (loop prevention), and not the per-field `_Change` rows a create emits
 * (`meta.in_create`). Unlike the Python leecher's newest version, back-reference rows are dropped too (see
 * `isBackReference`; its first version ignored such link fields by name). Pure functions, no I/O.
 */

export const ACTIONS = ["New", "Change", "Retirement", "Revival"] as const;
export type EventAction = (typeof ACTIONS)[number];

const EVENT_TYPE = /^Shotgun_([A-Za-z][A-Za-z0-9_]*)_(New|Change|Retirement|Revival)$/;

/** `Shotgun_Shot_Change` → {entityType: "Shot", action: "Change"}; null for anything else. */
export function parseEventType(eventType: unknown): { entityType: string; action: EventAction } | null {
  if (typeof eventType !== "string") return null;
  const m = EVENT_TYPE.exec(eventType);
  return m ? { entityType: m[1]!, action: m[2] as EventAction } : null;
}

/**
 * The event types to fetch. Project events are kept apart: they carry the Project as `entity` and may have no
 * `project` (a ShotGrid EventLogEntry field that is empty for site-level rows), so they cannot be narrowed by the
 * project filter.
 */
export function eventTypesFor(enabledEntities: readonly string[]): { projectTypes: string[]; otherTypes: string[] } {
  const projectTypes: string[] = [];
  const otherTypes: string[] = [];
  for (const entity of new Set(enabledEntities)) {
    // Replies cannot be retired in AYON's model and the Python addon never asked for their retirement.
    const actions = entity === "Reply" ? ACTIONS.filter((a) => a !== "Retirement") : ACTIONS;
    for (const action of actions) (entity === "Project" ? projectTypes : otherTypes).push(`Shotgun_${entity}_${action}`);
  }
  return { projectTypes, otherTypes };
}

export interface EntityRef {
  type: string;
  id: number;
}

export interface RuleContext {
  enabledEntities: ReadonlySet<string>;
  /** The leecher's own ApiUser; its writes are echoes of our own sync. */
  ownUser: EntityRef | null;
  /** ShotGrid Project ids that are linked (auto-sync on, known to AYON). */
  linkedProjectIds: ReadonlySet<number>;
  /**
   * The fields of `sgType` the project's attribute map reads (tags, assignees and the custom attributes), or null
   * while they are unknown: a back-reference row of a mapped field is kept, and every one while unknown.
   */
  mappedFieldsOf?: (sgProjectId: number, sgType: string) => readonly string[] | null;
}

export type DropReason = "not-an-entity-event" | "type-not-enabled" | "own-user" | "in-create" | "back-reference" | "no-project" | "project-not-linked";

export type Verdict = { keep: true; sgProjectId: number; entityType: string; action: EventAction } | { keep: false; reason: DropReason };

/** A ShotGrid EventLogEntry as the client returns it (links flattened to {type, id, name}). */
export type EventRecord = { id: number } & Record<string, unknown>;

export function classify(event: EventRecord, ctx: RuleContext): Verdict {
  const parsed = parseEventType(event.event_type);
  if (!parsed) return { keep: false, reason: "not-an-entity-event" };
  if (!ctx.enabledEntities.has(parsed.entityType)) return { keep: false, reason: "type-not-enabled" };
  const user = refOf(event.user);
  if (user && ctx.ownUser && user.type === ctx.ownUser.type && user.id === ctx.ownUser.id) return { keep: false, reason: "own-user" };
  const meta = metaOf(event);
  if (parsed.action === "Change" && meta.in_create === true) return { keep: false, reason: "in-create" };
  const sgProjectId = projectIdOf(event, parsed.entityType);
  if (sgProjectId === null) return { keep: false, reason: "no-project" };
  if (!ctx.linkedProjectIds.has(sgProjectId)) return { keep: false, reason: "project-not-linked" };
  if (parsed.action === "Change" && isBackReference(event, parsed.entityType)) {
    const mapped = ctx.mappedFieldsOf ? ctx.mappedFieldsOf(sgProjectId, parsed.entityType) : [];
    if (mapped !== null && !mapped.includes(String(event.attribute_name ?? meta.attribute_name))) return { keep: false, reason: "back-reference" };
  }
  return { keep: true, sgProjectId, entityType: parsed.entityType, action: parsed.action };
}

/**
 * Whether a `_Change` row is a back-reference: setting a link on one entity (`Task.entity`, `Shot.sg_sequence`) logs
 * a change of the reverse field on the entity linked to (`Shot.tasks`, `Sequence.shots`) too, and that row's
 * `meta.entity_type`/`entity_id` describe the referrer, not the row's own entity (ShotGrid's event log, as the
 * sgevents documentation of back-reference events describes it). The referrer's own row carries the change; the
 * reverse field is read by the sync only if the attribute map maps it, so the row is a job with nothing to do.
 */
export function isBackReference(event: EventRecord, entityType: string): boolean {
  const meta = metaOf(event);
  if (meta.type !== "attribute_change" || typeof meta.entity_type !== "string") return false;
  if (meta.entity_type !== entityType) return true;
  const entity = refOf(event.entity);
  return entity !== null && isId(meta.entity_id) && meta.entity_id !== entity.id;
}

/**
 * The ShotGrid Project an event belongs to. A Project event's project is its entity — or, once the Project
 * is retired and `entity` reads as null, `meta.entity_id` (links to retired rows read as null).
 */
export function projectIdOf(event: EventRecord, entityType: string): number | null {
  if (entityType === "Project") {
    const entity = refOf(event.entity);
    if (entity?.type === "Project") return entity.id;
    const metaId = metaOf(event).entity_id;
    if (isId(metaId)) return metaId;
    return refOf(event.project)?.id ?? null;
  }
  const project = refOf(event.project);
  return project?.type === "Project" ? project.id : null;
}

/** The changed entity's id even when `entity` reads as null (retired target): from `meta.entity_id`. */
export function entityIdOf(event: EventRecord): number | null {
  const entity = refOf(event.entity);
  if (entity) return entity.id;
  const metaId = metaOf(event).entity_id;
  return isId(metaId) ? metaId : null;
}

export function metaOf(event: EventRecord): Record<string, unknown> {
  const meta = event.meta;
  return typeof meta === "object" && meta !== null && !Array.isArray(meta) ? (meta as Record<string, unknown>) : {};
}

export function refOf(value: unknown): (EntityRef & { name: string | null }) | null {
  if (typeof value !== "object" || value === null) return null;
  const v = value as { type?: unknown; id?: unknown; name?: unknown };
  if (typeof v.type !== "string" || !isId(v.id)) return null;
  return { type: v.type, id: v.id, name: typeof v.name === "string" ? v.name : null };
}

function isId(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value > 0;
}
