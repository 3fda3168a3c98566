import { describe, expect, it } from "@jest/globals";
import { ALIVE_FACTOR, instancesOf, isAlive, STOPPED_SHOWN_MS, type InstancePayload } from "./instances.js";

const NOW = Date.parse("2026-12-06T10:00:00Z");
const ago = (ms: number) => new Date(NOW - ms).toISOString();
const payload = (over: Partial<InstancePayload> = {}): InstancePayload => ({
  instance: "host-1", service: "ayon-sg", host: "host", pid: 1, slot: 0, version: "1.0.0", plugins: ["shotgrid"], workerSlots: 4,
  startedAt: ago(60_000), heartbeatMs: 10_000, status: "running", ...over,
});

describe("the instance liveness rule", () => {
  it("a running instance is alive for ALIVE_FACTOR of its own intervals after its last heartbeat, then not", () => {
    expect(isAlive(payload(), ago(ALIVE_FACTOR * 10_000 - 1), NOW)).toBe(true);
    expect(isAlive(payload(), ago(ALIVE_FACTOR * 10_000), NOW)).toBe(false);
    expect(isAlive(payload({ heartbeatMs: 60_000 }), ago(ALIVE_FACTOR * 10_000), NOW)).toBe(true);
  });

  it("a stopped instance is never alive, however fresh", () => {
    expect(isAlive(payload({ status: "stopped" }), ago(0), NOW)).toBe(false);
  });

  it("lists alive instances first, then the newest heartbeat; drops events past a day and payloads that are not instances", () => {
    const list = instancesOf(
      [
        { id: "old", updatedAt: ago(STOPPED_SHOWN_MS + 1), payload: payload({ instance: "old" }) },
        { id: "stopped", updatedAt: ago(1000), payload: payload({ instance: "stopped", status: "stopped" }) },
        { id: "silent", updatedAt: ago(3_600_000), payload: payload({ instance: "silent" }) },
        { id: "alive", updatedAt: ago(2000), payload: payload({ instance: "alive" }) },
        { id: "junk", updatedAt: ago(0), payload: { something: "else" } },
      ],
      NOW,
    );
    expect(list.map((i) => [i.eventId, i.alive])).toEqual([["alive", true], ["stopped", false], ["silent", false]]);
    expect(list[0]).toMatchObject({ lastHeartbeat: ago(2000), host: "host", workerSlots: 4, plugins: ["shotgrid"] });
  });
});
