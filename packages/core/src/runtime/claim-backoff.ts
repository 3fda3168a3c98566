/**
 * How long a worker leaves an ordered lane alone after AYON answered its enroll "nothing to do" (204) although
 * the event feed had announced an event there that this process did not take.
 *
 * ayon-backend ayon_server/events/enroll.py, under `sequential`: when the oldest unfinished source event of the
 * filter has a job of another sender, enroll returns None (204) at once. So such an answer means another process
 * holds the lane's head (or has already handled what was announced), and it keeps the lane while it drains it:
 * enrolling again on the next announcement would be answered 204 again. The lane is left quiet for a window that
 * doubles while the answers stay empty, and is served again as soon as the window is over and something new is
 * announced (a dispatch seen by the feed, a sweep). A job from the lane ends the streak.
 *
 *
 * Since a process keeps a lane while it has work there, a process that falls behind would keep its lanes for
 * good while others are idle; so a process that has seen others at work (such answers lately) offers a lane it
 * is behind on back now and then (`othersActive`, worker-pool.ts), staying off it for a moment.
 *
 * A lane is offered after it was kept HANDOVER_AFTER_MS while its jobs waited in the queue longer than
 * HANDOVER_LAG_MS, by staying off it for HANDOVER_QUIET_MS (about two busy feed polls: time for another process
 * to see the lane's next event and enroll).
 *
 * Exactly-once and order do not depend on this: it only decides when to ask; the server decides what to hand out.
 */
export const HANDOVER_AFTER_MS = 2000;
export const HANDOVER_LAG_MS = 1000;
export const HANDOVER_QUIET_MS = 300;

export class ClaimBackoff {
  private readonly streaks = new Map<string, number>();
  private lastSeenAt = -Infinity;

  constructor(
    private readonly baseMs: number,
    private readonly maxMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether an enroll for announced work was answered 204 within `withinMs`: another process serves the queue. */
  othersActive(withinMs = 60_000): boolean {
    return this.now() - this.lastSeenAt <= withinMs;
  }

  /**
   * Whether a slot that has kept its lane for `heldMs`, its last job having waited `lagMs` in the queue, offers
   * the lane to the other processes now: only when it is behind and others were seen at work.
   */
  offerLane(heldMs: number, lagMs: number): boolean {
    return heldMs > HANDOVER_AFTER_MS && lagMs > HANDOVER_LAG_MS && this.othersActive();
  }

  /** The lane `key` handed out a job, or was drained by this process: no quiet window. */
  served(key: string): void {
    this.streaks.delete(key);
  }

  /** The lane `key` answered 204 to an enroll made for announced work: how long (ms) to leave it alone. */
  heldElsewhere(key: string): number {
    this.lastSeenAt = this.now();
    const streak = (this.streaks.get(key) ?? 0) + 1;
    this.streaks.set(key, streak);
    return Math.min(this.maxMs, this.baseMs * 2 ** (streak - 1));
  }
}
