// The scheduler against both emulators, on its own clock: which slots it asks for, once across processes,
// and the project override of the schedule as AYON resolves it.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { AddonSettings, AyonClient, PluginConfig, RuntimeInfo, SilentLogger } from "@ayon-sg/core";
import { ensureAyonAttributes, shotgridSettingsDefaults, ShotgridClient } from "@ayon-sg/shotgrid";
import { generateShotgridProject, startAyonEmulator, startShotgridEmulator, type AyonEmulator, type ShotgridEmulator } from "@ayon-sg/testkit";
import { ReconcileScheduler } from "./reconcile-scheduler.js";

const KEY = "sched-key";
const SCRIPT = { name: "ayon-sg", key: "sg-key" };
const ADDON = { name: "shotgrid", version: "0.1.0" };
const DAY = 86_400_000;

let ayonEmu: AyonEmulator;
let sgEmu: ShotgridEmulator;
let ayon: AyonClient;
let sg: ShotgridClient;
let studio: Record<string, unknown>;

beforeAll(async () => {
  [ayonEmu, sgEmu] = await Promise.all([
    startAyonEmulator({ apiKey: KEY, addons: [{ ...ADDON, defaults: shotgridSettingsDefaults() as Record<string, unknown> }] }),
    startShotgridEmulator({ scripts: [SCRIPT] }),
  ]);
  ayon = new AyonClient({ serverUrl: ayonEmu.url, apiKey: KEY, sender: "sched-test", senderType: "test", retry: { limit: 1, baseDelayMs: 5, maxDelayMs: 20 } });
  sg = new ShotgridClient({ siteUrl: sgEmu.url, scriptName: SCRIPT.name, scriptKey: SCRIPT.key });
  await ensureAyonAttributes(ayon);
  ayonEmu.restart();
  studio = { ...shotgridSettingsDefaults(), shotgrid_server: sgEmu.url };
  for (const [name, autoSync] of [["nightly_a", true], ["nightly_b", true], ["manual_only", false]] as const) {
    const generated = generateShotgridProject(sgEmu.store, { name, episodes: 1, sequencesPerEpisode: 1, shots: 1, assets: 0, assetCategories: [], tasksPerEntity: 0, autoSync });
    await ayon.createProject({ name, code: name });
    await ayon.updateProject(name, { attrib: { shotgridId: String(generated.projectId), shotgridType: "Project" } });
  }
}, 30_000);

afterAll(async () => {
  await Promise.all([ayonEmu?.close(), sgEmu?.close()]);
});

/** A scheduler as one runtime process would build it, on `clock`. */
function scheduler(instance: string, clock: () => number, config: Record<string, unknown> = {}): ReconcileScheduler {
  const settings = new AddonSettings(ADDON.name, ADDON.version, studio, ayon);
  const made = new ReconcileScheduler(new SilentLogger(), ayon, settings, sg, new PluginConfig({ reconcile: config }), new RuntimeInfo("ayon-sg", instance, "0", "."));
  made.clock = clock;
  return made;
}

function reconcileRequests(project: string) {
  return ayonEmu.state.events.ofTopic("shotgrid.event").filter((e) => e.project === project && e.payload.reason === "reconcile");
}

/** 03:00 UTC on the day after the projects were created: a slot every linked project owes. */
function nextNightly(): number {
  return (Math.floor(Date.now() / DAY) + 1) * DAY + 3 * 3600_000;
}

describe("ReconcileScheduler", () => {
  it("asks nothing for projects created after the latest slot", async () => {
    const result = await scheduler("p0", () => Date.now() + 1000).check();
    expect(result).toEqual({ requested: [], alreadyRequested: [] });
    expect(reconcileRequests("nightly_a")).toHaveLength(0);
  });

  it("asks once per linked project and slot, however many processes look; the next slot asks again", async () => {
    let now = nextNightly() + 60_000;
    const one = scheduler("p1", () => now);
    const two = scheduler("p2", () => now);
    expect((await one.check()).requested.sort()).toEqual(["nightly_a", "nightly_b"]);
    expect(await two.check()).toEqual({ requested: [], alreadyRequested: ["nightly_a", "nightly_b"] });
    expect(await one.check()).toEqual({ requested: [], alreadyRequested: [] }); // remembered: no second POST
    expect(reconcileRequests("nightly_a")).toHaveLength(1);
    expect(reconcileRequests("manual_only")).toHaveLength(0); // auto-sync off in ShotGrid: not linked
    expect(reconcileRequests("nightly_a")[0]).toMatchObject({ payload: { action: "sync-from-shotgrid", project_name: "nightly_a" } });

    now += DAY;
    expect((await two.check()).requested.sort()).toEqual(["nightly_a", "nightly_b"]);
    expect(reconcileRequests("nightly_b")).toHaveLength(2);
  });

  it("follows a project's override of the schedule: off, or another time of day", async () => {
    const post = (project: string, body: unknown) =>
      fetch(`${ayonEmu.url}/api/addons/${ADDON.name}/${ADDON.version}/settings/${project}`, {
        method: "POST", headers: { "x-api-key": KEY, "content-type": "application/json" }, body: JSON.stringify(body),
      });
    expect((await post("nightly_a", { sync_settings: { reconcile_time: "off" } })).status).toBe(204);
    expect((await post("nightly_b", { sync_settings: { reconcile_time: "05:30" } })).status).toBe(204);
    const base = nextNightly() + 7 * DAY;
    let now = base + 60_000; // 03:01: past the studio time, which neither project keeps
    const looking = scheduler("p3", () => now);
    // The latest 05:30 slot is yesterday's, which no process asked for: caught up now. nightly_a is off.
    expect(await looking.check()).toEqual({ requested: ["nightly_b"], alreadyRequested: [] });
    expect(reconcileRequests("nightly_b").at(-1)?.payload.slot).toBe(new Date(base - DAY + 2.5 * 3600_000).toISOString());
    expect(await looking.check()).toEqual({ requested: [], alreadyRequested: [] });
    now = base + 2.5 * 3600_000 + 60_000; // 05:31
    expect(await looking.check()).toEqual({ requested: ["nightly_b"], alreadyRequested: [] });
    expect(reconcileRequests("nightly_b").at(-1)?.payload.slot).toBe(new Date(base + 2.5 * 3600_000).toISOString());
  });

  it("runs on a short schedule from the plugin config", async () => {
    let now = nextNightly() + 30 * DAY;
    const every = scheduler("p4", () => now, { everySeconds: 10 });
    expect((await every.check()).requested).toEqual(["nightly_b"]); // nightly_a is off
    now += 10_000;
    expect((await every.check()).requested).toEqual(["nightly_b"]);
    now += 5_000;
    expect((await every.check()).requested).toEqual([]);
  });
});
