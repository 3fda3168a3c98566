// Issue 14, Must show 1: a ShotGrid project the Python addon (ayon-shotgrid 0.6.19) synced is taken over by
// ayon-sg without moving a thing. The project has tricky names (dashes, dots, spaces, repeated separators,
// apostrophes, CJK, Cyrillic, accented Latin, 80 characters) and asset types with spaces and dashes; AYON holds
// it as the Python addon's rules lay it out (python-addon-layout.ts, written from the Python code, names from
// python-names.json); ShotGrid holds what the Python addon wrote back. Then, through the real runtime against
// both emulators: the full sync (sync-from-shotgrid) writes nothing — beyond what the Python addon could not do:
// creating the entities AYON refused it (a label with an apostrophe), the statuses it dropped, the entities' tags
// in the anatomy — and a second full sync writes nothing at all; live edits replayed from ShotGrid's event log
// through the update handler change exactly what they should. The whole AYON project (every folder and task,
// every field, the anatomy) and every sg_ayon_* value in ShotGrid are compared before and after each step.
// Since a take-over keeps AYON's names, ayon-sg's own import of the same project into empty emulators is compared
// with the layout too, name by name. The fixture itself was checked against the real Python addon run on the same
// project (scripts/python-addon-check.ts).
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { AddonSettings, SilentLogger } from "@ayon-sg/core";
import type { TestRuntime } from "@ayon-sg/testing";
import syncPlugin from "@ayon-sg/handler-sync-from-shotgrid";
import updatePlugin from "@ayon-sg/handler-update-from-shotgrid";
import { editAndReplay, RequestCounter, type UpdateWorld } from "@ayon-sg/handler-update-from-shotgrid/testing";
import { loadProjectContext, runFullSync } from "@ayon-sg/shotgrid";
import {
  ayonWrites, pythonName, seedPythonLayout, shotgridWrites, startSyncEnv, syncEnvRuntime,
  type PythonLayout, type SyncEnv,
} from "@ayon-sg/shotgrid/testing";
import { AYON_ARTIST, COMPATIBILITY, linkedTrickyProject, type TrickyProject } from "./takeover-project.test-helpers.js";
import { asStoredAttrib, diffSnapshots, shotgridLinks, snapshotProject, type SnapshotChange } from "./takeover-snapshot.test-helpers.js";

