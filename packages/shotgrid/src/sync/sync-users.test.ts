// "Sync users" against both emulators: 500 ShotGrid HumanUsers (inactive ones, ones without email, repeated
// display names) get their AYON users linked by data.sg_user_id; a re-run writes nothing; an inactive user is
// deactivated, never deleted.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { SilentLogger } from "@ayon-sg/core";
import { describeUsersSync, syncUsers } from "./sync-users.js";
import { ayonWrites, startSyncEnv, type SyncEnv } from "./sync-env.test-helpers.js";

let env: SyncEnv;
const logger = new SilentLogger();

beforeAll(async () => {
  env = await startSyncEnv({ attributes: false });
});
afterAll(async () => {
  await env?.close();
});

const sync = () => syncUsers({ ayon: env.ayon, sg: env.sg, logger });

describe("sync users: ShotGrid HumanUsers → AYON users", () => {
  it("500 users: created or linked once, inactive ones left out or deactivated, a re-run writes nothing", async () => {
    const store = env.sgEmulator.store;
    const rows = Array.from({ length: 500 }, (_, i) => ({
      login: i % 4 === 0 ? `artist${i}@studio.com` : `artist.${i}`,
      name: `Artist ${i % 40}`,
      email: i % 5 === 0 ? null : `artist${i}@studio.com`,
      sg_status_list: i % 7 === 0 ? "dis" : "act",
    }));
    const ids = store.seed("HumanUser", rows);
    // Already in AYON: one the Python addon made (login name, sg_user_id), one by hand sharing artist3's email,
    // and one whose ShotGrid user (artist.14) is inactive.
    await env.ayon.createUser("artist.1", { data: { sg_user_id: ids[1] } });
    await env.ayon.createUser("annie", { attrib: { email: "Artist3@studio.com" } });
    await env.ayon.createUser("artist.14", {});
    const usersBefore = env.ayonEmulator.state.users.size;

    const first = await sync();
    const inactive = rows.filter((r) => r.sg_status_list === "dis").length;
    const siteUsers = store.find("HumanUser", [], { fields: ["id"] }).length;
    expect(first.shotgridUsers).toBe(siteUsers);
    expect(first.failed).toEqual([]);
    expect(first.deactivated).toBe(1);
    expect(first.linked).toBe(1);
    expect(first.unchanged).toBe(1);
    // Every active ShotGrid user has an AYON user now; inactive unknown ones were not created.
    expect(first.created).toBe(siteUsers - inactive - 2 - first.skipped.filter((s) => !/inactive/.test(s.reason)).length);
    expect(env.ayonEmulator.state.users.size).toBe(usersBefore + first.created);
    const ann = (await env.ayon.getUser("artist4_studio.com"))!;
    expect(ann).toMatchObject({ active: true, attrib: { fullName: "Artist 4", email: "artist4@studio.com" }, data: { sg_user_id: ids[4] } });
    expect((await env.ayon.getUser("annie"))!.data).toMatchObject({ sg_user_id: ids[3] });
    const noEmail = (await env.ayon.getUser("artist.5"))!;
    expect(noEmail.attrib?.email).toBeUndefined();
    expect((await env.ayon.getUser("artist.14"))!).toMatchObject({ active: false, data: { sg_user_id: ids[14], sg_user_deactivated: true } });
    expect(describeUsersSync(first)).toMatch(/^Synced \d+ ShotGrid users: \d+ created, 1 linked, 1 deactivated, 0 reactivated, 1 unchanged/);

    env.ayonEmulator.resetStats();
    const second = await sync();
    expect(second.ayonWrites).toBe(0);
    expect(ayonWrites(env.ayonEmulator.stats())).toEqual({});
    expect(second.created + second.linked + second.deactivated + second.reactivated).toBe(0);

    // Reactivated in ShotGrid: the user comes back; nobody was ever deleted.
    store.update("HumanUser", ids[14]!, { sg_status_list: "act" });
    const third = await sync();
    expect(third).toMatchObject({ reactivated: 1, created: 0, linked: 0, deactivated: 0 });
    expect((await env.ayon.getUser("artist.14"))!.active).toBe(true);
    expect(env.ayonEmulator.state.users.size).toBe(usersBefore + first.created);
  });
});
