/**
 * Source events past `ignoreOlderThanDays`: AYON's enroll never offers them (ayon-backend
 * ayon_server/events/enroll.py keeps only sources with `updated_at > NOW() - INTERVAL '<n> days'`), so without
 * this they would be dropped without a word. At start and at every sweep each route's old, never-enrolled
 * source events are counted per project and reported: a warn line per project (when its figure changes), the
 * gauge `ayonsg_events_past_cutoff{route,project}` and a /healthz part, degraded while any exist.
 *
 * The count reads, per route, the finished events of its source topics created in the `days` before the cut-off
 * (those that crossed it lately; GraphQL `newerThan`/`olderThan` compare created_at, ayon-backend
 * ayon_server/graphql/resolvers/events.py), a page of PAGE_SIZE at a time, oldest first, and asks which of a page
 * some event depends on (`ids` + `hasChildren: true`; `hasChildren: false` cannot be used: the server's
 * `id NOT IN (SELECT depends_on ...)` meets NULL depends_on and matches nothing). A route stops after `cap`
 * events ("at least N"): a check costs at most 2 * ceil(cap / PAGE_SIZE) requests per route (20 by default), one
 * when no event crossed the cut-off lately. Older events are not looked at: a backlog is reported for `days` days
 * after it was dropped, then the report clears by itself (no acknowledgement to give after a full sync).
 *
 * Limits: `hasChildren` counts a job of any topic, so an event another order group has processed is not counted
 * for this route; a server with an `eventHistory` constraint hides older events from GraphQL altogether; routes
 * with `ignoreSenderTypes` are not checked (GraphQL events carry no sender type, so an event the route ignores on
 * purpose cannot be told from one it missed).
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
    return this.options.routes.filter((route) => route.ignoreSenderTypes.length === 0 && !route.senderFilter);
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
    const topics = [route.sourceTopic].flat();
    const byProject = new Map<string, PastCutoffCount>();
    let after: string | undefined;
    let seen = 0;
    let requests = 0;
    let truncated = false;
    for (;;) {
      const page = await this.options.ayon.queryEvents({
        topics,
        statuses: ["finished"],
        newerThan: new Date(cutoff - this.options.days * DAY_MS).toISOString(),
        olderThan: new Date(cutoff).toISOString(),
        first: this.pageSize,
        ...(after !== undefined ? { after } : {}),
        withPayload: false,
      });
      requests += 1;
      const old = page.events.filter((event) => !isStillOffered(event, cutoff));
      seen += page.events.length;
      if (old.length > 0) {
        const taken = await this.options.ayon.queryEvents({ ids: old.map((e) => e.id), hasChildren: true, first: old.length, withPayload: false });
        requests += 1;
        const withJob = new Set(taken.events.map((e) => e.id));
        for (const event of old) {
          if (withJob.has(event.id)) continue;
          const project = event.project ?? NO_PROJECT;
          const count = byProject.get(project) ?? { route: label, project, count: 0, atLeast: false, oldest: event.createdAt };
          count.count += 1;
          if (Date.parse(event.createdAt) < Date.parse(count.oldest)) count.oldest = event.createdAt;
          byProject.set(project, count);
        }
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
