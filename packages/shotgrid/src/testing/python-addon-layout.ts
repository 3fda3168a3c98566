// A ShotGrid project laid out in AYON as the Python addon (ynput/ayon-shotgrid 0.6.19) lays it out on its first
// sync, for the migration test: what it creates in AYON (anatomy, folders, tasks, their fields) and what it writes
// back to ShotGrid. Every rule is restated from the Python code (the file/function is named at each rule), never
// taken from ayon-sg's naming, hierarchy or planning code, so a take-over test built on it can fail.
// Out of scope (the test projects avoid them): siblings whose names collide (the Python addon adopts the first
// one's entity), Tasks without a content, Scenes, Versions, Notes and Playlists.
import type { AyonClient, Operation } from "@ayon-sg/core";
import { newAyonId } from "@ayon-sg/core";
import type { ShotgridStore } from "@ayon-sg/testkit";
import { pythonName } from "./python-addon-names.js";

/** The addon settings the Python addon reads (server/settings/main.py), in its own keys. */
export interface PythonAddonSettings {
  /** compatibility_settings.default_task_type. */
  defaultTaskType: string;
  /** compatibility_settings.shotgrid_enabled_entities. */
  enabledEntities: string[];
  /** compatibility_settings.custom_attribs_map as the settings list (ayon, sg, type, scope). */
  customAttribsMap: Array<{ ayon: string; sg: string; type: string; scope: string[] }>;
  /** compatibility_settings.folder_parenting. */
  folderParenting?: {
    root_relocate: { enabled: boolean; presets: FolderParentingPreset[] };
    type_grouping: { enabled: boolean; presets: FolderParentingPreset[] };
  };
}

export interface FolderParentingPreset {
  filter_by_sg_entity_type: string;
  parents: Array<{ folder_type: string; folder_name: string }>;
}

/** One AYON entity as the Python addon leaves it. */
export interface PythonEntity {
  /** `shotgridType:shotgridId` (a layout folder: `Layout:<path>`). */
  key: string;
  kind: "folder" | "task";
  id: string;
  name: string;
  /** null where it equals the name (ayon-python-api entity_hub.py `_get_label_value` sends no such label). */
  label: string | null;
  /** Folder type or task type. */
  type: string;
  parentKey: string | null;
  attrib: Record<string, unknown>;
  data: Record<string, unknown>;
  status: string | null;
  /** The ShotGrid status code behind it (null when none): a code the project has only in another case leaves
   * `status` null, as utils.py create_new_ayon_entity maps short names case-sensitively. */
  sgStatus: string | null;
  tags: string[];
  assignees: string[];
  /**
   * Why AYON refuses it (a label with `'`): it is not in AYON and ShotGrid has no AYON id for it. The Python
   * addon's full sync never gets past such an entity (the refused create stays in the entity hub and fails every
   * later commit; run against the emulators, nothing after it was created, yet every entity was marked Synced in
   * ShotGrid), so a studio's project can only hold one that was added in ShotGrid after its sync, whose live
   * create failed: update_from_shotgrid.py create_ay_entity_from_sg_event → utils.py create_new_ayon_entity
   * writes the AYON id back only after a successful commit.
   */
  refused: string | null;
}

export interface PythonLayout {
  project: string;
  /** The anatomy lists after the Python addon's create_sg_entities_in_ay. */
  anatomy: {
    folderTypes: Array<{ name: string }>;
    taskTypes: Array<{ name: string; shortName?: string }>;
    statuses: Array<{ name: string; shortName?: string }>;
    tags?: Array<{ name: string; color?: string }>;
  };
  /** The AYON project's attributes the Python addon sets from the ShotGrid Project (besides its link). */
  projectAttrib: Record<string, unknown>;
  /** Parents first. */
  entities: PythonEntity[];
  /** What the Python addon writes to ShotGrid (match_shotgrid_hierarchy_in_ayon.py _update_sg_entity and the end). */
  shotgridWrites: Array<{ type: string; id: number; data: Record<string, unknown> }>;
}

