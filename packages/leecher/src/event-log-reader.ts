/**
 * The ShotGrid reads of the leecher, all on `event_log_entries` (ShotGrid REST `_search`) except the own-user
 * lookup. Every read is bounded: an id range of at most one page plus a list of holes, sorted by id, with
 * the id range as a top-level AND condition so the server can use its id index.
 */
import type { ShotgridClient, FilterCondition, HashFilter, ShotgridRecord } from "@ayon-sg/shotgrid";
import { and, or } from "@ayon-sg/shotgrid";
import { EVENT_FIELDS } from "./event-requests.js";
import type { EntityRef, EventRecord } from "./event-rules.js";

/** ShotGrid's largest REST page size (`page[size]` up to 5000). */
export const MAX_PAGE = 5000;

export type EventLogClient = Pick<ShotgridClient, "search" | "findOne">;

/** Which ids a read covers: the holes to look for again, and the new range (after, upTo]. */
export interface IdScope {
  /** Ascending hole ids, all ≤ `after`. */
  holes: readonly number[];
  after: number;
  upTo: number;
}

/** Narrows a read to the relevant events: enabled types in linked projects, Project events of any project. */
export interface RelevanceFilter {
  projectTypes: readonly string[];
  otherTypes: readonly string[];
  linkedProjectIds: readonly number[];
}

export class EventLogReader {
  constructor(private readonly sg: EventLogClient) {}

  /** The newest EventLogEntry id, 0 on an empty log. */
  async newestId(): Promise<number> {
    const newest = await this.sg.findOne("EventLogEntry", { fields: ["id"], sort: "-id" });
    return newest?.id ?? 0;
  }

  /**
   * The ids of the scope that are committed, with no other filter: the density read that tells a real gap
   * (an id not committed yet) from an event the relevance filter leaves out.
   */
  async committedIds(scope: IdScope): Promise<number[]> {
    const filter = idFilter(scope);
    if (!filter) return [];
    const pageSize = scopeSize(scope);
    const rows = await this.sg.search("EventLogEntry", { filters: filter, fields: ["id"], sort: "id", pageSize });
    checkPage(rows, pageSize);
    return rows.map((r) => r.id);
  }

  /** The relevant events of the scope, full rows, ascending. */
  async relevantEvents(scope: IdScope, relevance: RelevanceFilter): Promise<EventRecord[]> {
    const ids = idFilter(scope);
    const wanted = relevanceFilter(relevance);
    if (!ids || !wanted) return [];
    const pageSize = scopeSize(scope);
    const rows = await this.sg.search("EventLogEntry", { filters: and(...ids.conditions, wanted), fields: EVENT_FIELDS, sort: "id", pageSize });
    checkPage(rows, pageSize);
    return rows;
  }

  /** The leecher's own ApiUser (`firstname` = script name, as the Python leecher finds it), or null. */
  async ownApiUser(scriptName: string): Promise<EntityRef | null> {
    const user = await this.sg.findOne("ApiUser", { filters: [["firstname", "is", scriptName]], fields: ["firstname"] });
    return user ? { type: "ApiUser", id: user.id } : null;
  }

  /**
   * The id of the newest `sg_ayon_auto_sync` change of a Project: what switched auto-sync on, so a sync
   * request triggered by it gets the same hash after a restart. 0 when the log has none.
   */
  async autoSyncSwitchId(sgProjectId: number): Promise<number> {
    const row = await this.sg.findOne("EventLogEntry", {
      filters: [
        ["event_type", "is", "Shotgun_Project_Change"],
        ["attribute_name", "is", "sg_ayon_auto_sync"],
        ["entity", "is", { type: "Project", id: sgProjectId }],
      ],
      fields: ["id"],
      sort: "-id",
    });
    return row?.id ?? 0;
  }
}

/** How many ids a scope can hold at most: the page size that can never truncate its read. */
export function scopeSize(scope: IdScope): number {
  return Math.max(1, scope.holes.length + Math.max(0, scope.upTo - scope.after));
}

/** The id conditions of a scope (a top-level `between` for the index, then holes OR the new range). */
export function idFilter(scope: IdScope): HashFilter | null {
  const { holes, after, upTo } = scope;
  const hasRange = upTo > after;
  if (holes.length === 0 && !hasRange) return null;
  if (scopeSize(scope) > MAX_PAGE) throw new RangeError(`an id scope of ${scopeSize(scope)} ids does not fit one ${MAX_PAGE}-row page`);
  const low = holes.length > 0 ? holes[0]! : after + 1;
  const high = hasRange ? upTo : holes[holes.length - 1]!;
  const between: FilterCondition = ["id", "between", [low, high]];
  if (holes.length === 0) return and(between);
  if (!hasRange) return and(between, ["id", "in", [...holes]]);
  return and(between, or(["id", "in", [...holes]], ["id", "greater_than", after]));
}

/** null when nothing can be relevant (no enabled type at all). */
export function relevanceFilter(relevance: RelevanceFilter): HashFilter | FilterCondition | null {
  const branches: Array<HashFilter | FilterCondition> = [];
  if (relevance.otherTypes.length > 0 && relevance.linkedProjectIds.length > 0) {
    branches.push(
      and(
        ["project", "in", relevance.linkedProjectIds.map((id) => ({ type: "Project", id }))],
        ["event_type", "in", [...relevance.otherTypes]],
      ),
    );
  }
  // Project events: filtered by project on our side (their `project` may be null on site-level rows).
  if (relevance.projectTypes.length > 0) branches.push(["event_type", "in", [...relevance.projectTypes]]);
  if (branches.length === 0) return null;
  return branches.length === 1 ? branches[0]! : or(...branches);
}

function checkPage(rows: ShotgridRecord[], pageSize: number): void {
  // The page size covers every id of the scope; more rows than that means the server ignored it.
  if (rows.length > pageSize) throw new Error(`ShotGrid answered a ${pageSize}-row EventLogEntry read with ${rows.length} rows`);
}
