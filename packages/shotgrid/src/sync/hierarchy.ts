/**
 * Where each ShotGrid entity goes in the AYON tree (as ynput/ayon-shotgrid services/shotgrid_common/utils.py reads
 * navchains): parents come from the project's `tracking_settings.navchains`, Assets go under AssetCategory folders
 * named after `sg_asset_type`, Tasks go under their `entity`, and task types come from Pipeline Steps.
 * Pure functions over ShotGrid records; sg-tree.ts uses them on bulk reads, the incremental handler on one
 * re-read entity.
 */
import { linkOf, type EntityLink, type ShotgridRecord } from "../client/index.js";
import { layoutChainFor, type FolderLayout, type LayoutFolder } from "./folder-layout.js";
import type { FieldMap } from "../mapping/attrib-map.js";
import { mapRecordFields, type MappedFields } from "../mapping/fields.js";
import { identityKey } from "./identity.js";
import { assetCategorySlug, baseName, cleanLabel } from "./naming.js";

/** ShotGrid types that become AYON folders. */
export const FOLDER_ENTITY_TYPES = ["Episode", "Sequence", "Scene", "Shot", "Asset"] as const;
/** The pseudo type of the folders that group Assets by `sg_asset_type` (ShotGrid cannot query them). */
export const ASSET_CATEGORY = "AssetCategory";
/** Types the hierarchy sync reads from ShotGrid, parents before children. */
export const HIERARCHY_ENTITY_TYPES = [...FOLDER_ENTITY_TYPES, "Task"] as const;

/** How an entity type finds its parent. */
export type ParentRule =
  /** Directly under the project. */
  | { kind: "flat" }
  /** The entity linked by `field` (e.g. Shot.sg_sequence); an empty link means the project. */
  | { kind: "field"; field: string }
  /** Under the AssetCategory folder of its `sg_asset_type` (the project when empty). */
  | { kind: "asset-category" };

/** Parent rules per ShotGrid type, as the project's navchains (plus defaults) define them. */
export type Navchains = ReadonlyMap<string, ParentRule>;

const FLAT: ParentRule = { kind: "flat" };
const ASSET_TYPE_FIELD = "sg_asset_type";

/**
 * Rules for types the navchains do not mention: the stock ShotGrid hierarchy. Task always follows `entity`,
 * whatever the navchains say (its parent is the entity it belongs to).
 */
const DEFAULT_RULES: Readonly<Record<string, ParentRule>> = {
  Episode: FLAT,
  Sequence: { kind: "field", field: "episode" },
  Scene: FLAT,
  Shot: { kind: "field", field: "sg_sequence" },
  Asset: { kind: "asset-category" },
};
const TASK_RULE: ParentRule = { kind: "field", field: "entity" };

/**
 * Parses `tracking_settings.navchains`: `{"Shot": "Shot.sg_sequence", "Episode": "__flat__",
 * "Shot": "sg_scene,Scene.sg_sequence", "Asset": "Asset.sg_asset_type"}`. In a chain the first element is the
 * type's own parent field and each later `Type.field` element gives the parent field of that intermediate
 * type (Scene → sg_sequence above), unless the navchains name that type on their own. Unusable values are
 * ignored (the default applies), so a hand-edited setting cannot break the sync.
 */
export function parseNavchains(trackingSettings: unknown): Map<string, ParentRule> {
  const rules = new Map<string, ParentRule>();
  const implied = new Map<string, ParentRule>();
  const navchains = (trackingSettings as { navchains?: unknown } | null | undefined)?.navchains;
  if (!navchains || typeof navchains !== "object" || Array.isArray(navchains)) return rules;
  for (const [type, value] of Object.entries(navchains as Record<string, unknown>)) {
    if (typeof value !== "string") continue;
    const elements = value.split(",").map((e) => e.trim()).filter((e) => e !== "");
    const first = elements[0];
    if (first === undefined) continue;
    const own = ruleFromElement(type, first);
    if (own) rules.set(type, own);
    for (const element of elements.slice(1)) {
      const dot = element.indexOf(".");
      if (dot <= 0) continue;
      const intermediate = element.slice(0, dot);
      const rule = ruleFromElement(intermediate, element);
      if (rule && !implied.has(intermediate)) implied.set(intermediate, rule);
    }
  }
  for (const [type, rule] of implied) if (!rules.has(type)) rules.set(type, rule);
  return rules;
}

