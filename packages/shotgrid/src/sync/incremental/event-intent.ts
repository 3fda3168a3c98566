/**
 * What one ShotGrid EventLogEntry asks of the incremental sync (ynput/ayon-shotgrid
 * services/shotgrid_common/ayon_shotgrid_hub/update_from_shotgrid.py). Pure: the entry is only used to tell WHICH
 * entity to reconcile and in which state it is probably found; the reconciler always re-reads ShotGrid, so the event's
 * old/new values never decide anything and a replay is harmless.
 *
 * - New / Revival / Change of a field the sync uses → reconcile the entity (expected alive).
 * - Retirement → reconcile it (expected retired).
 * - Change of `retirement_date` to null on a Task: the Task is being revived with its entity (ShotGrid logs the
 *   Tasks' changes, then the entity's, then the entity's `_Revival`; the Tasks get no `_Revival` of their own):
 *   reconcile at once, so a Task revived before its Asset brings the Asset back with it (the Python addon's
 *   PR #122 case). On other types the `_Revival` that follows does the work; a change to a date comes with the
 *   `_Retirement` of the same deletion. Both are skipped, saving their requests.
 * - Change of any other field, or a `_Change` row a create emits (`in_create`) → skipped, no AYON request.
 */
import { FIELD_AUTO_SYNC, FIELD_AYON_ID } from "../identity.js";
import { HIERARCHY_ENTITY_TYPES, nameFieldFor, parentRuleFor, type Navchains } from "../hierarchy.js";
import type { FieldMap } from "../../mapping/attrib-map.js";

export const EVENT_ACTIONS = ["New", "Change", "Retirement", "Revival"] as const;
export type ShotgridEventAction = (typeof EVENT_ACTIONS)[number];

const EVENT_TYPE = /^Shotgun_([A-Za-z][A-Za-z0-9_]*)_(New|Change|Retirement|Revival)$/;

/** `Shotgun_Shot_Change` → {sgType: "Shot", action: "Change"}; null for any other event type. */
export function parseEventType(eventType: string): { sgType: string; action: ShotgridEventAction } | null {
  const m = EVENT_TYPE.exec(eventType);
  return m ? { sgType: m[1] as string, action: m[2] as ShotgridEventAction } : null;
}

export interface EntityRef {
  type: string;
  id: number;
}

/** The parts of an EventLogEntry the sync reads; the handler checks the wire shape before building it. */
export interface ShotgridEventEntry {
  id: number;
  eventType: string;
  attributeName: string | null;
  meta: Record<string, unknown>;
  /** null once the target is retired (links to retired rows read as null). */
  entity: EntityRef | null;
  project: EntityRef | null;
}

export type EventIntent =
  | {
      kind: "entity";
      action: ShotgridEventAction;
      ref: EntityRef;
      /** Which state to read first (the other is read when the first finds nothing). */
      expect: "alive" | "retired";
      /** Also place the entities ShotGrid hangs below it (retirement hides a parent link, revival shows it again). */
      dependents: boolean;
      /** The field a Change is about; null for New, Retirement and Revival. */
      field: string | null;
      why: string;
    }
  | { kind: "project"; sgProjectId: number; why: string }
  | { kind: "skip"; reason: string };

export interface IntentOptions {
  navchains: Navchains;
  /** Hierarchy types this project syncs. */
  enabledTypes: ReadonlySet<string>;
  /** Settings `shotgrid_project_code_field`. */
  projectCodeField: string;
  /** The mapped fields: a change to one of them is reconciled too. */
  fieldMap?: FieldMap;
}

const HIERARCHY = new Set<string>(HIERARCHY_ENTITY_TYPES);
const RETIREMENT_DATE = "retirement_date";

/** The fields of a type whose change can alter its AYON entity: name, parent link, Step, status. */
export function relevantFields(sgType: string, navchains: Navchains, fieldMap?: FieldMap): Set<string> {
  const fields = new Set([nameFieldFor(sgType), "sg_status_list", ...(fieldMap?.readFields(sgType) ?? [])]);
  const rule = parentRuleFor(sgType, navchains);
  if (rule.kind === "field") fields.add(rule.field);
  if (rule.kind === "asset-category") fields.add("sg_asset_type");
  if (sgType === "Task") fields.add("step");
  return fields;
}

