// Issue 14, Must show 1: a ShotGrid project the Python addon (ayon-shotgrid 0.6.19) synced is taken over by
// ayon-sg without moving a thing. The project has tricky names (dashes, dots, spaces, repeated separators,
// apostrophes, CJK, Cyrillic, accented Latin, 80 characters) and asset types with spaces and dashes; AYON holds
// it as the Python addon's rules lay it out (python-addon-layout.ts, written from the Python code, names from
// python-names.json); ShotGrid holds what the Python addon wrote back. Then, through the real runtime against
// both emulators: the full sync (sync-from-shotgrid) writes nothing — beyond what the Python addon could not do:
// creating the entities AYON refused it (a label with an apostrophe) and the statuses it dropped — and a second
// full sync writes nothing at all; live edits replayed from ShotGrid's event log through the update handler
// change exactly what they should. The whole AYON project (every folder and task, every field, the anatomy) and
// every sg_ayon_* value in ShotGrid are compared before and after each step.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import type { TestRuntime } from "@ayon-sg/core/testing";
import syncPlugin from "@ayon-sg/handler-sync-from-shotgrid";
import updatePlugin from "@ayon-sg/handler-update-from-shotgrid";
import { editAndReplay, RequestCounter, type UpdateWorld } from "@ayon-sg/handler-update-from-shotgrid/testing";
import {
  AYON_KEY, ayonWrites, pythonAddonLayout, pythonName, seedPythonLayout, shotgridWrites, startSyncEnv, syncEnvRuntime,
  type PythonAddonSettings, type PythonLayout, type SyncEnv,
} from "@ayon-sg/shotgrid/testing";
import { trickyProject, type TrickyProject } from "./takeover-project.test-helpers.js";
import { diffSnapshots, shotgridLinks, snapshotProject, type SnapshotChange } from "./takeover-snapshot.test-helpers.js";

const P = "takeover";
/** The Python addon's settings for this studio (server/settings/main.py defaults where not set). */
const PYTHON_SETTINGS: PythonAddonSettings = {
  defaultTaskType: "Generic",
  enabledEntities: ["Project", "Episode", "Sequence", "Shot", "Asset", "Task", "Version", "Note"],
  customAttribsMap: [],
};

let env: SyncEnv;
let runtime: TestRuntime;
let world: UpdateWorld;
let layout: PythonLayout;
let sg: TrickyProject;

async function fullSync() {
  const id = await runtime.dispatch("shotgrid.event", { project: P, payload: { action: "sync-from-shotgrid", project_name: P } });
  return runtime.waitForJob(id, 60_000);
}

function resetStats(): void {
  env.ayonEmulator.resetStats();
  env.sgEmulator.resetStats();
}

beforeAll(async () => {
  env = await startSyncEnv();
  await env.ayon.createProject({ name: P, code: P });
  sg = trickyProject(env, P);
  await env.ayon.updateProject(P, { attrib: { shotgridId: String(sg.projectId), shotgridType: "Project" } });
  const ann = env.sgEmulator.humanUser("ann", "Ann Artist");
  const project = (await env.ayon.getProject(P))!;
  const attributes = await env.ayon.listAttributes();
  layout = pythonAddonLayout({
    store: env.sgEmulator.store, sgProjectId: sg.projectId, project: P, settings: PYTHON_SETTINGS,
    anatomy: { folderTypes: project.folderTypes, taskTypes: project.taskTypes, statuses: project.statuses },
    users: new Map([[ann.id, "ann"]]),
    attributeTypes: new Map(attributes.map((a) => [a.name, a.data.type])),
  });
  await seedPythonLayout(env.ayon, env.sgEmulator.store, layout, { as: env.sgEmulator.script("ayon-sg") });
  runtime = await syncEnvRuntime(env, [syncPlugin, updatePlugin], { queue: { sweepIntervalMs: 250 } });
  await runtime.start();
  world = {
    env, runtime, store: env.sgEmulator.store, artist: ann, requests: { ayon: new RequestCounter(), sg: new RequestCounter() },
    close: async () => undefined,
  };
}, 60_000);

afterAll(async () => {
  await runtime?.stop();
  await env?.close();
});

const byKey = (key: string) => layout.entities.find((e) => e.key === key)!;
const statusOf = (code: string) => layout.anatomy.statuses.find((s) => s.shortName === code)!.name;