export interface PythonLayoutInput {
  store: ShotgridStore;
  sgProjectId: number;
  /** The AYON project (already created, linked) and its anatomy before the Python sync. */
  project: string;
  anatomy: PythonLayout["anatomy"];
  settings: PythonAddonSettings;
  /** ShotGrid HumanUser id → AYON user name (the users with `data.sg_user_id`, server/__init__.py get_ayon_name_by_sg_id). */
  users: ReadonlyMap<number, string>;
  /** AYON attribute name → its type (ayon_api.get_attributes_schema), for the date conversion of custom attributes. */
  attributeTypes: ReadonlyMap<string, string>;
}

/** ayon-backend ayon_server/types.py LABEL_REGEX: a label with `'` or `;` is refused. */
const REFUSED_LABEL = /[';]/;
/** utils.py get_sg_entities: the fields every query asks for (constants.py SG_COMMON_ENTITY_FIELDS). */
const COMMON_FIELDS = ["code", "sg_status_list", "tags", "episode", "sg_sequence", "sg_asset_type", "content", "entity", "step", "task_assignees", "sg_ayon_id", "sg_ayon_sync_status"];
/** The types the fixture lays out (the folder types and Task; utils.py create_sg_entities_in_ay ignores task and version as folder types). */
const LAID_OUT = ["Episode", "Sequence", "Shot", "Asset", "Task"];

export function pythonAddonLayout(input: PythonLayoutInput): PythonLayout {
  const { store, settings } = input;
  const enabled = settings.enabledEntities.filter((t) => t !== "Project");
  // processor/processor.py: the custom map (entries with an sg field) plus status, tags and assignees, always.
  const attribsMap = new Map<string, string>(settings.customAttribsMap.filter((a) => a.sg !== "").map((a) => [a.ayon, a.sg]));
  attribsMap.set("status", "status_list").set("tags", "tags").set("assignees", "task_assignees");

  const anatomy = pythonAnatomy(input, enabled);
  const statusByCode = new Map(anatomy.statuses.map((s) => [s.shortName ?? "", s.name]));
  const project = { type: "Project", id: input.sgProjectId };
  const navchains = ((store.findOne("Project", input.sgProjectId, { fields: ["tracking_settings"] })?.tracking_settings ?? {}) as { navchains?: Record<string, string> }).navchains ?? {};
  const steps = new Map(store.find("Step", [], { fields: ["code"] }).map((s) => [s.id, String(s.code)]));

  const entities = new Map<string, PythonEntity>();
  const order: string[] = [];
  const add = (entity: PythonEntity) => {
    entities.set(entity.key, entity);
    order.push(entity.key);
  };
  const sgWrites: PythonLayout["shotgridWrites"] = [];
  const layout = layoutChains(settings);

  for (const type of LAID_OUT.filter((t) => enabled.includes(t))) {
    const fields = [...COMMON_FIELDS, ...[...attribsMap.values()].flatMap((sg) => [`sg_${sg}`, sg])].filter((f) => store.schema.type(type)?.field(f));
    const rows = store.find(type, [["project", "is", project]], { fields, sort: "id" });
    for (const row of rows) {
      const parentKey = parentOf(type, row, navchains, entities, add, layout);
      const key = `${type}:${row.id}`;
      // utils.py _sg_to_ay_dict: a Task is named slugify(content), typed by its Step (default task type without
      // one); any other entity is named slugify(code, min_length=0), typed by its ShotGrid type; the label is the text.
      const isTask = type === "Task";
      const stepId = (row.step as { id?: number } | null)?.id;
      const taskType = stepId !== undefined ? (steps.get(stepId) ?? settings.defaultTaskType) : settings.defaultTaskType;
      const label = String(isTask ? row.content : row.code);
      const id = newAyonId();
      const values = mappedValues(row, attribsMap, fields);
      const attrib: Record<string, unknown> = { shotgridId: String(row.id), shotgridType: type };
      for (const [ayon, value] of values) if (!["status", "tags", "assignees"].includes(ayon)) attrib[ayon] = asAyonValue(value, input.attributeTypes.get(ayon));
      // utils.py create_new_ayon_entity: status by its short name; assignees (utils.py _add_task_assignees: HumanUsers
      // with an AYON user only) and tag names when set.
      const code = values.get("status");
      const assignees = ((values.get("assignees") ?? []) as Array<{ type: string; id: number }>).filter((a) => a.type === "HumanUser").map((a) => input.users.get(a.id)).filter((n): n is string => n !== undefined);
      const data: Record<string, unknown> = { sg_ayon_sync_status: "Synced", sg_ayon_id: id };
      if (type === "Shot" && row.sg_sequence) data.sg_sequence = row.sg_sequence;
      const name = pythonName(label, isTask ? "task" : "folder");
      add({
        key, kind: isTask ? "task" : "folder", id, name, label: label === name ? null : label, type: isTask ? taskType : type,
        parentKey, attrib, data, status: typeof code === "string" ? (statusByCode.get(code) ?? null) : null, sgStatus: typeof code === "string" ? code : null,
        tags: ((values.get("tags") ?? []) as Array<{ name: string }>).map((t) => t.name), assignees,
        refused: REFUSED_LABEL.test(label) ? "AYON refuses a label with ' or ; (ayon-backend types.py LABEL_REGEX)" : null,
      });
      // match_shotgrid_hierarchy_in_ayon.py _update_sg_entity: the AYON id and "Synced" — not for a refused entity
      // (see PythonEntity.refused).
      if (!REFUSED_LABEL.test(label)) sgWrites.push({ type, id: row.id, data: { sg_ayon_id: id, sg_ayon_sync_status: "Synced" } });
    }
  }
  const { attrib: projectAttrib, tags: projectTags } = projectFields(store, input.sgProjectId, attribsMap);
  const known = new Set((anatomy.tags ?? []).map((t) => t.name));
  anatomy.tags = [...(anatomy.tags ?? []), ...projectTags.filter((name) => !known.has(name)).map((name) => ({ name, color: "#8fb3ff" }))];
  // match_shotgrid_hierarchy_in_ayon.py: the Project gets the project entity's id (its name) and the project status.
  sgWrites.push({ type: "Project", id: input.sgProjectId, data: { sg_ayon_id: input.project, sg_ayon_sync_status: "Synced" } });
  return { project: input.project, anatomy, projectAttrib, entities: order.map((k) => entities.get(k)!), shotgridWrites: sgWrites };
}

/**
 * match_shotgrid_hierarchy_in_ayon.py _sync_project_attributes: each mapped value of the ShotGrid Project is
 * `<field>` when truthy, else `sg_<field>`, set as is (no date conversion); tags go to the anatomy (_add_tags:
 * the names missing there, with a random colour); null is skipped.
 */
function projectFields(store: ShotgridStore, projectId: number, map: ReadonlyMap<string, string>): { attrib: Record<string, unknown>; tags: string[] } {
  const fields = [...map.values()].flatMap((sg) => [sg, `sg_${sg}`]).filter((f) => store.schema.type("Project")?.field(f));
  const row = store.findOne("Project", projectId, { fields }) ?? {};
  const attrib: Record<string, unknown> = {};
  let tags: string[] = [];
  for (const [ayon, sg] of map) {
    const value = (row as Record<string, unknown>)[sg] || (row as Record<string, unknown>)[`sg_${sg}`];
    if (value === null || value === undefined) continue;
    if (ayon === "tags") tags = (value as Array<{ name: string }>).map((t) => t.name);
    else attrib[ayon] = value;
  }
  return { attrib, tags };
}

/** utils.py _get_parenting_transfer_type / _get_parents_and_types: the layout chain per ShotGrid type (one mode on). */
function layoutChains(settings: PythonAddonSettings): Map<string, Array<{ folder_type: string; folder_name: string }>> {
  const out = new Map<string, Array<{ folder_type: string; folder_name: string }>>();
  const fp = settings.folderParenting;
  const mode = fp?.root_relocate.enabled ? fp.root_relocate : fp?.type_grouping.enabled ? fp.type_grouping : null;
  for (const preset of mode?.presets ?? []) if (!out.has(preset.filter_by_sg_entity_type)) out.set(preset.filter_by_sg_entity_type, preset.parents);
  return out;
}

/**
 * The parent of one entity, creating the asset category and layout folders it needs on the way:
 * - utils.py get_sg_entities: the parent is the entity the navchain field links to (the project when empty or
 *   flat); an Asset goes under its category folder `slugify(sg_asset_type).lower()`, itself under the project;
 * - match_shotgrid_hierarchy_in_ayon.py: an Episode, Sequence, Shot or AssetCategory (as "Asset") with a
 *   folder_parenting preset goes under the preset's chain instead (utils.py _get_special_category: found or
 *   created from the project root down, named and labelled as given, shotgridType = the folder type, no
 *   shotgridId); an Asset whose parent field is sg_asset_type stays under its category.
 */
function parentOf(
  type: string, row: Record<string, unknown>, navchains: Record<string, string>, entities: Map<string, PythonEntity>,
  add: (e: PythonEntity) => void, layout: Map<string, Array<{ folder_type: string; folder_name: string }>>,
): string | null {
  const placed = (sgType: string, fallback: string | null): string | null => {
    const chain = layout.get(sgType);
    if (!chain || chain.length === 0) return fallback;
    let parent: string | null = null;
    const path: string[] = [];
    for (const folder of chain) {
      path.push(folder.folder_name);
      const key = `Layout:${path.join("/")}`;
      if (!entities.has(key)) add(folderWithoutShotgridRow(key, folder.folder_name, folder.folder_name, folder.folder_type, parent, { shotgridType: folder.folder_type }));
      parent = key;
    }
    return parent;
  };
  if (type === "Task") {
    const entity = row.entity as { type: string; id: number };
    return `${entity.type}:${entity.id}`;
  }
  const chain = navchains[type];
  const field = type === "Task" ? "entity" : chain && chain !== "__flat__" ? chain.split(",")[0]!.replace(`${type}.`, "") : "project";
  if (type === "Asset" && row.sg_asset_type) {
    const category = String(row.sg_asset_type);
    const name = pythonName(category, "category");
    const key = `AssetCategory:${name}`;
    if (!entities.has(key)) {
      add(folderWithoutShotgridRow(key, name, category, "AssetCategory", placed("Asset", null), { shotgridId: name, shotgridType: "AssetCategory" }));
    }
    if (field === "sg_asset_type") return key;
    return placed("Asset", key);
  }
  const link = field === "project" ? null : (row[field] as { type?: string; id?: number } | null);
  const natural = link?.id ? `${link.type}:${link.id}` : null;
  return placed(type, natural);
}

/** utils.py get_sg_entities (categories) and _create_special_category (layout folders): no ShotGrid row behind. */
function folderWithoutShotgridRow(key: string, name: string, label: string, folderType: string, parentKey: string | null, attrib: Record<string, unknown>): PythonEntity {
  return {
    key, kind: "folder", id: newAyonId(), name, label: label === name ? null : label, type: folderType, parentKey, attrib,
    data: { sg_ayon_id: null, sg_ayon_sync_status: null }, status: null, sgStatus: null, tags: [], assignees: [], refused: null,
  };
}

/** utils.py _sg_to_ay_dict: each mapped value is `sg_<field>` when the row has it, else `<field>`; null is skipped. */
function mappedValues(row: Record<string, unknown>, map: ReadonlyMap<string, string>, fields: readonly string[]): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [ayon, sg] of map) {
    const value = fields.includes(`sg_${sg}`) ? row[`sg_${sg}`] : fields.includes(sg) ? row[sg] : undefined;
    if (value !== null && value !== undefined) out.set(ayon, value);
  }
  return out;
}

