import type { QueryFilter } from "../ayon/types.js";
import type { Route } from "./routes.js";

/**
 * A lane is what one enroll call asks for. Ordered routes get one lane per known project plus a "rest" lane
 * (events without a project or of projects not known yet); unordered routes get a single "any" lane.
 *
 * Why this keeps per-project order across processes: every ordered lane enrolls with `sequential: true` and a
 * filter that is a union of whole projects, so the server only ever hands out the oldest unfinished event of
 * whatever project it returns, and refuses (204) while that event's job belongs to another worker.
 */
export type Lane =
  | { readonly route: Route; readonly kind: "project"; readonly project: string }
  | { readonly route: Route; readonly kind: "rest" }
  | { readonly route: Route; readonly kind: "any" };

export function laneKey(lane: Lane): string {
  return lane.kind === "project" ? `${lane.route.key}#project:${lane.project}` : `${lane.route.key}#${lane.kind}`;
}

export function laneFilter(lane: Lane, knownProjects: readonly string[]): QueryFilter | undefined {
  if (lane.kind === "project") return { conditions: [{ key: "project", operator: "eq", value: lane.project }] };
  if (lane.kind === "rest") {
    // With no project known every event is the rest lane's; and an empty `notin` list would make AYON's filter
    // builder fail the statement (ayon-backend sqlfilter.py), which enroll answers with 204 for ever.
    if (knownProjects.length === 0) return undefined;
    return {
      operator: "or",
      conditions: [
        { key: "project", operator: "isnull" },
        { key: "project", operator: "notin", value: [...knownProjects] },
      ],
    };
  }
  return undefined;
}

/** How an enroll attempt on a lane ended. */
export type LaneResult = "job" | "empty" | "failed" | "error";

interface LaneState {
  lane: Lane;
  dirty: boolean;
  busy: number;
  readyAt: number;
  failures: number;
  /** When an event arrived for this lane that no enroll has handed out since; null once a job came. */
  waitingSince: number | null;
  /** When a stall of this lane was last reported. */
  reportedAt: number | null;
}

/**
 * Decides which lane a free worker slot enrolls next: lanes marked dirty (work may be waiting), not already
 * served by a local slot (for ordered lanes: the server would refuse anyway), not cooling down after a failure.
 * Lanes are served round-robin so one busy project does not starve the others.
 */