/** `"__flat__"`, `"field"` or `"Type.field"` → a rule for `type`; null when unusable. */
function ruleFromElement(type: string, element: string): ParentRule | null {
  if (element === "__flat__") return FLAT;
  const dot = element.indexOf(".");
  const field = dot >= 0 ? element.slice(dot + 1) : element;
  if (dot >= 0 && element.slice(0, dot) !== type) return null;
  if (!/^[a-z][a-z0-9_]*$/i.test(field)) return null;
  if (type === "Asset" && field === ASSET_TYPE_FIELD) return { kind: "asset-category" };
  return { kind: "field", field };
}

/** The rule for one type: Task → `entity`; otherwise the navchains, then the stock default, then flat. */
export function parentRuleFor(type: string, navchains: Navchains): ParentRule {
  if (type === "Task") return TASK_RULE;
  return navchains.get(type) ?? DEFAULT_RULES[type] ?? FLAT;
}

/** The ShotGrid field that holds a type's display name: `content` for Task, `code` for the others. */
export function nameFieldFor(type: string): string {
  return type === "Task" ? "content" : "code";
}

/** Fields to read for one type in a hierarchy sync: only what mapping and matching need. */
export function fieldsFor(type: string, navchains: Navchains): string[] {
  const fields = [nameFieldFor(type), "sg_status_list", "sg_ayon_id", "sg_ayon_sync_status"];
  const rule = parentRuleFor(type, navchains);
  if (rule.kind === "field") fields.push(rule.field);
  if (rule.kind === "asset-category") fields.push(ASSET_TYPE_FIELD);
  if (type === "Task") fields.push("step");
  return fields;
}

/** One Pipeline Step (site-wide): its `code` becomes the AYON task type. */
export interface PipelineStep {
  id: number;
  code: string;
  shortName: string | null;
  entityType: string | null;
}

/** What a ShotGrid entity (or an asset category) should be in AYON, before sibling de-duplication. */
export interface DesiredEntity {
  /** identityKey(sgType, sgId): `Shot:123`, `AssetCategory:character`. */
  key: string;
  sgType: string;
  /** The ShotGrid id; for an AssetCategory the lowercase slug of the asset type. */
  sgId: number | string;
  kind: "folder" | "task";
  /** ShotGrid-side type name: the SG entity type for folders, the Step code (or the default) for tasks. */
  type: string;
  /** The name asked for before sibling de-duplication. */
  baseName: string;
  label: string | null;
  /** The parent's key; null = the project root. */
  parentKey: string | null;
  /** The ShotGrid status short code. */
  status: string | null;
  /** Current `sg_ayon_id` / `sg_ayon_sync_status` in ShotGrid; null for asset categories (no ShotGrid row). */
  sgAyonId: string | null;
  sgSyncStatus: string | null;
  /** false for asset categories: nothing to write back. */
  hasShotgridRow: boolean;
  /** Why this entity cannot be synced (it is then reported, and written back as "Failed"). */
  problem: string | null;
  /** Why this entity is left out by design, e.g. a Task on a type the project does not sync ("Skipped"). */
  skip: string | null;
  /** folder_parenting: the layout folders (top-down from the root) it goes under instead of its parent. */
  layout?: readonly LayoutFolder[] | null;
  /** Mapped fields (attributes, tags, assignees: mapping/fields.ts); absent when nothing is mapped. */
  fields?: MappedFields | null;
}

/** Where one record's parent is: an entity, an asset category, the project root, or nowhere. */
export type ParentRef =
  | { kind: "root" }
  | { kind: "entity"; link: EntityLink }
  | { kind: "category"; slug: string; label: string };

/** Reads a record's parent per its type's rule. */
export function parentOf(record: ShotgridRecord, navchains: Navchains): ParentRef {
  const rule = parentRuleFor(record.type, navchains);
  if (rule.kind === "flat") return { kind: "root" };
  if (rule.kind === "asset-category") {
    const category = assetCategoryOf(record);
    return category ? { kind: "category", ...category } : { kind: "root" };
  }
  const link = linkOf(record, rule.field);
  return link ? { kind: "entity", link } : { kind: "root" };
}

/**
 * An Asset's category: slug (the category's name and shotgridId, naming.ts assetCategorySlug) and label, or
 * null when it has none.
 */