describe("Must show 1 (issue 14): taking over a project the Python addon synced", () => {
  it("the fixture is the Python addon's layout: its names, categories and the entities AYON refused it", () => {
    const shot = (code: string) => byKey(`Shot:${sg.ids.get(code)}`);
    expect([shot("sh010-a").name, shot("sh  010").name, shot("镜头040").name, shot("Щука-2").name, shot("-sh010-").name]).toEqual(["sh010_a", "sh__010", "Jing_Tou_040", "Shchuka_2", "_sh010_"]);
    expect(byKey(`Task:${sg.ids.get("Comp - Final")}`)).toMatchObject({ name: "Comp_Final", label: "Comp - Final", type: "Compositing", assignees: ["ann"] });
    expect(byKey("AssetCategory:vehicle_air")).toMatchObject({ name: "vehicle_air", label: "Vehicle - Air", parentKey: null, attrib: { shotgridId: "vehicle_air", shotgridType: "AssetCategory" } });
    expect(layout.entities.filter((e) => e.refused !== null).map((e) => e.label!).sort()).toEqual(["O'Brien", "it's a shot", "sh010's"]);
  });

  it("the full sync writes nothing but the entities AYON refused the Python addon; a second one writes nothing at all", async () => {
    const before = snapshotProject(env.ayonEmulator, P);
    const linksBefore = shotgridLinks(env.sgEmulator.store, sg.projectId);
    resetStats();
    const first = await fullSync();
    expect(first.status).toBe("finished");
    const after = snapshotProject(env.ayonEmulator, P);
    const changes = diffSnapshots(before, after);
    // Each refused entity is created where and as the Python addon meant it (its label with ’ for ', which AYON
    // refuses), and its AYON id written back to ShotGrid.
    const refused = layout.entities.filter((e) => e.refused !== null);
    const adds = refused.map((e): SnapshotChange => ({
      key: e.key, change: "added",
      to: expect.objectContaining({ name: e.name, label: e.label!.replace(/'/g, "\u2019"), type: e.type, parent: e.parentKey, status: e.status, attrib: e.attrib }) as never,
    }));
    // The statuses the Python addon dropped (a ShotGrid code the anatomy has in another case: "hld" vs AYON's
    // "HLD") are set: the one difference ayon-sg makes on purpose.
    const dropped = layout.entities.filter((e) => e.refused === null && e.status === null && e.sgStatus !== null).map((e): SnapshotChange => ({
      key: e.key, change: "status", from: before.get(e.key)!.status,
      to: layout.anatomy.statuses.find((s) => s.shortName?.toLowerCase() === e.sgStatus!.toLowerCase())!.name,
    }));
    expect(dropped.map((c) => c.to)).toEqual(["On hold"]);
    expect(changes).toEqual([...adds, ...dropped].sort((a, b) => a.key.localeCompare(b.key) || a.change.localeCompare(b.change)));
    expect(Object.keys(ayonWrites(env.ayonEmulator.stats(), { excludeEvents: true }))).toEqual(["POST /api/projects/{projectName}/operations"]);
    const written = Object.fromEntries(refused.map((e) => [e.key, { sg_ayon_id: after.get(e.key)!.id, sg_ayon_sync_status: "Synced" }]));
    expect(shotgridLinks(env.sgEmulator.store, sg.projectId)).toEqual({ ...linksBefore, ...written });

    const settled = snapshotProject(env.ayonEmulator, P);
    resetStats();
    expect((await fullSync()).status).toBe("finished");
    expect(ayonWrites(env.ayonEmulator.stats(), { excludeEvents: true })).toEqual({});
    expect(shotgridWrites(env.sgEmulator.stats())).toEqual({});
    expect(diffSnapshots(settled, snapshotProject(env.ayonEmulator, P))).toEqual([]);
  }, 90_000);

  it("live edits change exactly what they should", async () => {
    const ref = { ayon: P, sgId: sg.projectId };
    const id = (code: string) => sg.ids.get(code)!;
    const expectEdit = async (edit: Parameters<typeof editAndReplay>[2], expected: (changes: SnapshotChange[]) => void) => {
      const before = snapshotProject(env.ayonEmulator, P);
      const reports = await editAndReplay(world, ref, edit);
      for (const report of reports) expect([report.description, ["finished", "skipped"].includes(report.status)]).toEqual([report.description, true]);
      expected(diffSnapshots(before, snapshotProject(env.ayonEmulator, P)));
    };
    const dash = `Shot:${id("sh010-a")}`;

    // A status change: the status, nothing else (no rename of the Python-made name sh010_a).
    await expectEdit((store, as) => store.update("Shot", id("sh010-a"), { sg_status_list: "ip" }, as), (changes) =>
      expect(changes).toEqual([{ key: dash, change: "status", from: statusOf("wtg"), to: statusOf("ip") }]));

    // A rename: name and label, by the Python addon's rule.
    const copy = `Shot:${id("sh010 (copy)")}`;
    await expectEdit((store, as) => store.update("Shot", id("sh010 (copy)"), { code: "Straße" }, as), (changes) =>
      expect(changes).toEqual([
        { key: copy, change: "label", from: "sh010 (copy)", to: "Straße" },
        { key: copy, change: "name", from: "sh010_copy", to: pythonName("Straße", "folder") },
      ]));

    // A new shot: one folder, named and placed as the Python addon would, its id written back to ShotGrid.
    const linksBefore = shotgridLinks(env.sgEmulator.store, sg.projectId);
    let created = 0;
    await expectEdit((store, as) => {
      created = store.create("Shot", { project: { type: "Project", id: sg.projectId }, code: "naïve café", sg_sequence: { type: "Sequence", id: id("北京 场景") }, sg_status_list: "wtg" }, as).id;
    }, (changes) => {
      expect(changes).toEqual([{ key: `Shot:${created}`, change: "added", to: expect.objectContaining({
        name: pythonName("naïve café", "folder"), label: "naïve café", type: "Shot", parent: byKey(`Sequence:${id("北京 场景")}`).key, status: statusOf("wtg"),
        attrib: { shotgridId: String(created), shotgridType: "Shot" },
      }) }]);
    });
    const links = shotgridLinks(env.sgEmulator.store, sg.projectId);
    const added = snapshotProject(env.ayonEmulator, P).get(`Shot:${created}`)!;
    expect(links).toEqual({ ...linksBefore, [`Shot:${created}`]: { sg_ayon_id: added.id, sg_ayon_sync_status: "Synced" } });

    // Then a full sync still writes nothing.
    resetStats();
    expect((await fullSync()).status).toBe("finished");
    expect(ayonWrites(env.ayonEmulator.stats(), { excludeEvents: true })).toEqual({});
    expect(shotgridWrites(env.sgEmulator.stats())).toEqual({});
  }, 90_000);
});