export class LaneScheduler {
  private readonly lanes = new Map<string, LaneState>();
  private known: string[] = [];
  private waiters: Array<() => void> = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly routes: readonly Route[],
    private readonly now: () => number = Date.now,
    private readonly backoff = { baseMs: 1000, maxMs: 60_000 },
  ) {}

  knownProjects(): readonly string[] {
    return this.known;
  }

  setKnownProjects(names: Iterable<string>): void {
    this.known = [...new Set(names)].sort();
  }

  /**
   * A job from the rest lane revealed a project: from now on its events leave the rest lane's filter, so its own
   * lane is marked, or the project's next events would wait for the next sweep.
   */
  learnProject(name: string): void {
    if (this.known.includes(name)) return;
    this.setKnownProjects([...this.known, name]);
    for (const route of this.routes) if (route.ordered) this.markDirty({ route, kind: "project", project: name });
  }

  /** Marks every lane of every route dirty (start-up and periodic sweeps). */
  markAllDirty(): void {
    for (const route of this.routes) {
      if (!route.ordered) {
        this.markDirty({ route, kind: "any" });
        continue;
      }
      this.markDirty({ route, kind: "rest" });
      for (const project of this.known) this.markDirty({ route, kind: "project", project });
    }
  }

  /** A source event of `route` for `project` exists: its lane has work. */
  markEvent(route: Route, project: string | null): void {
    const lane: Lane = !route.ordered
      ? { route, kind: "any" }
      : project !== null && this.known.includes(project) ? { route, kind: "project", project } : { route, kind: "rest" };
    this.markDirty(lane);
    const state = this.lanes.get(laneKey(lane))!;
    state.waitingSince ??= this.now();
  }

  /** Work may wait for this project on any route (a job was reaped or released). */
  markProject(project: string | null): void {
    for (const route of this.routes) this.markEvent(route, project);
  }

  markDirty(lane: Lane): void {
    const key = laneKey(lane);
    const state = this.lanes.get(key);
    if (state) state.dirty = true;
    else this.lanes.set(key, { lane, dirty: true, busy: 0, readyAt: 0, failures: 0, waitingSince: null, reportedAt: null });
    this.wake();
  }

  /** Waits for a lane to serve; null once `signal` aborts. */
  async next(signal: AbortSignal): Promise<Lane | null> {
    for (;;) {
      if (signal.aborted) return null;
      const lane = this.take();
      if (lane) return lane;
      await new Promise<void>((resolve) => {
        const done = () => {
          signal.removeEventListener("abort", done);
          resolve();
        };
        this.waiters.push(done);
        signal.addEventListener("abort", done, { once: true });
        this.armTimer();
      });
    }
  }

  /**
   * Reports how a lane's enroll went and frees it. `quietMs`, with "job" or "empty": this process does not serve
   * the lane again for that long, whatever the feed announces (ClaimBackoff: another process holds it, or is
   * offered it).
   */
  release(lane: Lane, result: LaneResult, quietMs = 0): void {
    const key = laneKey(lane);
    const state = this.lanes.get(key);
    if (!state) return;
    state.busy = Math.max(0, state.busy - 1);
    if (result === "job") {
      // A lane that just gave a job probably has more: keep draining it.
      state.failures = 0;
      state.dirty = true;
      state.waitingSince = null;
      state.reportedAt = null;
      if (quietMs > 0) state.readyAt = this.now() + quietMs;
    } else if (result === "empty") {
      // The server says nothing waits; slots still busy on a shared lane must not keep re-probing it.
      state.failures = 0;
      state.dirty = false;
      if (quietMs > 0) state.readyAt = this.now() + quietMs;
    } else {
      // The failed job (or whatever the enroll could not tell) is still there: serve the lane again once cooled,
      // even if no new event is announced (the feed passes over events a worker here took before it saw them).
      state.dirty = true;
      state.failures += 1;
      const delay = Math.min(this.backoff.maxMs, this.backoff.baseMs * 2 ** (state.failures - 1));
      state.readyAt = this.now() + delay * (0.5 + Math.random() / 2);
    }
    // Round-robin: a served lane goes to the back of the line.
    this.lanes.delete(key);
    this.lanes.set(key, state);
    this.wake();
  }

  /** Whether the feed announced an event for `lane` that no enroll has handed out since. */
  announced(lane: Lane): boolean {
    return (this.lanes.get(laneKey(lane))?.waitingSince ?? null) !== null;
  }

  /**
   * How long (ms) events have waited on `lane` without an enroll handing one out, when that is at least `afterMs`
   * and was not reported in the last `afterMs`; null otherwise. The caller reports it: on a sequential lane a long
   * job of another worker explains it, but so does a server that answers 204 because the enroll request itself
   * failed (ayon-backend api/events/enroll.py answers 204 when its query raises).
   */
  stalled(lane: Lane, afterMs: number): number | null {
    const state = this.lanes.get(laneKey(lane));
    if (!state || state.waitingSince === null) return null;
    const now = this.now();
    const waited = now - state.waitingSince;
    if (waited < afterMs || (state.reportedAt !== null && now - state.reportedAt < afterMs)) return null;
    state.reportedAt = now;
    return waited;
  }

  /**
   * Whether a lane other than `lane` has work and no slot: a slot that just finished a job on `lane` then gives
   * it back (round-robin) instead of keeping it for its next job.
   */
  othersWaiting(lane: Lane): boolean {
    const now = this.now();
    const own = laneKey(lane);
    for (const [key, state] of this.lanes) {
      if (key === own || !state.dirty || state.readyAt > now) continue;
      if (state.lane.kind === "any" || state.busy === 0) return true;
    }
    return false;
  }

  /** Lanes with work and whether a slot serves them, for metrics and tests. */
  snapshot(): Array<{ key: string; dirty: boolean; busy: number; coolingMs: number }> {
    const now = this.now();
    return [...this.lanes.entries()].map(([key, s]) => ({ key, dirty: s.dirty, busy: s.busy, coolingMs: Math.max(0, s.readyAt - now) }));
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.wake();
  }

  private take(): Lane | null {
    const now = this.now();
    for (const state of this.lanes.values()) {
      if (!state.dirty || state.readyAt > now) continue;
      if (state.lane.kind !== "any" && state.busy > 0) continue;
      state.busy += 1;
      return state.lane;
    }
    return null;
  }

  /** Wakes waiters when the earliest cooling lane becomes ready. */
  private armTimer(): void {
    if (this.timer) return;
    const now = this.now();
    let earliest = Infinity;
    for (const state of this.lanes.values()) {
      if (state.dirty && state.readyAt > now && (state.lane.kind === "any" || state.busy === 0)) earliest = Math.min(earliest, state.readyAt);
    }
    if (earliest === Infinity) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.wake();
    }, earliest - now);
    this.timer.unref();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}
