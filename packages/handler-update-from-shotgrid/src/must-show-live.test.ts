// Must show 2 (issue 4): a scripted series of 200 ShotGrid edits flows leecher → AYON queue → this handler (one
// runtime with both plugins, against both emulators), while the edits are still being made. Then a fresh full
// sync of the final ShotGrid state goes into an empty AYON (a second emulator), and the two AYON trees must be
// equal.
//
// What is compared, entity by entity (by shotgridType:shotgridId, every linked folder and task on both sides):
//   presence, AYON id (the fresh sync reuses the ids the live sync wrote to sg_ayon_id; asset categories, which have
//   no ShotGrid row to keep one in, excepted), label, parent (by its
//   identity), folder/task type, status, active flag — all exactly;
//   name — exactly, except where a sibling clash made it depend on history: AYON names are unique among siblings,
//   so when two entities ask for one name, the live sync gives the plain name to whoever came first and
//   `<name>_<ShotGrid id>` to the other, while a fresh sync gives it to the lowest id of the final state. Such
//   names are only accepted when BOTH are forms of the entity's current ShotGrid name (isNameFor); they are counted.
// AYON entities that are not linked (kept "removed", or made by hand) must not exist: nothing is published here.
// A second run makes the same edits in another project with no runtime serving the queue, then starts one: every
// event is already waiting, so the handler takes them in batches (handleBatch, side by side where it can) — and
// the result must be the same.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { AddonSettings, AyonClient, SilentLogger } from "@ayon-sg/core";
import type { TestRuntime } from "@ayon-sg/testing";
import { ensureAyonAttributes, loadProjectContext, runFullSync, ShotgridClient, type LinkedProject } from "@ayon-sg/shotgrid";
import { startAyonEmulator, type AyonEmulator, type GeneratedShotgridProject } from "@ayon-sg/testkit";
import { EditScript } from "./edit-script.test-helpers.js";
import leecherPlugin, { eventDispatch, STATE_TOPIC } from "@ayon-sg/leecher";
import { AYON_KEY, expectEqualTrees, importedProject, lastEventId, leechableEvents, SG_SCRIPT } from "./update.test-helpers.js";
import { startSyncEnv, syncEnvRuntime, type SyncEnv } from "@ayon-sg/shotgrid/testing";
import plugin from "./index.js";

const P = "live";
const BATCHED = "batched";
const SPEC = { episodes: 2, sequencesPerEpisode: 3, shots: 24, assets: 9, assetCategories: ["Character", "Prop", "Environment"], tasksPerEntity: 2 };
const EDIT_KINDS = [
  "create Shot", "create Task", "create Asset", "create Sequence", "rename Shot", "rename Task", "rename Asset", "rename Sequence", "move Shot",
  "move Sequence", "move Asset", "move Task", "retire Shot", "retire Task", "retire Asset", "retire Sequence", "revive Shot", "revive Asset",
];
let env: SyncEnv;
let runtime: TestRuntime;
let batchedRuntime: TestRuntime | null = null;
let fresh: AyonEmulator;
let generated: GeneratedShotgridProject;

beforeAll(async () => {
  env = await startSyncEnv();
  generated = await importedProject(env, P, SPEC);
  runtime = await syncEnvRuntime(env, [leecherPlugin, plugin], {
    config: { "shotgrid-leecher": { pollIntervalSeconds: 0.05, cursorWriteSeconds: 0.2, initialBackoffSeconds: 0.05 } },
    queue: { sweepIntervalMs: 250 },
  });
  fresh = await startAyonEmulator({ apiKey: AYON_KEY });
}, 60_000);

afterAll(async () => {
  await runtime?.stop().catch(() => undefined);
  await batchedRuntime?.stop();
  await fresh?.close();
  await env?.close();
});

