// Test world of the shotgrid-event handler: both emulators, a runtime with the plugin (clients that count their
// requests), imported projects, and ShotGrid edits turned into the events the leecher would dispatch — built by
// the leecher's own payload code from the emulator's real EventLogEntry rows, replayed in id order.
import { expect } from "@jest/globals";
import { AyonClient, newAyonId, SilentLogger, type JobReport } from "@ayon-sg/core";
import { createTestRuntime, type TestRuntime } from "@ayon-sg/testing";
import { eventDispatch, isBackReference } from "@ayon-sg/leecher";
import { baseName, isNameFor, loadProjectContext, runFullSync, ShotgridClient, type LinkedProject } from "@ayon-sg/shotgrid";
import type { AyonEmulator, GeneratedShotgridProject, ShotgridFlatRecord, ShotgridProjectSpec, ShotgridStore, ShotgridUserRef } from "@ayon-sg/testkit";
import { AYON_KEY, linkedProject, SG_SCRIPT, startSyncEnv, type SyncEnv } from "@ayon-sg/shotgrid/testing";
import plugin from "./index.js";

export { AYON_KEY, SG_SCRIPT };

/** Requests the handler's clients sent, by "METHOD route". */
export class RequestCounter {
  readonly counts = new Map<string, number>();
  record = (info: { method: string; route: string }) => {
    const key = `${info.method} ${info.route}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  };
  reset(): void {
    this.counts.clear();
  }
  total(): number {
    let n = 0;
    for (const count of this.counts.values()) n += count;
    return n;
  }
}

export interface UpdateWorld {
  env: SyncEnv;
  runtime: TestRuntime;
  artist: ShotgridUserRef;
  store: ShotgridStore;
  /** What the handler asked of each server (token requests included on the ShotGrid side). */
  requests: { ayon: RequestCounter; sg: RequestCounter };
  close(): Promise<void>;
}

export async function startUpdateWorld(options: { settings?: Record<string, unknown> } = {}): Promise<UpdateWorld> {
  const env = await startSyncEnv();
  const requests = { ayon: new RequestCounter(), sg: new RequestCounter() };
  const sg = new ShotgridClient({ siteUrl: env.sgEmulator.url, scriptName: SG_SCRIPT.name, scriptKey: SG_SCRIPT.key, retry: { limit: 1, baseDelayMs: 5, maxDelayMs: 20 }, onRequest: requests.sg.record });
  const ayon = new AyonClient({
    serverUrl: env.ayonEmulator.url, apiKey: AYON_KEY, sender: "update-test", senderType: "shotgrid",
    retry: { limit: 1, baseDelayMs: 5, maxDelayMs: 20 }, onRequest: requests.ayon.record,
  });
  const runtime = await createTestRuntime({
    plugins: [plugin],
    ayon: { url: env.ayonEmulator.url, apiKey: AYON_KEY },
    settings: { ...env.studioSettings, ...options.settings },
    // The handler's clients: AYON's replaces the runtime's own for handlers only, so its count is the handler's.
    services: [{ token: ShotgridClient, value: sg }, { token: AyonClient, value: ayon }],
    // The runtime learns a project's lane from its first job but only probes that lane at the next sweep: a
    // short sweep keeps the second event of a fresh project from waiting (noticed in core, left to its owner).
    queue: { sweepIntervalMs: 250 },
  });
  await runtime.start();
  return {
    env, runtime, requests, store: env.sgEmulator.store, artist: env.sgEmulator.humanUser("ann", "Ann Artist"),
    close: async () => {
      await runtime.stop();
      await env.close();
    },
  };
}

/** A generated ShotGrid project (auto-sync on) imported into an AYON project of the same name by a full sync. */
export async function importedProject(env: SyncEnv, name: string, spec: Omit<ShotgridProjectSpec, "name">): Promise<GeneratedShotgridProject> {
  const generated = await linkedProject(env, name, { autoSync: true, ...spec });
  const loaded = await loadProjectContext({ ayon: env.ayon, sg: env.sg, settings: env.settings }, name);
  if (!loaded.ok) throw new Error(loaded.reason);
  const summary = await runFullSync({ ayon: env.ayon, sg: env.sg, logger: new SilentLogger() }, loaded.context);
  if (summary.failed > 0) throw new Error(`import of ${name} failed: ${JSON.stringify(summary.failures)}`);
  return generated;
}

const SMALL_SPEC = { episodes: 1, sequencesPerEpisode: 2, shots: 4, assets: 2, assetCategories: ["Character", "Prop"], tasksPerEntity: 2 };

/** A small imported project, with the handles the rule tests pass around: the generated tree, its AYON/ShotGrid pair, its link. */
export async function smallProject(world: UpdateWorld, name: string): Promise<{ g: GeneratedShotgridProject; p: { ayon: string; sgId: number }; ref: { type: "Project"; id: number } }> {
  const g = await importedProject(world.env, name, SMALL_SPEC);
  return { g, p: { ayon: name, sgId: g.projectId }, ref: { type: "Project", id: g.projectId } };
}

export function lastEventId(store: ShotgridStore): number {
  return store.find("EventLogEntry", [], { fields: ["id"], sort: "-id", limit: 1 })[0]?.id ?? 0;
}

const LEECHED = /^Shotgun_(Project|Episode|Sequence|Shot|Asset|Task)_(New|Change|Retirement|Revival)$/;

/** The EventLogEntry rows after `after` the leecher would dispatch for this project (its rules, restated). */
export function leechableEvents(env: SyncEnv, after: number, projectId: number): ShotgridFlatRecord[] {
  const own = env.sgEmulator.script(SG_SCRIPT.name);
  const rows = env.sgEmulator.store.find("EventLogEntry", [["id", "greater_than", after]], {
    fields: ["id", "event_type", "attribute_name", "meta", "entity", "user", "project", "session_uuid", "created_at"],
    sort: "id",
  });
  return rows.filter((row) => {
    const m = LEECHED.exec(String(row.event_type));
    if (!m) return false;
    const user = row.user as { type: string; id: number } | null;
    if (user && user.type === own.type && user.id === own.id) return false;
    const meta = (row.meta ?? {}) as { in_create?: boolean; entity_id?: number };
    if (m[2] === "Change" && meta.in_create === true) return false;
    // No test here maps a reverse link field, so the leecher drops every back-reference row.
    if (m[2] === "Change" && isBackReference(row, m[1]!)) return false;
    const project = m[1] === "Project" ? ((row.entity as { id: number } | null)?.id ?? meta.entity_id) : (row.project as { id: number } | null)?.id;
    return project === projectId;
  });
}

/** Dispatches EventLogEntry rows as the leecher would (same payload code), in order; resolves with their job reports. */
export async function dispatchEvents(world: UpdateWorld, ayonProject: string, projectId: number, rows: readonly ShotgridFlatRecord[]): Promise<JobReport[]> {
  const linked: LinkedProject = { sgProjectId: projectId, sgProjectName: ayonProject, projectCode: ayonProject, projectCodeField: "code", ayonProjectName: ayonProject };
  const ids: string[] = [];
  for (const row of rows) {
    const request = eventDispatch(row, linked, world.env.sgEmulator.url);
    ids.push(await world.runtime.dispatch(request.topic, { project: ayonProject, payload: request.payload, summary: request.summary }));
  }
  const reports: JobReport[] = [];
  for (const id of ids) reports.push(await world.runtime.waitForJob(id, 20_000));
  return reports;
}

/** Runs ShotGrid edits (as the artist) and replays the events they logged; resolves with the job reports. */
export async function editAndReplay(
  world: UpdateWorld,
  project: { ayon: string; sgId: number },
  edit: (store: ShotgridStore, as: { as: ShotgridUserRef }) => void,
): Promise<JobReport[]> {
  const before = lastEventId(world.store);
  edit(world.store, { as: world.artist });
  return dispatchEvents(world, project.ayon, project.sgId, leechableEvents(world.env, before, project.sgId));
}

/** One AYON entity as the comparisons see it. */
export interface TreeEntity {
  id: string;
  kind: "folder" | "task";
  name: string;
  label: string;
  type: string;
  status: string;
  active: boolean;
  /** Identity key of the parent (`Sequence:5`), null at the root. */
  parent: string | null;
  parentId: string | null;
  shotgridId: string | null;
  shotgridType: string | null;
}

/** An AYON project as the emulator holds it: linked entities by identity key, the others ("removed", unlinked) apart. */
export function ayonTree(emulator: AyonEmulator, project: string): { linked: Map<string, TreeEntity>; other: TreeEntity[] } {
  const state = emulator.state.project(project);
  if (!state) throw new Error(`no AYON project ${project}`);
  const keyOf = (attrib: Record<string, unknown>) =>
    typeof attrib.shotgridId === "string" && attrib.shotgridId !== "removed" && typeof attrib.shotgridType === "string" ? `${attrib.shotgridType}:${attrib.shotgridId}` : null;
  const keyById = new Map<string, string | null>();
  for (const f of state.folders.values()) keyById.set(f.id, keyOf(f.attrib));
  const linked = new Map<string, TreeEntity>();
  const other: TreeEntity[] = [];
  const add = (entity: TreeEntity, key: string | null) => {
    if (key === null) return void other.push(entity);
    if (linked.has(key)) throw new Error(`two AYON entities carry ${key}`);
    linked.set(key, entity);
  };
  for (const f of state.folders.values()) {
    add({
      id: f.id, kind: "folder", name: f.name, label: f.label ?? f.name, type: f.folderType, status: f.status, active: f.active,
      parent: f.parentId ? (keyById.get(f.parentId) ?? `?${f.parentId}`) : null, parentId: f.parentId,
      shotgridId: (f.attrib.shotgridId as string | undefined) ?? null, shotgridType: (f.attrib.shotgridType as string | undefined) ?? null,
    }, keyOf(f.attrib));
  }
  for (const t of state.tasks.values()) {
    add({
      id: t.id, kind: "task", name: t.name, label: t.label ?? t.name, type: t.taskType, status: t.status, active: t.active,
      parent: keyById.get(t.folderId) ?? `?${t.folderId}`, parentId: t.folderId,
      shotgridId: (t.attrib.shotgridId as string | undefined) ?? null, shotgridType: (t.attrib.shotgridType as string | undefined) ?? null,
    }, keyOf(t.attrib));
  }
  return { linked, other };
}

/**
 * Expects the AYON project a live sync made (`live`) to equal a fresh full sync of the same final ShotGrid state
 * (`reference`), entity by entity: presence, AYON id (asset categories excepted: they have no ShotGrid row to keep
 * one in), label, parent, type, status, active flag exactly; the name exactly, or, where a sibling clash made it
 * depend on history, both names forms of the entity's current ShotGrid name. No unlinked entity may exist, and
 * ShotGrid must hold every live entity's AYON id. Returns how many entities were compared and the names history set.
 */
export function expectEqualTrees(live: AyonEmulator, reference: AyonEmulator, project: string, store: ShotgridStore): { size: number; historyNames: string[] } {
  const got = ayonTree(live, project);
  const want = ayonTree(reference, project);
  expect(got.other).toEqual([]);
  expect([...got.linked.keys()].sort()).toEqual([...want.linked.keys()].sort());
  const historyNames: string[] = [];
  for (const [key, expected] of want.linked) {
    const actual = got.linked.get(key)!;
    const strip = (e: TreeEntity) => ({ id: key.startsWith("AssetCategory:") ? "(new)" : e.id, kind: e.kind, label: e.label, type: e.type, status: e.status, active: e.active, parent: e.parent });
    expect([key, strip(actual)]).toEqual([key, strip(expected)]);
    if (actual.name !== expected.name) {
      const request = currentName(store, key, expected);
      expect([key, actual.name, expected.name, isNameFor(actual.name, request) && isNameFor(expected.name, request)]).toEqual([key, actual.name, expected.name, true]);
      historyNames.push(`${key}: ${actual.name} / ${expected.name}`);
    }
  }
  for (const [key, entity] of got.linked) {
    if (key.startsWith("AssetCategory:")) continue;
    const [type, id] = key.split(":");
    expect([key, store.findOne(type!, Number(id), { fields: ["sg_ayon_id"] })?.sg_ayon_id]).toEqual([key, entity.id]);
  }
  return { size: want.linked.size, historyNames };
}

/** The name an entity asks for now in ShotGrid (a category's is its label), for the name rule. */
function currentName(store: ShotgridStore, key: string, entity: TreeEntity): { sgId: number | string; base: string } {
  const [type, id] = [key.slice(0, key.indexOf(":")), key.slice(key.indexOf(":") + 1)];
  if (type === "AssetCategory") return { sgId: id, base: baseName(entity.label, type, id) };
  const field = type === "Task" ? "content" : "code";
  const record = store.findOne(type, Number(id), { fields: [field] });
  return { sgId: Number(id), base: baseName(record?.[field], type, Number(id), type === "Task" ? entity.type : null) };
}

/** `sg_ayon_id` / `sg_ayon_sync_status` of one ShotGrid entity (alive or retired). */
export function sgIdentity(store: ShotgridStore, type: string, id: number): { sg_ayon_id: unknown; sg_ayon_sync_status: unknown } {
  const row = store.findOne(type, id, { fields: ["sg_ayon_id", "sg_ayon_sync_status"] }) ?? store.findOne(type, id, { fields: ["sg_ayon_id", "sg_ayon_sync_status"], retired: true });
  return { sg_ayon_id: row?.sg_ayon_id ?? null, sg_ayon_sync_status: row?.sg_ayon_sync_status ?? null };
}

/** A product (and, when asked, its version v001) in the folder, made as a publisher makes them: AYON's operations. */
export async function publish(world: UpdateWorld, project: string, folderId: string, withVersion: boolean): Promise<void> {
  const publisher = new AyonClient({ serverUrl: world.env.ayonEmulator.url, apiKey: AYON_KEY, retry: { limit: 0 } });
  const productId = newAyonId();
  const res = await publisher.operations(project, [
    { type: "create", entityType: "product", entityId: productId, data: { name: "plateMain", folderId, productType: "plate" } },
    ...(withVersion ? [{ type: "create" as const, entityType: "version" as const, data: { version: 1, productId } }] : []),
  ]);
  expect(res.success).toBe(true);
}
