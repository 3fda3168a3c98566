// The ShotGrid project of the take-over test (python-takeover.test.ts): tricky names — dashes, dots, spaces,
// repeated separators, apostrophes, CJK, Cyrillic, accented Latin, 80 characters — on every level, asset types
// with spaces and dashes, statuses (one whose code AYON's anatomy holds in another case), a tag, an assignee and
// values for a custom attribute map (frame start, fps, description, a date), on the Project too (with a tag).
import { pythonAddonLayout, type PythonAddonSettings, type PythonLayout, type SyncEnv } from "@ayon-sg/shotgrid/testing";
import { generateShotgridProject } from "@ayon-sg/testkit";

const SCOPE = ["Project", "Episode", "Sequence", "Shot", "Asset", "Task", "Version", "Note"];
const off = { enabled: false, presets: [] };
/** The studio's compatibility settings, the same for both addons (server/settings/main.py keys). */
export const COMPATIBILITY = {
  default_task_type: "Generic",
  shotgrid_enabled_entities: SCOPE,
  custom_attribs_map: [
    { ayon: "frameStart", sg: "head_in", type: "integer", scope: SCOPE },
    { ayon: "fps", sg: "fps", type: "float", scope: SCOPE },
    { ayon: "description", sg: "description", type: "string", scope: SCOPE },
    { ayon: "startDate", sg: "start_date", type: "datetime", scope: SCOPE },
  ],
  folder_parenting: {
    root_relocate: off,
    type_grouping: {
      enabled: true,
      presets: [
        { filter_by_sg_entity_type: "Shot", parents: [{ folder_type: "Folder", folder_name: "shots" }] },
        { filter_by_sg_entity_type: "Asset", parents: [{ folder_type: "Folder", folder_name: "lib" }, { folder_type: "Folder", folder_name: "assets" }] },
      ],
    },
  },
};
export const PYTHON_SETTINGS: PythonAddonSettings = {
  defaultTaskType: COMPATIBILITY.default_task_type,
  enabledEntities: COMPATIBILITY.shotgrid_enabled_entities,
  customAttribsMap: COMPATIBILITY.custom_attribs_map,
  folderParenting: COMPATIBILITY.folder_parenting,
};

export interface TrickyProject {
  projectId: number;
  ids: Map<string, number>;
  steps: Map<string, number>;
}

