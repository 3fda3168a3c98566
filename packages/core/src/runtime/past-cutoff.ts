/**
 * Source events past `ignoreOlderThanDays`: AYON's enroll never offers them (ayon-backend
 * ayon_server/events/enroll.py keeps only sources with `updated_at > NOW() - INTERVAL '<n> days'`), so without
 * this they would be dropped without a word. At start and at every sweep each route's old, never-enrolled
 * source events are counted per project and reported: a warn line per project (when its figure changes), the
 * gauge `ayonsg_events_past_cutoff{route,project}` and a /healthz part, degraded while any exist.
 *
 * The count is one GraphQL `events` query per route, paged: finished events of the route's source topics,
 * created before the cut-off, that no event depends on (`hasChildren: false`, ayon-backend
 * ayon_server/graphql/resolvers/events.py; `olderThan` compares created_at there). A request reads at most
 * PAGE_SIZE events and a route stops at `cap` events ("at least N"): a check costs at most
 * ceil(cap / PAGE_SIZE) requests per route, one when nothing is past the cut-off.
 *
 * Limits: `hasChildren` counts a job of any topic, so an event another order group has processed is not counted
 * for this route; routes with `ignoreSenderTypes` are not checked (GraphQL events carry no sender type, so an
 * event the route ignores on purpose cannot be told from one it missed).
 */
import type { AyonClient } from "../ayon/client.js";
import type { EventNode } from "../ayon/types.js";
import type { HealthPart } from "../health/health.js";
import type { Logger } from "../logging/logger.js";
import type { Gauge, Metrics } from "../metrics/registry.js";
import { describeError } from "../plugin/errors.js";
import { sleep } from "../util/sleep.js";
import type { Route } from "./routes.js";

const DAY_MS = 86_400_000;
export const PAST_CUTOFF_PAGE_SIZE = 1000;
export const PAST_CUTOFF_CAP = 10_000;
/** The project label of events without one. */
const NO_PROJECT = "(none)";

export interface PastCutoffCount {
  /** The route's label: `<group>:<source topics>`. */
  route: string;
  project: string;
  count: number;
  /** The route reached the cap: `count` is a lower bound. */
  atLeast: boolean;
  /** created_at of the oldest counted event. */
  oldest: string;
}

export interface PastCutoffOptions {
  ayon: AyonClient;
  routes: readonly Route[];
  /** The queue's ignoreOlderThanDays; 0 = no limit (nothing to check). */
  days: number;
  logger: Logger;
  metrics: Metrics;
  now?: () => number;
  cap?: number;
  pageSize?: number;
}

export class PastCutoffMonitor {
  private readonly gauge: Gauge;
  private readonly now: () => number;
  private readonly cap: number;
  private readonly pageSize: number;
  /** Last figures per `route\0project`; also what the gauge and the log compare against. */
  private counts = new Map<string, PastCutoffCount>();
  private checked = false;
  private lastError: string | null = null;
  /** GraphQL requests the last check made. */
  lastRequests = 0;

  constructor(private readonly options: PastCutoffOptions) {
    this.gauge = options.metrics.gauge(
      "ayonsg_events_past_cutoff",
      "Source events older than ignoreOlderThanDays that AYON's enroll no longer offers and no job ever took (a lower bound at the cap).",
      ["route", "project"],
    );
    this.now = options.now ?? Date.now;
    this.cap = options.cap ?? PAST_CUTOFF_CAP;
    this.pageSize = options.pageSize ?? PAST_CUTOFF_PAGE_SIZE;
  }

  /** The routes the check covers. */
  private get routes(): Route[] {
    if (this.options.days <= 0) return [];
    return this.options.routes.filter((route) => route.ignoreSenderTypes.length === 0);
  }

  /** Checks now, then at every `intervalMs` until `signal` aborts. A failed check keeps the last figures. */
  async run(intervalMs: number, signal: AbortSignal): Promise<void> {
    if (this.routes.length === 0) return;
    while (!signal.aborted) {
      try {
        await this.check();
        this.lastError = null;
      } catch (error) {
        this.lastError = describeError(error);
        this.options.logger.debug(`could not count the events past ignoreOlderThanDays: ${this.lastError}`);
      }
      await sleep(intervalMs, signal);
    }
  }

