import type { AyonClient } from "../ayon/client.js";
import type { Logger } from "../logging/logger.js";
import type { LaneScheduler } from "./lanes.js";
import { allTopics, routeForTopic, type Route } from "./routes.js";

/**
 * Follows new source events (GraphQL `events`, cursor paging in creation order) and marks the lanes they belong
 * to, so idle workers enroll only where work waits instead of probing every project. Periodic sweeps cover what
 * the feed cannot see (failed jobs due for retry, released or reaped jobs).
 */
export class EventFeed {
  private cursor: string | null = null;
  private readonly topics: string[];

  constructor(
    private readonly ayon: AyonClient,
    private readonly routes: readonly Route[],
    private readonly scheduler: LaneScheduler,
    private readonly logger: Logger,
  ) {
    this.topics = allTopics(routes);
  }

  /** Starts from the newest existing event: older ones are covered by the start-up sweep. */
  async init(): Promise<void> {
    const page = await this.ayon.queryEvents({ topics: this.topics, last: 1 });
    this.cursor = page.pageInfo.endCursor ?? page.pageInfo.startCursor ?? null;
  }

  /** Reads every event newer than the cursor; returns how many were seen. */
  async poll(): Promise<number> {
    let seen = 0;
    for (;;) {
      const page = await this.ayon.queryEvents({ topics: this.topics, first: 500, ...(this.cursor ? { after: this.cursor } : {}) });
      for (const event of page.events) {
        const route = routeForTopic(this.routes, event.topic);
        if (route) this.scheduler.markEvent(route, event.project);
      }
      seen += page.events.length;
      if (page.pageInfo.endCursor) this.cursor = page.pageInfo.endCursor;
      if (!page.pageInfo.hasNextPage || page.events.length === 0) break;
    }
    if (seen > 0) this.logger.debug(`event feed: ${seen} new source event(s)`);
    return seen;
  }

  /** Refreshes the project list and marks every lane: a cheap catch-all for work the feed did not announce. */
  async sweep(): Promise<void> {
    const projects = await this.ayon.listProjects();
    this.scheduler.setKnownProjects(projects.map((p) => p.name));
    this.scheduler.markAllDirty();
  }
}
