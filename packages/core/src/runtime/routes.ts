import type { DependencyContainer } from "tsyringe";
import type { AyonEvent } from "../ayon/types.js";
import type { HandlerClass, HandlerMetadata } from "../plugin/handler.js";

/** A handler class as the runtime holds it: with its plugin and the plugin's container. */
export interface LoadedHandler {
  readonly pluginId: string;
  readonly handlerClass: HandlerClass;
  readonly metadata: HandlerMetadata;
  readonly container: DependencyContainer;
}

/**
 * One enroll target: the source topics fetched together, how (ordered per project or not), and the handlers
 * that may run for them. Every topic belongs to at most one route, so one source event never has two jobs.
 */
export interface Route {
  readonly key: string;
  /** An exact topic list, or one wildcard pattern (AYON's enroll takes one or the other). */
  readonly sourceTopic: string | string[];
  readonly ordered: boolean;
  readonly ignoreSenderTypes: string[];
  readonly handlers: LoadedHandler[];
}

export function isPattern(topic: string): boolean {
  return topic.includes("*");
}

/** AYON topic matching: `*` matches any run of characters. */
export function topicMatches(pattern: string, topic: string): boolean {
  if (!isPattern(pattern)) return pattern === topic;
  const regex = new RegExp(`^${pattern.split("*").map(escapeRegex).join(".*")}$`);
  return regex.test(topic);
}

function escapeRegex(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
}

export function buildRoutes(handlers: readonly LoadedHandler[]): Route[] {
  const groups = new Map<string, { ordered: boolean; ignore: string[]; pattern: string | null; topics: Set<string>; handlers: LoadedHandler[] }>();
  for (const handler of handlers) {
    const { ordered, ignoreSenderTypes } = handler.metadata;
    for (const topic of handler.metadata.topics) {
      const pattern = isPattern(topic) ? topic : null;
      const key = `${ordered ? "ordered" : "unordered"}|${ignoreSenderTypes.join(",")}|${pattern ?? "exact"}`;
      let group = groups.get(key);
      if (!group) {
        group = { ordered, ignore: ignoreSenderTypes, pattern, topics: new Set(), handlers: [] };
        groups.set(key, group);
      }
      group.topics.add(topic);
      if (!group.handlers.includes(handler)) group.handlers.push(handler);
    }
  }
  const routes: Route[] = [...groups.entries()].map(([key, group]) => ({
    key,
    sourceTopic: group.pattern ?? [...group.topics].sort(),
    ordered: group.ordered,
    ignoreSenderTypes: group.ignore,
    handlers: group.handlers,
  }));
  assertDisjoint(routes);
  return routes;
}

/** Two routes sharing a topic would race for its events with different rules: refuse at start. */
function assertDisjoint(routes: Route[]): void {
  const owner = new Map<string, Route>();
  for (const route of routes) {
    if (typeof route.sourceTopic !== "string") {
      for (const topic of route.sourceTopic) {
        const previous = owner.get(topic);
        if (previous) throw new RouteConflictError(topic, previous, route);
        owner.set(topic, route);
      }
    }
  }
  for (const route of routes) {
    if (typeof route.sourceTopic !== "string") continue;
    for (const [topic, other] of owner) {
      if (topicMatches(route.sourceTopic, topic)) throw new RouteConflictError(topic, other, route);
    }
  }
}

export class RouteConflictError extends Error {
  constructor(topic: string, a: Route, b: Route) {
    const who = (route: Route) => [...new Set(route.handlers.map((h) => `${h.pluginId}/${h.handlerClass.name}`))].join(", ");
    super(
      `topic '${topic}' is claimed by handlers with different ordering or sender rules (${who(a)} and ${who(b)}); ` +
        "give them the same `ordered` and `ignoreSenderTypes` options",
    );
    this.name = "RouteConflictError";
  }
}

/** The handlers of a route that want this event (topic and payload.action). */
export function handlersFor(route: Route, event: Pick<AyonEvent, "topic" | "payload">): LoadedHandler[] {
  const action = typeof event.payload?.action === "string" ? event.payload.action : null;
  return route.handlers.filter(
    (handler) =>
      handler.metadata.topics.some((topic) => topicMatches(topic, event.topic)) &&
      (handler.metadata.actions === null || (action !== null && handler.metadata.actions.includes(action))),
  );
}

/** Every topic the routes enroll, for the discovery feed (GraphQL takes patterns too). */
export function allTopics(routes: readonly Route[]): string[] {
  return [...new Set(routes.flatMap((route) => [route.sourceTopic].flat()))];
}

export function routeForTopic(routes: readonly Route[], topic: string): Route | undefined {
  return routes.find((route) => [route.sourceTopic].flat().some((t) => topicMatches(t, topic)));
}
