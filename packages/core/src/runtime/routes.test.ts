import "reflect-metadata";
import { describe, expect, it } from "@jest/globals";
import { container } from "tsyringe";
import { Handler, type EventHandler } from "../plugin/handler.js";
import { buildRoutes, handlersFor, RouteConflictError, topicMatches, type LoadedHandler } from "./routes.js";

function loaded(pluginId: string, handlerClass: new () => EventHandler): LoadedHandler {
  return { pluginId, handlerClass, metadata: Reflect.getMetadata(Symbol.for("ayon-sg:handler"), handlerClass), container };
}

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
  it("groups exact topics of the same ordering into one route and gives patterns their own", () => {
    const routes = buildRoutes([loaded("a", Live), loaded("b", FullSync), loaded("c", Page), loaded("d", TaskWatcher)]);
    const ordered = routes.find((r) => r.ordered && Array.isArray(r.sourceTopic));
    expect(ordered?.sourceTopic).toEqual(["shotgrid.event", "shotgrid.event.project.sync"]);
    expect(ordered?.handlers.map((h) => h.handlerClass)).toEqual([Live, FullSync]);
    expect(routes.find((r) => !r.ordered)?.sourceTopic).toEqual(["shotgrid.page.request"]);
    const pattern = routes.find((r) => r.sourceTopic === "entity.task.*");
    expect(pattern?.ignoreSenderTypes).toEqual(["shotgrid"]);
    expect(routes).toHaveLength(3);
  });

  it("refuses a topic claimed with different ordering", () => {
    @Handler({ topic: "shotgrid.page.request" })
    class OrderedPage implements EventHandler { handle() {} }
    expect(() => buildRoutes([loaded("c", Page), loaded("x", OrderedPage)])).toThrow(RouteConflictError);
    expect(() => buildRoutes([loaded("c", Page), loaded("x", OrderedPage)])).toThrow(/c\/Page.*x\/OrderedPage|x\/OrderedPage.*c\/Page/);
  });

  it("refuses an exact topic that a wildcard route of other rules also covers", () => {
    @Handler({ topic: "entity.task.created" })
    class Created implements EventHandler { handle() {} }
    expect(() => buildRoutes([loaded("d", TaskWatcher), loaded("e", Created)])).toThrow(/entity\.task\.created/);
  });
});

describe("handlersFor", () => {
  const routes = buildRoutes([loaded("a", Live), loaded("b", FullSync)]);
  const route = routes[0]!;
  it("selects by topic and payload.action", () => {
    expect(handlersFor(route, { topic: "shotgrid.event", payload: { action: "shotgrid-event" } }).map((h) => h.handlerClass)).toEqual([Live]);
    expect(handlersFor(route, { topic: "shotgrid.event.project.sync", payload: { action: "sync-from-shotgrid" } }).map((h) => h.handlerClass)).toEqual([FullSync]);
    expect(handlersFor(route, { topic: "shotgrid.event.project.sync", payload: { action: "shotgrid-event" } })).toEqual([]);
    expect(handlersFor(route, { topic: "shotgrid.event", payload: {} })).toEqual([]);
  });
});
