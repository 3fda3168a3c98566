// The page's "Failed jobs" view in real headless Chromium, with the real runtime answering: a ShotGrid job that
// failed for good is listed (read from AYON's GraphQL), "Retry" sends the page request, the runtime's handler
// offers the job again through core's FailedJobs (the `jobs retry` mechanism), the job runs and finishes, and the
// row goes. A user who is not a manager is told the list is for managers. Screenshots go to .artifacts/.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "@jest/globals";
import { definePlugin, Handler, HandlerError, type AyonEvent, type HandlerContext } from "@ayon-sg/core";
import projectSyncPlugin from "@ayon-sg/handler-project-sync";
import { SHOTGRID_ORDER_GROUP } from "@ayon-sg/shotgrid";
import { createTestRuntime, type TestRuntime } from "@ayon-sg/testing";
import { join } from "node:path";
import { ARTIFACTS, PageWorld, type PageUser } from "./page-world.test-helpers.js";

const SERVICE_KEY = "ayonsgfailedjobspagekey0123456789";
const MANAGER = { name: "manager", password: "manager-password-3", isManager: true };
const ARTIST = { name: "artist", password: "artist-password-3" };
const SCRIPT = { name: "ayon-sg", key: "FailedJobsPageScriptKey_0a1b2c3d" };

const runs = new Map<string, number>();
/** A ShotGrid-group handler that fails its first run of an event for good: a job to replay. */
class FlakyOnce {
  async handle(event: AyonEvent, ctx: HandlerContext) {
    const count = (runs.get(event.id) ?? 0) + 1;
    runs.set(event.id, count);
    if (count === 1) throw new HandlerError("ShotGrid refused the update, once", { retryable: false });
    return ctx.done("applied on the second run");
  }
}
Handler({ topic: "test.flaky", action: "update", description: "fails once" })(FlakyOnce);
const flakyPlugin = definePlugin({ id: "flaky", handlers: [FlakyOnce], orderGroup: SHOTGRID_ORDER_GROUP });

let world: PageWorld;
let runtime: TestRuntime;

beforeAll(async () => {
  world = await PageWorld.start({ serviceKey: SERVICE_KEY, users: [MANAGER, ARTIST], shotgridScript: SCRIPT });
  runtime = await createTestRuntime({ ...world.runtimeBase(), plugins: [projectSyncPlugin, flakyPlugin], queue: { sweepIntervalMs: 500 } });
  await runtime.ayon.createProject({ name: "big_show", code: "bs" });
  await runtime.start();
}, 120_000);
afterEach(async () => world?.closePage());
afterAll(async () => {
  await runtime?.stop();
  await world?.close();
});

const open = (user: PageUser) => world.open(user);

describe("the Failed jobs view", () => {
  it("lists a failed job, retries it from the page through the runtime, and the job finishes", async () => {
    const source = await runtime.dispatch("test.flaky", { project: "big_show", payload: { action: "update" } });
    expect(await runtime.waitForJob(source, 10_000, "flaky")).toMatchObject({ status: "failed" });
    const job = (await runtime.jobEvent(source))!;

    const page = await open(MANAGER);
    const row = page.byTestId(`failed-job-${job.id}`);
    await row.waitFor({ timeout: 15_000 });
    expect(await row.innerText()).toContain("ShotGrid refused the update, once");
    expect(await row.innerText()).toContain("test.flaky / update");
    // Tries: it ran once and failed for good (its retries were set past the maximum; the count is kept).
    expect(await row.locator("td").nth(3).innerText()).toBe("1");
    expect(await page.byTestId("failed-project-big_show").innerText()).toContain("Retry all 1 for this project");
    await page.screenshot(join(ARTIFACTS, "addon-page-failed-jobs.png"));

    await page.byTestId(`retry-${job.id}`).click();
    await page.waitForJobStatus(page.byTestId("failed-jobs-action"), "finished", 15_000);
    expect(await page.byTestId("failed-jobs-action").innerText()).toContain("1 job(s) offered again");
    const deadline = Date.now() + 15_000;
    while ((await runtime.jobEvent(source))?.status !== "finished" && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await runtime.jobEvent(source)).toMatchObject({ status: "finished", description: "applied on the second run" });
    await page.byTestId("failed-jobs-none").waitFor({ timeout: 10_000 });
    await page.screenshot(join(ARTIFACTS, "addon-page-failed-jobs-retried.png"));
    page.assertNoProblems();
  }, 60_000);

  it("tells a user who is not a manager that the list is for managers, and offers no action", async () => {
    const source = await runtime.dispatch("test.flaky", { project: "big_show", payload: { action: "update" } });
    expect(await runtime.waitForJob(source, 10_000, "flaky")).toMatchObject({ status: "failed" });
    const page = await open(ARTIST);
    await page.byTestId("failed-jobs-managers-only").waitFor({ timeout: 15_000 });
    expect(await page.frame.locator("[data-testid^=retry-]").count()).toBe(0);
  }, 60_000);
});
