import type { AyonClient } from "../ayon/client.js";
import type { AyonEvent, EventNode } from "../ayon/types.js";
import type { Logger } from "../logging/logger.js";
import type { LaneScheduler } from "./lanes.js";
import { allTopics, routesForTopic, type Route } from "./routes.js";

/** Source events kept for the workers (a few seconds of a busy queue); the oldest go first. */
const KNOWN_LIMIT = 5000;
/** Ids of source events a worker took before the feed saw them, kept until the feed sees them. */
const EARLY_LIMIT = 5000;

/**
 * Follows new source events (GraphQL `events`, cursor paging in creation order) and marks the lanes they belong
 * to, so idle workers enroll only where work waits instead of probing every project. Periodic sweeps cover what
 * the feed cannot see (failed jobs due for retry, released or reaped jobs).
 *
 * The pages carry the events' payloads, so the feed also keeps the newest ones: a worker enrolled for one of
 * them starts its handlers at once instead of reading the event again (one request less per job, and one less
 * in each project's sequential chain).
 */
export class EventFeed {
  private cursor: string | null = null;
  private readonly topics: string[];
  /**
   * In feed (creation) order; `event` is null for one that cannot stand in for a GET (it ends a batch). `routes`
   * are the keys of the routes that have not taken it yet: each order group has its own job of an event.
   */
  private readonly known = new Map<string, { project: string | null; event: AyonEvent | null; routes: Set<string> }>();
  /**
   * `route key|event id` of source events a worker of this process took (enrolled) for that route before a poll
   * saw them: the poll does not announce them to that route, so no slot enrolls for work that is already done
   * here. An announcement makes a slot enroll on the lane, and one that AYON then answers "nothing to do" (204)
   * costs a request and reads as another process holding it.
   * (ayon-backend ayon_server/events/enroll.py: a source event with a finished job is excluded from enroll.)
   */
  private readonly early = new Set<string>();
  /** The poll under way (polls never overlap: they share one cursor), how many started, the last one finished. */
  private inFlight: Promise<number> | null = null;
  private started = 0;
  private finished = 0;
  private finishedAt = 0;

  constructor(
    private readonly ayon: AyonClient,
    private readonly routes: readonly Route[],
    private readonly scheduler: LaneScheduler,
    private readonly logger: Logger,
  ) {
    this.topics = allTopics(routes);
  }

  /**
   * Starts after the newest existing event (older ones are enrolled through the start-up sweep) and keeps the
   * events before it, up to the feed's limit: a queue that filled while no runtime served it is then taken in
   * batches too. The newest is read first and the rest strictly before it, so the kept events have no gap.
   */
  async init(): Promise<void> {
    const newest = await this.ayon.queryEvents({ topics: this.topics, last: 1 });
    this.cursor = newest.pageInfo.endCursor ?? newest.pageInfo.startCursor ?? null;
    if (!this.cursor || newest.events.length === 0) return;
    const before = await this.ayon.queryEvents({ topics: this.topics, last: KNOWN_LIMIT - 1, before: this.cursor });
    // `last` pages come newest first; the feed keeps creation order.
    for (const event of [...before.events].reverse()) this.remember(event);
    for (const event of newest.events) this.remember(event);
  }

  /** Reads every event newer than the cursor; returns how many were seen. A poll under way is waited for first. */
  async poll(): Promise<number> {
    while (this.inFlight) await this.inFlight.catch(() => 0);
    const seq = ++this.started;
    this.inFlight = this.readNew();
    try {
      const seen = await this.inFlight;
      this.finished = seq;
      this.finishedAt = Date.now();
      return seen;
    } finally {
      this.inFlight = null;
    }
  }

  /** Milliseconds since the last poll finished (Infinity before the first). */
  sinceLastPoll(): number {
    return this.finishedAt === 0 ? Infinity : Date.now() - this.finishedAt;
  }

  /**
   * Brings the feed up to the source event of a job AYON just handed out, when the feed has not read it yet (the
   * next job of a lane is enrolled while the previous outcome is written, often before the feed's next look): one
   * poll that starts after now reads it, with the events that follow it — so the job can take them as its batch
   * and needs no GET of its own. A poll already under way may have started before the event existed; it is
   * waited for, and used when it brought the event. An event the poll cannot bring (older than the feed's
   * window: a failed job retried) stays unknown, and the worker reads it as before. Never throws.
   */
  async catchUp(id: string): Promise<void> {
    const firstPollAfterNow = this.started + 1;
    while (!this.known.has(id) && this.finished < firstPollAfterNow) {
      try {
        await (this.inFlight ?? this.poll());
      } catch {
        return;
      }
    }
  }

