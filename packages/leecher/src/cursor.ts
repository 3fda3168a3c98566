/**
 * Where the leecher stands in ShotGrid's EventLogEntry, whose ids are reserved ahead and commit late. Pure bookkeeping,
 * no I/O.
 *
 * ShotGrid reserves ids ahead and commits some rows late, so "everything up to the newest id I saw" is not
 * safe. The cursor keeps:
 *  - `scanned`: every id up to it has been looked at;
 *  - `holes`: the ids ≤ scanned that are not settled yet — gaps (not committed when looked for) and events
 *    whose dispatch has not succeeded.
 * Every other id ≤ scanned is settled (dispatched, dropped by the filter rules, or a gap given up on). The
 * low-water mark — every id ≤ lowWater is settled — follows: just below the smallest hole.
 *
 * Holes stay few (gaps close within about a second on a real site; failed dispatches stop the poll), so the
 * state is small enough to save in one AYON event.
 */

export interface CursorSnapshot {
  scanned: number;
  /** Ascending. */
  holes: number[];
}

export class EventCursor {
  #scanned: number;
  /** Hole id → when it was first found missing (ms), or null while it was never looked for / failed. */
  readonly #holes = new Map<number, number | null>();

  private constructor(scanned: number) {
    this.#scanned = scanned;
  }

  /** A cursor for which every id ≤ `id` is settled. */
  static at(id: number): EventCursor {
    checkId(id, "cursor position");
    return new EventCursor(id);
  }

  static fromSnapshot(snapshot: CursorSnapshot): EventCursor {
    const cursor = EventCursor.at(snapshot.scanned);
    for (const id of snapshot.holes) {
      checkId(id, "hole");
      if (id < 1 || id > snapshot.scanned) throw new RangeError(`hole ${id} is outside 1..${snapshot.scanned}`);
      cursor.#holes.set(id, null);
    }
    return cursor;
  }

  get scanned(): number {
    return this.#scanned;
  }

  /** Every id ≤ lowWater is settled. */
  get lowWater(): number {
    let min = this.#scanned + 1;
    for (const id of this.#holes.keys()) if (id < min) min = id;
    return min - 1;
  }

  get holeCount(): number {
    return this.#holes.size;
  }

  /** The smallest `limit` holes, ascending: the ids a poll looks for again. */
  holes(limit = Number.POSITIVE_INFINITY): number[] {
    const all = [...this.#holes.keys()].sort((a, b) => a - b);
    return all.length > limit ? all.slice(0, limit) : all;
  }

  isSettled(id: number): boolean {
    return id <= this.#scanned && !this.#holes.has(id);
  }

  /** The ids (scanned, upTo] have been read: they are holes until settled one by one. */
  extendTo(upTo: number): void {
    checkId(upTo, "scan position");
    for (let id = this.#scanned + 1; id <= upTo; id++) this.#holes.set(id, null);
    if (upTo > this.#scanned) this.#scanned = upTo;
  }

  /** The id is dispatched, dropped, or known not to matter. Settling an unknown id is a no-op. */
  settle(id: number): void {
    this.#holes.delete(id);
  }

  /** The id was looked for and is not committed yet; its settle clock starts now (once). */
  markMissing(id: number, nowMs: number): void {
    if (this.#holes.get(id) === null) this.#holes.set(id, nowMs);
  }

  /** When the id was first found missing, or null. */
  missingSince(id: number): number | null {
    return this.#holes.get(id) ?? null;
  }

  /**
   * Settles the gaps among `checked` that have been missing for at least `settleMs` and returns them: the
   * transaction that reserved them never committed (or committed something we will never see). Only ids
   * looked for in the same poll are given up on, so an outage never expires a gap unchecked.
   */
  expireGaps(checked: Iterable<number>, nowMs: number, settleMs: number): number[] {
    const expired: number[] = [];
    for (const id of checked) {
      const since = this.#holes.get(id);
      if (since !== undefined && since !== null && nowMs - since >= settleMs) {
        this.#holes.delete(id);
        expired.push(id);
      }
    }
    return expired.sort((a, b) => a - b);
  }

  snapshot(): CursorSnapshot {
    return { scanned: this.#scanned, holes: this.holes() };
  }
}

function checkId(id: number, what: string): void {
  if (!Number.isSafeInteger(id) || id < 0) throw new RangeError(`${what} must be a whole number ≥ 0, got ${id}`);
}
