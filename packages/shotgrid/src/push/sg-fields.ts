/**
 * What a ShotGrid entity should hold for one AYON folder or task (AYON → ShotGrid): its type, its name
 * (`code`, `content` for a Task: the AYON label, else its name — the other direction keeps the ShotGrid name as
 * the label where the AYON name had to differ, naming.ts), its parent link per the project's navchains
 * (`sg_sequence`, `sg_episode`, `entity` for Tasks, `sg_asset_type` for Assets), its status by short code, its
 * Step from the task type, tags, assignees and the mapped attributes (effective values: an inherited AYON value is
 * written as ShotGrid's own). The reverse of hierarchy.ts and mapping/fields.ts, with the same identity and
 * mapping rules. Pure: the caller reads AYON and ShotGrid.
 */
import type { Folder, Status, Task } from "@ayon-sg/core";
import { parseSgFloat, SgFloat, type FieldSchema } from "../client/index.js";
import { writableSgField, type FieldMap } from "../mapping/attrib-map.js";
import { ayonToSg } from "../mapping/attrib-values.js";
import { tagsToSg } from "../mapping/tags.js";
import { ASSET_CATEGORY, FOLDER_ENTITY_TYPES, nameFieldFor, parentRuleFor, type Navchains, type PipelineStep } from "../sync/hierarchy.js";
import { FIELD_AYON_ID, FIELD_SYNC_STATUS, type SyncStatus } from "../sync/identity.js";

/** Where the AYON entity's parent is on the ShotGrid side. */
export type SgParent =
  | { kind: "project" }
  /** A ShotGrid entity (the AYON parent's `shotgridType`/`shotgridId`). */
  | { kind: "entity"; type: string; id: number }
  /** An AssetCategory folder: ShotGrid's `sg_asset_type` value. */
  | { kind: "category"; value: string }
  /** An AYON parent linked to no ShotGrid entity (yet): the entity cannot be placed. */
  | { kind: "unlinked"; what: string };

export interface PushMapping {
  navchains: Navchains;
  enabledTypes: ReadonlySet<string>;
  /** The AYON project's statuses (name → short name). */
  statuses: readonly Pick<Status, "name" | "shortName">[];
  steps: ReadonlyMap<number, PipelineStep>;
  fieldMap: FieldMap;
  /** The ShotGrid field schemas of a type (`schemaFields`), or null when the type is not known to the site. */
  schema(sgType: string): Readonly<Record<string, FieldSchema>> | null;
  /** The site's Tags: id by lower-case name. */
  tags: ReadonlyMap<string, number>;
  /** The ShotGrid HumanUser id of an AYON user, or null. */
  sgUserOf(name: string): number | null;
}

export type WantedSg =
  | {
      ok: true;
      sgType: string;
      /** Field → value, in ShotGrid's REST form (links as `{type, id}`). */
      data: Record<string, unknown>;
      /** Tags AYON uses that ShotGrid's site does not have yet (to create before writing `tags`). */
      missingTags: string[];
      /** What was left out, one sentence each (a status ShotGrid lacks, an unmapped user...). */
      notes: string[];
    }
  | { ok: false; reason: string };

/** The place an AssetCategory folder gives its Assets in ShotGrid (its label, else its name, as `sg_asset_type`); null for another folder. */
export function categoryPlace(folder: Pick<Folder, "folderType" | "label" | "name">): Extract<SgParent, { kind: "category" }> | null {
  return folder.folderType.toLowerCase() === ASSET_CATEGORY.toLowerCase() ? { kind: "category", value: folder.label || folder.name } : null;
}

/** The wanted fields with what ShotGrid keeps of the AYON entity: its id and the sync status. */
export function withIdentity(data: Record<string, unknown>, ayonId: string): Record<string, unknown> {
  return { ...data, [FIELD_AYON_ID]: ayonId, [FIELD_SYNC_STATUS]: SYNCED };
}

const SYNCED: SyncStatus = "Synced";

