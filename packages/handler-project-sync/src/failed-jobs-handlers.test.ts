// The page's retry/skip requests through the real runtime and AYON's queue: a job that failed for good is offered
// again by `retry-failed-jobs` and finishes; `skip-failed-jobs` marks another done; a bad request fails, not retried.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { definePlugin, Handler, HandlerError, type AyonEvent, type HandlerContext } from "@ayon-sg/core";
import type { TestRuntime } from "@ayon-sg/testing";
import { SHOTGRID_ORDER_GROUP } from "@ayon-sg/shotgrid";
import { startSyncEnv, syncEnvRuntime, type SyncEnv } from "@ayon-sg/shotgrid/testing";
import plugin from "./index.js";

const ran = new Map<string, number>();
/** Fails its first run of an event for good, then finishes: a job to replay. */
class FlakyOnce {
  async handle(event: AyonEvent, ctx: HandlerContext) {
    const runs = (ran.get(event.id) ?? 0) + 1;
    ran.set(event.id, runs);
    if (runs === 1 && event.payload?.succeed !== true) throw new HandlerError("refused on purpose, once", { retryable: false });
    return ctx.done(`ran ${runs} times`);
  }
}
Handler({ topic: "test.flaky", description: "fails once" })(FlakyOnce);
const flaky = definePlugin({ id: "flaky", handlers: [FlakyOnce], orderGroup: SHOTGRID_ORDER_GROUP });

let env: SyncEnv;
let runtime: TestRuntime;
beforeAll(async () => {
  env = await startSyncEnv();
  runtime = await syncEnvRuntime(env, [plugin, flaky], { queue: { sweepIntervalMs: 300 } });
  await runtime.start();
});
afterAll(async () => {
  await runtime?.stop();
  await env?.close();
});

const failedJob = async () => {
  const source = await runtime.dispatch("test.flaky", { payload: {} });
  expect(await runtime.waitForJob(source, 10_000, "flaky")).toMatchObject({ status: "failed", retryable: false });
  return { source, job: (await runtime.jobEvent(source))! };
};
const request = (action: string, payload: Record<string, unknown>) => runtime.dispatch("shotgrid.page.request", { payload: { action, ...payload } });

describe("page requests retry-failed-jobs and skip-failed-jobs", () => {
  it("retries a failed job so it runs again and finishes", async () => {
    const { source, job } = await failedJob();
    const report = await runtime.waitForJob(await request("retry-failed-jobs", { jobIds: [job.id] }), 10_000, "project-sync");
    expect(report).toMatchObject({ status: "finished", description: "1 job(s) offered again" });
    const deadline = Date.now() + 10_000;
    while ((await runtime.jobEvent(source))?.status !== "finished" && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect((await runtime.jobEvent(source))?.description).toBe("ran 2 times");
  });

  it("skips a failed job: finished, saying who skipped it, never run again", async () => {
    const { source, job } = await failedJob();
    const report = await runtime.waitForJob(await request("skip-failed-jobs", { jobIds: [job.id] }), 10_000, "project-sync");
    expect(report).toMatchObject({ status: "finished", description: "1 job(s) skipped" });
    expect((await runtime.jobEvent(source))?.description).toMatch(/^Skipped by .+ \(ShotGrid Sync page\); it had failed with: /);
    await new Promise((r) => setTimeout(r, 1000));
    expect(ran.get(source)).toBe(1);
  });

  it("fails a request naming no job, or a job that is not failed, without retrying it", async () => {
    expect(await runtime.waitForJob(await request("retry-failed-jobs", {}), 10_000, "project-sync")).toMatchObject({ status: "failed", retryable: false });
    const done = await runtime.dispatch("test.flaky", { payload: { succeed: true } });
    await runtime.waitForJob(done, 10_000, "flaky");
    const job = (await runtime.jobEvent(done))!;
    const report = await runtime.waitForJob(await request("skip-failed-jobs", { jobIds: [job.id] }), 10_000, "project-sync");
    expect(report).toMatchObject({ status: "failed", retryable: false, description: expect.stringContaining(`job ${job.id} is not failed (it is finished)`) });
  });
});
