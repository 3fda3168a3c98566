// "AYON ► ShotGrid" in real headless Chromium: the packaged page inside the AYON emulator's settings tab, three AYON
// projects (one born in AYON, linked to nothing; one pushing to ShotGrid; one fed live from ShotGrid), the test
// playing the runtime (ScriptedRuntime) as addon-page.test.ts does. The rows say which way live sync runs; the
// button sends the sync-from-ayon request and the row follows its job — pending, progress, outcome — like
// "ShotGrid ► AYON"; a project that got its ShotGrid project shows it. Nothing the page receives holds the service key. Screenshots go to .artifacts/.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "@jest/globals";
import { AyonClient } from "@ayon-sg/core";
import { SHOTGRID_ATTRIBUTES } from "@ayon-sg/shotgrid";
import { join } from "node:path";
import type { Page } from "playwright-core";
import type { AddonPageDriver } from "./page-driver.js";
import { ARTIFACTS, PageWorld } from "./page-world.test-helpers.js";
import { ScriptedRuntime } from "./scripted-runtime.js";

const SERVICE_KEY = "ayonsgsyncfromayonpagekey01234567";
const MANAGER = { name: "manager", password: "manager-password-5", isManager: true };
const HEX32 = /^[0-9a-f]{32}$/;
const BORN = "born_in_ayon";
const PUSHED = "pushed_show";
const PULLED = "pulled_show";

const SG_PROJECTS = [
  { shotgridId: 201, name: "Pushed Show", code: "ps", autoSync: false, ayonProject: PUSHED, importable: false },
  { shotgridId: 202, name: "Pulled Show", code: "pl", autoSync: true, ayonProject: PULLED, importable: false },
];

let world: PageWorld;
let ayon: AyonClient;
/** Every response body the page received from AYON (its frame's included). */
let received: Array<Promise<string>> = [];

beforeAll(async () => {
  world = await PageWorld.start({ serviceKey: SERVICE_KEY, users: [MANAGER], ayon: { attributes: SHOTGRID_ATTRIBUTES.map((a) => ({ ...a, scope: [...a.scope] })) } });
  ayon = new AyonClient({ serverUrl: world.ayon.url, apiKey: SERVICE_KEY });
  await ayon.createProject({ name: BORN, code: "bia" });
  await ayon.updateProject(BORN, { attrib: { shotgridPush: true } });
  await ayon.createProject({ name: PUSHED, code: "ps" });
  await ayon.updateProject(PUSHED, { attrib: { shotgridId: "201", shotgridType: "Project", shotgridPush: true } });
  await ayon.createProject({ name: PULLED, code: "pl" });
  await ayon.updateProject(PULLED, { attrib: { shotgridId: "202", shotgridType: "Project" } });
}, 120_000);
afterEach(async () => world?.closePage());
afterAll(async () => world?.close());

function keepBodies(page: Page): void {
  page.on("response", (response) => {
    if (response.url().startsWith(world.ayon.url)) received.push(response.text().catch(() => ""));
  });
}

async function openPage(): Promise<{ page: AddonPageDriver; runtime: ScriptedRuntime }> {
  const runtime = new ScriptedRuntime(world.ayon.url, SERVICE_KEY);
  await runtime.ignoreEarlierRequests();
  received = [];
  const page = await world.open(MANAGER, { onPage: keepBodies });
  const list = await runtime.nextRequest("list-importable-projects");
  await runtime.reply(list, { status: "finished", progress: 100, description: "Listed", result: { projects: SG_PROJECTS } });
  await page.importedProject(PULLED).getByText("Pulled Show (id 202)").waitFor({ timeout: 20_000 });
  return { page, runtime };
}

const fromAyonButton = (page: AddonPageDriver, name: string) => page.byTestId(`sync-from-ayon-${name}`);
const live = async (page: AddonPageDriver, name: string) =>
  [await page.byTestId(`live-from-shotgrid-${name}`).innerText(), await page.byTestId(`live-to-shotgrid-${name}`).innerText()];

