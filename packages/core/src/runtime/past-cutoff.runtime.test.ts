// Through the real runtime against the AYON emulator: a backlog older than ignoreOlderThanDays is reported (log
// line, gauge, /healthz), fresh events are handled, and nothing is handled twice.
import "reflect-metadata";
import { afterAll, beforeAll, expect, it } from "@jest/globals";
import { startAyonEmulator, type AyonEmulator } from "@ayon-sg/testkit";
import { createTestRuntime, type TestRuntime } from "@ayon-sg/testing";
import { definePlugin } from "../plugin/define-plugin.js";
import { Handler, type EventHandler, type HandlerContext } from "../plugin/handler.js";
import type { AyonEvent } from "../ayon/types.js";
import { sleep } from "../util/sleep.js";

const API_KEY = "pastcutoffruntimekey000000000000";
const DAY = 86_400_000;
const TOPIC = "backlog.edit";
const handled = new Map<string, number>();

@Handler({ topic: TOPIC })
class CountingHandler implements EventHandler {
  handle(event: AyonEvent, ctx: HandlerContext) {
    handled.set(event.id, (handled.get(event.id) ?? 0) + 1);
    return ctx.done("counted");
  }
}

const plugin = definePlugin({ id: "past-cutoff-test", handlers: [CountingHandler] });
let emulator: AyonEmulator;
let harness: TestRuntime;

beforeAll(async () => {
  emulator = await startAyonEmulator({ apiKey: API_KEY });
});
afterAll(async () => {
  await harness?.stop();
  await emulator.close();
});

/** Polls `check` (the runtime works in the background) until it holds; fails with `what` after 10 s. */
async function eventually(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await sleep(50);
  }
  throw new Error(`never happened: ${what}`);
}

it("handles the 2 fresh events and reports the 3 of 10 days ago (ignoreOlderThanDays 7), handling none twice", async () => {
  const tenDaysAgo = new Date(Date.now() - 10 * DAY);
  const old = [1, 2, 3].map((n) => emulator.seedEventForTest({ topic: TOPIC, project: "backlog", payload: { n }, createdAt: tenDaysAgo }));
  let sweeps = 0; // each sweep lists the projects
  harness = await createTestRuntime({
    plugins: [plugin],
    ayon: { url: emulator.url, apiKey: API_KEY },
    queue: { ignoreOlderThanDays: 7, sweepIntervalMs: 200 },
    onAyonRequest: (info) => {
      if (info.method === "GET" && info.route === "/api/projects") sweeps += 1;
    },
  });
  await harness.start();
  const fresh = [await harness.dispatch(TOPIC, { project: "backlog" }), await harness.dispatch(TOPIC, { project: "backlog" })];
  for (const id of fresh) expect((await harness.waitForJob(id)).status).toBe("finished");

  await eventually(() => harness.runtime.health().status === "degraded", "/healthz degraded by the backlog");
  const warn = harness.logger.assertLogged({ level: "warn", message: "3 event(s) in project 'backlog' are older than ignoreOlderThanDays (7)" });
  expect(warn.message).toContain(tenDaysAgo.toISOString().slice(0, 10));
  expect(warn.message).toContain("sync-from-shotgrid");
  const gauge = harness.runtime.metrics.gauge("ayonsg_events_past_cutoff", "", ["route", "project"]);
  expect(await gauge.get({ route: `past-cutoff-test:${TOPIC}`, project: "backlog" })).toBe(3);
  expect(await harness.runtime.metrics.render()).toContain(`ayonsg_events_past_cutoff{route="past-cutoff-test:${TOPIC}",project="backlog"} 3`);
  expect(harness.runtime.health().details.checks).toMatchObject({ pastCutoff: { status: "degraded", details: { events: [{ project: "backlog", count: 3 }] } } });

  // A few more sweeps: the old events stay unhandled and reported once, the fresh ones handled once.
  const sweepsBefore = sweeps;
  await eventually(() => sweeps >= sweepsBefore + 3, "three more sweeps");
  expect(harness.logger.at("warn").filter((e) => e.message.includes("ignoreOlderThanDays"))).toHaveLength(1);
  for (const id of old) {
    expect(handled.get(id)).toBeUndefined();
    expect(await harness.jobEvent(id)).toBeNull();
  }
  expect(fresh.map((id) => handled.get(id))).toEqual([1, 1]);
  expect(handled.size).toBe(2);
});
