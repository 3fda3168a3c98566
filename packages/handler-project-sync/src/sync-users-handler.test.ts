// The page's "Sync users" request through the real runtime and AYON's queue: users created and linked, the reply
// event carries the summary, a second request writes nothing.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import type { TestRuntime } from "@ayon-sg/testing";
import { startSyncEnv, syncEnvRuntime, type SyncEnv } from "@ayon-sg/shotgrid/testing";
import plugin from "./index.js";

let env: SyncEnv;
let runtime: TestRuntime;
beforeAll(async () => {
  env = await startSyncEnv();
  runtime = await syncEnvRuntime(env, [plugin]);
  await runtime.start();
});
afterAll(async () => {
  await runtime?.stop();
  await env?.close();
});

async function request(requestId: string) {
  const id = await runtime.dispatch("shotgrid.page.request", { payload: { action: "sync-users", requestId } });
  const report = await runtime.waitForJob(id, 20_000);
  const reply = (await runtime.ayon.queryEvents({ topics: [`ayonsg.reply.${requestId}`], last: 1 })).events[0];
  return { report, result: reply?.payload?.result as { created: number; linked: number; ayonWrites: number } };
}

describe("page request sync-users", () => {
  it("creates the AYON users of active ShotGrid users, links them by sg_user_id, and is idempotent", async () => {
    const [ann, bob] = env.sgEmulator.store.seed("HumanUser", [
      { login: "ann@studio.com", name: "Ann Lee", email: "ann@studio.com", sg_status_list: "act" },
      { login: "bob", name: "Bob", email: "bob@studio.com", sg_status_list: "dis" },
    ]) as [number, number];

    const first = await request("ab".repeat(16));
    expect(first.report).toMatchObject({ status: "finished", handlers: ["project-sync/SyncUsersHandler"], description: expect.stringMatching(/^Synced \d+ ShotGrid users: [1-9]\d* created/) });
    expect((await env.ayon.getUser("ann_studio.com"))?.data).toMatchObject({ sg_user_id: ann });
    expect(await env.ayon.getUser("bob")).toBeNull();
    expect(bob).toBeGreaterThan(0);

    const second = await request("ef".repeat(16));
    expect(second.report.status).toBe("finished");
    expect(second.result).toMatchObject({ created: 0, linked: 0, ayonWrites: 0 });
  });
});