/** The ShotGrid type of an AYON folder type (the synced ones, matched case-insensitively), or null. */
export function sgTypeOfFolderType(folderType: string, enabledTypes: ReadonlySet<string>): string | null {
  const type = FOLDER_ENTITY_TYPES.find((t) => t.toLowerCase() === folderType.toLowerCase());
  return type !== undefined && enabledTypes.has(type) ? type : null;
}

export function wantedSg(kind: "folder" | "task", entity: Folder | Task, parent: SgParent, mapping: PushMapping): WantedSg {
  const sgType = kind === "task" ? "Task" : sgTypeOfFolderType((entity as Folder).folderType, mapping.enabledTypes);
  if (sgType === null) {
    return { ok: false, reason: `folder type '${(entity as Folder).folderType}' has no ShotGrid entity this project syncs` };
  }
  if (kind === "task" && !mapping.enabledTypes.has("Task")) return { ok: false, reason: "this project does not sync Tasks" };
  const schema = mapping.schema(sgType);
  if (schema === null) return { ok: false, reason: `the ShotGrid site has no entity type ${sgType}` };
  if (parent.kind === "unlinked") return { ok: false, reason: `its parent ${parent.what} is not in ShotGrid yet` };

  const data: Record<string, unknown> = { [nameFieldFor(sgType)]: entity.label || entity.name };
  const notes: string[] = [];
  const placed = placeUnder(sgType, parent, mapping.navchains);
  if (!placed.ok) return placed;
  Object.assign(data, placed.data);

  if (entity.status && schema.sg_status_list) {
    const code = statusCode(entity.status, mapping.statuses, schema.sg_status_list);
    if (code.ok) data.sg_status_list = code.value;
    else notes.push(code.reason);
  }
  if (kind === "task") {
    const taskType = (entity as Task).taskType;
    const step = stepFor(taskType, parent.kind === "entity" ? parent.type : null, mapping.steps);
    if (step === null) return { ok: false, reason: `task type '${taskType}' has no ShotGrid Pipeline Step` };
    data.step = { type: "Step", id: step.id };
  }
  let missingTags: string[] = [];
  if (schema.tags) {
    const { links, missing } = tagsToSg(entity.tags ?? [], mapping.tags);
    data.tags = links;
    missingTags = [...new Set(missing)];
  }
  if (kind === "task" && schema.task_assignees) {
    const users: Array<{ type: "HumanUser"; id: number }> = [];
    for (const name of (entity as Task).assignees ?? []) {
      const id = mapping.sgUserOf(name);
      if (id === null) notes.push(`AYON user '${name}' has no ShotGrid user (run "Sync users"), so is not assigned in ShotGrid`);
      else users.push({ type: "HumanUser", id });
    }
    data.task_assignees = users;
  }
  for (const m of mapping.fieldMap.forType(sgType)) {
    const target = writableSgField(m, schema);
    if (target === null) continue;
    data[target.field] = ayonToSg(entity.attrib?.[m.ayon], m.type, target.dataType);
  }
  return { ok: true, sgType, data, missingTags, notes };
}

/** The parent link field and value for `sgType` under `parent`, per the navchains (hierarchy.ts, reversed). */
function placeUnder(sgType: string, parent: Exclude<SgParent, { kind: "unlinked" }>, navchains: Navchains): { ok: true; data: Record<string, unknown> } | { ok: false; reason: string } {
  const rule = parentRuleFor(sgType, navchains);
  if (sgType === "Task") {
    if (parent.kind !== "entity") return { ok: false, reason: "a ShotGrid Task needs an entity to belong to, and its AYON folder is not one" };
    return { ok: true, data: { entity: { type: parent.type, id: parent.id } } };
  }
  if (rule.kind === "asset-category") return { ok: true, data: { sg_asset_type: parent.kind === "category" ? parent.value : null } };
  if (parent.kind === "category") return { ok: false, reason: `a ${sgType} cannot be placed under an asset category in ShotGrid` };
  if (rule.kind === "flat") {
    if (parent.kind === "entity") return { ok: false, reason: `a ${sgType} sits directly under the project in this ShotGrid project's hierarchy, and its AYON parent is a ${parent.type}` };
    return { ok: true, data: {} };
  }
  return { ok: true, data: { [rule.field]: parent.kind === "entity" ? { type: parent.type, id: parent.id } : null } };
}

