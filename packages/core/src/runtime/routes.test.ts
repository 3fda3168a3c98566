import "reflect-metadata";
import { describe, expect, it } from "@jest/globals";
import { container } from "tsyringe";
import { Handler, type EventHandler } from "../plugin/handler.js";
import { resolveOrderGroup, type OrderGroup } from "../plugin/order-group.js";
import { buildRoutes, handlersFor, jobTopics, OrderGroupConflictError, RouteConflictError, routesForTopic, topicMatches, withSenderRules, type LoadedHandler, type Route } from "./routes.js";

/** A handler of plugin `pluginId`, in a group of its own unless `group` is given. */
function loaded(pluginId: string, handlerClass: new () => EventHandler, group: OrderGroup = { name: pluginId }): LoadedHandler {
  return { pluginId, handlerClass, metadata: Reflect.getMetadata(Symbol.for("ayon-sg:handler"), handlerClass), container, group: resolveOrderGroup(group, pluginId) };
}
const SYNC: OrderGroup = { name: "sync", jobTopic: "sync.proc", senderType: "sync" };

@Handler({ topic: "shotgrid.event", action: "shotgrid-event" })
class Live implements EventHandler { handle() {} }
@Handler({ topic: ["shotgrid.event", "shotgrid.event.project.sync"], action: ["sync-from-shotgrid"] })
class FullSync implements EventHandler { handle() {} }
@Handler({ topic: "shotgrid.page.request", ordered: false })
class Page implements EventHandler { handle() {} }
@Handler({ topic: "entity.task.*", ignoreSenderTypes: ["shotgrid"] })
class TaskWatcher implements EventHandler { handle() {} }

describe("topicMatches", () => {
  it("matches exact topics and * wildcards like AYON", () => {
    expect(topicMatches("shotgrid.event", "shotgrid.event")).toBe(true);
    expect(topicMatches("shotgrid.event", "shotgrid.events")).toBe(false);
    expect(topicMatches("shotgrid.event*", "shotgrid.event.project.sync")).toBe(true);
    expect(topicMatches("entity.*.created", "entity.task.created")).toBe(true);
    expect(topicMatches("entity.*.created", "entity.task.deleted")).toBe(false);
  });
});

