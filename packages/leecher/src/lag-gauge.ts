/**
 * `ayonsg_leecher_lag_seconds{site}`: how far the leecher may be behind ShotGrid's event log. 0 right after a
 * poll that read up to the newest entry; while a backlog drains, or while ShotGrid or AYON keep failing, the
 * time since it last did. Updated after every poll attempt, so an alert on "above N seconds" catches both a
 * leecher that cannot keep up and one that is stuck.
 */
import type { Gauge, Metrics } from "@ayon-sg/core";

export const LAG_METRIC = "ayonsg_leecher_lag_seconds";

export class LagGauge {
  readonly #gauge: Gauge;
  readonly #labels: { site: string };
  readonly #now: () => number;
  #caughtUpAt: number;

  constructor(metrics: Metrics, site: string, now: () => number = Date.now) {
    this.#gauge = metrics.gauge(LAG_METRIC, "Seconds since the leecher last read up to the newest ShotGrid EventLogEntry (0 when caught up).", ["site"]);
    this.#labels = { site };
    this.#now = now;
    this.#caughtUpAt = now();
    this.#gauge.set(0, this.#labels);
  }

  /** A poll read everything ShotGrid had logged. */
  caughtUp(): void {
    this.#caughtUpAt = this.#now();
  }

  /** The lag right now: also while a poll hangs, between two updates of the gauge. */
  seconds(): number {
    return Math.max(0, (this.#now() - this.#caughtUpAt) / 1000);
  }

  /** Publishes the current lag (after every poll attempt, successful or not). */
  update(): void {
    this.#gauge.set(this.seconds(), this.#labels);
  }
}
