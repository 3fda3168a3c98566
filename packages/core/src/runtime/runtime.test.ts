// The runtime against a real AYON emulator: job lifecycle, outcomes, retries, progress, replies, the reaper,
// shutdown and outages — the behaviour a handler author relies on.
import "reflect-metadata";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "@jest/globals";
import { startAyonEmulator, type AyonEmulator } from "@ayon-sg/testkit";
import { AyonClient } from "../ayon/client.js";
import { InvalidEventError } from "../plugin/errors.js";
import { definePlugin } from "../plugin/define-plugin.js";
import { Handler, type EventHandler, type HandlerContext } from "../plugin/handler.js";
import type { AyonEvent } from "../ayon/types.js";
import { createTestRuntime, type TestRuntime } from "@ayon-sg/testing";

const API_KEY = "runtimetestkey000000000000000000";
let emulator: AyonEmulator;
let harness: TestRuntime | null = null;

beforeAll(async () => {
  emulator = await startAyonEmulator({ apiKey: API_KEY });
});
afterAll(async () => emulator.close());
afterEach(async () => {
  await harness?.stop();
  harness = null;
});

const calls: Record<string, number> = {};
const seen: Record<string, unknown> = {};

@Handler({ topic: "test.outcome", action: "done" })
class DoneHandler implements EventHandler {
  constructor(private readonly ayon: AyonClient) {}
  async handle(event: AyonEvent, ctx: HandlerContext) {
    calls.done = (calls.done ?? 0) + 1;
    ctx.progress(50, "halfway there");
    await new Promise((resolve) => setTimeout(resolve, 250));
    // A job is marked "in progress" by its first progress write, one progress interval (100 ms here) after it
    // started, so the status is checked once the handler has been running longer than that.
    const during = await this.ayon.getEvent(ctx.job.id);
    seen.statusDuringRun = during.status;
    seen.summaryDuringRun = during.summary;
    return ctx.done(`handled ${String(event.payload.name)}`, { echoed: event.payload.name });
  }
}

@Handler({ topic: "test.outcome", action: ["flaky", "invalid", "skip"] })
class MixedHandler implements EventHandler {
  handle(event: AyonEvent, ctx: HandlerContext) {
    const action = String(event.payload.action);
    calls[action] = (calls[action] ?? 0) + 1;
    if (action === "flaky" && calls[action] === 1) throw new Error("the first attempt fails");
    if (action === "invalid") throw new InvalidEventError("payload.name is missing");
    if (action === "skip") return ctx.skip("not for this studio");
    return ctx.done("second attempt worked");
  }
}

@Handler({ topic: "test.slow" })
class SlowHandler implements EventHandler {
  async handle(_event: AyonEvent, ctx: HandlerContext) {
    calls.slow = (calls.slow ?? 0) + 1;
    if (calls.slow === 1) await new Promise((resolve) => ctx.signal.addEventListener("abort", resolve));
    return ctx.done("finished after a restart");
  }
}

@Handler({ topic: "test.ghost" })
class GhostTopicHandler implements EventHandler {
  handle(_event: AyonEvent, ctx: HandlerContext) {
    return ctx.skip("picked up after the reaper freed it");
  }
}

let inFlight = 0;
let peak = 0;
@Handler({ topic: "test.parallel", ordered: false })
class ParallelHandler implements EventHandler {
  async handle(_event: AyonEvent, ctx: HandlerContext) {
    inFlight += 1;
    peak = Math.max(peak, inFlight);
    await new Promise((resolve) => setTimeout(resolve, 300));
    inFlight -= 1;
    return ctx.done("ok");
  }
}

const plugin = definePlugin({ id: "runtime-test", handlers: [DoneHandler, MixedHandler, SlowHandler, ParallelHandler, GhostTopicHandler] });

async function start(options: Partial<Parameters<typeof createTestRuntime>[0]> = {}): Promise<TestRuntime> {
  harness = await createTestRuntime({ plugins: [plugin], ayon: { url: emulator.url, apiKey: API_KEY }, ...options });
  await harness.start();
  return harness;
}

