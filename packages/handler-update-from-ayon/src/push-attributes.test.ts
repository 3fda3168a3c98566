// Mapped attributes AYON → ShotGrid through the runtime, against both emulators: AYON's effective value is what
// ShotGrid gets — an own value, and after it is unset, the inherited one (written as ShotGrid's own value, since
// ShotGrid has no inheritance).
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { AyonClient, type JobReport } from "@ayon-sg/core";
import type { TestRuntime } from "@ayon-sg/testing";
import { importedProject } from "@ayon-sg/handler-update-from-shotgrid/testing";
import { AYON_KEY, startSyncEnv, syncEnvRuntime, type SyncEnv } from "@ayon-sg/shotgrid/testing";
import type { GeneratedShotgridProject } from "@ayon-sg/testkit";
import plugin from "./index.js";

const P = "attribs";
const ATTRIBS_MAP = [{ ayon: "fps", type: "float", sg: "fps", scope: ["Shot"] }];
let env: SyncEnv;
let runtime: TestRuntime;
let person: AyonClient;
let generated: GeneratedShotgridProject;

beforeAll(async () => {
  env = await startSyncEnv();
  generated = await importedProject(env, P, { episodes: 1, sequencesPerEpisode: 1, shots: 2, assets: 0, assetCategories: [], tasksPerEntity: 0 });
  await env.ayon.updateProject(P, { attrib: { shotgridPush: true, fps: 25 } });
  runtime = await syncEnvRuntime(env, [plugin], { settings: { ...env.studioSettings, compatibility_settings: { custom_attribs_map: ATTRIBS_MAP } }, queue: { sweepIntervalMs: 250 } });
  await runtime.start();
  person = new AyonClient({ serverUrl: env.ayonEmulator.url, apiKey: AYON_KEY, sender: "supervisor", senderType: "api", retry: { limit: 0 } });
}, 60_000);

afterAll(async () => {
  await runtime?.stop();
  await env?.close();
});

/** The job of the newest attrib_changed event of folder `id` (`last` pages come newest first). */
async function pushed(id: string): Promise<JobReport> {
  const event = (await env.ayon.queryEvents({ topics: ["entity.folder.attrib_changed"], last: 20 })).events.find((e) => e.summary.entityId === id);
  if (!event) throw new Error(`no attrib_changed event for ${id}`);
  return runtime.waitForJob(event.id, 15_000, "update-from-ayon");
}

describe("mapped attributes AYON → ShotGrid", () => {
  it("an own value is written, and once unset, the inherited value is", async () => {
    const shot = generated.tree.shots[0]!;
    const folders = await env.ayon.listFolders(P, { attrib: true });
    const folder = folders.find((f) => f.attrib?.shotgridType === "Shot" && f.attrib?.shotgridId === String(shot.id))!;
    const sgFps = async () => Number((await env.sg.read("Shot", shot.id, { fields: ["sg_fps"] }))?.sg_fps);

    await person.updateFolder(P, folder.id, { attrib: { fps: 30 } });
    expect((await pushed(folder.id)).status).toBe("finished");
    expect(await sgFps()).toBe(30);

    await person.updateFolder(P, folder.id, { attrib: { fps: null } });
    expect((await pushed(folder.id)).status).toBe("finished");
    expect(await sgFps()).toBe(25);
  });
});
