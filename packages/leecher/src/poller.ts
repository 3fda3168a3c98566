/**
 * One leecher over one ShotGrid site: recovers its state, then each `poll()` reads a bounded window of the
 * EventLogEntry, dispatches what matters and moves the cursor:
 *
 *  1. density read — the committed ids among the open holes and the next `batchSize` ids, no other filter;
 *  2. relevance read — full rows of those ids narrowed to enabled types and linked projects;
 *  3. an id in (2) is dispatched or dropped by the rules; an id in (1) only is irrelevant; an id in neither
 *     is a gap, kept open for the settle time and looked for on every poll until it commits or expires.
 *
 * The density read comes first: an event committing between the two reads is then a gap found late, never
 * an irrelevant event lost. Nothing is settled before AYON has it (stored, or 409 "already stored").
 */
import { describeError, type AyonClient, type Logger } from "@ayon-sg/core";
import { AyonProjectLinks, findLinkedProjects, type LinkedProject, type ShotgridClient } from "@ayon-sg/shotgrid";
import { reconcileLinkedProjects } from "./backfill.js";
import { EventCursor } from "./cursor.js";
import { dispatchInOrder, type DispatchJob } from "./dispatcher.js";
import { EventLogReader, MAX_PAGE, type IdScope } from "./event-log-reader.js";
import { eventDispatch } from "./event-requests.js";
import { classify, eventTypesFor, type DropReason, type EntityRef, type EventRecord, type RuleContext } from "./event-rules.js";
import { describe, ServiceFailure, type ServiceHealth } from "./health.js";
import { CorruptStateError, StateStore } from "./state-store.js";

export interface PollerSettings {
  /** Normalised site URL (hashes, state, summaries). */
  site: string;
  scriptName: string;
  enabledEntities: readonly string[];
  projectCodeField: string;
  pollIntervalMs: number;
  settleMs: number;
  batchSize: number;
  dispatchConcurrency: number;
  restartSafetyIds: number;
  cursorWriteMs: number;
  /** Leech every back-reference row (else only those of a field the project's attribute map reads). */
  backReferences?: boolean;
}

export type PollerShotgrid = Pick<ShotgridClient, "search" | "findOne" | "searchAll">;
export type PollerAyon = Pick<AyonClient, "dispatchEvent" | "queryEvents" | "updateEvent" | "listProjects" | "getProject">;

export interface PollerDeps {
  shotgrid: PollerShotgrid;
  ayon: PollerAyon;
  logger: Logger;
  health: { shotgrid: ServiceHealth; ayon: ServiceHealth };
  settings: PollerSettings;
  /**
   * The attribute map of an AYON project's settings (the fields it reads per ShotGrid type): back-reference rows of
   * the fields it maps are leeched, the rest dropped (event-rules.ts `isBackReference`). Without it nothing is mapped.
   */
  fieldMapOf?: (ayonProjectName: string) => Promise<ProjectFieldMap>;
  now?: () => number;
}

/** What the leecher needs of a project's attribute map (@ayon-sg/shotgrid FieldMap). */
export interface ProjectFieldMap {
  readFields(sgType: string): string[];
}

export interface PollResult {
  /** The window was full: more events are waiting, poll again at once. */
  backlog: boolean;
  /** Holes piled up past one batch: look for them again soon, read nothing new meanwhile. */
  congested: boolean;
  dispatched: number;
}

export class EventPoller {
  readonly #s: PollerSettings;
  readonly #log: Logger;
  readonly #now: () => number;
  readonly #sg: PollerShotgrid;
  readonly #ayon: PollerAyon;
  readonly #health: PollerDeps["health"];
  readonly #reader: EventLogReader;
  readonly #store: StateStore;
  readonly #links: AyonProjectLinks;
  readonly #types: { projectTypes: string[]; otherTypes: string[] };
  readonly #enabled: ReadonlySet<string>;
  #cursor: EventCursor | null = null;
  #floor = 0;
  #known = new Map<number, string>();
  #firstStart = false;
  #ownUser: EntityRef | null = null;
  #linked = new Map<number, LinkedProject>();
  #linkedAt = Number.NEGATIVE_INFINITY;
  readonly #fieldMapOf: PollerDeps["fieldMapOf"];
  /** By AYON project name; a project whose settings could not be read is missing (and asked again next time). */
  readonly #fieldMaps = new Map<string, ProjectFieldMap>();
  /** Projects whose unreadable settings were reported (once each). */
  readonly #fieldMapWarned = new Set<string>();
  #dirty = false;
  #savedAt = Number.NEGATIVE_INFINITY;