/**
 * utils.py create_new_ayon_entity: a value for a datetime attribute is parsed `%Y-%m-%d` into a naive datetime,
 * which ayon-python-api sends as `int(value.timestamp())` (utils.py entity_data_json_default): midnight in the
 * processor's time zone — UTC here, as on the machine these tests run on.
 */
function asAyonValue(value: unknown, attributeType: string | undefined): unknown {
  const date = typeof value === "string" ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  if (attributeType === "datetime" && date) return Date.UTC(Number(date[1]), Number(date[2]) - 1, Number(date[3])) / 1000;
  return value;
}

/**
 * utils.py create_sg_entities_in_ay: folder types = the enabled types but task/version, then the project's, then
 * AssetCategory and Folder (unique by name, first kept); statuses of every enabled type's status field whose code
 * (lowercase) the project lacks, named by the display name, " (from SG)" added when that name (lowercase) is taken;
 * task types = the Steps of the enabled types (code, short name lowercased), then the project's.
 */
function pythonAnatomy(input: PythonLayoutInput, enabled: readonly string[]): PythonLayout["anatomy"] {
  const { store } = input;
  const uniqueByName = <T extends { name: string }>(items: T[]): T[] => [...new Map(items.map((i) => [i.name, i])).values()];
  const folderTypes = uniqueByName([
    ...enabled.filter((t) => !["task", "version"].includes(t.toLowerCase())).map((name) => ({ name })),
    ...input.anatomy.folderTypes,
    { name: "AssetCategory" },
    { name: "Folder" },
  ]);
  const statuses = [...input.anatomy.statuses];
  const codes = statuses.map((s) => (s.shortName ?? "").toLowerCase());
  const names = statuses.map((s) => s.name.toLowerCase());
  for (const type of enabled) {
    const field = store.schema.type(type)?.field(type === "Playlist" ? "sg_playlist_status" : "sg_status_list");
    const display = (field?.json.properties.display_values?.value ?? {}) as Record<string, string>;
    for (const [code, displayName] of Object.entries(display)) {
      if (codes.includes(code.toLowerCase())) continue;
      statuses.push({ name: names.includes(displayName.toLowerCase()) ? `${displayName} (from SG)` : displayName, shortName: code });
      codes.push(code);
    }
  }
  const steps = store.find("Step", [], { fields: ["code", "short_name", "entity_type"] }).filter((s) => enabled.includes(String(s.entity_type)));
  const taskTypes = uniqueByName([...steps.map((s) => ({ name: String(s.code), shortName: String(s.short_name).toLowerCase() })), ...input.anatomy.taskTypes]);
  return { folderTypes, taskTypes, statuses, tags: [...(input.anatomy.tags ?? [])] };
}