const P = "takeover";
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
  ({ sg, layout } = await linkedTrickyProject(env, P));
  await seedPythonLayout(env.ayon, env.sgEmulator.store, layout, { as: env.sgEmulator.script("ayon-sg") });
  runtime = await syncEnvRuntime(env, [syncPlugin, updatePlugin], {
    queue: { sweepIntervalMs: 250 }, settings: { ...env.studioSettings, compatibility_settings: COMPATIBILITY },
  });
  await runtime.start();
  world = {
    env, runtime, store: env.sgEmulator.store, artist: env.sgEmulator.humanUser("ann", "Ann Artist"), requests: { ayon: new RequestCounter(), sg: new RequestCounter() },
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
    expect(byKey(`Task:${sg.ids.get("Comp - Final")}`)).toMatchObject({
      name: "Comp_Final", label: "Comp - Final", type: "Compositing", assignees: [AYON_ARTIST], attrib: { startDate: Date.UTC(2026, 0, 5) / 1000 },
    });
    expect(byKey("AssetCategory:vehicle_air")).toMatchObject({ name: "vehicle_air", label: "Vehicle - Air", parentKey: "Layout:lib/assets", attrib: { shotgridId: "vehicle_air", shotgridType: "AssetCategory" } });
    // Type grouping: shots in `shots`, asset categories in `lib/assets` (layout folders: shotgridType only).
    expect(shot("sh010-a")).toMatchObject({ parentKey: "Layout:shots", attrib: { frameStart: 1001, fps: 23.976, description: "opening; wide" }, tags: ["hero"] });
    // The Project's mapped fields (sg_description, sg_fps) and its tag (in the anatomy).
    expect([layout.projectAttrib, layout.anatomy.tags!.map((t) => t.name)]).toEqual([{ description: "Take-over; 2026", fps: 24.5 }, ["important", "for reel", "client-a"]]);
    expect(byKey("Layout:lib/assets")).toMatchObject({ name: "assets", type: "Folder", parentKey: "Layout:lib", attrib: { shotgridType: "Folder" } });
    expect(layout.entities.filter((e) => e.refused !== null).map((e) => e.label!).sort()).toEqual(["O'Brien", "it's a shot", "sh010's"]);
  });

  it("ayon-sg's own import of the same project lays it out as the Python addon, name by name", async () => {
    // The take-over keeps AYON's names (renames follow ShotGrid renames only), so it cannot show a naming rule
    // that differs: an import by ayon-sg of the same ShotGrid project, into empty emulators, must give the
    // Python layout itself — every name, label, type, parent, status, tag, assignee and attribute.
    const other = await startSyncEnv();
    try {
      const { layout: python } = await linkedTrickyProject(other, P);
      const pythonAnatomy = python.anatomy;
      const settings = new AddonSettings("shotgrid", null, { ...other.studioSettings, compatibility_settings: COMPATIBILITY }, null);
      const loaded = await loadProjectContext({ ayon: other.ayon, sg: other.sg, settings }, P);
      if (!loaded.ok) throw new Error(loaded.reason);
      const summary = await runFullSync({ ayon: other.ayon, sg: other.sg, logger: new SilentLogger() }, loaded.context);
      expect(summary.failed).toBe(0);
      const made = snapshotProject(other.ayonEmulator, P);
      expect([...made.keys()].filter((k) => k !== "Project").sort()).toEqual(python.entities.map((e) => e.key).sort());
      const statuses = python.anatomy.statuses;
      for (const e of python.entities) {
        const got = made.get(e.key)!;
        // Known differences, each asserted: a label AYON refuses has ’ for '; a label equal to the name is written
        // (the Python addon's entity hub leaves it null: the same display); a status the Python addon dropped (its
        // short code in another case) is set.
        const status = e.status ?? (e.sgStatus ? statuses.find((s) => s.shortName?.toLowerCase() === e.sgStatus!.toLowerCase())!.name : got.status);
        const want = { name: e.name, label: e.label?.replace(/'/g, "\u2019") ?? e.name, type: e.type, parent: e.parentKey, status, tags: e.tags, assignees: e.assignees, attrib: asStoredAttrib(e.attrib) };
        const have = { name: got.name, label: got.label, type: got.type, parent: got.parent, status: got.status, tags: got.tags, assignees: got.assignees, attrib: asStoredAttrib(got.attrib) };
        expect([e.key, have]).toEqual([e.key, want]);
      }
      // Every folder type, task type and status ayon-sg adds is one the Python addon adds too, by the same name (it
      // also adds those of the Version and Note types, which ayon-sg does not sync).
      const anatomy = made.get("Project")!.anatomy!;
      for (const list of ["folderTypes", "taskTypes", "statuses"] as const) {
        const python = new Set(pythonAnatomy[list].map((i) => i.name));
        expect([list, anatomy[list]!.filter((name) => !python.has(name))]).toEqual([list, []]);
      }
    } finally {
      await other.close();
    }
  }, 60_000);

  it("the full sync writes only what the Python addon could not (refused entities, dropped statuses, tags in the anatomy); a second one, and a reconcile, write nothing", async () => {
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
    // "HLD") are set, on purpose.
    const dropped = layout.entities.filter((e) => e.refused === null && e.status === null && e.sgStatus !== null).map((e): SnapshotChange => ({
      key: e.key, change: "status", from: before.get(e.key)!.status,
      to: layout.anatomy.statuses.find((s) => s.shortName?.toLowerCase() === e.sgStatus!.toLowerCase())!.name,
    }));
    expect(dropped.map((c) => c.to)).toEqual(["On hold"]);
    // The tags the entities carry are added to the anatomy (the issue asks for it; the Python addon's full sync
    // adds only the Project's own tags, match_shotgrid_hierarchy_in_ayon.py _add_tags).
    const anatomyTags = before.get("Project")!.anatomy!.tags!;
    const tags: SnapshotChange = { key: "Project", change: "anatomy.tags", from: anatomyTags, to: [...anatomyTags, ...new Set(layout.entities.flatMap((e) => e.tags))] };
    expect(tags.to).toEqual(["important", "for reel", "client-a", "hero"]);
    expect(changes).toEqual([...adds, ...dropped, tags].sort((a, b) => a.key.localeCompare(b.key) || a.change.localeCompare(b.change)));
    // One anatomy write (the tags), one operations call (the refused entities).
    expect(ayonWrites(env.ayonEmulator.stats(), { excludeEvents: true })).toEqual({ "PATCH /api/projects/{projectName}": 1, "POST /api/projects/{projectName}/operations": 1 });
    const written = Object.fromEntries(refused.map((e) => [e.key, { sg_ayon_id: after.get(e.key)!.id, sg_ayon_sync_status: "Synced" }]));
    expect(shotgridLinks(env.sgEmulator.store, sg.projectId)).toEqual({ ...linksBefore, ...written });

    const settled = snapshotProject(env.ayonEmulator, P);
    resetStats();
    expect((await fullSync()).status).toBe("finished");
    expect(ayonWrites(env.ayonEmulator.stats(), { excludeEvents: true })).toEqual({});
    expect(shotgridWrites(env.sgEmulator.stats())).toEqual({});
    expect(diffSnapshots(settled, snapshotProject(env.ayonEmulator, P))).toEqual([]);

    // The scheduled reconcile runs the live rule on lost renames (label not the ShotGrid name) and orphans: whatever
    // made the names (the Python addon here), the labels are the ShotGrid names and nothing is orphaned, so nothing.
    resetStats();
    const reconcile = await runtime.waitForJob(await runtime.dispatch("shotgrid.event", { project: P, payload: { action: "sync-from-shotgrid", project_name: P, reason: "reconcile" } }), 60_000);
    expect(reconcile.description).toMatch(/^Reconcile: in sync, nothing written\./);
    expect(ayonWrites(env.ayonEmulator.stats(), { excludeEvents: true })).toEqual({});
    expect(shotgridWrites(env.sgEmulator.stats())).toEqual({});
    expect(diffSnapshots(settled, snapshotProject(env.ayonEmulator, P))).toEqual([]);
  }, 90_000);

  it("live edits change exactly what they should", async () => {
    const ref = { ayon: P, sgId: sg.projectId };
    const id = (code: string) => sg.ids.get(code)!;
    let after = snapshotProject(env.ayonEmulator, P);
    /** Runs an edit through the events and the update handler: the AYON changes and the sg_ayon_* values it changed. */
    const edit = async (change: Parameters<typeof editAndReplay>[2]) => {
      const before = snapshotProject(env.ayonEmulator, P);
      const linksBefore = shotgridLinks(env.sgEmulator.store, sg.projectId);
      env.sgEmulator.resetStats();
      const reports = await editAndReplay(world, ref, change);
      for (const report of reports) expect([report.description, ["finished", "skipped"].includes(report.status)]).toEqual([report.description, true]);
      after = snapshotProject(env.ayonEmulator, P);
      const links = Object.entries(shotgridLinks(env.sgEmulator.store, sg.projectId)).filter(([key, value]) => JSON.stringify(linksBefore[key]) !== JSON.stringify(value));
      // The handler writes to ShotGrid only when an sg_ayon_* value changes (no rewrite of what is there).
      expect([Object.keys(shotgridWrites(env.sgEmulator.stats())).length > 0, links.map(([k]) => k)]).toEqual([links.length > 0, links.map(([k]) => k)]);
      return { changes: diffSnapshots(before, after), shotgrid: Object.fromEntries(links) };
    };
    const dash = `Shot:${id("sh010-a")}`;

    // A status change: the status, nothing else (no rename of the Python-made name sh010_a).
    expect(await edit((store, as) => store.update("Shot", id("sh010-a"), { sg_status_list: "ip" }, as))).toEqual({
      changes: [{ key: dash, change: "status", from: statusOf("wtg"), to: statusOf("ip") }], shotgrid: {},
    });

    // Renames: name and label, by the Python addon's rule.
    const copy = `Shot:${id("sh010 (copy)")}`;
    expect(await edit((store, as) => store.update("Shot", id("sh010 (copy)"), { code: "Straße" }, as))).toEqual({
      changes: [{ key: copy, change: "label", from: "sh010 (copy)", to: "Straße" }, { key: copy, change: "name", from: "sh010_copy", to: pythonName("Straße", "folder") }],
      shotgrid: {},
    });

    const task = `Task:${id("Съёмка 01")}`;
    expect(await edit((store, as) => store.update("Task", id("Съёмка 01"), { content: "Москва" }, as))).toEqual({
      changes: [{ key: task, change: "label", from: "Съёмка 01", to: "Москва" }, { key: task, change: "name", from: "Siomka_01", to: pythonName("Москва", "task") }],
      shotgrid: {},
    });

    // A new shot: one folder, named and placed (type grouping) as the Python addon would, its id written back.
    let created = 0;
    const added = await edit((store, as) => {
      created = store.create("Shot", { project: { type: "Project", id: sg.projectId }, code: "naïve café", sg_sequence: { type: "Sequence", id: id("北京 场景") }, sg_status_list: "wtg", sg_head_in: 1001 }, as).id;
    });
    const key = `Shot:${created}`;
    expect(added.changes).toEqual([{ key, change: "added", to: expect.objectContaining({
      name: pythonName("naïve café", "folder"), label: "naïve café", type: "Shot", parent: byKey(dash).parentKey, status: statusOf("wtg"), tags: [],
      attrib: { shotgridId: String(created), shotgridType: "Shot", frameStart: 1001 },
    }) }]);
    expect(added.shotgrid).toEqual({ [key]: { sg_ayon_id: after.get(key)!.id, sg_ayon_sync_status: "Synced" } });

    // A new asset of a new asset type: its category (named, identified and placed by the type-grouping preset as
    // the Python addon would) and the asset in it; only the asset has a ShotGrid row to write back to.
    const types = env.sgEmulator.store.schema.type("Asset")!.field("sg_asset_type")!.json.properties.valid_values!;
    types.value = [...(types.value as string[]), "Props & Weapons"];
    let asset = 0;
    const category = `AssetCategory:${pythonName("Props & Weapons", "category")}`;
    const addedAsset = await edit((store, as) => {
      asset = store.create("Asset", { project: { type: "Project", id: sg.projectId }, code: "Ñandú", sg_asset_type: "Props & Weapons" }, as).id;
    });
    expect(addedAsset.changes).toEqual([
      { key: `Asset:${asset}`, change: "added", to: expect.objectContaining({ name: pythonName("Ñandú", "folder"), label: "Ñandú", type: "Asset", parent: category }) },
      { key: category, change: "added", to: expect.objectContaining({
        name: "props_weapons", label: "Props & Weapons", type: "AssetCategory", parent: byKey("AssetCategory:vehicle_air").parentKey,
        attrib: { shotgridId: "props_weapons", shotgridType: "AssetCategory" },
      }) },
    ]);
    expect(addedAsset.shotgrid).toEqual({ [`Asset:${asset}`]: { sg_ayon_id: after.get(`Asset:${asset}`)!.id, sg_ayon_sync_status: "Synced" } });

    // A tag, an assignee, a mapped field: that field, nothing else.
    const hero = env.sgEmulator.store.find("Tag", [["name", "is", "hero"]])[0]!;
    expect(await edit((store, as) => store.update("Shot", id("Щука-2"), { tags: [{ type: "Tag", id: hero.id }] }, as))).toEqual({
      changes: [{ key: `Shot:${id("Щука-2")}`, change: "tags", from: [], to: ["hero"] }], shotgrid: {},
    });
    expect(await edit((store, as) => store.update("Task", id("Anim: Block"), { task_assignees: [world.artist] }, as))).toEqual({
      changes: [{ key: `Task:${id("Anim: Block")}`, change: "assignees", from: [], to: [AYON_ARTIST] }], shotgrid: {},
    });
    expect(await edit((store, as) => store.update("Shot", id("镜头040"), { sg_head_in: 1009 }, as))).toEqual({
      changes: [{ key: `Shot:${id("镜头040")}`, change: "attrib.frameStart", from: 993, to: 1009 }], shotgrid: {},
    });
    expect(await edit((store, as) => store.update("Task", id("Comp - Final"), { start_date: "2026-02-01" }, as))).toEqual({
      changes: [{ key: `Task:${id("Comp - Final")}`, change: "attrib.startDate", from: "2026-01-05T00:00:00.000+00:00", to: expect.stringMatching(/^2026-02-01T00:00:00(\.000)?(\+00:00|Z)$/) }],
      shotgrid: {},
    });

    // Then a full sync still writes nothing.
    resetStats();
    expect((await fullSync()).status).toBe("finished");
    expect(ayonWrites(env.ayonEmulator.stats(), { excludeEvents: true })).toEqual({});
    expect(shotgridWrites(env.sgEmulator.stats())).toEqual({});
  }, 90_000);
});
