// Test environment for sync tests: both emulators, clients pointed at them, a generated ShotGrid project
// and the expected AYON tree computed straight from the generator's output (not through the planner), plus
// write counters over the emulators' request stats. The handler packages' tests import this file too.
import { AddonSettings, AyonClient, type PluginDeclaration } from "@ayon-sg/core";
import { createTestRuntime, type TestRuntime, type TestRuntimeOptions } from "@ayon-sg/testing";
import {
  generateShotgridProject, startAyonEmulator, startShotgridEmulator, type AyonEmulator, type EmulatorStats,
  type GeneratedShotgridProject, type ShotgridEmulator, type ShotgridProjectSpec,
} from "@ayon-sg/testkit";
import { ShotgridClient } from "../client/index.js";
import { ensureAyonAttributes } from "./setup.js";

export const AYON_KEY = "ayon-test-key";
export const SG_SCRIPT = { name: "ayon-sg", key: "sg-key" };
export const SG_KEY_SECRET = "sg_script_key";

export interface SyncEnv {
  ayonEmulator: AyonEmulator;
  sgEmulator: ShotgridEmulator;
  ayon: AyonClient;
  sg: ShotgridClient;
  /** Studio-level addon settings pointing at the ShotGrid emulator. */
  studioSettings: Record<string, unknown>;
  settings: AddonSettings;
  close(): Promise<void>;
}

export async function startSyncEnv(options: { attributes?: boolean; freshSite?: boolean } = {}): Promise<SyncEnv> {
  const [ayonEmulator, sgEmulator] = await Promise.all([
    startAyonEmulator({ apiKey: AYON_KEY }),
    startShotgridEmulator({ scripts: [SG_SCRIPT], freshSite: options.freshSite }),
  ]);
  const ayon = new AyonClient({
    serverUrl: ayonEmulator.url, apiKey: AYON_KEY, sender: "sync-test", senderType: "shotgrid",
    retry: { limit: 1, baseDelayMs: 5, maxDelayMs: 20 },
  });
  const sg = new ShotgridClient({
    siteUrl: sgEmulator.url, scriptName: SG_SCRIPT.name, scriptKey: SG_SCRIPT.key, retry: { limit: 1, baseDelayMs: 5, maxDelayMs: 20 },
  });
  if (options.attributes !== false) {
    await ensureAyonAttributes(ayon);
    ayonEmulator.restart();
  }
  await ayon.setSecret(SG_KEY_SECRET, SG_SCRIPT.key);
  const studioSettings = {
    shotgrid_server: sgEmulator.url,
    service_settings: { script_name: SG_SCRIPT.name, script_key: SG_KEY_SECRET },
  };
  return {
    ayonEmulator,
    sgEmulator,
    ayon,
    sg,
    studioSettings,
    settings: new AddonSettings("shotgrid", null, studioSettings, null),
    close: async () => {
      await Promise.all([ayonEmulator.close(), sgEmulator.close()]);
    },
  };
}

/**
 * A test runtime with `plugins` against this environment: the AYON emulator, the studio settings, and the
 * environment's ShotGrid client in place of the one the plugins would build. Not started.
 */
export function syncEnvRuntime(env: SyncEnv, plugins: PluginDeclaration[], options: Partial<Omit<TestRuntimeOptions, "plugins">> = {}): Promise<TestRuntime> {
  return createTestRuntime({
    plugins,
    ayon: { url: env.ayonEmulator.url, apiKey: AYON_KEY },
    settings: env.studioSettings,
    services: [{ token: ShotgridClient, value: env.sg }],
    ...options,
  });
}

/** A generated ShotGrid project and an AYON project linked to it (attrib.shotgridId), not synced yet. */
export async function linkedProject(env: SyncEnv, name: string, spec: Omit<ShotgridProjectSpec, "name">): Promise<GeneratedShotgridProject> {
  const generated = generateShotgridProject(env.sgEmulator.store, { name, ...spec });
  await env.ayon.createProject({ name, code: name });
  await env.ayon.updateProject(name, { attrib: { shotgridId: String(generated.projectId), shotgridType: "Project" } });
  return generated;
}

export const SMALL_PROJECT: Omit<ShotgridProjectSpec, "name"> = {
  episodes: 1, sequencesPerEpisode: 2, shots: 6, assets: 4, assetCategories: ["Character", "Prop"], tasksPerEntity: 2,
};

/** One expected AYON entity, keyed by `shotgridType:shotgridId`. */
export interface ExpectedEntity {
  kind: "folder" | "task";
  name: string;
  label: string;
  type: string;
  /** `shotgridType:shotgridId` of the parent, null for the project root. */
  parent: string | null;
}

/**
 * The tree a sync must produce for a generated project with plain (non-nasty) names: written out from the
 * generator's own record of what it created, with the stock navchains (Sequence under Episode, Shot under
 * Sequence, Asset under its category) and tasks typed by their Step.
 */
