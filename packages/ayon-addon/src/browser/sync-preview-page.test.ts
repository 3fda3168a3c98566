// "Preview sync", then "Sync" in real headless Chromium, the page inside the AYON emulator's settings tab and the real
// runtime (project-sync + sync-from-shotgrid plugins) answering against both emulators: the preview's counts are what
// the sync then does (its reply and the AYON emulator's write log, the entity.* events), a sub-tree sync writes
// nothing outside the sub-tree, and a sync whose plan changed since the preview is refused. Screenshots: .artifacts/.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "@jest/globals";
import projectSyncPlugin from "@ayon-sg/handler-project-sync";
import syncFromShotgridPlugin from "@ayon-sg/handler-sync-from-shotgrid";
import { ensureAyonAttributes } from "@ayon-sg/shotgrid";
import { actualTree, entityWritesSince, eventMark } from "@ayon-sg/shotgrid/testing";
import { createTestRuntime, type TestRuntime } from "@ayon-sg/testing";
import { generateShotgridProject, type GeneratedShotgridProject } from "@ayon-sg/testkit";
import { join } from "node:path";
import type { AddonPageDriver } from "./page-driver.js";
import { ARTIFACTS, PageWorld } from "./page-world.test-helpers.js";

const SERVICE_KEY = "ayonsgsyncpreviewpagekey012345678";
const MANAGER = { name: "manager", password: "manager-password-4", isManager: true };
const SCRIPT = { name: "ayon-sg", key: "SyncPreviewPageScriptKey_0a1b2c3d" };
const PROJECT = "preview_show";

let world: PageWorld;
let runtime: TestRuntime;
let generated: GeneratedShotgridProject;

beforeAll(async () => {
  world = await PageWorld.start({ serviceKey: SERVICE_KEY, users: [MANAGER], shotgridScript: SCRIPT });
  runtime = await createTestRuntime({ ...world.runtimeBase(), plugins: [projectSyncPlugin, syncFromShotgridPlugin] });
  await ensureAyonAttributes(runtime.ayon);
  world.ayon.restart();
  generated = generateShotgridProject(world.sg.store, { name: "Preview Show", code: "pvs", episodes: 1, sequencesPerEpisode: 2, shots: 6, assets: 2, assetCategories: ["Prop"], tasksPerEntity: 2 });
  await runtime.ayon.createProject({ name: PROJECT, code: "pvs" });
  await runtime.ayon.updateProject(PROJECT, { attrib: { shotgridId: String(generated.projectId), shotgridType: "Project" } });
  await runtime.start();
  const first = await runtime.dispatch("shotgrid.event", { project: PROJECT, payload: { action: "sync-from-shotgrid", project_name: PROJECT } });
  expect(await runtime.waitForJob(first, 60_000)).toMatchObject({ status: "finished" });
}, 120_000);
afterEach(async () => world?.closePage());
afterAll(async () => {
  await runtime?.stop();
  await world?.close();
});

async function openPreview(): Promise<AddonPageDriver> {
  const page = await world.open(MANAGER);
  await page.byTestId(`preview-${PROJECT}`).click({ timeout: 20_000 });
  await page.waitForJobStatus(page.byTestId(`preview-job-${PROJECT}`), "finished", 30_000);
  return page;
}

/** "Folders: 1 to create, 2 to update · Tasks: 0 to create, 0 to update" → [1, 2, 0, 0]. */
async function previewTotals(page: AddonPageDriver): Promise<number[]> {
  const text = await page.byTestId(`preview-${PROJECT}-totals`).innerText();
  const m = /Folders: (\d+) to create, (\d+) to update · Tasks: (\d+) to create, (\d+) to update/.exec(text);
  if (!m) throw new Error(`unreadable totals: ${text}`);
  return m.slice(1).map(Number);
}

/** The sync's own sentence: "... folders 1 created, 2 updated, N unchanged; tasks 0 created, 0 updated ..." → [1, 2, 0, 0]. */
function syncedTotals(description: string): number[] {
  const m = /folders (\d+) created, (\d+) updated, \d+ unchanged; tasks (\d+) created, (\d+) updated/.exec(description);
  if (!m) throw new Error(`unreadable sync description: ${description}`);
  return m.slice(1).map(Number);
}

async function clickSync(page: AddonPageDriver, status: "finished" | "failed"): Promise<string> {
  await page.byTestId(`preview-sync-${PROJECT}`).click();
  const job = page.byTestId(`preview-sync-job-${PROJECT}`);
  await page.waitForJobStatus(job, status, 30_000);
  return job.innerText();
}