async function waitFor(what: string, check: () => boolean, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A fresh full sync of the final ShotGrid state of `project` into an empty AYON (the second emulator). */
async function freshSync(project: string, sgProjectId: number): Promise<void> {
  const ayon = new AyonClient({ serverUrl: fresh.url, apiKey: AYON_KEY, sender: "fresh-sync", senderType: "shotgrid" });
  await ensureAyonAttributes(ayon);
  fresh.restart();
  await ayon.createProject({ name: project, code: project });
  await ayon.updateProject(project, { attrib: { shotgridId: String(sgProjectId), shotgridType: "Project" } });
  // A separate ShotGrid client: the fresh sync must not depend on anything the live runtime holds.
  const sg = new ShotgridClient({ siteUrl: env.sgEmulator.url, scriptName: SG_SCRIPT.name, scriptKey: SG_SCRIPT.key });
  const loaded = await loadProjectContext({ ayon, sg, settings: new AddonSettings("shotgrid", null, env.studioSettings, null) }, project);
  if (!loaded.ok) throw new Error(loaded.reason);
  const summary = await runFullSync({ ayon, sg, logger: new SilentLogger() }, loaded.context);
  expect(summary.failed).toBe(0);
}

/** The script covers every kind of edit on every kind of entity it is meant to. */
function expectEveryKind(script: EditScript): void {
  const kinds = script.kinds();
  for (const kind of EDIT_KINDS) {
    expect([kind, kinds[kind] ?? 0]).toEqual([kind, expect.any(Number)]);
    expect(kinds[kind]).toBeGreaterThan(0);
  }
}

/** A fresh full sync of `project` into the second emulator, then the comparison (update.test-helpers.ts). */
async function expectEqualToFreshSync(project: string, sgProjectId: number): Promise<{ size: number; historyNames: string[] }> {
  await freshSync(project, sgProjectId);
  return expectEqualTrees(env.ayonEmulator, fresh, project, env.sgEmulator.store);
}

describe("Must show 2: 200 ShotGrid edits, leecher → AYON queue → shotgrid-event handler, equal a fresh full sync", () => {
  it("leaves AYON equal to a fresh full sync of the final ShotGrid state", async () => {
    await runtime.start();
    await waitFor("the leecher's first cursor", () => env.ayonEmulator.state.events.ofTopic(STATE_TOPIC).length === 1, 10_000);
    const start = lastEventId(env.sgEmulator.store);
    const script = new EditScript(env.sgEmulator.store, { as: env.sgEmulator.humanUser("ann", "Ann Artist") }, generated);
    const started = Date.now();
    await script.run(200, 10, 25);
    expect(script.log).toHaveLength(200);
    expectEveryKind(script);

    // Every event the leecher must dispatch has reached AYON and has a finished job.
    const expected = leechableEvents(env, start, generated.projectId).map((e) => e.id);
    const sourceIds = () => {
      const byEvent = new Map<number, string>();
      for (const e of env.ayonEmulator.state.events.ofTopic("shotgrid.event")) {
        const id = (e.summary as { sg_event_id?: unknown }).sg_event_id;
        if (typeof id === "number") byEvent.set(id, e.id);
      }
      return byEvent;
    };
    await waitFor("every event in AYON", () => expected.every((id) => sourceIds().has(id)), 60_000);
    const reports = await Promise.all(expected.map((id) => runtime.waitForJob(sourceIds().get(id)!, 60_000)));
    const elapsed = Date.now() - started;
    const failed = reports.filter((r) => r.status === "failed").map((r) => r.description);
    expect(failed).toEqual([]);
    const counts = { finished: reports.filter((r) => r.status === "finished").length, skipped: reports.filter((r) => r.status === "skipped").length };

    const { size, historyNames } = await expectEqualToFreshSync(P, generated.projectId);
    // eslint-disable-next-line no-console -- the run's figures are part of what this test shows
    console.log(
      `Must show 2: 200 edits → ${expected.length} events (${counts.finished} finished, ${counts.skipped} skipped) in ${elapsed} ms; ` +
        `${size} AYON entities equal; ${historyNames.length} name(s) set by a sibling clash in history: ${historyNames.join("; ") || "none"}\n` +
        `edits by kind: ${JSON.stringify(script.kinds())}`,
    );
    expect(historyNames.length).toBeLessThan(size / 10);
  }, 120_000);

  it("gives the same result when every event already waits in the queue and the handler takes them in batches", async () => {
    // Nobody serves the queue while the edits are made: the live runtime (leecher included) stops.
    await runtime.stop();
    const batched = await importedProject(env, BATCHED, SPEC);
    const start = lastEventId(env.sgEmulator.store);
    const script = new EditScript(env.sgEmulator.store, { as: env.sgEmulator.humanUser("ann", "Ann Artist") }, batched);
    await script.run(200, 10, 0);
    expectEveryKind(script);
    // The events the leecher would dispatch, with its own payload code.
    const linked: LinkedProject = { sgProjectId: batched.projectId, sgProjectName: BATCHED, projectCode: BATCHED, projectCodeField: "code", ayonProjectName: BATCHED };
    const sourceIds: string[] = [];
    for (const row of leechableEvents(env, start, batched.projectId)) {
      const { id } = await env.ayon.dispatchEvent(eventDispatch(row, linked, env.sgEmulator.url));
      sourceIds.push(id as string);
    }

    const serving = await syncEnvRuntime(env, [plugin], { queue: { sweepIntervalMs: 250 } });
    batchedRuntime = serving;
    const started = Date.now();
    await serving.start();
    const reports = await Promise.all(sourceIds.map((id) => serving.waitForJob(id, 60_000)));
    const elapsed = Date.now() - started;
    expect(reports.filter((r) => r.status === "failed").map((r) => r.description)).toEqual([]);
    const inBatches = reports.filter((r) => (r.batch ?? 1) > 1).length;
    expect(inBatches).toBeGreaterThan(reports.length / 2);

    const { size, historyNames } = await expectEqualToFreshSync(BATCHED, batched.projectId);
    // eslint-disable-next-line no-console -- the run's figures are part of what this test shows
    console.log(
      `Must show 2, batched: 200 edits → ${reports.length} waiting events, ${inBatches} handled in batches, in ${elapsed} ms; ` +
        `${size} AYON entities equal; ${historyNames.length} name(s) set by a sibling clash in history: ${historyNames.join("; ") || "none"}`,
    );
    expect(historyNames.length).toBeLessThan(size / 10);
  }, 120_000);
});
