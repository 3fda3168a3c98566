// EventFeed: what a poll announces to the lanes, and the events it keeps for the workers — also when two order
// groups enroll one topic: each group's job takes the feed's copy of an event once, and one group taking an event
// never hides it from the other's batch (its queue still holds it).
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
import { buildRoutes, type LoadedHandler, type Route } from "./routes.js";
import type { EventNode, EventPage, EventQuery } from "../ayon/types.js";

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

const route: Route = { key: "ordered", group: "g", jobTopic: "ayonsg.job.g", senderType: "g", sourceTopic: ["shotgrid.event"], ordered: true, ignoreSenderTypes: [], handlers: [] };

function node(id: string, project: string): EventNode {
  return {
    id, hash: id, topic: "shotgrid.event", project, user: null, sender: null, dependsOn: null, status: "finished", retries: 0,
    description: "", summary: {}, payload: { action: "shotgrid-event" }, createdAt: "2026-01-01T00:00:00Z", updatedAt: "2026-01-01T00:00:00Z",
  };
}

/** An AYON whose event query answers the queued pages, one per call. */
function pagedAyon(pages: EventNode[][]): AyonClient {
  return {
    queryEvents: async (_query: EventQuery): Promise<EventPage> => {
      const events = pages.shift() ?? [];
      return { events, pageInfo: { hasNextPage: false, endCursor: events.at(-1)?.id ?? null, hasPreviousPage: false, startCursor: null } };
    },
  } as unknown as AyonClient;
}

describe("EventFeed announcements", () => {
  it("announces the lanes of new events and keeps them for the workers", async () => {
    const scheduler = new LaneScheduler([route]);
    scheduler.setKnownProjects(["alpha", "beta"]);
    const feed = new EventFeed(pagedAyon([[node("e1", "alpha")]]), [route], scheduler, new SilentLogger());
    expect(await feed.poll()).toBe(1);
    expect(scheduler.announced({ route, kind: "project", project: "alpha" })).toBe(true);
    expect(scheduler.announced({ route, kind: "project", project: "beta" })).toBe(false);
    expect(feed.take("e1", route)?.id).toBe("e1");
  });

  it("passes over an event a worker took before the poll saw it: no announcement of work already done", async () => {
    const scheduler = new LaneScheduler([route]);
    scheduler.setKnownProjects(["alpha", "beta"]);
    const feed = new EventFeed(pagedAyon([[node("e1", "alpha"), node("e2", "beta")]]), [route], scheduler, new SilentLogger());
    expect(feed.take("e1", route)).toBeUndefined();
    await feed.poll();
    expect(scheduler.announced({ route, kind: "project", project: "alpha" })).toBe(false);
    expect(scheduler.announced({ route, kind: "project", project: "beta" })).toBe(true);
    expect(feed.peek("e1", route)).toBeUndefined();
    expect(feed.peek("e2", route)?.id).toBe("e2");
  });

  it("an event one group took early is still announced to, and kept for, the other group", async () => {
    const other: Route = { ...route, key: "other|ordered", group: "other", jobTopic: "ayonsg.job.other", senderType: "other" };
    const scheduler = new LaneScheduler([route, other]);
    scheduler.setKnownProjects(["alpha"]);
    const feed = new EventFeed(pagedAyon([[node("e1", "alpha")]]), [route, other], scheduler, new SilentLogger());
    expect(feed.take("e1", route)).toBeUndefined();
    await feed.poll();
    expect(scheduler.announced({ route, kind: "project", project: "alpha" })).toBe(false);
    expect(scheduler.announced({ route: other, kind: "project", project: "alpha" })).toBe(true);
    expect(feed.peek("e1", route)).toBeUndefined();
    expect(feed.peek("e1", other)?.id).toBe("e1");
  });
});

/** An AYON whose event query waits for the test to answer each call (`answer(page)`), counting the calls. */
function heldAyon(): { ayon: AyonClient; calls: () => number; answer: (events: EventNode[]) => void } {
  const waiting: Array<(page: EventPage) => void> = [];
  let calls = 0;
  const ayon = {
    queryEvents: (_query: EventQuery): Promise<EventPage> => {
      calls += 1;
      return new Promise((resolve) => waiting.push(resolve));
    },
  } as unknown as AyonClient;
  const answer = (events: EventNode[]): void => {
    const resolve = waiting.shift();
    if (!resolve) throw new Error("no event query is waiting");
    resolve({ events, pageInfo: { hasNextPage: false, endCursor: events.at(-1)?.id ?? null, hasPreviousPage: false, startCursor: null } });
  };
  return { ayon, calls: () => calls, answer };
}