  constructor(deps: PollerDeps) {
    this.#s = deps.settings;
    this.#log = deps.logger;
    this.#now = deps.now ?? Date.now;
    this.#health = deps.health;
    // Every call goes through the health trackers: failures come out as ServiceFailure naming the server.
    const sg = deps.health.shotgrid;
    const ay = deps.health.ayon;
    this.#sg = {
      search: (...a) => sg.call(() => deps.shotgrid.search(...a)),
      findOne: (...a) => sg.call(() => deps.shotgrid.findOne(...a)),
      searchAll: (...a) => sg.call(() => deps.shotgrid.searchAll(...a)),
    };
    this.#ayon = {
      dispatchEvent: (...a) => ay.call(() => deps.ayon.dispatchEvent(...a)),
      queryEvents: (...a) => ay.call(() => deps.ayon.queryEvents(...a)),
      updateEvent: (...a) => ay.call(() => deps.ayon.updateEvent(...a)),
      listProjects: (...a) => ay.call(() => deps.ayon.listProjects(...a)),
      getProject: (...a) => ay.call(() => deps.ayon.getProject(...a)),
    };
    this.#reader = new EventLogReader(this.#sg);
    this.#store = new StateStore(this.#ayon, this.#s.site);
    this.#links = new AyonProjectLinks(this.#ayon, {
      onDuplicate: (id, names) => this.#log.warn(`AYON projects ${names.join(", ")} all claim ShotGrid project ${id}; leeching into ${names[0]}`),
    });
    this.#types = eventTypesFor(this.#s.enabledEntities);
    this.#enabled = new Set(this.#s.enabledEntities);
    this.#fieldMapOf = deps.fieldMapOf;
  }

  get health(): PollerDeps["health"] {
    return this.#health;
  }

  get initialized(): boolean {
    return this.#cursor !== null;
  }

  /** Where the cursor stands (tests, logs). */
  get position(): { lowWater: number; scanned: number; holes: number } | null {
    const c = this.#cursor;
    return c && { lowWater: c.lowWater, scanned: c.scanned, holes: c.holeCount };
  }

  /** Recovers the cursor from AYON (or starts one) and re-reads the safety window. Safe to call again after a failure. */
  async initialize(signal?: AbortSignal): Promise<void> {
    this.#ownUser = await this.#reader.ownApiUser(this.#s.scriptName);
    if (!this.#ownUser) this.#log.warn(`no ApiUser named '${this.#s.scriptName}' is visible in ShotGrid: the leecher cannot drop the echoes of its own writes`);
    await this.#refreshLinked(true);
    let state = null;
    try {
      state = await this.#store.load();
    } catch (error) {
      if (!(error instanceof CorruptStateError)) throw error;
      this.#log.error(`${error.message}; recovering the position from the dispatched events instead`);
    }
    let cursor: EventCursor;
    let replayFrom: number | null = null;
    if (state) {
      cursor = EventCursor.fromSnapshot(state.cursor);
      this.#floor = state.floor;
      this.#known = state.linked;
      replayFrom = Math.max(this.#floor, cursor.lowWater - this.#s.restartSafetyIds);
      this.#log.info(`resuming after EventLogEntry ${cursor.lowWater} (${cursor.holeCount} open hole(s), read up to ${cursor.scanned})`);
    } else {
      const trail = await this.#store.lastDispatched();
      if (trail) {
        cursor = EventCursor.at(trail.lastEventId);
        this.#floor = trail.ours ? 0 : trail.lastEventId;
        this.#known = new Map([...this.#linked].map(([id, p]) => [id, p.ayonProjectName]));
        if (trail.ours) replayFrom = Math.max(0, trail.lastEventId - this.#s.restartSafetyIds);
        const whose = trail.ours ? "this leecher's" : "the Python addon's";
        this.#log.info(`no saved cursor: continuing after EventLogEntry ${trail.lastEventId}, the newest in ${whose} shotgrid.event history`);
      } else {
        const newest = await this.#reader.newestId();
        cursor = EventCursor.at(newest);
        this.#floor = newest;
        this.#known = new Map();
        this.#firstStart = true;
        this.#log.info(`first start: leeching from EventLogEntry ${newest} on; every linked project gets a full sync`);
      }
    }
    if (replayFrom !== null && replayFrom < cursor.lowWater) await this.#replay({ holes: [], after: replayFrom, upTo: cursor.lowWater }, signal);
    // The sync requests go out before the first event is dispatched; a failure here repeats the whole start.
    await this.#backfill();
    this.#cursor = cursor;
    this.#dirty = true;
    await this.persist(true);
  }

  /** One poll; throws ServiceFailure when a server failed (what was done before stays recorded). An abort stops
   *  the dispatching between two events; what was not sent stays open. */
  async poll(signal?: AbortSignal): Promise<PollResult> {
    const cursor = this.#requireCursor();
    if (this.#now() - this.#linkedAt >= this.#s.pollIntervalMs) {
      await this.#refreshLinked(false);
      await this.#backfill();
    }
    const holeLimit = MAX_PAGE - this.#s.batchSize;
    const congested = cursor.holeCount > this.#s.batchSize;
    const holes = cursor.holes(holeLimit);
    const after = cursor.scanned;
    const window: IdScope = { holes, after, upTo: congested ? after : after + this.#s.batchSize };

    const committed = await this.#reader.committedIds(window);
    const committedSet = new Set(committed);
    const top = committed.length > 0 && committed[committed.length - 1]! > after ? committed[committed.length - 1]! : after;
    const scope: IdScope = { holes, after, upTo: top };
    const events = await this.#reader.relevantEvents(scope, this.#relevance());
    const now = this.#now();
    cursor.extendTo(top);

    const byId = new Map(events.map((e) => [e.id, e]));
    const rules = this.#rules();
    const jobs: DispatchJob[] = [];
    const drops = new Map<DropReason | "irrelevant", number>();
    const missing: number[] = [];
    const examine = (id: number) => {
      const event = byId.get(id);
      if (!event) {
        if (committedSet.has(id)) {
          cursor.settle(id);
          drops.set("irrelevant", (drops.get("irrelevant") ?? 0) + 1);
        } else {
          cursor.markMissing(id, now);
          missing.push(id);
        }
        return;
      }
      const job = this.#jobFor(event, rules);
      if ("reason" in job) {
        cursor.settle(id);
        drops.set(job.reason, (drops.get(job.reason) ?? 0) + 1);
      } else jobs.push(job);
    };
    for (const id of holes) examine(id);
    for (let id = after + 1; id <= top; id++) examine(id);

    const report = await dispatchInOrder(this.#ayon, jobs, { concurrency: this.#s.dispatchConcurrency, signal });
    for (const job of report.settled) cursor.settle(job.id);
    for (const { job, error } of report.refused) {
      cursor.settle(job.id);
      this.#log.error(`AYON refused the event of EventLogEntry ${job.id} for good (${describe(error)}); moving past it`, { sgEventId: job.id });
    }
    const expired = cursor.expireGaps(missing, now, this.#s.settleMs);
    if (expired.length > 0) {
      this.#log.warn(`EventLogEntry id(s) ${summarizeIds(expired)} never appeared within ${this.#s.settleMs / 1000} s; moving past them`);
    }
    this.#dirty = true;
    const dropped = [...drops].map(([reason, n]) => `${reason} ${n}`).join(", ");
    this.#log.debug(`poll: ${jobs.length} to dispatch, ${report.stored} stored, ${report.duplicates} already stored; dropped: ${dropped || "none"}`, {
      lowWater: cursor.lowWater,
      scanned: cursor.scanned,
      holes: cursor.holeCount,
    });
    if (report.failure !== null) throw asAyonFailure(report.failure);
    // The window reached (almost) its end: more is likely waiting. "Almost", because the last id of a full
    // window may be a gap, and one such gap must not cost a whole poll interval of a backlog drain.
    const reachedEnd = top > after && window.upTo - top < Math.max(1, Math.ceil(this.#s.batchSize / 10));
    return { backlog: !congested && reachedEnd, congested, dispatched: report.stored };
  }

  /** Saves the state when it changed and `cursorWriteMs` has passed (or `force`). */
  async persist(force = false): Promise<void> {
    const cursor = this.#cursor;
    if (!cursor || !this.#dirty) return;
    const now = this.#now();
    if (!force && now - this.#savedAt < this.#s.cursorWriteMs) return;
    this.#dirty = false;
    try {
      await this.#store.save({ cursor: cursor.snapshot(), floor: this.#floor, linked: new Map(this.#known) });
      this.#savedAt = now;
    } catch (error) {
      this.#dirty = true;
      throw error;
    }
  }

  #requireCursor(): EventCursor {
    if (!this.#cursor) throw new Error("the leecher polled before it was initialized");
    return this.#cursor;
  }

  #relevance() {
    return { ...this.#types, linkedProjectIds: [...this.#linked.keys()] };
  }

  #rules(): RuleContext {
    const mappedFieldsOf = (sgProjectId: number, sgType: string): readonly string[] | null => {
      if (this.#s.backReferences) return null;
      if (!this.#fieldMapOf) return [];
      const project = this.#linked.get(sgProjectId);
      return (project && this.#fieldMaps.get(project.ayonProjectName)?.readFields(sgType)) ?? null;
    };
    return { enabledEntities: this.#enabled, ownUser: this.#ownUser, linkedProjectIds: new Set(this.#linked.keys()), mappedFieldsOf };
  }

  #jobFor(event: EventRecord, rules: RuleContext): DispatchJob | { reason: DropReason } {
    const verdict = classify(event, rules);
    if (!verdict.keep) return { reason: verdict.reason };
    const project = this.#linked.get(verdict.sgProjectId)!;
    return { id: event.id, project: project.ayonProjectName, request: eventDispatch(event, project, this.#s.site) };
  }

  async #refreshLinked(force: boolean): Promise<void> {
    if (!force && this.#now() - this.#linkedAt < this.#s.pollIntervalMs) return;
    const linked = await findLinkedProjects(this.#sg, this.#ayon, { projectCodeField: this.#s.projectCodeField, links: this.#links });
    this.#linked = new Map(linked.map((p) => [p.sgProjectId, p]));
    this.#linkedAt = this.#now();
    await this.#loadFieldMaps();
  }

  /** The attribute map of each linked project not read yet; one that cannot be read keeps all its back-references. */
  async #loadFieldMaps(): Promise<void> {
    const fieldMapOf = this.#fieldMapOf;
    if (!fieldMapOf) return;
    const missing = [...this.#linked.values()].map((p) => p.ayonProjectName).filter((name) => !this.#fieldMaps.has(name));
    await Promise.all(
      missing.map(async (name) => {
        try {
          this.#fieldMaps.set(name, await fieldMapOf(name));
        } catch (error) {
          if (this.#fieldMapWarned.has(name)) return;
          this.#fieldMapWarned.add(name);
          this.#log.warn(`the settings of AYON project ${name} could not be read; its back-reference changes are leeched until they can: ${describeError(error)}`);
        }
      }),
    );
  }

  async #backfill(): Promise<void> {
    const before = this.#known.size;
    const result = await reconcileLinkedProjects(this.#known, [...this.#linked.values()], this.#firstStart ? "first-start" : "auto-sync-enabled", {
      ayon: this.#ayon,
      switchId: (id) => this.#reader.autoSyncSwitchId(id),
      site: this.#s.site,
      requestedBy: this.#s.scriptName,
      logger: this.#log,
    });
    this.#firstStart = false;
    if (result.requested.length > 0 || result.dropped.length > 0 || this.#known.size !== before) {
      this.#dirty = true;
      if (this.#cursor) await this.persist(true);
    }
  }

  /** Re-dispatches the relevant events of an id range already handled once; AYON's hash check drops the repeats. */
  async #replay(scope: IdScope, signal?: AbortSignal): Promise<void> {
    const events = await this.#reader.relevantEvents(scope, this.#relevance());
    const rules = this.#rules();
    const jobs = events.map((e) => this.#jobFor(e, rules)).filter((j): j is DispatchJob => !("reason" in j));
    const report = await dispatchInOrder(this.#ayon, jobs, { concurrency: this.#s.dispatchConcurrency, signal });
    if (report.failure !== null) throw asAyonFailure(report.failure);
    if (signal?.aborted) throw new Error("stopped while re-reading the safety window");
    this.#log.info(`re-read EventLogEntry ${scope.after + 1}–${scope.upTo} after the restart: ${report.stored} event(s) were missing in AYON, ${report.duplicates} already there`);
  }
}

function asAyonFailure(error: unknown): ServiceFailure {
  return error instanceof ServiceFailure ? error : new ServiceFailure("AYON", error);
}

/** "12, 15–18, 40" */
export function summarizeIds(ids: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < ids.length; ) {
    let j = i;
    while (j + 1 < ids.length && ids[j + 1] === ids[j]! + 1) j++;
    parts.push(i === j ? String(ids[i]) : `${ids[i]}–${ids[j]}`);
    i = j + 1;
  }
  return parts.length > 20 ? `${parts.slice(0, 20).join(", ")} and ${parts.length - 20} more` : parts.join(", ");
}
