// The leecher state in AYON (one event per ShotGrid site, PATCHed) and the recovery from dispatched events
// (the Python leecher's, ynput/ayon-shotgrid services/leecher/leecher/listener.py), against the AYON emulator
// (ayon-backend api/events/events.py, ayon_server/graphql/resolvers/events.py).
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { AyonClient } from "@ayon-sg/core";
import { startAyonEmulator, type AyonEmulator } from "@ayon-sg/testkit";
import { CorruptStateError, StateStore, STATE_TOPIC } from "./state-store.js";

const KEY = "StateStoreKey0123456789abcdefghi";
let emu: AyonEmulator;
let ayon: AyonClient;

beforeAll(async () => {
  emu = await startAyonEmulator({ apiKey: KEY });
  ayon = new AyonClient({ serverUrl: emu.url, apiKey: KEY, sender: "state-test" });
});
afterAll(async () => emu?.close());

describe("the state event", () => {
  it("is created once per site, then overwritten, and reads back exactly", async () => {
    const store = new StateStore(ayon, "https://one.example");
    expect(await store.load()).toBeNull();
    await store.save({ cursor: { scanned: 120, holes: [101, 117] }, floor: 50, linked: new Map([[7, "alpha"]]) });
    await store.save({ cursor: { scanned: 130, holes: [117] }, floor: 50, linked: new Map([[7, "alpha"], [9, "bravo"]]) });
    const events = emu.state.events.ofTopic(STATE_TOPIC).filter((e) => e.hash === store.hash);
    expect(events).toHaveLength(1);
    expect(events[0]!.summary).toEqual({ sg_site: "https://one.example", low_water: 116, scanned: 130, open_holes: 1 });
    expect(events[0]!.description).toMatch(/every EventLogEntry up to 116 is handled/);

    const fresh = new StateStore(ayon, "https://one.example");
    expect(await fresh.load()).toEqual({ cursor: { scanned: 130, holes: [117] }, floor: 50, linked: new Map([[7, "alpha"], [9, "bravo"]]) });
    expect(await new StateStore(ayon, "https://two.example").load()).toBeNull();
  });

  it("finds and overwrites an event an earlier attempt created (409 on the hash)", async () => {
    const first = new StateStore(ayon, "https://three.example");
    await first.save({ cursor: { scanned: 1, holes: [] }, floor: 0, linked: new Map() });
    const second = new StateStore(ayon, "https://three.example"); // never loaded: does not know the event id
    await second.save({ cursor: { scanned: 5, holes: [] }, floor: 0, linked: new Map() });
    expect((await first.load())?.cursor.scanned).toBe(5);
    expect(emu.state.events.ofTopic(STATE_TOPIC).filter((e) => e.hash === first.hash)).toHaveLength(1);
  });

  it("refuses a state it cannot read instead of guessing", async () => {
    const store = new StateStore(ayon, "https://four.example");
    await store.save({ cursor: { scanned: 1, holes: [] }, floor: 0, linked: new Map() });
    const event = emu.state.events.ofTopic(STATE_TOPIC).find((e) => e.hash === store.hash)!;
    await ayon.updateEvent(event.id, { payload: { version: 1, sg_site: "https://four.example", scanned: -3 } });
    await expect(new StateStore(ayon, "https://four.example").load()).rejects.toThrow(CorruptStateError);
  });
});

describe("where a previous leecher stopped", () => {
  it("takes the newest sg_event_id of this site's events, the Python addon's (no site), or an early numeric hash", async () => {
    const local = await startAyonEmulator({ apiKey: KEY });
    try {
      const client = new AyonClient({ serverUrl: local.url, apiKey: KEY });
      const store = new StateStore(client, "https://site.example");
      expect(await store.lastDispatched()).toBeNull();

      await client.dispatchEvent({ topic: "shotgrid.event", hash: "777", payload: { action: "shotgrid-event" } });
      expect(await store.lastDispatched()).toEqual({ lastEventId: 777, ours: false });

      await client.dispatchEvent({ topic: "shotgrid.event", hash: "py", summary: { sg_event_id: 800 } });
      expect(await store.lastDispatched()).toEqual({ lastEventId: 800, ours: false });

      await client.dispatchEvent({ topic: "shotgrid.event", hash: "other-site", summary: { sg_event_id: 5000, sg_site: "https://other.example" } });
      await client.dispatchEvent({ topic: "shotgrid.event", hash: "sync", summary: { sg_site: "https://site.example", sg_project_id: 3 } });
      expect(await store.lastDispatched()).toEqual({ lastEventId: 800, ours: false });

      await client.dispatchEvent({ topic: "shotgrid.event", hash: "ours-1", summary: { sg_event_id: 900, sg_site: "https://site.example" } });
      await client.dispatchEvent({ topic: "shotgrid.event", hash: "ours-0", summary: { sg_event_id: 850, sg_site: "https://site.example" } });
      expect(await store.lastDispatched()).toEqual({ lastEventId: 900, ours: true });
    } finally {
      await local.close();
    }
  });
});