  /** Counts every route's events past the cut-off, updates the gauge and logs what changed. */
  async check(): Promise<PastCutoffCount[]> {
    const cutoff = this.now() - this.options.days * DAY_MS;
    const fresh = new Map<string, PastCutoffCount>();
    let requests = 0;
    for (const route of this.routes) {
      const counted = await this.countRoute(route, cutoff);
      requests += counted.requests;
      for (const count of counted.counts) fresh.set(`${count.route}\0${count.project}`, count);
    }
    this.lastRequests = requests;
    for (const [key, count] of fresh) {
      this.gauge.set(count.count, { route: count.route, project: count.project });
      const before = this.counts.get(key);
      if (before?.count !== count.count || before.atLeast !== count.atLeast) this.warn(count);
    }
    for (const [key, count] of this.counts) {
      if (fresh.has(key)) continue;
      this.gauge.set(0, { route: count.route, project: count.project });
      this.options.logger.info(`no more events past ignoreOlderThanDays in project '${count.project}' (route ${count.route})`);
    }
    this.counts = fresh;
    this.checked = true;
    return [...fresh.values()];
  }

  /** For /healthz: degraded while any route has events past the cut-off. */
  health(): HealthPart {
    const counts = [...this.counts.values()];
    const details: Record<string, unknown> = { ignoreOlderThanDays: this.options.days, checked: this.checked };
    if (this.lastError) details.lastError = this.lastError;
    if (counts.length === 0) return { status: "ok", details };
    details.events = counts.map(({ route, project, count, atLeast, oldest }) => ({ route, project, count, atLeast, oldest }));
    return { status: "degraded", details };
  }

  private async countRoute(route: Route, cutoff: number): Promise<{ counts: PastCutoffCount[]; requests: number }> {
    const label = routeLabel(route);
    const byProject = new Map<string, PastCutoffCount>();
    let after: string | undefined;
    let seen = 0;
    let requests = 0;
    let truncated = false;
    for (;;) {
      const page = await this.options.ayon.queryEvents({
        topics: [route.sourceTopic].flat(),
        statuses: ["finished"],
        olderThan: new Date(cutoff).toISOString(),
        hasChildren: false,
        first: this.pageSize,
        ...(after !== undefined ? { after } : {}),
        withPayload: false,
      });
      requests += 1;
      for (const event of page.events) {
        seen += 1;
        if (isStillOffered(event, cutoff)) continue;
        const project = event.project ?? NO_PROJECT;
        const count = byProject.get(project) ?? { route: label, project, count: 0, atLeast: false, oldest: event.createdAt };
        count.count += 1;
        if (Date.parse(event.createdAt) < Date.parse(count.oldest)) count.oldest = event.createdAt;
        byProject.set(project, count);
      }
      if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor || page.events.length === 0) break;
      if (seen >= this.cap) {
        truncated = true;
        break;
      }
      after = page.pageInfo.endCursor;
    }
    const counts = [...byProject.values()];
    if (truncated) for (const count of counts) count.atLeast = true;
    return { counts, requests };
  }

  private warn(count: PastCutoffCount): void {
    const days = this.options.days;
    const figure = count.atLeast ? `at least ${count.count}` : String(count.count);
    this.options.logger.warn(
      `${figure} event(s) in project '${count.project}' are older than ignoreOlderThanDays (${days}) and were never ` +
        `processed (route ${count.route}, oldest ${count.oldest}): AYON's enroll no longer offers them. Raise ` +
        `ignoreOlderThanDays above their age to process them, or run a full sync of the project (sync-from-shotgrid).`,
      { project: count.project, route: count.route, count: count.count, atLeast: count.atLeast, oldest: count.oldest, ignoreOlderThanDays: days },
    );
  }
}

/** Enroll compares updated_at; GraphQL's olderThan compares created_at: an event touched since is still offered. */
function isStillOffered(event: EventNode, cutoff: number): boolean {
  return Date.parse(event.updatedAt) > cutoff;
}

export function routeLabel(route: Route): string {
  return `${route.group}:${[route.sourceTopic].flat().join(",")}`;
}