export function assetCategoryOf(record: ShotgridRecord): { slug: string; label: string } | null {
  const raw = record[ASSET_TYPE_FIELD];
  const slug = assetCategorySlug(raw);
  if (slug === null) return null;
  return { slug, label: cleanLabel(raw) ?? slug };
}

/** The AssetCategory pseudo entity for a category slug (placed by the Asset preset of `layout`). */
export function assetCategoryEntity(slug: string, label: string, layout?: FolderLayout): DesiredEntity {
  return {
    key: identityKey(ASSET_CATEGORY, slug),
    sgType: ASSET_CATEGORY,
    sgId: slug,
    kind: "folder",
    type: ASSET_CATEGORY,
    baseName: slug,
    label,
    parentKey: null,
    status: null,
    sgAyonId: null,
    sgSyncStatus: null,
    hasShotgridRow: false,
    problem: null,
    skip: null,
    ...layoutOf(layoutChainFor(ASSET_CATEGORY, false, layout)),
  };
}

export interface MappingOptions {
  navchains: Navchains;
  /** Pipeline Steps by id. */
  steps: ReadonlyMap<number, PipelineStep>;
  /** Task type for Tasks without a Step (compatibility_settings.default_task_type). */
  defaultTaskType: string;
  /** Types synced in this project: a link to another type is not followed (the entity goes to the root). */
  enabledTypes: ReadonlySet<string>;
  /** compatibility_settings.folder_parenting (folder-layout.ts); none when absent. */
  folderLayout?: FolderLayout;
  /** The project's mapped fields (custom_attribs_map, tags, assignees); none when absent. */
  fieldMap?: FieldMap;
}

/**
 * Maps one ShotGrid record to its desired AYON entity. The parent key is resolved here; whether that parent
 * exists in this sync is checked by the caller (sg-tree.ts), which knows the whole set.
 */
export function toDesiredEntity(record: ShotgridRecord, options: MappingOptions): DesiredEntity {
  const type = record.type;
  const rawName = record[nameFieldFor(type)];
  const isTask = type === "Task";
  const taskType = isTask ? taskTypeOf(record, options) : null;
  let skip: string | null = null;
  let parentKey: string | null = null;
  const parent = parentOf(record, options.navchains);
  if (parent.kind === "category") parentKey = identityKey(ASSET_CATEGORY, parent.slug);
  if (parent.kind === "entity") {
    if (options.enabledTypes.has(parent.link.type)) parentKey = identityKey(parent.link.type, parent.link.id);
    else if (isTask) skip = `its entity is a ${parent.link.type}, a type this project does not sync`;
  }
  if (isTask && parentKey === null && skip === null) skip = "the Task is not linked to any entity (AYON tasks need a folder)";
  return {
    key: identityKey(type, record.id),
    sgType: type,
    sgId: record.id,
    kind: isTask ? "task" : "folder",
    type: taskType ?? type,
    baseName: baseName(rawName, type, record.id, taskType),
    label: cleanLabel(rawName),
    parentKey,
    status: typeof record.sg_status_list === "string" && record.sg_status_list !== "" ? record.sg_status_list : null,
    sgAyonId: textOrNull(record.sg_ayon_id),
    sgSyncStatus: textOrNull(record.sg_ayon_sync_status),
    hasShotgridRow: true,
    problem: null,
    skip,
    ...layoutOf(layoutChainFor(type, parent.kind === "category", options.folderLayout)),
    ...(options.fieldMap ? { fields: mapRecordFields(record, options.fieldMap) } : {}),
  };
}

/** The Step code of a Task, or the default task type when it has no Step (or an unknown one). */
export function taskTypeOf(record: ShotgridRecord, options: Pick<MappingOptions, "steps" | "defaultTaskType">): string {
  const step = linkOf(record, "step");
  if (!step) return options.defaultTaskType;
  const known = options.steps.get(step.id)?.code ?? step.name;
  const code = typeof known === "string" ? known.trim() : "";
  return code === "" ? options.defaultTaskType : code;
}

/** The `layout` property only where a preset applies (entities without one compare as before). */
function layoutOf(chain: readonly LayoutFolder[] | null): { layout?: readonly LayoutFolder[] } {
  return chain ? { layout: chain } : {};
}

function textOrNull(value: unknown): string | null {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : null;
}
