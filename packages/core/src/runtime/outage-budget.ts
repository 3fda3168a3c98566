/**
 * How long a job may wait out an outage. A job that meets an unavailable service (plugin/errors.ts isUnavailable:
 * http/failure-class.ts says what counts) is handed back without using a retry; this measures, per source event,
 * the time since it first met one, and past the budget says so in one sentence so the job fails instead of waiting
 * for ever. The clock is this process's: a restart, or another process taking the job, starts it again.
 */
export class OutageBudget {
  readonly #since = new Map<string, number>();

  constructor(
    private readonly budgetMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The event met an outage now: null while within the budget, else the sentence the failed job carries.
   * A budget of 0 means no limit.
   */
  met(eventId: string, what: string): string | null {
    const now = this.now();
    this.#forgetOlderThan(now - 2 * this.budgetMs);
    const since = this.#since.get(eventId) ?? now;
    this.#since.set(eventId, since);
    if (this.budgetMs <= 0 || now - since < this.budgetMs) return null;
    this.#since.delete(eventId);
    const minutes = Math.round((now - since) / 60_000);
    const budget = Math.round(this.budgetMs / 60_000);
    return `a service stayed unavailable for ${minutes} minute(s), past the outage budget of ${budget} minute(s) (queue setting outageBudgetMinutes): ${what}`;
  }

  /** The event ran to an outcome other than an outage: its clock stops. */
  settled(eventId: string): void {
    this.#since.delete(eventId);
  }

  /** Entries no job came back for (another process took it) are dropped, so the map stays bounded. */
  #forgetOlderThan(limit: number): void {
    if (this.budgetMs <= 0 || this.#since.size < 1000) return;
    for (const [id, since] of this.#since) if (since < limit) this.#since.delete(id);
  }
}
