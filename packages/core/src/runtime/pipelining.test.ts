// The per-event request chain under per-project order (ayon-backend ayon_server/events/enroll.py): the next enroll goes
// out beside the previous outcome, the source event comes from the feed's page, and a short job is neither marked
// "in progress" nor given a progress write: its one PATCH is its outcome. Against the AYON emulator, with its request counts.
import "reflect-metadata";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "@jest/globals";
import { startAyonEmulator, type AyonEmulator } from "@ayon-sg/testkit";
import type { AyonEvent } from "../ayon/types.js";
import { definePlugin } from "../plugin/define-plugin.js";
import { Handler, type EventHandler, type HandlerContext } from "../plugin/handler.js";
import { createTestRuntime, type TestRuntime } from "@ayon-sg/testing";

const API_KEY = "pipelinetestkey00000000000000000";
let emulator: AyonEmulator;
let harness: TestRuntime | null = null;
const handled: Array<{ project: string; seq: number; start: number; end: number }> = [];

@Handler({ topic: "pipe.ledger" })
class LedgerHandler implements EventHandler {
  async handle(event: AyonEvent, ctx: HandlerContext) {
    const start = Date.now();
    ctx.progress(50, "working");
    await new Promise((resolve) => setTimeout(resolve, 5));
    handled.push({ project: event.project!, seq: Number(event.payload.seq), start, end: Date.now() });
    return ctx.done(`seq ${String(event.payload.seq)}`);
  }
}

const plugin = definePlugin({ id: "pipeline-test", handlers: [LedgerHandler] });

beforeAll(async () => {
  emulator = await startAyonEmulator({ apiKey: API_KEY });
  const admin = await createTestRuntime({ plugins: [], ayon: { url: emulator.url, apiKey: API_KEY } });
  for (const name of ["pa", "pb"]) await admin.ayon.createProject({ name, code: name });
});
afterAll(async () => emulator.close());
afterEach(async () => {
  await harness?.stop();
  harness = null;
  emulator.faults.clear();
  handled.length = 0;
});

async function start(): Promise<TestRuntime> {
  // Progress writes only after a full second: the jobs here take a few milliseconds.
  harness = await createTestRuntime({ plugins: [plugin], ayon: { url: emulator.url, apiKey: API_KEY }, queue: { concurrency: 2, progressIntervalMs: 1000 } });
  await harness.start();
  return harness;
}

async function dispatchAll(t: TestRuntime, perProject: number): Promise<string[]> {
  const ids: string[] = [];
  for (let seq = 1; seq <= perProject; seq++) {
    for (const project of ["pa", "pb"]) ids.push(await t.dispatch("pipe.ledger", { project, payload: { seq } }));
  }
  return ids;
}

function expectOrderedOnce(perProject: number): void {
  for (const project of ["pa", "pb"]) {
    const lines = handled.filter((h) => h.project === project);
    expect(lines.map((l) => l.seq)).toEqual(Array.from({ length: perProject }, (_, i) => i + 1));
    for (let i = 1; i < lines.length; i++) expect(lines[i]!.start).toBeGreaterThanOrEqual(lines[i - 1]!.end);
  }
}

describe("pipelined enroll under per-project order", () => {
  it("asks again when AYON hands back the job whose outcome has not landed yet, and runs each event once, in order", async () => {
    const t = await start();
    // Outcomes land late: the next enroll of the same slot reaches AYON first and gets the unfinished job back.
    emulator.faults.add({ match: { method: "PATCH", path: /^\/api\/events\// }, delayMs: 40 });
    const ids = await dispatchAll(t, 8);
    emulator.resetStats();
    for (const id of ids) expect(await t.waitForJob(id, 20_000)).toMatchObject({ status: "finished" });
    expectOrderedOnce(8);
    expect(handled).toHaveLength(16);
    // Some enrolls were answered with a stale job and repeated: more enrolls than jobs.
    expect(emulator.stats().byRoute["POST /api/enroll"]!.count).toBeGreaterThan(16);
    for (const id of ids) expect(await t.jobEvent(id)).toMatchObject({ status: "finished" });
  }, 30_000);

  it("takes the source event from the feed's page (no GET), writes no progress for a short job, and keeps each job to one PATCH", async () => {
    const t = await start();
    await new Promise((resolve) => setTimeout(resolve, 200));
    // Slow enrolls: the feed (a poll every 50 ms) reads every event below before a worker gets its job.
    emulator.faults.add({ match: { method: "POST", path: /^\/api\/enroll$/ }, delayMs: 150 });
    emulator.resetStats();
    const ids = await dispatchAll(t, 5);
    for (const id of ids) expect(await t.waitForJob(id, 20_000)).toMatchObject({ status: "finished" });
    expectOrderedOnce(5);
    const routes = emulator.stats().byRoute;
    expect(routes["GET /api/events/{eventId}"]).toBeUndefined();
    // The outcome only: no "in progress" mark nor progress write (the jobs end within the interval).
    expect(routes["PATCH /api/events/{eventId}"]!.count).toBe(ids.length);
  }, 30_000);
});
