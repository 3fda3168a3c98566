// A service the handler needs is down for longer than the job's retry budget: the job waits (handed back
// without counting a retry, its lane backing off) instead of ending failed, and runs once the service is back.
import "reflect-metadata";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { startAyonEmulator, type AyonEmulator } from "@ayon-sg/testkit";
import { AyonClient } from "../ayon/client.js";
import { AyonUnavailableError } from "../ayon/errors.js";
import { definePlugin } from "../plugin/define-plugin.js";
import { isUnavailable } from "../plugin/errors.js";
import { Handler, type EventHandler, type HandlerContext } from "../plugin/handler.js";
import type { AyonEvent } from "../ayon/types.js";
import { createTestRuntime } from "@ayon-sg/testing";

const API_KEY = "unavailabletestkey00000000000000";
let emulator: AyonEmulator;
const service = { down: true, attempts: 0, attemptTimes: [] as number[] };

class ServiceDownError extends Error {
  readonly unavailable = true;
}

@Handler({ topic: "test.needsservice" })
class NeedsServiceHandler implements EventHandler {
  handle(_event: AyonEvent, ctx: HandlerContext) {
    service.attempts += 1;
    service.attemptTimes.push(Date.now());
    if (service.down) throw new Error("the sync failed", { cause: new ServiceDownError("ShotGrid was unavailable (HTTP 503).") });
    return ctx.done("service answered");
  }
}

@Handler({ topic: "test.neverback" })
class NeverBackHandler implements EventHandler {
  handle() {
    throw new ServiceDownError("ShotGrid was unavailable for GET /entity/shots/1 after 3 attempts (HTTP 302, a redirect).");
  }
}

beforeAll(async () => {
  emulator = await startAyonEmulator({ apiKey: API_KEY });
});
afterAll(async () => emulator.close());

describe("isUnavailable", () => {
  it("reads the marker on the error or anywhere in its cause chain", async () => {
    expect(isUnavailable(new ServiceDownError("x"))).toBe(true);
    expect(isUnavailable(new Error("outer", { cause: new Error("mid", { cause: new ServiceDownError("x") }) }))).toBe(true);
    const nowhere = new AyonClient({ serverUrl: "http://127.0.0.1:1", apiKey: API_KEY, retry: { limit: 0 } });
    const ayonDown = await nowhere.info().catch((error: unknown) => error);
    expect(ayonDown).toBeInstanceOf(AyonUnavailableError);
    expect(isUnavailable(ayonDown)).toBe(true);
    expect(isUnavailable(new Error("a plain bug"))).toBe(false);
    expect(isUnavailable({ unavailable: "yes" })).toBe(false);
    expect(isUnavailable(null)).toBe(false);
  });
});

describe("a job whose service stays down longer than its retries", () => {
  it("waits without using up its retries, with a clear description, then finishes once the service is back", async () => {
    const harness = await createTestRuntime({
      plugins: [definePlugin({ id: "needs-service", handlers: [NeedsServiceHandler] })],
      ayon: { url: emulator.url, apiKey: API_KEY },
      queue: { maxRetries: 0, sweepIntervalMs: 1000 },
    });
    await harness.start();
    try {
      const id = await harness.dispatch("test.needsservice", { project: undefined, payload: {} });
      const deadline = Date.now() + 10_000;
      while (service.attempts < 4 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      // With maxRetries 0 a failure would have ended the job after one attempt.
      expect(service.attempts).toBeGreaterThanOrEqual(4);
      const waiting = await harness.jobEvent(id);
      expect(waiting?.status).toBe("restarted");
      expect(waiting?.description).toBe("Waiting for an unavailable service, will run again: the sync failed");
      // The lane backs off: the gaps between attempts grow instead of a hot loop.
      const gaps = service.attemptTimes.slice(1).map((t, i) => t - service.attemptTimes[i]!);
      expect(gaps.at(-1)!).toBeGreaterThan(gaps[0]! + 300);

      service.down = false;
      const report = await harness.waitForJob(id, 30_000);
      expect(report.status).toBe("finished");
      expect((await harness.jobEvent(id))?.status).toBe("finished");
      harness.logger.assertLogged({ level: "warn", message: /NeedsServiceHandler is waiting for an unavailable service: the sync failed/ });
      expect(harness.logger.at("error")).toEqual([]);
    } finally {
      await harness.stop();
    }
  }, 45_000);
});

describe("a job whose service never comes back", () => {
  it("fails past the outage budget (minutes, not attempts), with a sentence saying so", async () => {
    const harness = await createTestRuntime({
      plugins: [definePlugin({ id: "never-back", handlers: [NeverBackHandler] })],
      ayon: { url: emulator.url, apiKey: API_KEY },
      // 1.2 seconds, so the test does not wait half an hour; maxRetries 5 would allow more attempts than it gets.
      queue: { maxRetries: 5, sweepIntervalMs: 1000, outageBudgetMinutes: 0.02 },
    });
    await harness.start();
    try {
      const id = await harness.dispatch("test.neverback", { project: undefined, payload: {} });
      const report = await harness.waitForJob(id, 30_000);
      expect(report.status).toBe("failed");
      const job = await harness.jobEvent(id);
      expect(job?.status).toBe("failed");
      expect(job?.description).toMatch(
        /^Gave up waiting: a service stayed unavailable for \d+ minute\(s\), past the outage budget of 0 minute\(s\) \(queue setting outageBudgetMinutes\): ShotGrid was unavailable for GET \/entity\/shots\/1/,
      );
      // Not offered again: the budget, not the retry count, ended it.
      expect(job?.retries).toBeGreaterThan(5);
    } finally {
      await harness.stop();
    }
  }, 40_000);
});