  private async readNew(): Promise<number> {
    let seen = 0;
    for (;;) {
      const page = await this.ayon.queryEvents({ topics: this.topics, first: 500, ...(this.cursor ? { after: this.cursor } : {}) });
      for (const event of page.events) {
        const takenHere = new Set<string>();
        for (const route of routesForTopic(this.routes, event.topic)) {
          if (this.early.delete(earlyKey(route, event.id))) takenHere.add(route.key);
          else this.scheduler.markEvent(route, event.project);
        }
        this.remember(event, takenHere);
      }
      seen += page.events.length;
      if (page.pageInfo.endCursor) this.cursor = page.pageInfo.endCursor;
      if (!page.pageInfo.hasNextPage || page.events.length === 0) break;
    }
    if (seen > 0) this.logger.debug(`event feed: ${seen} new source event(s)`);
    return seen;
  }

  /** The source event as the feed read it, left in place, or undefined. */
  peek(id: string, route: Route): AyonEvent | undefined {
    const entry = this.known.get(id);
    return entry?.routes.has(route.key) ? entry.event ?? undefined : undefined;
  }

  /**
   * The source event as the feed read it, for `route`'s job (once per route: a retried job reads it again), or
   * undefined. It stays known for the other routes that enroll it.
   */
  take(id: string, route: Route): AyonEvent | undefined {
    const entry = this.known.get(id);
    if (!entry) {
      this.early.add(earlyKey(route, id));
      if (this.early.size > EARLY_LIMIT) this.early.delete(this.early.values().next().value!);
      return undefined;
    }
    if (!entry.routes.delete(route.key)) return undefined;
    if (entry.routes.size === 0) this.known.delete(id);
    return entry.event ?? undefined;
  }

  /**
   * The events of `lead`'s project that follow it in the queue, as far as the feed saw them without a gap: up to
   * `max`, stopping at the first one `classify` calls "stop" (or one the feed could not keep); "skip" passes over
   * an event that is not in the same line (another route). They stay known until taken.
   *
   * Why this is the queue's order: under `sequential` enroll `lead` is its project's oldest unfinished event, so
   * every later event of that project is unfinished too, and the feed keeps them in creation order.
   */
  followers(leadId: string, route: Route, project: string, max: number, classify: (event: AyonEvent) => "take" | "skip" | "stop"): AyonEvent[] {
    const out: AyonEvent[] = [];
    if (max <= 0) return out;
    let after = false;
    for (const [id, entry] of this.known) {
      if (!after) {
        after = id === leadId;
        continue;
      }
      // Taken by this route already (its job ran or runs): as good as gone for this route's queue.
      if (entry.project !== project || !entry.routes.has(route.key)) continue;
      const verdict = entry.event ? classify(entry.event) : "stop";
      if (verdict === "stop") break;
      if (verdict === "skip") continue;
      out.push(entry.event as AyonEvent);
      if (out.length >= max) break;
    }
    return out;
  }

  /** Keeps `node` for the routes that have not taken it yet (`takenHere`: taken by a worker before the feed saw it). */
  private remember(node: EventNode, takenHere: ReadonlySet<string> = new Set()): void {
    // Only finished events are enrolled, and the feed reads them after their dispatch; an unfinished one cannot stand
    // in for a GET, and is kept as a gap so no batch reaches past it. The feed's query asks for payloads, so a null
    // one is an event with an empty payload (ayon-backend ayon_server/graphql/resolvers/events.py), whose GET
    // answers `{}`: AYON's own `entity.*.created` events are such.
    const usable = node.status === "finished";
    this.known.set(node.id, {
      project: node.project,
      routes: new Set(routesForTopic(this.routes, node.topic).map((route) => route.key).filter((key) => !takenHere.has(key))),
      event: usable
        ? {
            ...node,
            payload: node.payload ?? {},
            // GraphQL's EventNode has no senderType (reference schema); handlers get null here, as for an event
            // dispatched without one. Loop prevention does not depend on it: enroll's ignoreSenderTypes does that.
            senderType: null,
          }
        : null,
    });
    if (this.known.size > KNOWN_LIMIT) this.known.delete(this.known.keys().next().value!);
  }

  /** Refreshes the project list and marks every lane: a cheap catch-all for work the feed did not announce. */
  async sweep(): Promise<void> {
    const projects = await this.ayon.listProjects();
    this.scheduler.setKnownProjects(projects.map((p) => p.name));
    this.scheduler.markAllDirty();
  }
}

function earlyKey(route: Route, eventId: string): string {
  return `${route.key}|${eventId}`;
}
