// The addon page judges runtime instances with its own copy of core's rule (the page cannot import core): the
// constants are equal and both doors judge the same events the same way.
import { describe, expect, it } from "@jest/globals";
import * as core from "@ayon-sg/core";
import * as page from "../frontend/src/runtime-instances.js";

const NOW = Date.parse("2026-12-06T10:00:00Z");
const ago = (ms: number) => new Date(NOW - ms).toISOString();
const payload = (over: Record<string, unknown> = {}) => ({
  instance: "i", service: "ayon-sg", host: "h", pid: 7, slot: 0, version: "1.2.3", plugins: ["shotgrid"], workerSlots: 4,
  startedAt: ago(3_600_000), heartbeatMs: 10_000, status: "running", ...over,
});

const EVENTS = [
  { id: "fresh", updatedAt: ago(1000), payload: payload({ instance: "fresh" }) },
  { id: "edge-alive", updatedAt: ago(29_999), payload: payload({ instance: "edge-alive" }) },
  { id: "edge-dead", updatedAt: ago(30_000), payload: payload({ instance: "edge-dead" }) },
  { id: "slow", updatedAt: ago(100_000), payload: payload({ instance: "slow", heartbeatMs: 60_000 }) },
  { id: "stopped", updatedAt: ago(10), payload: payload({ instance: "stopped", status: "stopped" }) },
  { id: "no-interval", updatedAt: ago(5000), payload: payload({ instance: "no-interval", heartbeatMs: 0 }) },
  { id: "too-old", updatedAt: ago(core.STOPPED_SHOWN_MS + 1), payload: payload({ instance: "too-old" }) },
  { id: "junk", updatedAt: ago(0), payload: { hello: "world" } },
];

describe("the page's runtime-instance rule is core's", () => {
  it("has core's constants", () => {
    expect([page.INSTANCE_TOPIC, page.ALIVE_FACTOR, page.STOPPED_SHOWN_MS, page.DEFAULT_HEARTBEAT_INTERVAL_MS, page.INSTANCES_READ_LIMIT]).toEqual([
      core.INSTANCE_TOPIC, core.ALIVE_FACTOR, core.STOPPED_SHOWN_MS, core.DEFAULT_HEARTBEAT_INTERVAL_MS, core.INSTANCES_READ_LIMIT,
    ]);
  });

  it("judges the same events the same way (payload as GraphQL's JSON string on the page)", () => {
    const fromCore = core.instancesOf(EVENTS, NOW).map((i) => [i.eventId, i.alive]);
    const fromPage = page.instancesFromNodes(EVENTS.map((e) => ({ ...e, payload: JSON.stringify(e.payload) })), NOW).map((i) => [i.eventId, i.alive]);
    expect(fromPage).toEqual(fromCore);
    expect(fromCore).toEqual([["fresh", true], ["no-interval", true], ["edge-alive", true], ["slow", true], ["stopped", false], ["edge-dead", false]]);
  });
});
