// The push while ShotGrid throttles or is down, through the real runtime and AYON's queue against both emulators:
// a 429 storm (ShotGrid's rate limit, with Retry-After) and an outage (every request answered 503). No job fails
// for it, nothing is half-written (a created Shot exists once, with its `sg_ayon_id`, and AYON points at it), and
// once ShotGrid answers again every waiting edit lands and the next one runs.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "@jest/globals";
import type { AyonClient, Folder } from "@ayon-sg/core";
import type { SyncEnv } from "@ayon-sg/shotgrid/testing";
import type { GeneratedShotgridProject } from "@ayon-sg/testkit";
import { pushJob, startPushWorld, type PushWorld } from "./push.test-helpers.js";

const P = "throttled";
const SPEC = { episodes: 1, sequencesPerEpisode: 1, shots: 6, assets: 1, assetCategories: ["Prop"], tasksPerEntity: 1 };
let world: PushWorld;
let env: SyncEnv;
let person: AyonClient;
let generated: GeneratedShotgridProject;

beforeAll(async () => {
  world = await startPushWorld({ projects: { [P]: SPEC }, push: { [P]: {} } });
  ({ env, person } = world);
  generated = world.projects.get(P)!;
}, 60_000);

afterEach(() => env.sgEmulator.faults.clear());
afterAll(async () => world?.close());

async function folderOf(sgType: string, sgId: number): Promise<Folder> {
  const item = (await env.ayon.listFolders(P, { attrib: true })).find((f) => f.attrib?.shotgridType === sgType && f.attrib?.shotgridId === String(sgId));
  if (!item) throw new Error(`no AYON folder for ${sgType} ${sgId}`);
  return (await env.ayon.getFolder(P, item.id))!;
}

const code = async (shotId: number) => (await env.sg.read("Shot", shotId, { fields: ["code"] }))?.code;

describe("update-from-ayon while ShotGrid throttles or is down", () => {
  it("a 429 storm slows the pushes down but fails none, and a create is written once, linked both ways", async () => {
    const [s0, s1] = generated.tree.shots as unknown as [{ id: number; sequence: number }, { id: number }];
    const sequence = await folderOf("Sequence", s0.sequence);
    const f0 = await folderOf("Shot", s0.id);
    const f1 = await folderOf("Shot", s1.id);
    env.sgEmulator.faults.add({ match: { path: "^/api/v1/entity" }, status: 429, headers: { "retry-after": "1" }, probability: 0.3 });
    await person.updateFolder(P, f0.id, { label: "Storm 0" });
    const created = await person.createFolder(P, { name: "sh_storm", label: "SH STORM", folderType: "Shot", parentId: sequence.id });
    await person.updateFolder(P, f1.id, { label: "Storm 1" });
    // Each throttled request waits out its Retry-After; a job that meets too many is handed back and runs again.
    const jobs = await Promise.all([
      pushJob(world, "entity.folder.label_changed", f0.id, 75_000),
      pushJob(world, "entity.folder.created", created, 75_000),
      pushJob(world, "entity.folder.label_changed", f1.id, 75_000),
    ]);
    expect(jobs.map((j) => j.status)).toEqual(["finished", "finished", "finished"]);
    expect(env.sgEmulator.faults.list().reduce((n, rule) => n + rule.fired, 0)).toBeGreaterThan(0);
    env.sgEmulator.faults.clear();
    expect([await code(s0.id), await code(s1.id)]).toEqual(["Storm 0", "Storm 1"]);
    const shots = await env.sg.search("Shot", { filters: [["sg_ayon_id", "is", created]], fields: ["code", "sg_sequence"] });
    expect(shots.map((s) => s.code)).toEqual(["SH STORM"]);
    const folder = (await env.ayon.getFolder(P, created))!;
    expect(folder.attrib).toMatchObject({ shotgridType: "Shot", shotgridId: String(shots[0]!.id) });
  }, 120_000);

  it("an outage holds the push back without failing it; once ShotGrid answers, it lands and the next edit runs", async () => {
    const [, , s2] = generated.tree.shots as unknown as [unknown, unknown, { id: number }];
    const f2 = await folderOf("Shot", s2.id);
    const before = await code(s2.id);
    const down = env.sgEmulator.faults.add({ match: { path: "^/api/v1/" }, status: 503 });
    await person.updateFolder(P, f2.id, { label: "Down 2" });
    const event = (await env.ayon.queryEvents({ topics: ["entity.folder.label_changed"], last: 5 })).events.find((e) => e.summary.entityId === f2.id)!;
    // A few seconds of outage: the job is waiting, not failed, and ShotGrid has nothing new.
    await new Promise((resolve) => setTimeout(resolve, 4000));
    expect((await world.runtime.jobEvent(event.id))?.status).not.toBe("failed");
    // Read in the emulator's own process: its HTTP API is down too.
    expect(env.sgEmulator.store.find("Shot", [["id", "is", s2.id]], { fields: ["code"] })[0]?.code).toBe(before);
    env.sgEmulator.faults.remove(down);
    const job = await world.runtime.waitForJob(event.id, 60_000, "update-from-ayon");
    expect(job.status).toBe("finished");
    expect(await code(s2.id)).toBe("Down 2");
    await person.updateFolder(P, f2.id, { label: "Up 2" });
    expect((await pushJob(world, "entity.folder.label_changed", f2.id)).status).toBe("finished");
    expect(await code(s2.id)).toBe("Up 2");
  }, 90_000);
});
