// Counting and reporting the source events past ignoreOlderThanDays, against the AYON emulator (events seeded with
// an old created_at through its test-only path).
import "reflect-metadata";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { startAyonEmulator, type AyonEmulator } from "@ayon-sg/testkit";
import { CapturingLogger } from "@ayon-sg/testing";
import { AyonClient } from "../ayon/client.js";
import { Metrics } from "../metrics/registry.js";
import { PastCutoffMonitor, routeLabel } from "./past-cutoff.js";
import type { Route } from "./routes.js";

const API_KEY = "pastcutofftestkey000000000000000";
const DAY = 86_400_000;
let emulator: AyonEmulator;
let ayon: AyonClient;

beforeAll(async () => {
  emulator = await startAyonEmulator({ apiKey: API_KEY });
  ayon = new AyonClient({ serverUrl: emulator.url, apiKey: API_KEY, sender: "past-cutoff-test", senderType: "test" });
});
afterAll(async () => emulator.close());

function route(topic: string, extra: Partial<Route> = {}): Route {
  return { key: `g|ordered||exact|${topic}`, group: "g", jobTopic: `${topic}.job`, senderType: "ayon-sg", sourceTopic: [topic], ordered: true, ignoreSenderTypes: [], handlers: [], ...extra };
}

function monitor(routes: Route[], options: { days?: number; cap?: number; pageSize?: number; now?: () => number } = {}) {
  const logger = new CapturingLogger();
  const metrics = new Metrics();
  const m = new PastCutoffMonitor({ ayon, routes, days: options.days ?? 7, logger, metrics, cap: options.cap, pageSize: options.pageSize, now: options.now });
  return { m, logger, metrics };
}

const seedOld = (topic: string, project: string | null, daysAgo: number) =>
  emulator.seedEventForTest({ topic, project, createdAt: new Date(Date.now() - daysAgo * DAY) });

describe("PastCutoffMonitor", () => {
  it("counts per project the old sources without a job, reports them once, and clears when they are gone", async () => {
    const topic = "pc.count";
    const r = route(topic);
    const oldest = seedOld(topic, "alpha", 12);
    seedOld(topic, "alpha", 10);
    seedOld(topic, "beta", 9);
    const handled = seedOld(topic, "beta", 9);
    const touched = seedOld(topic, "beta", 9);
    await ayon.dispatchEvent({ topic, project: "alpha", finished: true });
    // A job of the source: no longer dropped. An event updated since the cut-off: enroll still offers it.
    emulator.seedEventForTest({ topic: r.jobTopic, createdAt: new Date(Date.now() - 8 * DAY) });
    const job = [...emulator.state.events.all()].at(-1)!;
    emulator.state.events.update(job, { dependsOn: handled });
    emulator.state.events.update(emulator.state.events.get(touched)!, { updatedAt: Date.now() - DAY });

    let clock = Date.now();
    const { m, logger, metrics } = monitor([r], { now: () => clock });
    expect(m.health()).toMatchObject({ status: "ok" });
    const counts = await m.check();
    expect(counts.map(({ project, count, atLeast }) => ({ project, count, atLeast }))).toEqual([
      { project: "alpha", count: 2, atLeast: false },
      { project: "beta", count: 1, atLeast: false },
    ]);
    expect(Date.parse(counts[0]!.oldest)).toBe(emulator.state.events.get(oldest)!.createdAt);
    const gauge = metrics.gauge("ayonsg_events_past_cutoff", "", ["route", "project"]);
    expect(await gauge.get({ route: routeLabel(r), project: "alpha" })).toBe(2);
    expect(await gauge.get({ route: routeLabel(r), project: "beta" })).toBe(1);
    expect(logger.at("warn")).toHaveLength(2);
    const line = logger.assertLogged({ level: "warn", message: "2 event(s) in project 'alpha'" }).message;
    expect(line).toMatch(/ignoreOlderThanDays \(7\)/);
    expect(line).toMatch(/sync-from-shotgrid/);
    expect(m.health()).toMatchObject({ status: "degraded", details: { events: [{ project: "alpha", count: 2 }, { project: "beta", count: 1 }] } });
    console.log(`past-cutoff check of 1 route, 5 events past the cut-off (3 never processed): ${m.lastRequests} GraphQL request(s)`);
    expect(m.lastRequests).toBe(2); // one page, and which of it have a job

    // The same figures again: no new warn line.
    await m.check();
    expect(logger.at("warn")).toHaveLength(2);

    // Six days earlier nothing is past the cut-off yet: the gauge drops to 0, health is ok again.
    clock -= 6 * DAY;
    expect(await m.check()).toEqual([]);
    console.log(`past-cutoff check of 1 route, no event past the cut-off: ${m.lastRequests} GraphQL request(s)`);
    expect(m.lastRequests).toBe(1);
    expect(await gauge.get({ route: routeLabel(r), project: "alpha" })).toBe(0);
    expect(m.health().status).toBe("ok");
    logger.assertLogged({ level: "info", message: "no more events past ignoreOlderThanDays in project 'alpha'" });
  });

  it("reads at most ceil(cap / page size) pages per route and says 'at least'", async () => {
    const topic = "pc.capped";
    for (let i = 0; i < 9; i++) seedOld(topic, "big", 10);
    const { m, logger } = monitor([route(topic)], { cap: 5, pageSize: 2 });
    const [count] = await m.check();
    console.log(`past-cutoff check, 9 old events, cap 5, page size 2: ${m.lastRequests} GraphQL request(s), counted ${count!.count}`);
    expect(m.lastRequests).toBe(6); // 3 pages of 2 (the cap reached after 6 events), each with its job question
    expect(count).toMatchObject({ project: "big", count: 6, atLeast: true });
    logger.assertLogged({ level: "warn", message: "at least 6 event(s) in project 'big'" });
  });

  it("checks nothing when ignoreOlderThanDays is 0, nor routes with ignoreSenderTypes", async () => {
    const topic = "pc.skipped";
    seedOld(topic, "p", 10);
    seedOld(topic, "p", 30); // before the window: dropped more than `days` days ago
    const none = monitor([route(topic)], { days: 0 });
    expect(await none.m.check()).toEqual([]);
    expect(none.m.lastRequests).toBe(0);
    const ignoring = monitor([route(topic, { ignoreSenderTypes: ["shotgrid"] })]);
    expect(await ignoring.m.check()).toEqual([]);
    expect(ignoring.m.lastRequests).toBe(0);
    // The same route without ignoreSenderTypes does count it: the two above are skipped, not empty.
    expect((await monitor([route(topic)]).m.check()).map((c) => c.count)).toEqual([1]);
  });
});
