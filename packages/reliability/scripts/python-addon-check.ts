// A manual check of the take-over fixture (shotgrid/src/testing/python-addon-layout.ts) against the real Python
// addon: the take-over test's ShotGrid project, synced by ayon-shotgrid 0.6.19's own code (python-addon-sync.py)
// into an AYON emulator, must give exactly the fixture's layout — every entity's name, label, type, parent,
// status, tags, assignees, attributes and data, the anatomy's names, and every sg_ayon_* value in ShotGrid.
// Entities whose label AYON refuses are left out (the Python addon's sync stalls at the first one; see the
// fixture's PythonEntity.refused). Not part of the test suite (it needs the Python sources); run it with
//   PYTHON=<a python3 with requests and unidecode> PYTHONPATH=<ayon-shotgrid>/services/shotgrid_common:<ayon-python-api>:<shotgun_api3> \
//   NODE_OPTIONS='--experimental-vm-modules --disable-warning=ExperimentalWarning' \
//   pnpm exec jest --testMatch '**/scripts/python-addon-check.ts' packages/reliability/scripts/python-addon-check.ts
import { afterAll, expect, it } from "@jest/globals";
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { AYON_KEY, SG_SCRIPT, startSyncEnv, type SyncEnv } from "@ayon-sg/shotgrid/testing";
import { AYON_ARTIST, COMPATIBILITY, linkedTrickyProject } from "../src/takeover-project.test-helpers.js";
import { asStoredAttrib, shotgridLinks, snapshotProject } from "../src/takeover-snapshot.test-helpers.js";

const P = "python_made";
let env: SyncEnv;
afterAll(async () => {
  await env?.close();
});

const sorted = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null).sort(([a], [b]) => a.localeCompare(b)));

it("the real Python addon lays the take-over project out as the fixture says", async () => {
  env = await startSyncEnv();
  const { sg, layout } = await linkedTrickyProject(env, P);
  const refused = layout.entities.filter((e) => e.refused !== null);
  for (const e of refused) env.sgEmulator.store.retire(e.key.split(":")[0]!, sg.ids.get(e.label!)!);
  const kept = layout.entities.filter((e) => e.refused === null);

  const attribsMap = Object.fromEntries(COMPATIBILITY.custom_attribs_map.filter((a) => a.sg).map((a) => [a.ayon, a.sg]));
  const config = join(mkdtempSync(join(tmpdir(), "python-addon-")), "config.json");
  writeFileSync(config, JSON.stringify({
    ayon_url: env.ayonEmulator.url, ayon_key: AYON_KEY, sg_url: env.sgEmulator.url, script_name: SG_SCRIPT.name, script_key: SG_SCRIPT.key,
    project: P, sg_project_id: sg.projectId, users: { [String(env.sgEmulator.humanUser("ann", "Ann Artist").id)]: AYON_ARTIST },
    enabled: COMPATIBILITY.shotgrid_enabled_entities,
    // processor/processor.py: the settings rows with an SG field, plus status, tags and assignees.
    custom_attribs_map: { ...attribsMap, status: "status_list", tags: "tags", assignees: "task_assignees" },
    addon_settings: { compatibility_settings: COMPATIBILITY },
  }));
  const attribBefore = snapshotProject(env.ayonEmulator, P).get("Project")!.attrib;
  const run = await promisify(execFile)(process.env.PYTHON ?? "python3", [join(import.meta.dirname, "python-addon-sync.py"), config], { encoding: "utf8", timeout: 120_000 });
  expect(run.stdout).toContain("synced");

  const ayon = snapshotProject(env.ayonEmulator, P);
  expect([...ayon.keys()].filter((k) => k !== "Project").sort()).toEqual(kept.map((e) => e.key).sort());
  for (const e of kept) {
    const got = ayon.get(e.key)!;
    // The fixture states what is sent: AYON stores a datetime sent as a timestamp in ISO form.
    const attrib = asStoredAttrib(e.attrib);
    const want = { name: e.name, label: e.label, type: e.type, parent: e.parentKey, status: e.status ?? "Not ready", tags: e.tags, assignees: e.kind === "task" ? e.assignees : [], attrib: sorted(attrib), data: sorted({ ...e.data, ...(e.data.sg_ayon_id ? { sg_ayon_id: got.id } : {}) }) };
    const have = { name: got.name, label: got.label, type: got.type, parent: got.parent, status: got.status, tags: got.tags, assignees: got.assignees, attrib: sorted(got.attrib), data: sorted(got.data) };
    expect([e.key, have]).toEqual([e.key, want]);
  }
  const project = ayon.get("Project")!;
  const changed = Object.fromEntries(Object.entries(project.attrib).filter(([k, v]) => JSON.stringify(attribBefore[k]) !== JSON.stringify(v)));
  expect(sorted(changed)).toEqual(sorted(asStoredAttrib(layout.projectAttrib)));
  const anatomy = project.anatomy!;
  expect(anatomy.tags).toEqual(layout.anatomy.tags!.map((t) => t.name));
  expect([anatomy.folderTypes, [...anatomy.taskTypes!].sort(), anatomy.statuses]).toEqual([
    layout.anatomy.folderTypes.map((t) => t.name), layout.anatomy.taskTypes.map((t) => t.name).sort(), layout.anatomy.statuses.map((s) => s.name),
  ]);
  for (const [key, link] of Object.entries(shotgridLinks(env.sgEmulator.store, sg.projectId))) {
    expect([key, link]).toEqual([key, { sg_ayon_id: key.startsWith("Project:") ? P : ayon.get(key)!.id, sg_ayon_sync_status: "Synced" }]);
  }
}, 180_000);