/** Lets pending promise reactions run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("EventFeed catch-up for a job's source it has not read yet", () => {
  it("reads the feed once: the job's source and the events after it are then known, without a GET", async () => {
    const scheduler = new LaneScheduler([route]);
    scheduler.setKnownProjects(["alpha"]);
    const held = heldAyon();
    const feed = new EventFeed(held.ayon, [route], scheduler, new SilentLogger());
    const caught = feed.catchUp("e1");
    await settle();
    held.answer([node("e1", "alpha"), node("e2", "alpha")]);
    await caught;
    expect(held.calls()).toBe(1);
    expect(feed.peek("e1", route)?.id).toBe("e1");
    expect(feed.followers("e1", route, "alpha", 5, () => "take").map((e) => e.id)).toEqual(["e2"]);
    // Known already: no read at all.
    await feed.catchUp("e2");
    expect(held.calls()).toBe(1);
  });

  /** A feed whose timer look is under way (its answer held), and a catch-up for `id` asked meanwhile. */
  async function catchUpDuringLook(id: string) {
    const held = heldAyon();
    const feed = new EventFeed(held.ayon, [route], new LaneScheduler([route]), new SilentLogger());
    const timerPoll = feed.poll();
    await settle();
    return { held, feed, timerPoll, caught: feed.catchUp(id) };
  }

  it("a look under way that began before the source existed is waited for, then one more look reads it", async () => {
    const { held, feed, timerPoll, caught } = await catchUpDuringLook("e2");
    held.answer([node("e1", "alpha")]);
    await timerPoll;
    await settle();
    expect(held.calls()).toBe(2);
    held.answer([node("e2", "alpha")]);
    await caught;
    expect(feed.peek("e2", route)?.id).toBe("e2");
  });

  it("a look under way that brings the source is enough; an event no look brings ends the catch-up after one look", async () => {
    const { held, feed, timerPoll, caught } = await catchUpDuringLook("e1");
    held.answer([node("e1", "alpha")]);
    await Promise.all([timerPoll, caught]);
    expect(held.calls()).toBe(1);

    // A retried job's source, older than what the feed keeps: one look, then the worker reads it itself.
    const old = feed.catchUp("e0");
    await settle();
    held.answer([]);
    await old;
    expect(held.calls()).toBe(2);
    expect(feed.peek("e0", route)).toBeUndefined();
  });

  it("looks never overlap: a second poll waits for the first (they share one cursor)", async () => {
    const held = heldAyon();
    const feed = new EventFeed(held.ayon, [route], new LaneScheduler([route]), new SilentLogger());
    const first = feed.poll();
    const second = feed.poll();
    await settle();
    expect(held.calls()).toBe(1);
    held.answer([node("e1", "alpha")]);
    expect(await first).toBe(1);
    await settle();
    expect(held.calls()).toBe(2);
    held.answer([]);
    expect(await second).toBe(0);
    expect(feed.sinceLastPoll()).toBeLessThan(1000);
  });
});

describe("EventFeed and empty payloads", () => {
  it("keeps an event whose payload is empty (GraphQL answers null) as a batch member with payload {}", async () => {
    const routes = buildRoutes([loaded("solo")]);
    const [route] = routes as [(typeof routes)[0]];
    const scheduler = new LaneScheduler(routes);
    scheduler.setKnownProjects(["fp"]);
    const feed = new EventFeed(ayon, routes, scheduler, new SilentLogger());
    await feed.init();
    const ids: string[] = [];
    for (const payload of [{ seq: 1 }, {}, { seq: 3 }]) ids.push((await ayon.dispatchEvent({ topic: "feed.shared", project: "fp", payload, finished: true })).id!);
    expect(await feed.poll()).toBe(3);
    // The empty one does not end the batch: both followers are there.
    expect(feed.followers(ids[0]!, route, "fp", 5, () => "take").map((e) => e.id)).toEqual([ids[1], ids[2]]);
    expect(feed.peek(ids[1]!, route)?.payload).toEqual({});
  });
});
