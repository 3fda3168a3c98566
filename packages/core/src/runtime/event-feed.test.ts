// The event feed when two order groups enroll one topic: each group's job takes the feed's copy of an event once,
// and one group taking an event never hides it from the other's batch (its queue still holds it).
import "reflect-metadata";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { container } from "tsyringe";
import { startAyonEmulator, type AyonEmulator } from "@ayon-sg/testkit";
import { AyonClient } from "../ayon/client.js";
import { SilentLogger } from "../logging/logger.js";
import { Handler, type EventHandler } from "../plugin/handler.js";
import { resolveOrderGroup } from "../plugin/order-group.js";
import { EventFeed } from "./event-feed.js";
import { LaneScheduler } from "./lanes.js";
import { buildRoutes, type LoadedHandler } from "./routes.js";

const API_KEY = "eventfeedtestkey0000000000000000";
let emulator: AyonEmulator;
let ayon: AyonClient;

beforeAll(async () => {
  emulator = await startAyonEmulator({ apiKey: API_KEY });
  ayon = new AyonClient({ serverUrl: emulator.url, apiKey: API_KEY, sender: "feed-test" });
  await ayon.createProject({ name: "fp", code: "fp" });
});
afterAll(async () => emulator.close());

@Handler({ topic: "feed.shared" })
class Shared implements EventHandler { handle() {} }

function loaded(pluginId: string): LoadedHandler {
  return { pluginId, handlerClass: Shared, metadata: Reflect.getMetadata(Symbol.for("ayon-sg:handler"), Shared), container, group: resolveOrderGroup({ name: pluginId }, pluginId) };
}

describe("EventFeed with two groups on one topic", () => {
  it("hands each group's job the event once and keeps it in the other group's line", async () => {
    const routes = buildRoutes([loaded("first"), loaded("second")]);
    const [a, b] = routes as [(typeof routes)[0], (typeof routes)[0]];
    const scheduler = new LaneScheduler(routes);
    scheduler.setKnownProjects(["fp"]);
    const feed = new EventFeed(ayon, routes, scheduler, new SilentLogger());
    await feed.init();
    const ids: string[] = [];
    for (let seq = 1; seq <= 3; seq++) ids.push((await ayon.dispatchEvent({ topic: "feed.shared", project: "fp", payload: { seq }, finished: true })).id!);
    expect(await feed.poll()).toBe(3);
    // Both groups' project lanes were marked.
    expect(scheduler.snapshot().filter((lane) => lane.dirty).map((lane) => lane.key).sort()).toEqual([`${a.key}#project:fp`, `${b.key}#project:fp`]);

    expect(feed.take(ids[0]!, a)?.payload).toEqual({ seq: 1 });
    expect(feed.take(ids[0]!, a)).toBeUndefined();
    expect(feed.take(ids[1]!, a)?.payload).toEqual({ seq: 2 });
    // The second group has taken nothing yet: its lead and both followers are still in its line.
    expect(feed.peek(ids[0]!, b)?.id).toBe(ids[0]);
    expect(feed.followers(ids[0]!, b, "fp", 5, () => "take").map((e) => e.id)).toEqual([ids[1], ids[2]]);
    expect(feed.followers(ids[0]!, a, "fp", 5, () => "take").map((e) => e.id)).toEqual([ids[2]]);
    expect(feed.take(ids[0]!, b)?.id).toBe(ids[0]);
    expect(feed.peek(ids[0]!, b)).toBeUndefined();
  });
});