export function expectedTree(generated: GeneratedShotgridProject): Map<string, ExpectedEntity> {
  const out = new Map<string, ExpectedEntity>();
  const steps = new Map(generated.tree.steps.map((s) => [s.id, s.code]));
  for (const e of generated.tree.episodes) out.set(`Episode:${e.id}`, { kind: "folder", name: e.code, label: e.code, type: "Episode", parent: null });
  for (const s of generated.tree.sequences) {
    out.set(`Sequence:${s.id}`, { kind: "folder", name: s.code, label: s.code, type: "Sequence", parent: s.episode ? `Episode:${s.episode}` : null });
  }
  for (const s of generated.tree.shots) out.set(`Shot:${s.id}`, { kind: "folder", name: s.code, label: s.code, type: "Shot", parent: `Sequence:${s.sequence}` });
  for (const a of generated.tree.assets) {
    const category = `AssetCategory:${a.category.toLowerCase()}`;
    // A plain one-word asset type: the Python addon's category name (slugify(...).lower()) is its lowercase.
    out.set(category, { kind: "folder", name: a.category.toLowerCase(), label: a.category, type: "AssetCategory", parent: null });
    out.set(`Asset:${a.id}`, { kind: "folder", name: a.code, label: a.code, type: "Asset", parent: category });
  }
  for (const t of generated.tree.tasks) {
    out.set(`Task:${t.id}`, { kind: "task", name: t.content, label: t.content, type: steps.get(t.step) ?? "", parent: `${t.entity.type}:${t.entity.id}` });
  }
  return out;
}

/** The AYON project as the emulator holds it, in the ExpectedEntity shape, plus the AYON id per key. */
export function actualTree(emulator: AyonEmulator, project: string): { tree: Map<string, ExpectedEntity>; ids: Map<string, string>; unlinked: number } {
  const state = emulator.state.project(project);
  if (!state) throw new Error(`no AYON project ${project}`);
  const keyById = new Map<string, string>();
  const keyOf = (attrib: Record<string, unknown>) => `${String(attrib.shotgridType)}:${String(attrib.shotgridId)}`;
  for (const f of state.folders.values()) keyById.set(f.id, keyOf(f.attrib));
  const tree = new Map<string, ExpectedEntity>();
  const ids = new Map<string, string>();
  let unlinked = 0;
  const add = (key: string, id: string, entity: ExpectedEntity) => {
    if (key.includes("undefined")) unlinked += 1;
    if (tree.has(key)) throw new Error(`two AYON entities carry ${key}`);
    tree.set(key, entity);
    ids.set(key, id);
  };
  for (const f of state.folders.values()) {
    add(keyOf(f.attrib), f.id, { kind: "folder", name: f.name, label: f.label ?? f.name, type: f.folderType, parent: f.parentId ? (keyById.get(f.parentId) ?? "?") : null });
  }
  for (const t of state.tasks.values()) {
    add(keyOf(t.attrib), t.id, { kind: "task", name: t.name, label: t.label ?? t.name, type: t.taskType, parent: keyById.get(t.folderId) ?? "?" });
  }
  return { tree, ids, unlinked };
}

/** `sg_ayon_id` of every live entity of the generated project, keyed `Type:id`. */
export function shotgridAyonIds(emulator: ShotgridEmulator, generated: GeneratedShotgridProject): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const type of ["Episode", "Sequence", "Shot", "Asset", "Task"] as const) {
    for (const id of generated.ids[type]) {
      const row = emulator.store.findOne(type, id, { fields: ["sg_ayon_id", "sg_ayon_sync_status"] });
      out.set(`${type}:${id}`, row?.sg_ayon_id ?? null);
    }
  }
  return out;
}

const AYON_BOOKKEEPING = /^(POST|PATCH) \/api\/(events|enroll)/;

/** Write requests the AYON emulator served: everything but reads, GraphQL and (for runtime tests) the job events. */
export function ayonWrites(stats: EmulatorStats, options: { excludeEvents?: boolean } = {}): Record<string, number> {
  return writesOf(stats, (route) => {
    if (route.startsWith("GET ") || route === "POST /graphql" || route.endsWith("<fault>")) return false;
    return !(options.excludeEvents && AYON_BOOKKEEPING.test(route));
  });
}

/** Write requests the ShotGrid emulator served: everything but reads, searches, counts and token requests. */
export function shotgridWrites(stats: EmulatorStats): Record<string, number> {
  return writesOf(stats, (route) => !(route.startsWith("GET ") || /_search|_summarize|auth\/access_token|<fault>/.test(route)));
}

function writesOf(stats: EmulatorStats, isWrite: (route: string) => boolean): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [route, { count }] of Object.entries(stats.byRoute)) if (isWrite(route)) out[route] = count;
  return out;
}