/**
 * The ShotGrid short code for an AYON status: the project status's short name, as one of the field's valid values
 * (the exact spelling first, then one that differs only by case; ShotGrid's codes are case-sensitive).
 */
function statusCode(status: string, statuses: PushMapping["statuses"], field: FieldSchema): { ok: true; value: string } | { ok: false; reason: string } {
  const short = statuses.find((s) => s.name === status)?.shortName ?? statuses.find((s) => s.name.toLowerCase() === status.toLowerCase())?.shortName;
  if (!short) return { ok: false, reason: `AYON status '${status}' has no short name, so it has no ShotGrid status` };
  const valid = Array.isArray(field.properties.valid_values) ? field.properties.valid_values.filter((v): v is string => typeof v === "string") : [];
  if (valid.includes(short)) return { ok: true, value: short };
  const byCase = valid.filter((v) => v.toLowerCase() === short.toLowerCase());
  if (byCase.length === 1) return { ok: true, value: byCase[0]! };
  return { ok: false, reason: `AYON status '${status}' (short name '${short}') is not a status of ShotGrid's ${field.entityType}` };
}

/** The Step of a task type: its code, matched case-insensitively; one of the parent's entity type first. */
function stepFor(taskType: string, parentType: string | null, steps: ReadonlyMap<number, PipelineStep>): PipelineStep | null {
  const matching = [...steps.values()].filter((s) => s.code.toLowerCase() === taskType.toLowerCase());
  return matching.find((s) => s.code === taskType && s.entityType === parentType)
    ?? matching.find((s) => s.entityType === parentType)
    ?? matching.find((s) => s.code === taskType)
    ?? matching[0]
    ?? null;
}

/** Every field the push may write for a type (wantedSg), to read them for the comparison. */
export function comparedFields(type: string, mapping: PushMapping): string[] {
  const rule = parentRuleFor(type, mapping.navchains);
  const fields = [nameFieldFor(type), "sg_status_list", "tags", FIELD_AYON_ID, FIELD_SYNC_STATUS];
  if (rule.kind === "field") fields.push(rule.field);
  if (rule.kind === "asset-category") fields.push("sg_asset_type");
  if (type === "Task") fields.push("step", "task_assignees");
  for (const m of mapping.fieldMap.forType(type)) fields.push(...m.sgFields);
  return [...new Set(fields)];
}

/** The fields of `wanted` whose value ShotGrid's record does not hold already (links by type and id, lists as sets). */
export function sgChanges(wanted: Record<string, unknown>, current: Record<string, unknown> | null): Record<string, unknown> {
  if (current === null) return { ...wanted };
  const changes: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(wanted)) {
    if (!sameSgValue(current[field], value)) changes[field] = value;
  }
  return changes;
}

function sameSgValue(current: unknown, wanted: unknown): boolean {
  // ShotGrid answers a float as a decimal string ("25.0") or a number.
  if (wanted instanceof SgFloat) return safeFloat(current) === parseSgFloat(wanted.toJSON());
  if (Array.isArray(wanted)) {
    const have = Array.isArray(current) ? current.map(linkKey) : [];
    const want = wanted.map(linkKey);
    return have.length === want.length && new Set([...have, ...want]).size === want.length;
  }
  if (wanted !== null && typeof wanted === "object") return (current ?? null) !== null && linkKey(current) === linkKey(wanted);
  if (typeof wanted === "number" && typeof current === "number") return Math.abs(wanted - current) < 1e-9;
  return (current ?? null) === (wanted ?? null);
}

function safeFloat(value: unknown): number | null {
  try {
    return parseSgFloat(value);
  } catch {
    return null;
  }
}

function linkKey(value: unknown): string {
  if (value !== null && typeof value === "object" && "type" in value && "id" in value) return `${String(value.type)}:${String(value.id)}`;
  return JSON.stringify(value ?? null);
}
