// The page's projects table in real headless Chromium, inside the AYON emulator's settings tab, with 500 linked
// projects and 20,000 jobs seeded straight into the emulator's queue (the test plays the runtime's list reply).
// PRINTS how long the 500 rows take to render and the requests the page sent (a benchmark's figures, not asserted);
// ASSERTS the number of requests the table's data costs per refresh (two GraphQL documents, whatever the size).
// Then: sorting and filtering, a failure appearing live without reload, and a non-manager reading without actions.
// Screenshots go to .artifacts/.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "@jest/globals";
import { AyonClient } from "@ayon-sg/core";
import { SHOTGRID_ATTRIBUTES } from "@ayon-sg/shotgrid";
import type { AyonEmulator } from "@ayon-sg/testkit";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { fetchTableStats, FIGURES_MARK, FIGURES_READ_MARK, ROWS_MARK } from "../../frontend/src/projects-table.js";
import { loginToAyon } from "./ayon-login.js";
import type { AddonPageDriver } from "./page-driver.js";
import { ARTIFACTS, PageWorld, type PageUser } from "./page-world.test-helpers.js";
import { ScriptedRuntime } from "./scripted-runtime.js";

const SERVICE_KEY = "ayonsgprojectstablekey0123456789";
const MANAGER = { name: "manager", password: "manager-password-4", isManager: true };
const ARTIST = { name: "artist", password: "artist-password-4" };
const PROJECTS = 500;
const JOBS = 20_000;
const HOUR = 3600_000;
const name = (p: number) => `show_${String(p).padStart(3, "0")}`;

let world: PageWorld;

/** The queue: ordinary ShotGrid event jobs over the last 23 h, then (newest) reconciles, failures and live jobs. */
function seedQueue(emulator: AyonEmulator, now: number): void {
  const job = (project: string, createdAt: number, status: "finished" | "failed" | "pending" | "in_progress", summary: Record<string, unknown>, description = "", ms = 200) => {
    const source = emulator.seedEventForTest({ topic: "shotgrid.event", project, summary: summary as never, description, createdAt: new Date(createdAt) });
    emulator.seedEventForTest({ topic: "shotgrid.proc", dependsOn: source, status, createdAt: new Date(createdAt + 10), updatedAt: new Date(createdAt + 10 + ms) });
  };
  emulator.seedEventForTest({
    topic: "shotgrid.leecher.state", summary: { sg_site: "emulator", low_water: 150_000, scanned: 150_004, open_holes: 2 }, createdAt: new Date(now - 4000),
  });
  const special = 100 + 30 + 100; // reconciles, failures of show_007, waiting/running jobs
  const ordinary = JOBS - special;
  const start = now - 23 * HOUR;
  for (let i = 0; i < ordinary; i += 1) {
    const at = start + Math.floor((i * 22 * HOUR) / ordinary);
    job(name(i % PROJECTS), at, i % 40 === 0 ? "failed" : "finished", { sg_event_id: 100_000 + i });
  }
  const recent = now - 50 * 60_000;
  for (let p = 0; p < 100; p += 1) {
    job(name(p), recent + p * 1000, "finished", { sg_project_id: 1000 + p, slot: new Date(recent).toISOString() }, `Scheduled reconcile of ${name(p)}`, 42_000);
  }
  for (let k = 0; k < 30; k += 1) job(name(7), recent + 200_000 + k, "failed", { sg_event_id: 140_000 + k });
  for (let k = 0; k < 100; k += 1) job(name(k % 10), recent + 300_000 + k, k % 2 ? "pending" : "in_progress", { sg_event_id: 149_000 + k });
}

beforeAll(async () => {
  world = await PageWorld.start({ serviceKey: SERVICE_KEY, users: [MANAGER, ARTIST], ayon: { attributes: SHOTGRID_ATTRIBUTES.map((a) => ({ ...a, scope: [...a.scope] })) } });
  const client = new AyonClient({ serverUrl: world.ayon.url, apiKey: SERVICE_KEY });
  for (let p = 0; p < PROJECTS; p += 10) {
    await Promise.all(Array.from({ length: 10 }, async (_, k) => {
      await client.createProject({ name: name(p + k), code: `s${p + k}` });
      await client.updateProject(name(p + k), { attrib: { shotgridId: String(1000 + p + k), shotgridPush: (p + k) % 3 === 0 } });
    }));
  }
  seedQueue(world.ayon, Date.now());
  // A running AYON has served these documents before: the table's data is read once here, so the figures below
  // measure the page rather than the emulator's first, JIT-cold run of its GraphQL resolvers.
  await fetchTableStats({ accessToken: await loginToAyon(world.ayon.url, MANAGER.name, MANAGER.password), baseUrl: world.ayon.url });
}, 300_000);
afterEach(async () => world?.closePage());
afterAll(async () => world?.close());

