// A job whose keepalive is late must not be failed by the stuck-job reaper of the very process running it: AYON
// re-offers a failed job at once (ayon-backend ayon_server/events/enroll.py), so another slot would run the same
// event while the first still does — under CPU starvation two runs of a ShotGrid "New" event then both created the
// entity. Here the AYON emulator's clock runs an hour behind, so every job looks stale to the reaper from the start
// (as a keepalive lost to a starved CPU makes it look), deterministically: nothing depends on how long anything takes.
import "reflect-metadata";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "@jest/globals";
import { startAyonEmulator, type AyonEmulator } from "@ayon-sg/testkit";
import { CapturingLogger, createTestRuntime, type TestRuntime } from "@ayon-sg/testing";
import type { AyonEvent } from "../ayon/types.js";
import { definePlugin } from "../plugin/define-plugin.js";
import { Handler, type EventHandler, type HandlerContext, type HandlerOutcome } from "../plugin/handler.js";
import { HeldJobs } from "./held-jobs.js";

const API_KEY = "heldjobstestkey00000000000000000";
const HOUR_MS = 3_600_000;
let emulator: AyonEmulator;
let harness: TestRuntime | null = null;
let logger = new CapturingLogger();

/** Runs of each source event; a second run while the first is still going is the race this guards against. */
const runs = new Map<string, number>();
let running = 0;
let overlapped = false;
/** The size of every handleBatch call. */
const batches: number[] = [];

/**
 * Holds a run until the reaper has passed over its job (and spared it), or until a second run of an event shows
 * the reaper failed a job of this process instead. Either way the run goes on: the test reads which one happened.
 */
async function untilTheReaperLooked(): Promise<void> {
  const sparedOrRaced = () => overlapped || logger.entries.some((e) => /job\(s\) alone that look stuck but run in this process/.test(e.message));
  while (!sparedOrRaced()) await new Promise((resolve) => setTimeout(resolve, 20));
}

async function oneRun<T>(events: readonly AyonEvent[], work: () => T): Promise<T> {
  for (const event of events) runs.set(event.id, (runs.get(event.id) ?? 0) + 1);
  running += 1;
  if (running > 1) overlapped = true;
  try {
    await untilTheReaperLooked();
    return work();
  } finally {
    running -= 1;
  }
}

@Handler({ topic: "held.single" })
class SingleHandler implements EventHandler {
  handle(event: AyonEvent, ctx: HandlerContext) {
    return oneRun([event], () => ctx.done("ran"));
  }
}

@Handler({ topic: "held.batch", batch: 5 })
class BatchHandler implements EventHandler {
  handle(event: AyonEvent, ctx: HandlerContext) {
    return oneRun([event], () => ctx.done("ran alone"));
  }

  handleBatch(events: readonly AyonEvent[], ctx: HandlerContext): Promise<Array<PromiseSettledResult<HandlerOutcome>>> {
    batches.push(events.length);
    return oneRun(events, () => events.map(() => ({ status: "fulfilled" as const, value: ctx.done("ran in a batch") })));
  }
}

const plugin = definePlugin({ id: "held-test", handlers: [SingleHandler, BatchHandler] });

beforeAll(async () => {
  // The emulator stamps every event an hour in the past: to the runtime's reaper each job is stuck at once.
  emulator = await startAyonEmulator({ apiKey: API_KEY, now: () => new Date(Date.now() - HOUR_MS) });
  const admin = await createTestRuntime({ plugins: [], ayon: { url: emulator.url, apiKey: API_KEY } });
  await admin.ayon.createProject({ name: "held", code: "held" });
});
afterAll(async () => emulator.close());
afterEach(async () => {
  await harness?.stop();
  harness = null;
  runs.clear();
  batches.length = 0;
  running = 0;
  overlapped = false;
});

async function create(): Promise<TestRuntime> {
  logger = new CapturingLogger();
  harness = await createTestRuntime({
    plugins: [plugin], ayon: { url: emulator.url, apiKey: API_KEY }, logger,
    queue: { concurrency: 2, stuckJobMs: 1000, sweepIntervalMs: 200, pollIntervalMs: 50 },
  });
  return harness;
}

describe("the stuck-job reaper and the jobs of its own process", () => {
  it("spares a running job whose keepalive is late, so no second run races it", async () => {
    const t = await create();
    await t.start();
    const source = await t.dispatch("held.single", { project: "held" });
    expect(await t.waitForJob(source, 15_000)).toMatchObject({ status: "finished", description: "ran" });
    expect(overlapped).toBe(false);
    expect(runs.get(source)).toBe(1);
    expect(logger.at("warn").filter((e) => /released stuck job/.test(e.message))).toEqual([]);
    expect(await t.jobEvent(source)).toMatchObject({ status: "finished", retries: 0 });
  });

  it("spares a batch's claimed followers while the batch runs", async () => {
    const t = await create();
    // Queued before the start, so the first job's batch claims the others.
    const sources: string[] = [];
    for (let seq = 0; seq < 4; seq += 1) sources.push(await t.dispatch("held.batch", { project: "held", payload: { seq } }));
    await t.start();
    for (const source of sources) expect(await t.waitForJob(source, 15_000)).toMatchObject({ status: "finished" });
    expect(logger.at("warn").filter((e) => /released stuck job/.test(e.message))).toEqual([]);
    expect(overlapped).toBe(false);
    expect(sources.map((s) => runs.get(s))).toEqual([1, 1, 1, 1]);
    // The followers were claimed, so there were jobs to spare besides the slot's own.
    expect(Math.max(...batches)).toBeGreaterThan(1);
  });

  it("still fails a stale job no slot of this process holds (a dead worker's)", async () => {
    const t = await create();
    const dead = t.ayon.withSender("dead-w0", "ayon-sg");
    const source = await t.dispatch("held.single", { project: "held" });
    const abandoned = await dead.enroll({ sourceTopic: ["held.single"], targetTopic: plugin.orderGroup.jobTopic, sequential: true, ignoreOlderThan: 7 });
    expect(abandoned?.dependsOn).toBe(source);
    await t.start();
    expect(await t.waitForJob(source, 15_000)).toMatchObject({ status: "finished" });
    logger.assertLogged({ level: "warn", message: /released stuck job .* of worker 'dead-w0'/ });
  });
});

describe("HeldJobs", () => {
  it("holds a job until it is released as often as it was held", () => {
    const held = new HeldJobs();
    held.hold("a");
    held.hold("a");
    held.release("a");
    expect(held.has("a")).toBe(true);
    const before = held.snapshot();
    held.release("a");
    expect(held.has("a")).toBe(false);
    expect(before.has("a")).toBe(true);
    expect(held.size).toBe(0);
  });
});
