// What the push keeps of the ShotGrid site: its Tags, created where AYON uses a tag ShotGrid lacks — several in one
// `_batch`, each name once whatever its case — against the ShotGrid emulator.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { PushSite } from "./push-site.js";
import { startSyncEnv, type SyncEnv } from "../sync/sync-env.test-helpers.js";

let env: SyncEnv;
beforeAll(async () => {
  env = await startSyncEnv();
  env.sgEmulator.store.create("Tag", { name: "hero" });
});
afterAll(async () => env?.close());

const writes = () => Object.entries(env.sgEmulator.stats().byRoute).filter(([route]) => /^POST \/api\/v1\/entity\/(_batch|\{type\})$/.test(route)).map(([route, r]) => [route, r.count]);

describe("PushSite.createTags", () => {
  it("creates the missing Tags in one _batch, once each, and remembers them", async () => {
    const site = new PushSite(env.sg);
    expect([...(await site.tags()).keys()]).toEqual(["hero"]);
    env.sgEmulator.resetStats();
    await site.createTags(["Hero", "fx", "FX", "wip"]);
    expect(writes()).toEqual([["POST /api/v1/entity/_batch", 1]]);
    const tags = await site.tags();
    expect([...tags.keys()].sort()).toEqual(["fx", "hero", "wip"]);
    expect(env.sgEmulator.store.findOne("Tag", tags.get("fx")!, { fields: ["name"] })?.name).toBe("fx");
    // Known now: asked again, nothing is written.
    env.sgEmulator.resetStats();
    await site.createTags(["wip", "FX"]);
    expect(writes()).toEqual([]);
  });

  it("creates a single missing Tag with a plain create", async () => {
    const site = new PushSite(env.sg);
    env.sgEmulator.resetStats();
    await site.createTags(["lonely"]);
    expect(writes()).toEqual([["POST /api/v1/entity/{type}", 1]]);
    expect((await site.tags()).has("lonely")).toBe(true);
  });
});
