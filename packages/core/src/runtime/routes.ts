import type { DependencyContainer } from "tsyringe";
import { andFilter } from "../ayon/query-filter.js";
import type { AyonEvent, QueryFilter } from "../ayon/types.js";
import type { HandlerClass, HandlerMetadata } from "../plugin/handler.js";
import type { ResolvedOrderGroup } from "../plugin/order-group.js";

/** A handler class as the runtime holds it: with its plugin and the plugin's container. */
export interface LoadedHandler {
  readonly pluginId: string;
  readonly handlerClass: HandlerClass;
  readonly metadata: HandlerMetadata;
  readonly container: DependencyContainer;
  /** The plugin's order group: its handlers share routes with the group's other plugins only. */
  readonly group: ResolvedOrderGroup;
}

/**
 * One enroll target: the source topics fetched together, how (ordered per project or not), and the handlers
 * that may run for them. Routes belong to one order group (by default one plugin) and enroll into its job topic.
 * Within a group every topic belongs to at most one route, so one source event never has two jobs of a group;
 * each group gets its own job of an event (AYON keeps one job per source event and target topic: ayon-backend
 * ayon_server/events/enroll.py excludes sources by a finished job of the same topic and hashes the new job from
 * target topic and source id), so one group's failure or retry never re-runs another group's handlers.
 */