describe("buildRoutes", () => {
  it("groups exact topics of the same ordering within an order group into one route and gives patterns their own", () => {
    const routes = buildRoutes([loaded("a", Live, SYNC), loaded("b", FullSync, SYNC), loaded("c", Page, SYNC), loaded("d", TaskWatcher, SYNC)]);
    const ordered = routes.find((r) => r.ordered && Array.isArray(r.sourceTopic));
    expect(ordered?.sourceTopic).toEqual(["shotgrid.event", "shotgrid.event.project.sync"]);
    expect(ordered?.handlers.map((h) => h.handlerClass)).toEqual([Live, FullSync]);
    expect(routes.find((r) => !r.ordered)?.sourceTopic).toEqual(["shotgrid.page.request"]);
    const pattern = routes.find((r) => r.sourceTopic === "entity.task.*");
    expect(pattern?.ignoreSenderTypes).toEqual(["shotgrid"]);
    expect(routes).toHaveLength(3);
    expect(new Set(routes.map((r) => r.jobTopic))).toEqual(new Set(["sync.proc"]));
  });

  it("keeps one route, one per-project order, for exact topics that ignore different sender types: the rule per topic goes into the enroll filter", () => {
    @Handler({ topic: ["entity.folder.renamed", "entity.task.created"], ignoreSenderTypes: ["sync"] })
    class Push implements EventHandler { handle() {} }
    const routes = buildRoutes([loaded("a", Live, SYNC), loaded("b", FullSync, SYNC), loaded("p", Push, SYNC)]);
    expect(routes).toHaveLength(1);
    const [route] = routes as [Route];
    expect(route.sourceTopic).toEqual(["entity.folder.renamed", "entity.task.created", "shotgrid.event", "shotgrid.event.project.sync"]);
    expect(route.ignoreSenderTypes).toEqual([]);
    expect(route.senderFilter).toEqual({
      operator: "or",
      conditions: [
        { operator: "and", conditions: [{ key: "topic", operator: "in", value: ["shotgrid.event", "shotgrid.event.project.sync"] }] },
        { operator: "and", conditions: [{ key: "topic", operator: "in", value: ["entity.folder.renamed", "entity.task.created"] }, { key: "sender_type", operator: "notin", value: ["sync"] }] },
      ],
    });
    // A lane's project condition stays at the top; a claim's id is added beside it.
    expect(withSenderRules(route, { conditions: [{ key: "project", operator: "eq", value: "p1" }] })).toEqual({
      operator: "and", conditions: [{ key: "project", operator: "eq", value: "p1" }, route.senderFilter],
    });
    // One rule for every topic stays enroll's own ignore_sender_types, with no filter.
    const alone = buildRoutes([loaded("p", Push, SYNC)]);
    expect(alone.map((r) => [r.ignoreSenderTypes, r.senderFilter])).toEqual([[["sync"], undefined]]);
  });

  it("refuses one topic with two sender rules within one group", () => {
    @Handler({ topic: "shotgrid.event", ignoreSenderTypes: ["sync"] })
    class Picky implements EventHandler { handle() {} }
    expect(() => buildRoutes([loaded("a", Live, SYNC), loaded("p", Picky, SYNC)])).toThrow(RouteConflictError);
  });

  it("gives each plugin its own routes by default: the plugin in the key, its own job topic and sender type", () => {
    @Handler({ topic: "shotgrid.event" })
    class Studio implements EventHandler { handle() {} }
    const routes = buildRoutes([loaded("a", Live, SYNC), loaded("b", FullSync, SYNC), loaded("studio-flag", Studio)]);
    const both = routesForTopic(routes, "shotgrid.event");
    expect(both).toHaveLength(2);
    const studio = both.find((r) => r.group === "studio-flag")!;
    expect(studio.key).toMatch(/^studio-flag\|/);
    expect(studio).toMatchObject({ jobTopic: "ayonsg.job.studio_flag", senderType: "studio-flag", sourceTopic: ["shotgrid.event"] });
    expect(studio.handlers.map((h) => h.handlerClass)).toEqual([Studio]);
    expect(both.find((r) => r.group === "sync")?.handlers.map((h) => h.handlerClass)).toEqual([Live, FullSync]);
    expect(jobTopics(routes).sort()).toEqual(["ayonsg.job.studio_flag", "sync.proc"]);
  });

  it("lets plugins of different groups claim one topic with different rules", () => {
    @Handler({ topic: "shotgrid.page.request" })
    class OrderedPage implements EventHandler { handle() {} }
    const routes = buildRoutes([loaded("c", Page), loaded("x", OrderedPage)]);
    expect(routes.map((r) => [r.group, r.ordered])).toEqual([["c", false], ["x", true]]);
  });

  it("refuses a topic claimed with different ordering within one group", () => {
    @Handler({ topic: "shotgrid.page.request" })
    class OrderedPage implements EventHandler { handle() {} }
    expect(() => buildRoutes([loaded("c", Page, SYNC), loaded("x", OrderedPage, SYNC)])).toThrow(RouteConflictError);
    expect(() => buildRoutes([loaded("c", Page, SYNC), loaded("x", OrderedPage, SYNC)])).toThrow(/c\/Page.*x\/OrderedPage|x\/OrderedPage.*c\/Page/);
  });

  it("refuses an exact topic that a wildcard route of other rules in the group also covers", () => {
    @Handler({ topic: "entity.task.created" })
    class Created implements EventHandler { handle() {} }
    expect(() => buildRoutes([loaded("d", TaskWatcher, SYNC), loaded("e", Created, SYNC)])).toThrow(/entity\.task\.created/);
  });

  it("lets two groups share a job topic for different source topics only, and refuses one group declared two ways", () => {
    const kept = buildRoutes([loaded("a", Live, SYNC), loaded("studio", Page, { name: "studio", jobTopic: "sync.proc" })]);
    expect(kept.map((r) => [r.group, r.jobTopic, r.senderType])).toEqual([["sync", "sync.proc", "sync"], ["studio", "sync.proc", "studio"]]);
    @Handler({ topic: "shotgrid.event" })
    class Studio implements EventHandler { handle() {} }
    expect(() => buildRoutes([loaded("a", Live, SYNC), loaded("studio", Studio, { name: "studio", jobTopic: "sync.proc" })])).toThrow(
      /topic 'shotgrid\.event' is handled by order groups 'sync' \(a\/Live\) and 'studio' \(studio\/Studio\), which both store their jobs under 'sync\.proc'/,
    );
    expect(() => buildRoutes([loaded("a", Live, SYNC), loaded("b", Page, { ...SYNC, senderType: "other" })])).toThrow(OrderGroupConflictError);
    expect(() => buildRoutes([loaded("a", Live, SYNC), loaded("b", Page, { ...SYNC, senderType: "other" })])).toThrow(/order group 'sync' with different/);
  });
});

describe("handlersFor", () => {
  const routes = buildRoutes([loaded("a", Live, SYNC), loaded("b", FullSync, SYNC)]);
  const route = routes[0]!;
  it("selects by topic and payload.action", () => {
    expect(handlersFor(route, { topic: "shotgrid.event", payload: { action: "shotgrid-event" } }).map((h) => h.handlerClass)).toEqual([Live]);
    expect(handlersFor(route, { topic: "shotgrid.event.project.sync", payload: { action: "sync-from-shotgrid" } }).map((h) => h.handlerClass)).toEqual([FullSync]);
    expect(handlersFor(route, { topic: "shotgrid.event.project.sync", payload: { action: "shotgrid-event" } })).toEqual([]);
    expect(handlersFor(route, { topic: "shotgrid.event", payload: {} })).toEqual([]);
  });
});