const shotsOf = (sequence: number) => generated.tree.shots.filter((s) => s.sequence === sequence).map((s) => s.id);

describe("Preview sync, then Sync", () => {
  it("shows the counts the sync then does, exactly", async () => {
    const [renamed, moved] = shotsOf(generated.ids.Sequence[0]!);
    world.sg.store.update("Shot", renamed!, { code: "sh_renamed" });
    world.sg.store.update("Shot", moved!, { sg_sequence: { type: "Sequence", id: generated.ids.Sequence[1]! } });
    world.sg.store.create("Shot", { code: "sh_new", project: { type: "Project", id: generated.projectId }, sg_sequence: { type: "Sequence", id: generated.ids.Sequence[0]! } });

    const mark = eventMark(world.ayon);
    const page = await openPreview();
    const totals = await previewTotals(page);
    expect(totals).toEqual([1, 2, 0, 0]);
    expect(await page.byTestId(`preview-${PROJECT}-count-Shot-rename`).innerText()).toBe("1");
    expect(await page.byTestId(`preview-${PROJECT}-count-Shot-move`).innerText()).toBe("1");
    expect(await page.frame.locator("[data-testid=preview-item]").count()).toBe(3);
    expect(entityWritesSince(world.ayon, PROJECT, mark).ids.size).toBe(0);
    await page.screenshot(join(ARTIFACTS, "addon-page-sync-preview.png"));

    const sentence = await clickSync(page, "finished");
    expect(syncedTotals(sentence)).toEqual(totals);
    const written = entityWritesSince(world.ayon, PROJECT, mark);
    const n = (r: Record<string, string[]>, t: string) => r[t]?.length ?? 0;
    expect([n(written.created, "folder"), n(written.updated, "folder"), n(written.created, "task"), n(written.updated, "task")]).toEqual(totals);
    await page.screenshot(join(ARTIFACTS, "addon-page-sync-preview-synced.png"));
    page.assertNoProblems();
  }, 90_000);

  it("syncs one Sequence's sub-tree and touches nothing outside it", async () => {
    const [inside, outside] = generated.ids.Sequence as [number, number];
    const shotIn = shotsOf(inside).find((id) => actualTree(world.ayon, PROJECT).ids.has(`Shot:${id}`))!;
    const shotOut = shotsOf(outside)[0]!;
    world.sg.store.update("Shot", shotIn, { code: "in_renamed" });
    world.sg.store.update("Shot", shotOut, { code: "out_renamed" });
    const before = actualTree(world.ayon, PROJECT);

    const page = await openPreview();
    await page.byTestId(`preview-root-input-${PROJECT}`).fill(`Sequence ${inside}`);
    await page.byTestId(`preview-root-apply-${PROJECT}`).click();
    await page.byTestId(`preview-sync-${PROJECT}`).and(page.frame.getByText(`Sync Sequence ${inside}`)).waitFor({ timeout: 30_000 });
    expect(await previewTotals(page)).toEqual([0, 1, 0, 0]);
    const paths = await page.frame.locator("[data-testid=preview-item]").allInnerTexts();
    expect(paths).toHaveLength(1);
    expect(paths[0]).toContain("in_renamed");
    await page.screenshot(join(ARTIFACTS, "addon-page-sync-preview-subtree.png"));

    const mark = eventMark(world.ayon);
    const sentence = await clickSync(page, "finished");
    expect(sentence).toContain(`(sub-tree Sequence ${inside})`);
    const written = entityWritesSince(world.ayon, PROJECT, mark);
    expect([...written.ids]).toEqual([before.ids.get(`Shot:${shotIn}`)]);
    const after = actualTree(world.ayon, PROJECT);
    expect(after.tree.get(`Shot:${shotIn}`)?.label).toBe("in_renamed");
    expect(after.tree.get(`Shot:${shotOut}`)?.label).toBe(before.tree.get(`Shot:${shotOut}`)?.label);
    page.assertNoProblems();
  }, 90_000);

  it("refuses the sync when ShotGrid changed after the preview", async () => {
    const page = await openPreview();
    const shot = generated.ids.Shot[generated.ids.Shot.length - 1]!;
    world.sg.store.update("Shot", shot, { code: "changed_meanwhile" });
    const mark = eventMark(world.ayon);
    const sentence = await clickSync(page, "failed");
    expect(sentence).toContain("ShotGrid or AYON changed since the preview");
    expect(entityWritesSince(world.ayon, PROJECT, mark).ids.size).toBe(0);
    await page.screenshot(join(ARTIFACTS, "addon-page-sync-preview-refused.png"));
  }, 90_000);
});