/** The ShotGrid project: a generated base (Steps, an Episode...) and the tricky entities, keyed by their code. */
export function trickyProject(env: SyncEnv, name: string): TrickyProject {
  const store = env.sgEmulator.store;
  const base = generateShotgridProject(store, { name, episodes: 1, sequencesPerEpisode: 1, shots: 1, assets: 1, assetCategories: ["Character"], tasksPerEntity: 1, autoSync: true });
  const project = { type: "Project", id: base.projectId };
  store.update("Project", base.projectId, { tracking_settings: { navchains: { Shot: "Shot.sg_sequence", Sequence: "Sequence.episode", Asset: "Asset.sg_asset_type" } } });
  // A site's asset types with spaces and dashes (an admin adds them to the list field).
  const valid = store.schema.type("Asset")!.field("sg_asset_type")!.json.properties.valid_values!;
  valid.value = [...(valid.value as string[]), "Vehicle - Air", "Set Dressing", "env-ext"];
  const ids = new Map<string, number>();
  const make = (type: string, data: Record<string, unknown>) => {
    const id = store.create(type, { project, ...data }).id;
    ids.set(String(data.code ?? data.content), id);
    return { type, id };
  };
  const steps = new Map(base.tree.steps.map((s) => [s.code, s.id]));
  const step = (code: string) => ({ type: "Step", id: steps.get(code)! });
  const ann = env.sgEmulator.humanUser("ann", "Ann Artist");
  const hero = store.create("Tag", { name: "hero" });
  store.update("Project", base.projectId, { sg_description: "Take-over; 2026", sg_fps: 24.5, tags: [store.create("Tag", { name: "client-a" })] });

  const episode = make("Episode", { code: "Ça va", sg_status_list: "ip" });
  const beijing = make("Sequence", { code: "北京 场景", episode, sg_status_list: "wtg", description: "夜景" });
  const moscow = make("Sequence", { code: "Москва", episode: { type: "Episode", id: base.ids.Episode[0]! } });
  const shots = {
    dash: make("Shot", { code: "sh010-a", sg_sequence: beijing, sg_status_list: "wtg", tags: [hero], sg_head_in: 1001, sg_fps: 23.976, description: "opening; wide" }),
    spaces: make("Shot", { code: "sh  010", sg_sequence: beijing, sg_status_list: "hld" }),
    copy: make("Shot", { code: "sh010 (copy)", sg_sequence: beijing }),
    cjk: make("Shot", { code: "镜头040", sg_sequence: beijing, sg_status_list: "ip", sg_head_in: 993, sg_fps: 25.5 }),
    accents: make("Shot", { code: "Crème brûlée", sg_sequence: beijing }),
    long: make("Shot", { code: `Shot ${"long".repeat(19)}`, sg_sequence: beijing }),
    apostrophe: make("Shot", { code: "sh010's", sg_sequence: beijing }),
    cyrillic: make("Shot", { code: "Щука-2", sg_sequence: moscow, sg_status_list: "fin" }),
    edges: make("Shot", { code: "-sh010-", sg_sequence: moscow }),
    dots: make("Shot", { code: "sh.010.v2", sg_sequence: moscow }),
  };
  const assets = {
    swedish: make("Asset", { code: "Smörgåsbord", sg_asset_type: "Vehicle - Air", sg_status_list: "ip", description: "Ein Flugzeug" }),
    cafe: make("Asset", { code: "naïve café", sg_asset_type: "Set Dressing" }),
    long: make("Asset", { code: "x".repeat(80), sg_asset_type: "env-ext" }),
    polish: make("Asset", { code: "Łódź", sg_asset_type: "Vehicle - Air" }),
    apostrophe: make("Asset", { code: "O'Brien", sg_asset_type: "Character" }),
  };
  make("Task", { content: "Comp - Final", entity: shots.dash, step: step("Compositing"), sg_status_list: "ip", task_assignees: [ann], start_date: "2026-01-05" });
  make("Task", { content: "Anim: Block", entity: shots.dash, step: step("Animation") });
  make("Task", { content: "Layout / Cam", entity: shots.cjk, step: step("Layout") });
  make("Task", { content: "Съёмка 01", entity: shots.cjk, step: step("Lighting"), sg_status_list: "fin" });
  make("Task", { content: "it's a shot", entity: shots.accents, step: step("Layout") });
  make("Task", { content: "FX.sim", entity: assets.swedish, step: step("Modeling") });
  make("Task", { content: "roto+paint", entity: assets.cafe, step: step("Texturing") });
  return { projectId: base.projectId, ids, steps };
}

/** The artist's AYON user name (her ShotGrid login is `ann`). */
export const AYON_ARTIST = "annie";

/**
 * The ShotGrid project, an AYON project `name` linked to it, the AYON user the Python addon's user sync linked to
 * the artist (data.sg_user_id), and the layout the Python addon gives it (not written yet).
 */
export async function linkedTrickyProject(env: SyncEnv, name: string): Promise<{ sg: TrickyProject; layout: PythonLayout }> {
  await env.ayon.createProject({ name, code: name });
  const sg = trickyProject(env, name);
  await env.ayon.updateProject(name, { attrib: { shotgridId: String(sg.projectId), shotgridType: "Project" } });
  const ann = env.sgEmulator.humanUser("ann", "Ann Artist");
  // Named otherwise than her login: only the link says who she is.
  await env.ayon.createUser(AYON_ARTIST, { active: true, attrib: { fullName: "Ann Artist" }, data: { sg_user_id: ann.id } });
  const project = (await env.ayon.getProject(name))!;
  const attributes = await env.ayon.listAttributes();
  const layout = pythonAddonLayout({
    store: env.sgEmulator.store, sgProjectId: sg.projectId, project: name, settings: PYTHON_SETTINGS,
    anatomy: { folderTypes: project.folderTypes, taskTypes: project.taskTypes, statuses: project.statuses, tags: project.tags },
    users: new Map([[ann.id, AYON_ARTIST]]),
    attributeTypes: new Map(attributes.map((a) => [a.name, a.data.type])),
  });
  return { sg, layout };
}
