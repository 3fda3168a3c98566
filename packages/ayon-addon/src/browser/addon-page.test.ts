// The settings page in real headless Chromium: the packaged zip installed into the AYON emulator through
// POST /api/addons/install, the page opened from /addons/shotgrid/<version>/frontend/ inside a host page
// that embeds it like AYON does, a manager's bearer token from POST /api/auth/login. The test plays the
// runtime (ScriptedRuntime): it reads the page's request events and writes the reply events.
// Any console error or warning, uncaught error, failed request or HTTP status ≥ 400 fails a test.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "@jest/globals";
import { join } from "node:path";
import type { AddonPageDriver } from "./page-driver.js";
import { ARTIFACTS, PageWorld } from "./page-world.test-helpers.js";
import { ScriptedRuntime, type SeenRequest } from "./scripted-runtime.js";

const SERVICE_KEY = "ayonsgtestservicekey0123456789ab";
const MANAGER = { name: "manager", password: "manager-password-1", isManager: true };
const HEX32 = /^[0-9a-f]{32}$/;

const SG_PROJECTS = [
  { shotgridId: 101, name: "Big Show", code: "bs", autoSync: true, ayonProject: null, importable: true },
  { shotgridId: 102, name: "Pilot", code: "pl", autoSync: false, ayonProject: null, importable: true },
  { shotgridId: 103, name: "Old Show", code: "old", autoSync: false, ayonProject: "old_show", importable: true },
  { shotgridId: 104, name: "Template", code: null, autoSync: false, ayonProject: null, importable: false, reason: "no code" },
];

let world: PageWorld;

beforeAll(async () => {
  world = await PageWorld.start({ serviceKey: SERVICE_KEY, users: [MANAGER] });
}, 120_000);
afterEach(async () => world?.closePage());
afterAll(async () => world?.close());

async function openPage(replyTimeoutMs?: number): Promise<{ page: AddonPageDriver; runtime: ScriptedRuntime }> {
  const runtime = new ScriptedRuntime(world.ayon.url, SERVICE_KEY);
  await runtime.ignoreEarlierRequests();
  const page = await world.open(MANAGER, replyTimeoutMs ? { replyTimeoutMs } : {});
  return { page, runtime };
}

async function answerList(runtime: ScriptedRuntime, projects: unknown[]): Promise<SeenRequest> {
  const list = await runtime.nextRequest("list-importable-projects");
  await runtime.reply(list, { status: "finished", progress: 100, description: "Listed", result: { projects } });
  return list;
}