/** Project fields whose change matters: the navchains, the auto-sync switch, the names, the link. */
export function relevantProjectFields(projectCodeField: string, fieldMap?: FieldMap): Set<string> {
  return new Set(["tracking_settings", FIELD_AUTO_SYNC, FIELD_AYON_ID, "name", projectCodeField, ...(fieldMap?.readFields("Project") ?? [])]);
}

export function intentOf(entry: ShotgridEventEntry, options: IntentOptions): EventIntent {
  const parsed = parseEventType(entry.eventType);
  if (!parsed) return { kind: "skip", reason: `'${entry.eventType}' is not a ShotGrid entity event this sync handles` };
  const { sgType, action } = parsed;
  const attribute = entry.attributeName ?? textOrNull(entry.meta.attribute_name);
  if (sgType === "Project") return projectIntent(entry, action, attribute, options);
  if (!HIERARCHY.has(sgType)) return { kind: "skip", reason: `ShotGrid ${sgType} events are not synced by this handler (it syncs ${HIERARCHY_ENTITY_TYPES.join(", ")})` };
  if (!options.enabledTypes.has(sgType)) return { kind: "skip", reason: `${sgType} is not enabled for this project (compatibility_settings.shotgrid_enabled_entities)` };

  let expect: "alive" | "retired" = "alive";
  let dependents = false;
  let why: string;
  if (action === "Change") {
    if (attribute === null) return { kind: "skip", reason: `the ${sgType} change names no field` };
    if (entry.meta.in_create === true) return { kind: "skip", reason: `${sgType}.${attribute} was set by a create; the New event syncs it` };
    if (attribute === RETIREMENT_DATE) {
      const revived = entry.meta.new_value === null || entry.meta.new_value === undefined;
      if (!revived) return { kind: "skip", reason: `${sgType}.retirement_date was set by a retirement; its Retirement event syncs it` };
      if (sgType !== "Task") return { kind: "skip", reason: `${sgType}.retirement_date was cleared by a revival; its Revival event syncs it` };
      why = "Task is being revived (retirement_date cleared)";
    } else if (relevantFields(sgType, options.navchains, options.fieldMap).has(attribute)) {
      why = `${sgType}.${attribute} changed`;
    } else {
      return { kind: "skip", reason: `nothing the sync uses changed (${sgType}.${attribute})` };
    }
  } else if (action === "Retirement") {
    expect = "retired";
    dependents = sgType !== "Task";
    why = `${sgType} retired`;
  } else {
    dependents = action === "Revival" && sgType !== "Task";
    why = action === "New" ? `${sgType} created` : `${sgType} revived`;
  }
  const id = entityIdOf(entry, sgType);
  if (id === null) return { kind: "skip", reason: `the event does not say which ${sgType} it is about (no entity, no meta.entity_id)` };
  return { kind: "entity", action, ref: { type: sgType, id }, expect, dependents, field: action === "Change" ? attribute : null, why };
}

function projectIntent(entry: ShotgridEventEntry, action: ShotgridEventAction, attribute: string | null, options: IntentOptions): EventIntent {
  if (action !== "Change") {
    return { kind: "skip", reason: `a Project ${action.toLowerCase()} is not synced incrementally (import or sync the project from the addon page)` };
  }
  if (attribute === null || !relevantProjectFields(options.projectCodeField, options.fieldMap).has(attribute)) {
    return { kind: "skip", reason: `nothing the sync uses changed (Project.${attribute ?? "?"})` };
  }
  const id = entityIdOf(entry, "Project") ?? entry.project?.id ?? null;
  if (id === null) return { kind: "skip", reason: "the event does not say which Project it is about" };
  return { kind: "project", sgProjectId: id, why: `Project.${attribute} changed` };
}

/**
 * The entity an event is about. `meta.entity_type`/`entity_id` describe the referrer on back-reference changes
 * (back-reference change rows), so they count only when their type is the event type's; `entity` is null once the
 * target is retired.
 */
export function entityIdOf(entry: ShotgridEventEntry, sgType: string): number | null {
  const meta = entry.meta;
  if (meta.entity_type === sgType && isId(meta.entity_id)) return meta.entity_id;
  if (entry.entity && entry.entity.type === sgType) return entry.entity.id;
  if (meta.class_name === sgType && isId(meta.id)) return meta.id;
  return null;
}

function isId(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value > 0;
}

function textOrNull(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}