const SG_PROJECTS = [
  ...Array.from({ length: PROJECTS }, (_, p) => ({ shotgridId: 1000 + p, name: `Show ${p}`, code: `s${p}`, autoSync: p % 2 === 0, ayonProject: name(p), importable: false })),
  { shotgridId: 9001, name: "Next Show", code: "nx", autoSync: false, ayonProject: null, importable: true },
];

/** Every request the page (and its frame) sends to AYON, named by path and GraphQL operation. */
function watchRequests(page: Page, log: Array<{ at: number; what: string }>): void {
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.origin !== world.ayon.url || url.pathname.startsWith("/addons/") || url.pathname.startsWith("/__test-host__")) return;
    const operation = /query\s+(\w+)/.exec(request.postData() ?? "")?.[1];
    const entry: { at: number; what: string; done?: number } = { at: Date.now(), what: `${request.method()} ${url.pathname}${operation ? ` ${operation}` : ""}` };
    log.push(entry);
    void request.response().then(() => (entry.done = Date.now()), () => undefined);
  });
}

const tally = (log: Array<{ what: string }>) => log.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.what]: (acc[r.what] ?? 0) + 1 }), {});
const TABLE_OPS = ["POST /graphql AyonSgProjectsTable", "POST /graphql AyonSgTableSources"];

const open = (user: PageUser, log: Array<{ at: number; what: string }>) => world.open(user, { onPage: (page) => watchRequests(page, log) });

const rows = (page: AddonPageDriver) => page.frame.locator("[data-testid=projects-table] tbody tr");
const firstNames = async (page: AddonPageDriver, n: number) =>
  (await rows(page).locator("td.project-name").allInnerTexts()).slice(0, n);