describe("job lifecycle", () => {
  it("moves a job pending → in_progress → finished, with progress, description and result on the job event", async () => {
    const t = await start();
    const source = await t.dispatch("test.outcome", { project: undefined, payload: { action: "done", name: "sh010" } });
    const report = await t.waitForJob(source);
    expect(report).toMatchObject({ status: "finished", description: "handled sh010", handlers: ["runtime-test/DoneHandler"] });
    expect(seen.statusDuringRun).toBe("in_progress");
    expect(seen.summaryDuringRun).toEqual({ progress: 50, message: "halfway there" });
    const job = await t.jobEvent(source);
    expect(job).toMatchObject({ status: "finished", description: "handled sh010", payload: { result: { echoed: "sh010" } }, dependsOn: source, topic: "ayonsg.job.runtime_test" });
  });

  it("retries a failed job through AYON's retries and finishes it", async () => {
    const t = await start();
    const source = await t.dispatch("test.outcome", { payload: { action: "flaky" } });
    const first = await t.waitForJob(source);
    expect(first).toMatchObject({ status: "failed", retryable: true, description: "MixedHandler failed: the first attempt fails" });
    const deadline = Date.now() + 10_000;
    let job = await t.jobEvent(source);
    while (job?.status !== "finished" && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      job = await t.jobEvent(source);
    }
    expect(job).toMatchObject({ status: "finished", description: "second attempt worked", retries: 1 });
    expect(calls.flaky).toBe(2);
  });

  it("fails an invalid event at once and never offers it again", async () => {
    const t = await start({ queue: { sweepIntervalMs: 200 } });
    const source = await t.dispatch("test.outcome", { payload: { action: "invalid" } });
    expect(await t.waitForJob(source)).toMatchObject({ status: "failed", retryable: false, description: "MixedHandler failed: payload.name is missing (not retried)" });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(calls.invalid).toBe(1);
    // Its retries are set past the maximum so AYON never offers it again; the one run it had is kept.
    expect(await t.jobEvent(source)).toMatchObject({ status: "failed", retries: 3, payload: { retryable: false, tries: 1 } });
  });

  it("records skips and events no handler wants as skipped, not failed", async () => {
    const t = await start();
    const skipped = await t.dispatch("test.outcome", { payload: { action: "skip" } });
    const unknown = await t.dispatch("test.outcome", { payload: { action: "somebody-else" } });
    expect(await t.waitForJob(skipped)).toMatchObject({ status: "skipped", description: "Skipped: MixedHandler skipped: not for this studio" });
    expect(await t.waitForJob(unknown)).toMatchObject({ status: "skipped", description: "Skipped: no handler for topic 'test.outcome' and action 'somebody-else'" });
    expect((await t.jobEvent(unknown))?.status).toBe("finished");
  });

  it("mirrors the job into a reply event when the source carries a requestId", async () => {
    const t = await start();
    const requestId = "0123456789abcdef0123456789abcdef";
    const source = await t.dispatch("test.outcome", { payload: { action: "done", name: "reply", requestId } });
    await t.waitForJob(source);
    const replies = await t.ayon.queryEvents({ topics: [`ayonsg.reply.${requestId}`], last: 5 });
    expect(replies.events).toHaveLength(1);
    expect(replies.events[0]).toMatchObject({ summary: { sourceId: source, requestId }, payload: { status: "finished", progress: 100, result: { echoed: "reply" } } });
  });
});

describe("unordered handlers", () => {
  it("run events of one topic in parallel", async () => {
    const t = await start({ queue: { concurrency: 3 } });
    const sources = await Promise.all([1, 2, 3].map(() => t.dispatch("test.parallel", { project: "same" })));
    await Promise.all(sources.map((s) => t.waitForJob(s)));
    expect(peak).toBeGreaterThanOrEqual(2);
  });
});

describe("dead workers and shutdown", () => {
  it("reaps a job its worker abandoned and processes it", async () => {
    const ghost = new AyonClient({ serverUrl: emulator.url, apiKey: API_KEY, sender: "ghost-w0" });
    const source = (await ghost.dispatchEvent({ topic: "test.ghost" })).id!;
    const abandoned = await ghost.enroll({ sourceTopic: ["test.ghost"], targetTopic: plugin.orderGroup.jobTopic, sequential: true, ignoreOlderThan: 7 });
    expect(abandoned?.dependsOn).toBe(source);
    const t = await start({ queue: { stuckJobMs: 1000, sweepIntervalMs: 300 } });
    const report = await t.waitForJob(source, 15_000);
    expect(report.status).toBe("skipped");
    t.logger.assertLogged({ level: "warn", message: /released stuck job .* of worker 'ghost-w0'/ });
  });

  it("hands a running job back at shutdown and the next runtime finishes it", async () => {
    const first = await start({ queue: { shutdownGraceMs: 200 } });
    const source = await first.dispatch("test.slow");
    while (calls.slow !== 1) await new Promise((resolve) => setTimeout(resolve, 20));
    await first.stop();
    harness = null;
    expect(await first.jobEvent(source)).toMatchObject({ status: "restarted" });
    const second = await start();
    expect(await second.waitForJob(source)).toMatchObject({ status: "finished", description: "finished after a restart" });
    expect(calls.slow).toBe(2);
  });
});

describe("AYON outage", () => {
  it("waits with backoff while AYON answers 503, without a hot loop, then resumes", async () => {
    const t = await start({ queue: { concurrency: 3, pollIntervalMs: 50 } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    emulator.resetStats();
    const fault = emulator.faults.add({ match: { path: /^\/(api|graphql)/ }, status: 503, body: { code: 503, detail: "Service unavailable" } });
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const during = emulator.stats().requests;
    emulator.faults.remove(fault);
    const source = await t.dispatch("test.outcome", { payload: { action: "skip" } });
    expect(await t.waitForJob(source, 40_000)).toMatchObject({ status: "skipped" });
    // 3 slots + background loops over 3 s: a hot loop would make hundreds of requests.
    expect(during).toBeLessThan(60);
    t.logger.assertLogged({ level: "warn", message: /AYON is unreachable/ });
  }, 60_000);
});
