import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { startAyonEmulator, type AyonEmulator } from "@ayon-sg/testkit";
import { AyonClient } from "../ayon/client.js";
import { SilentLogger } from "../logging/logger.js";
import { InstanceHeartbeat } from "./instance-heartbeat.js";
import { INSTANCE_TOPIC, listInstances } from "./instances.js";

const API_KEY = "heartbeattestkey00000000000000000";

describe("InstanceHeartbeat against the AYON emulator", () => {
  let emulator: AyonEmulator;
  let ayon: AyonClient;
  let clock = Date.parse("2026-12-06T10:00:00Z");
  let host = 0;

  beforeAll(async () => {
    emulator = await startAyonEmulator({ apiKey: API_KEY, now: () => new Date(clock) });
    ayon = new AyonClient({ serverUrl: emulator.url, apiKey: API_KEY });
  });
  afterAll(async () => emulator?.close());

  /** A heartbeat on its own host (each test its own), beating only when told (a long interval). */
  const heartbeat = (instance: string, hostName: string, intervalMs = 3_600_000) =>
    new InstanceHeartbeat({ ayon, logger: new SilentLogger(), instance, service: "ayon-sg", version: "9.9.9", plugins: ["shotgrid"], workerSlots: 3, intervalMs, host: hostName, now: () => clock });
  const instancesOn = async (hostName: string) => (await listInstances(ayon, clock)).filter((i) => i.host === hostName);
  const eventsOn = async (hostName: string) => (await ayon.queryEvents({ topics: [INSTANCE_TOPIC], last: 100 })).events.filter((e) => e.payload?.host === hostName);

  it("start claims one event, each beat moves its updatedAt, stop marks it stopped", async () => {
    const h = `h${++host}`;
    const beat = heartbeat("one", h, 10_000);
    await beat.start();
    const [started] = await instancesOn(h);
    expect(started).toMatchObject({ instance: "one", alive: true, status: "running", version: "9.9.9", workerSlots: 3, plugins: ["shotgrid"], heartbeatMs: 10_000 });
    clock += 20_000;
    expect((await instancesOn(h))[0]!.alive).toBe(true);
    clock += 20_000; // 40 s without a beat: past 3 × 10 s
    expect((await instancesOn(h))[0]!.alive).toBe(false);
    await beat.beat();
    const [beaten] = await instancesOn(h);
    expect([beaten!.alive, Date.parse(beaten!.lastHeartbeat)]).toEqual([true, clock]);
    await beat.stop();
    expect((await instancesOn(h))[0]).toMatchObject({ alive: false, status: "stopped" });
    expect(await eventsOn(h)).toHaveLength(1);
  });

  it("a second live process on the host takes the next slot; restarts re-use the free slots' events (bounded)", async () => {
    const h = `h${++host}`;
    const first = heartbeat("a", h);
    const second = heartbeat("b", h);
    await first.start();
    await second.start();
    expect((await instancesOn(h)).map((i) => [i.instance, i.slot, i.alive]).sort()).toEqual([["a", 0, true], ["b", 1, true]]);
    for (let restart = 0; restart < 5; restart++) {
      await first.stop();
      const again = heartbeat(`a${restart}`, h);
      await again.start();
      await again.stop();
    }
    await second.stop();
    expect(await eventsOn(h)).toHaveLength(2);
  });

  it("a beat whose event was taken over (its id gone) claims a slot again", async () => {
    const h = `h${++host}`;
    const first = heartbeat("a", h);
    await first.start();
    const firstId = first.id;
    clock += 3_600_000 * 4; // silent: its slot is free for the next process
    const second = heartbeat("b", h);
    await second.start();
    expect(second.id).not.toBe(firstId);
    await first.beat(); // 404: the row now has the second's id
    await first.beat(); // claims slot 1
    expect((await instancesOn(h)).map((i) => [i.instance, i.slot, i.alive]).sort()).toEqual([["a", 1, true], ["b", 0, true]]);
    await first.stop();
    await second.stop();
  });

  it("an interval of 0 writes nothing", async () => {
    const h = `h${++host}`;
    await heartbeat("off", h, 0).start();
    expect(await eventsOn(h)).toEqual([]);
  });
});