describe("the settings page in Chromium, served by the AYON emulator", () => {
  it("lists, imports with live job state, re-lists, and shows a failed sync", async () => {
    const { page, runtime } = await openPage();

    await page.listStatus().waitFor();
    expect(await page.listStatus().innerText()).toBe("Fetching Shotgrid projects...");
    // The AYON theme is applied (dark background of the component library's stylesheet).
    expect(await page.computedStyle("html", "background-color")).toBe("rgb(37, 42, 49)");

    const list = await runtime.nextRequest("list-importable-projects");
    expect(list.topic).toBe("shotgrid.page.request");
    expect(list.project).toBeNull();
    expect(list.requestId).toMatch(HEX32);
    await runtime.reply(list, { status: "in_progress", progress: 30, description: "Reading ShotGrid projects" });
    await runtime.reply(list, { status: "finished", progress: 100, description: "Listed", result: { projects: SG_PROJECTS } });

    // Only projects not yet in AYON and importable are offered; the others are explained.
    await page.projectDropdown().waitFor();
    expect(await page.projectDropdown().innerText()).toContain("Choose a Project to Import and Sync...");
    expect(await page.projectOptions()).toEqual(["Big Show (bs)", "Pilot (pl)"]);
    expect(await page.byTestId("not-importable").innerText()).toContain("Template (no code)");
    expect(await page.importedProject("old_show").innerText()).toContain("Old Show (id 103)");

    // The ShotGrid name is not a valid AYON name: Import stays disabled and says why.
    await page.chooseProject("Big Show (bs)");
    expect(await page.importButton().isDisabled()).toBe(true);
    expect(await page.importProblem().innerText()).toBe(
      "The project name may contain only letters, digits and underscores.",
    );
    await page.setProjectName("old_show");
    expect(await page.importProblem().innerText()).toBe("AYON already has a project named old_show.");
    await page.setProjectName("big_show");
    expect(await page.importButton().isEnabled()).toBe(true);

    await page.importButton().click();
    const create = await runtime.nextRequest("create-project");
    expect(create.topic).toBe("shotgrid.event");
    expect(create.project).toBe("big_show");
    expect(create.payload).toEqual({
      action: "create-project",
      project_name: "big_show",
      project_code: "bs",
      sg_project_id: 101,
      requestId: create.requestId,
    });
    await page.waitForJobStatus(page.importJob(), "pending");
    expect(await page.importButton().isDisabled()).toBe(true); // no second import while one runs

    await runtime.reply(create, { status: "pending", description: "Queued" });
    await page.importJob().getByText("Queued").waitFor();
    await runtime.reply(create, { status: "in_progress", progress: 40, description: "Creating folders" });
    await page.waitForJobStatus(page.importJob(), "in_progress");
    await page.importJob().getByText("Creating folders").waitFor();
    expect(await page.progressOf(page.importJob())).toBe(40);
    await runtime.reply(create, { status: "finished", progress: 100, description: "Imported 1,204 entities" });
    await page.waitForJobStatus(page.importJob(), "finished");
    expect(await page.importJob().innerText()).toContain("Imported 1,204 entities");

    // A finished import asks for the list again; the project moves to the imported ones.
    const imported = SG_PROJECTS.map((p) => (p.shotgridId === 101 ? { ...p, ayonProject: "big_show" } : p));
    await answerList(runtime, imported);
    await page.importedProject("big_show").waitFor();
    expect(await page.projectOptions()).toEqual(["Pilot (pl)"]);
    expect(await page.projectDropdown().innerText()).toContain("Choose a Project to Import and Sync...");

    await page.syncButton("big_show").click();
    const sync = await runtime.nextRequest("sync-from-shotgrid");
    expect(sync.topic).toBe("shotgrid.event");
    expect(sync.project).toBe("big_show");
    expect(sync.payload).toEqual({ action: "sync-from-shotgrid", project_name: "big_show", requestId: sync.requestId });
    await runtime.reply(sync, { status: "in_progress", progress: 10, description: "Reading the hierarchy" });
    await page.waitForJobStatus(page.syncJob("big_show"), "in_progress");
    await runtime.reply(sync, {
      status: "failed",
      progress: 10,
      description: "ShotGrid is unreachable: https://studio.shotgrid.autodesk.com answered 503",
      error: "ShotgridUnavailableError",
    });
    await page.waitForJobStatus(page.syncJob("big_show"), "failed");
    const failed = await page.syncJob("big_show").innerText();
    expect(failed).toContain("Failed");
    expect(failed).toContain("ShotGrid is unreachable: https://studio.shotgrid.autodesk.com answered 503");
    expect(await page.syncButton("big_show").isEnabled()).toBe(true); // can be tried again

    await page.screenshot(join(ARTIFACTS, "addon-page.png"));
    page.assertNoProblems();
  }, 60_000);

  it("says clearly when no runtime answers, and recovers on retry", async () => {
    const { page, runtime } = await openPage(2_000);

    const unanswered = await runtime.nextRequest("list-importable-projects");
    expect(unanswered.requestId).toMatch(HEX32);
    await page.noRuntime().waitFor({ timeout: 10_000 });
    expect(await page.noRuntime().innerText()).toContain(
      "No ayon-sg runtime answered within 2 s — is the AyonSgRuntime service running?",
    );

    await page.noRuntime().getByRole("button", { name: /Retry/ }).click();
    const retried = await answerList(runtime, SG_PROJECTS);
    expect(retried.requestId).not.toBe(unanswered.requestId);
    await page.projectDropdown().waitFor();
    expect(await page.noRuntime().count()).toBe(0);
    page.assertNoProblems();
  }, 60_000);

  it("syncs users on request and shows the outcome", async () => {
    const { page, runtime } = await openPage();
    await answerList(runtime, SG_PROJECTS);
    await page.byTestId("users-sync-button").click();
    const users = await runtime.nextRequest("sync-users");
    expect(users.topic).toBe("shotgrid.page.request");
    expect(users.project).toBeFalsy();
    expect(users.payload).toEqual({ action: "sync-users", requestId: users.requestId });
    await page.waitForJobStatus(page.byTestId("users-sync-job"), "pending");
    expect(await page.byTestId("users-sync-button").isDisabled()).toBe(true);
    await runtime.reply(users, { status: "finished", progress: 100, description: "Synced 500 ShotGrid users: 420 created, 3 linked" });
    await page.waitForJobStatus(page.byTestId("users-sync-job"), "finished");
    expect(await page.byTestId("users-sync-job").innerText()).toContain("Synced 500 ShotGrid users: 420 created, 3 linked");
    expect(await page.byTestId("users-sync-button").isEnabled()).toBe(true);
    page.assertNoProblems();
  }, 60_000);

  it("shows a failed list request with its description and a retry", async () => {
    const { page, runtime } = await openPage();
    const list = await runtime.nextRequest("list-importable-projects");
    await runtime.reply(list, { status: "failed", description: "ShotGrid rejected script 'ayon' at https://sg.example" });
    await page.listProblem().waitFor();
    expect(await page.listProblem().innerText()).toContain(
      "Could not list the ShotGrid projects: ShotGrid rejected script 'ayon' at https://sg.example",
    );
    page.assertNoProblems();
  }, 60_000);
});
