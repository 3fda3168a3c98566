// Mapped attributes AYON → ShotGrid through the runtime, against both emulators: AYON's effective value is what
// ShotGrid gets — an own value, and after it is unset, the inherited one (written as ShotGrid's own value, since
// ShotGrid has no inheritance).
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { pushJob, startPushWorld, type PushWorld } from "./push.test-helpers.js";

const P = "attribs";
let world: PushWorld;

beforeAll(async () => {
  world = await startPushWorld({
    projects: { [P]: { episodes: 1, sequencesPerEpisode: 1, shots: 2, assets: 0, assetCategories: [], tasksPerEntity: 0 } },
    push: { [P]: { fps: 25 } },
    settings: { compatibility_settings: { custom_attribs_map: [{ ayon: "fps", type: "float", sg: "fps", scope: ["Shot"] }] } },
  });
}, 60_000);

afterAll(async () => world?.close());

describe("mapped attributes AYON → ShotGrid", () => {
  it("an own value is written, and once unset, the inherited value is", async () => {
    const shot = world.projects.get(P)!.tree.shots[0]!;
    const folders = await world.env.ayon.listFolders(P, { attrib: true });
    const folder = folders.find((f) => f.attrib?.shotgridType === "Shot" && f.attrib?.shotgridId === String(shot.id))!;
    const sgFps = async () => Number((await world.env.sg.read("Shot", shot.id, { fields: ["sg_fps"] }))?.sg_fps);

    await world.person.updateFolder(P, folder.id, { attrib: { fps: 30 } });
    expect((await pushJob(world, "entity.folder.attrib_changed", folder.id)).status).toBe("finished");
    expect(await sgFps()).toBe(30);

    await world.person.updateFolder(P, folder.id, { attrib: { fps: null } });
    expect((await pushJob(world, "entity.folder.attrib_changed", folder.id)).status).toBe("finished");
    expect(await sgFps()).toBe(25);
  });
});