describe("the projects table with 500 linked projects and 20,000 jobs", () => {
  it("renders in a bounded number of requests (figures printed), sorts, filters and updates live", async () => {
    // The list request is a page request; the 20,000 seeded shotgrid.events need not be polled for it.
    const runtime = new ScriptedRuntime(world.ayon.url, SERVICE_KEY, ["shotgrid.page.request"]);
    await runtime.ignoreEarlierRequests();
    const log: Array<{ at: number; what: string }> = [];
    const started = Date.now();
    const page = await open(MANAGER, log);
    const listed = runtime.nextRequest("list-importable-projects", 20_000).then((list) =>
      runtime.reply(list, { status: "finished", progress: 100, description: "Listed", result: { projects: SG_PROJECTS } }));

    await rows(page).nth(PROJECTS - 1).waitFor({ timeout: 30_000 });
    const rendered = Date.now() - started;
    const untilRendered = tally(log);
    await page.importedProject(name(7)).getByText(/reconcile finished/).waitFor({ timeout: 20_000 });
    const withFigures = Date.now() - started;
    const untilFigures = tally(log);
    // The page's own start: its first request (the browser's page creation and bundle load come before).
    const appStart = log[0]!.at - started;
    // Measured in the browser (this process also runs the emulator, whose work delays what the test observes).
    const frame = page.page.frames().find((f) => f.url().includes("/frontend/"))!;
    const inBrowser = await frame.evaluate(([rowsMark, figuresMark, readMark]) => {
      const first = performance.getEntriesByType("resource").find((e) => e.name.endsWith("/graphql"));
      const at = (mark: string) => performance.getEntriesByName(mark)[0]?.startTime ?? NaN;
      return { firstRequest: first?.startTime ?? NaN, rows: at(rowsMark), figures: at(figuresMark), data: at(readMark!) };
    }, [ROWS_MARK, FIGURES_MARK, FIGURES_READ_MARK]);
    const tableGraphql = await frame.evaluate(() => performance.getEntriesByType("resource").filter((e) => e.name.endsWith("/graphql")).slice(0, 6).map((e) => `${Math.round(e.startTime)}→${Math.round(e.startTime + e.duration)}`));
    await listed;
    await page.importedProject(name(499)).getByText("Show 499 (id 1499)").waitFor({ timeout: 20_000 });
    const withNames = Date.now() - started;

    // show_007: its reconcile of 42 s, 50 min ago.
    const row7 = await page.importedProject(name(7)).innerText();
    expect(row7).toContain("Show 7 (id 1007)");
    expect(row7).toMatch(/reconcile finished, \d+ min ago, 42 s/);
    expect(await page.frame.getByTestId("leecher-cursor").innerText()).toContain("every ShotGrid event up to #150000 handled");

    // A steady state: every refresh reads the table's data with the same two documents, whatever the size.
    // The window opens at a refresh's first document and closes once its last refresh's second document went out,
    // so no refresh is cut in half (the two go one after the other, and the next refresh is 3 s away).
    const count = (what: string, from: number) => log.filter((r) => r.at >= from && r.what === what).length;
    const untilTrue = async (done: () => boolean, ms: number) => {
      for (const end = Date.now() + ms; !done() && Date.now() < end;) await new Promise((resolve) => setTimeout(resolve, 20));
    };
    const opened = Date.now();
    await untilTrue(() => count(TABLE_OPS[0]!, opened) > 0, 10_000);
    const windowStart = log.find((r) => r.at >= opened && r.what === TABLE_OPS[0])?.at ?? opened;
    await new Promise((resolve) => setTimeout(resolve, 7000));
    await untilTrue(() => count(TABLE_OPS[1]!, windowStart) >= count(TABLE_OPS[0]!, windowStart), 10_000);
    const steady = tally(log.filter((r) => r.at >= windowStart));
    const refreshes = steady[TABLE_OPS[0]!] ?? 0;
    console.log([
      `projects table: ${PROJECTS} linked projects, ${JOBS} jobs in AYON's queue (emulator)`,
      `  ms after opening the page (login excluded): app's first request ${appStart}, 500 rows ${rendered}, with their queue figures ${withFigures}, with ShotGrid names ${withNames} (scripted runtime's reply)`,
      `  in the browser (user timing), from the app's first request: 500 rows in ${Math.round(inBrowser.rows - inBrowser.firstRequest)} ms, their queue figures in ${Math.round(inBrowser.figures - inBrowser.firstRequest)} ms (their data read at ${Math.round(inBrowser.data - inBrowser.firstRequest)} ms)`,
      `  the page's first GraphQL requests, start→end in ms from the frame's start: ${tableGraphql.join(", ")}`,
      `  requests until the rows: ${JSON.stringify(untilRendered)}`,
      `  requests until the figures: ${JSON.stringify(untilFigures)}`,
      `  timeline (ms from open): ${log.filter((r) => r.at <= started + rendered).map((r) => `${r.what.replace("POST /graphql ", "")} ${r.at - started}→${(r as { done?: number }).done ? (r as { done?: number }).done! - started : "?"}`).join(", ")}`,
      `  requests in about 7 s of steady state (${refreshes} table refreshes): ${JSON.stringify(steady)}`,
    ].join("\n"));
    expect(refreshes).toBeGreaterThanOrEqual(1);
    // Per refresh, one of each table document and nothing else of the table's.
    expect(steady[TABLE_OPS[1]!]).toBe(refreshes);
    expect(untilRendered[TABLE_OPS[0]!]).toBe(1);
    expect((untilFigures[TABLE_OPS[0]!] ?? 0) + (untilFigures[TABLE_OPS[1]!] ?? 0)).toBeLessThanOrEqual(4);

    await page.screenshot(join(ARTIFACTS, "projects-table.png"));

    // Sort by failures, most first: show_007 leads (30 failures; no other project has more than 20).
    await page.byTestId("sort-failed").click();
    await page.byTestId("sort-failed").click();
    expect(await firstNames(page, 1)).toEqual([name(7)]);
    // Sort by AYON name, descending.
    await page.byTestId("sort-project").click();
    await page.byTestId("sort-project").click();
    expect(await firstNames(page, 3)).toEqual([name(499), name(498), name(497)]);
    // Filter by AYON or ShotGrid name.
    await page.byTestId("projects-filter").fill("show_12");
    await expect(rows(page).count()).resolves.toBe(10);
    await page.byTestId("projects-filter").fill("Show 7");
    expect((await firstNames(page, 20)).sort()).toEqual([7, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79].map(name));
    await page.screenshot(join(ARTIFACTS, "projects-table-filtered.png"));

    // A failure arrives: the row counts it without a reload.
    const failedCell = () => page.importedProject(name(70)).locator("td.num").nth(2);
    const before = Number(await failedCell().innerText());
    const now = Date.now();
    const source = world.ayon.seedEventForTest({ topic: "shotgrid.event", project: name(70), summary: { sg_event_id: 150_100 }, createdAt: new Date(now) });
    world.ayon.seedEventForTest({ topic: "shotgrid.proc", dependsOn: source, status: "failed", createdAt: new Date(now + 5), updatedAt: new Date(now + 50) });
    await page.frame.locator(`[data-testid=imported-${name(70)}] td.num`).nth(2).getByText(String(before + 1), { exact: true }).waitFor({ timeout: 10_000 });
    await page.screenshot(join(ARTIFACTS, "projects-table-live.png"));
    page.assertNoProblems();
  }, 180_000);

  it("lets a user who is not a manager read the table without any action", async () => {
    const log: Array<{ at: number; what: string }> = [];
    const page = await open(ARTIST, log);
    await page.frame.getByTestId("leecher-cursor").getByText("Queue figures are shown to AYON managers only.").waitFor({ timeout: 20_000 });
    expect(await page.frame.locator("[data-testid^=sync-]").count()).toBe(0);
    expect(await page.frame.getByTestId("project-dropdown").count()).toBe(0);
    expect(await page.frame.getByTestId("users-sync-button").count()).toBe(0);
    // No request event: AYON would refuse them to this user.
    expect(log.filter((r) => r.what === "POST /api/events")).toEqual([]);
    await page.screenshot(join(ARTIFACTS, "projects-table-artist.png"));
    page.assertNoProblems();
  }, 60_000);
});
