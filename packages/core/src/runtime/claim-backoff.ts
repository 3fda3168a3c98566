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
 * Exactly-once and order do not depend on this: it only decides when to ask; the server decides what to hand out.
 */
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