export interface Route {
  /** `<group>|<ordered>|exact`, or `<group>|<ordered>|<ignoreSenderTypes>|<pattern>`: the lanes of a route are keyed on it. */
  readonly key: string;
  readonly group: string;
  /** Target topic of the route's enroll: where its jobs are stored. */
  readonly jobTopic: string;
  /** X-Sender-Type of the route's queue writes. */
  readonly senderType: string;
  /** An exact topic list, or one wildcard pattern (AYON's enroll takes one or the other). */
  readonly sourceTopic: string | string[];
  readonly ordered: boolean;
  /** Source events sent with these X-Sender-Types are not enrolled (enroll's own option): when every topic agrees. */
  readonly ignoreSenderTypes: string[];
  /**
   * When the route's topics ignore different sender types (one order group handling both its own events and
   * another system's, e.g. ShotGrid's events and AYON's entity events, in one per-project order): the same rule
   * per topic, as an enroll filter (`topic in [...] and sender_type notin [...]`, or'ed). Unset otherwise.
   */
  readonly senderFilter?: QueryFilter;
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

/**
 * One route per order group and ordering for its exact topics, whatever sender types each topic ignores (a
 * per-topic rule becomes the route's senderFilter), so one group keeps one per-project order over all of them; a
 * wildcard topic is a route of its own.
 */
export function buildRoutes(handlers: readonly LoadedHandler[]): Route[] {
  assertGroupsConsistent(handlers.map((h) => ({ pluginId: h.pluginId, group: h.group })));
  const groups = new Map<string, { group: ResolvedOrderGroup; ordered: boolean; pattern: string | null; ignoreByTopic: Map<string, string[]>; handlers: LoadedHandler[] }>();
  for (const handler of handlers) {
    const { ordered, ignoreSenderTypes } = handler.metadata;
    for (const topic of handler.metadata.topics) {
      const pattern = isPattern(topic) ? topic : null;
      const order = `${handler.group.name}|${ordered ? "ordered" : "unordered"}`;
      const key = pattern === null ? `${order}|exact` : `${order}|${ignoreSenderTypes.join(",")}|${pattern}`;
      let group = groups.get(key);
      if (!group) {
        group = { group: handler.group, ordered, pattern, ignoreByTopic: new Map(), handlers: [] };
        groups.set(key, group);
      }
      const known = group.ignoreByTopic.get(topic);
      if (known && known.join(",") !== ignoreSenderTypes.join(",")) {
        const other = group.handlers.find((h) => h.metadata.topics.includes(topic))!;
        throw new RouteConflictError(topic, routeOf(key, group.group, ordered, [other]), routeOf(key, group.group, ordered, [handler]));
      }
      group.ignoreByTopic.set(topic, ignoreSenderTypes);
      if (!group.handlers.includes(handler)) group.handlers.push(handler);
    }
  }
  const routes: Route[] = [...groups.entries()].map(([key, group]) => ({
    ...routeOf(key, group.group, group.ordered, group.handlers),
    sourceTopic: group.pattern ?? [...group.ignoreByTopic.keys()].sort(),
    ...senderRules(group.ignoreByTopic),
  }));
  // One job per source event and job topic: routes storing their jobs under one topic must not share a source topic.
  for (const topic of jobTopics(routes)) assertDisjoint(routes.filter((r) => r.jobTopic === topic));
  return routes;
}

function routeOf(key: string, group: ResolvedOrderGroup, ordered: boolean, handlers: LoadedHandler[]): Route {
  return { key, group: group.name, jobTopic: group.jobTopic, senderType: group.senderType, sourceTopic: [], ordered, ignoreSenderTypes: [], handlers };
}

/**
 * The sender types a route's topics ignore: one list for all (enroll's `ignore_sender_types`), or, when they differ,
 * an enroll filter that applies each topic's own list (ayon-backend ayon_server/events/enroll.py applies `filter`
 * to the source events, and `sender_type NOT IN (...)` is what `ignore_sender_types` itself renders).
 */
function senderRules(ignoreByTopic: ReadonlyMap<string, string[]>): Pick<Route, "ignoreSenderTypes" | "senderFilter"> {
  const byList = new Map<string, { ignore: string[]; topics: string[] }>();
  for (const [topic, ignore] of ignoreByTopic) {
    const same = byList.get(ignore.join(","));
    if (same) same.topics.push(topic);
    else byList.set(ignore.join(","), { ignore, topics: [topic] });
  }
  if (byList.size <= 1) return { ignoreSenderTypes: [...byList.values()][0]?.ignore ?? [] };
  const conditions: QueryFilter[] = [...byList.values()].map(({ ignore, topics }) => ({
    operator: "and",
    conditions: [
      { key: "topic", operator: "in" as const, value: topics.sort() },
      ...(ignore.length > 0 ? [{ key: "sender_type", operator: "notin" as const, value: ignore }] : []),
    ],
  }));
  return { ignoreSenderTypes: [], senderFilter: { operator: "or", conditions } };
}

/** `filter` (a lane's, a claim's) narrowed by the route's per-topic sender rules, if it has any. */
export function withSenderRules(route: Route, filter: QueryFilter | undefined): QueryFilter | undefined {
  return route.senderFilter ? andFilter(filter, route.senderFilter) : filter;
}

/**
 * Plugins of one order group must agree on its job topic and sender type. Two groups may share a job topic only
 * for different source topics (buildRoutes checks that): a plugin that ran before plugins had their own queues
 * can keep its old jobs valid that way.
 */
export function assertGroupsConsistent(members: ReadonlyArray<{ pluginId: string; group: ResolvedOrderGroup }>): void {
  const byName = new Map<string, { pluginId: string; group: ResolvedOrderGroup }>();
  for (const member of members) {
    const { group, pluginId } = member;
    const same = byName.get(group.name);
    if (same && (same.group.jobTopic !== group.jobTopic || same.group.senderType !== group.senderType)) {
      throw new OrderGroupConflictError(
        `plugins '${same.pluginId}' and '${pluginId}' declare order group '${group.name}' with different job topics or sender types ` +
          `(${same.group.jobTopic}/${same.group.senderType} and ${group.jobTopic}/${group.senderType}); declare the group once and import it`,
      );
    }
    byName.set(group.name, same ?? member);
  }
}

export class OrderGroupConflictError extends Error {
  override readonly name = "OrderGroupConflictError";
}

/**
 * Two routes with one job topic sharing a source topic would race for its events (AYON gives an event one job per
 * job topic): refuse at start.
 */
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
      a.group === b.group
        ? `topic '${topic}' is claimed by handlers of order group '${a.group}' with different ordering or sender rules (${who(a)} and ${who(b)}); ` +
            "give them the same `ordered` and `ignoreSenderTypes` options"
        : `topic '${topic}' is handled by order groups '${a.group}' (${who(a)}) and '${b.group}' (${who(b)}), which both store their jobs ` +
            `under '${a.jobTopic}': AYON would give the event one job for both; give one group its own jobTopic`,
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

/** Whether `route` enrolls events of `topic`. */
export function routeClaims(route: Route, topic: string): boolean {
  return [route.sourceTopic].flat().some((t) => topicMatches(t, topic));
}

/** Every route that enrolls events of `topic` (one per order group at most). */
export function routesForTopic(routes: readonly Route[], topic: string): Route[] {
  return routes.filter((route) => routeClaims(route, topic));
}

/** The distinct job topics of the routes (the reaper watches them). */
export function jobTopics(routes: readonly Route[]): string[] {
  return [...new Set(routes.map((route) => route.jobTopic))];
}