describe("AYON ► ShotGrid on the projects table", () => {
  it("says per project which way live sync runs, and which full sync each can ask for", async () => {
    const { page } = await openPage();
    expect(await live(page, PULLED)).toEqual(["on", "off"]);
    expect(await live(page, PUSHED)).toEqual(["off", "on"]);
    // Born in AYON: its push is on, but nothing is pushed until it has a ShotGrid project.
    expect(await live(page, BORN)).toEqual(["off", "not yet"]);
    expect(await page.byTestId(`live-to-shotgrid-${BORN}`).getAttribute("title")).toContain("AYON ► ShotGrid creates it");
    expect(await page.importedProject(BORN).innerText()).toContain("not linked");

    for (const name of [PULLED, PUSHED]) {
      expect(await page.syncButton(name).isEnabled()).toBe(true);
      expect(await fromAyonButton(page, name).isEnabled()).toBe(true);
    }
    // Nothing in ShotGrid to sync or preview from; everything in AYON to sync to ShotGrid.
    expect(await page.syncButton(BORN).isDisabled()).toBe(true);
    expect(await page.byTestId(`preview-${BORN}`).isDisabled()).toBe(true);
    expect(await fromAyonButton(page, BORN).isEnabled()).toBe(true);
    expect(await fromAyonButton(page, BORN).innerText()).toBe("AYON ► ShotGrid");
    expect(await page.syncButton(BORN).innerText()).toBe("ShotGrid ► AYON");
    await page.screenshot(join(ARTIFACTS, "addon-page-live-sync.png"));
    page.assertNoProblems();
  }, 60_000);

  it("sends sync-from-ayon and follows its job to the outcome, like ShotGrid ► AYON", async () => {
    const { page, runtime } = await openPage();

    await fromAyonButton(page, BORN).click();
    const sync = await runtime.nextRequest("sync-from-ayon");
    expect(sync.topic).toBe("shotgrid.event");
    expect(sync.project).toBe(BORN);
    expect(sync.requestId).toMatch(HEX32);
    expect(sync.payload).toEqual({ action: "sync-from-ayon", project_name: BORN, requestId: sync.requestId });
    const job = page.syncJob(BORN);
    await page.waitForJobStatus(job, "pending");
    expect(await job.innerText()).toContain("AYON ► ShotGrid: Pending");
    expect(await fromAyonButton(page, BORN).isDisabled()).toBe(true); // no second sync while one runs

    await runtime.reply(sync, { status: "in_progress", progress: 40, description: "Creating the ShotGrid Project" });
    await page.waitForJobStatus(job, "in_progress");
    await job.getByText("Creating the ShotGrid Project").waitFor();
    expect(await page.progressOf(job)).toBe(40);
    expect(await job.innerText()).toContain("AYON ► ShotGrid: In progress (40%)");
    await runtime.reply(sync, { status: "finished", progress: 100, description: "ShotGrid Project 7 created. Pushed 12 folders and 30 tasks" });
    await page.waitForJobStatus(job, "finished");
    expect(await job.innerText()).toContain("ShotGrid Project 7 created. Pushed 12 folders and 30 tasks");
    expect(await fromAyonButton(page, BORN).isEnabled()).toBe(true);

    // The runtime linked the new ShotGrid project to the AYON project; the page reads AYON again, and asks the runtime
    // for its list again, which now has that ShotGrid project.
    await ayon.updateProject(BORN, { attrib: { shotgridId: "7", shotgridType: "Project" } });
    const relist = await runtime.nextRequest("list-importable-projects");
    const created = { shotgridId: 7, name: BORN, code: "bia", autoSync: false, ayonProject: BORN, importable: false };
    await runtime.reply(relist, { status: "finished", progress: 100, description: "Listed", result: { projects: [...SG_PROJECTS, created] } });
    await page.importedProject(BORN).getByText(`${BORN} (id 7)`).waitFor({ timeout: 10_000 });
    await page.byTestId(`live-to-shotgrid-${BORN}`).getByText("on", { exact: true }).waitFor({ timeout: 10_000 });
    expect(await live(page, BORN)).toEqual(["off", "on"]);
    expect(await page.syncButton(BORN).isEnabled()).toBe(true);
    await page.screenshot(join(ARTIFACTS, "addon-page-sync-from-ayon.png"));

    // A linked project: while its push runs, neither direction can be asked for; a failure says why.
    await fromAyonButton(page, PUSHED).click();
    const push = await runtime.nextRequest("sync-from-ayon");
    expect(push.payload).toEqual({ action: "sync-from-ayon", project_name: PUSHED, requestId: push.requestId });
    await page.waitForJobStatus(page.syncJob(PUSHED), "pending");
    expect(await page.syncButton(PUSHED).isDisabled()).toBe(true);
    expect(await fromAyonButton(page, PUSHED).isDisabled()).toBe(true);
    await runtime.reply(push, { status: "failed", progress: 20, description: "ShotGrid refused Shot sh010: sg_status_list 'wip' is not a valid value", error: "ShotgridHttpError" });
    await page.waitForJobStatus(page.syncJob(PUSHED), "failed");
    const failed = await page.syncJob(PUSHED).innerText();
    expect(failed).toContain("AYON ► ShotGrid: Failed");
    expect(failed).toContain("ShotGrid refused Shot sh010: sg_status_list 'wip' is not a valid value");
    expect(await fromAyonButton(page, PUSHED).isEnabled()).toBe(true); // can be tried again
    expect(await page.syncButton(PUSHED).isEnabled()).toBe(true);

    const bodies = await Promise.all(received);
    expect(bodies.some((body) => body.includes(`ayonsg.reply.${push.requestId}`) || body.includes("ShotGrid refused Shot sh010"))).toBe(true);
    expect(bodies.filter((body) => body.includes(SERVICE_KEY))).toEqual([]);
    page.assertNoProblems();
  }, 60_000);
});
