// EventFeed: what a poll announces to the lanes, and the events it keeps for the workers.
import { describe, expect, it } from "@jest/globals";
import type { AyonClient } from "../ayon/client.js";
import type { EventNode, EventPage, EventQuery } from "../ayon/types.js";
import { SilentLogger } from "../logging/logger.js";
import { EventFeed } from "./event-feed.js";
import { LaneScheduler } from "./lanes.js";
import type { Route } from "./routes.js";

const route: Route = { key: "ordered", sourceTopic: ["shotgrid.event"], ordered: true, ignoreSenderTypes: [], handlers: [] };

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

describe("EventFeed", () => {
  it("announces the lanes of new events and keeps them for the workers", async () => {
    const scheduler = new LaneScheduler([route]);
    scheduler.setKnownProjects(["alpha", "beta"]);
    const feed = new EventFeed(pagedAyon([[node("e1", "alpha")]]), [route], scheduler, new SilentLogger());
    expect(await feed.poll()).toBe(1);
    expect(scheduler.announced({ route, kind: "project", project: "alpha" })).toBe(true);
    expect(scheduler.announced({ route, kind: "project", project: "beta" })).toBe(false);
    expect(feed.take("e1")?.id).toBe("e1");
  });

  it("passes over an event a worker took before the poll saw it: no announcement of work already done", async () => {
    const scheduler = new LaneScheduler([route]);
    scheduler.setKnownProjects(["alpha", "beta"]);
    const feed = new EventFeed(pagedAyon([[node("e1", "alpha"), node("e2", "beta")]]), [route], scheduler, new SilentLogger());
    expect(feed.take("e1")).toBeUndefined();
    await feed.poll();
    expect(scheduler.announced({ route, kind: "project", project: "alpha" })).toBe(false);
    expect(scheduler.announced({ route, kind: "project", project: "beta" })).toBe(true);
    expect(feed.peek("e1")).toBeUndefined();
    expect(feed.peek("e2")?.id).toBe("e2");
  });
});