/**
 * Puts a layout where the Python addon leaves it: the anatomy and every entity AYON accepted in AYON (one
 * operations transaction, as the entity hub commits), and its write-backs in ShotGrid (as the script user).
 */
export async function seedPythonLayout(ayon: AyonClient, store: ShotgridStore, layout: PythonLayout, options: { as?: { type: string; id: number } } = {}): Promise<void> {
  await ayon.updateProject(layout.project, { ...(layout.anatomy as object), attrib: layout.projectAttrib } as never);
  const ids = new Map(layout.entities.map((e) => [e.key, e.id]));
  const refused = new Set(layout.entities.filter((e) => e.refused !== null).map((e) => e.key));
  const orphan = layout.entities.find((e) => e.parentKey !== null && refused.has(e.parentKey));
  if (orphan) throw new Error(`${orphan.key} sits under an entity AYON refused: the fixture keeps refused entities as leaves`);
  const operations: Operation[] = layout.entities.filter((e) => e.refused === null).map((e) => {
    const parentId = e.parentKey === null ? null : ids.get(e.parentKey)!;
    const data: Record<string, unknown> = { name: e.name, attrib: e.attrib, data: e.data, tags: e.tags };
    if (e.label !== null) data.label = e.label;
    if (e.status !== null) data.status = e.status;
    if (e.kind === "folder") Object.assign(data, { folderType: e.type, parentId });
    else Object.assign(data, { taskType: e.type, folderId: parentId, assignees: e.assignees });
    return { type: "create", entityType: e.kind, entityId: e.id, data };
  });
  await ayon.operations(layout.project, operations);
  for (const write of layout.shotgridWrites) store.update(write.type, write.id, write.data, options.as ? { as: options.as as never } : undefined);
}
