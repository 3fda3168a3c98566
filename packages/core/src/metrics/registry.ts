/**
 * The Prometheus registry behind /metrics, on prom-client: counters, gauges and histograms with labels, and
 * (on request) the process figures prom-client collects (CPU, memory, heap, event-loop lag, GC, handles).
 * Plugins get it as the `Metrics` token to publish their own figures (the leecher's lag, say). A metric's
 * label names are declared when it is first asked for; asking again returns the same metric.
 */
import { collectDefaultMetrics, Counter as PromCounter, Gauge as PromGauge, Histogram as PromHistogram, Registry } from "prom-client";

type Labels = Record<string, string>;
type PromMetric = PromCounter | PromGauge | PromHistogram;

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const DEFAULT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** The value of the series whose labels are exactly `labels` (prom-client reads are asynchronous). */
async function valueOf(metric: PromMetric, labels: Labels, name?: string): Promise<number | undefined> {
  const values = (await metric.get()).values as Array<{ value: number; labels: Record<string, unknown>; metricName?: string }>;
  const keys = Object.keys(labels);
  const found = values.find(
    (v) => (name === undefined || v.metricName === name) && Object.keys(v.labels).length === keys.length && keys.every((k) => String(v.labels[k]) === labels[k]),
  );
  return found?.value;
}

abstract class Metric<M extends PromMetric> {
  constructor(
    readonly name: string,
    readonly type: "counter" | "gauge" | "histogram",
    protected readonly metric: M,
  ) {}
}

export class Counter extends Metric<PromCounter> {
  /** Counts of bound series not yet handed to prom-client (it gets them when read or scraped). */
  readonly #bound: Array<{ labels: Labels; pending: number }> = [];

  inc(labels: Labels = {}, by = 1): void {
    this.metric.inc(labels, by);
  }
  /**
   * A function that adds one to the series of `labels`, for hot paths: it only bumps a number, which goes to
   * prom-client at the next read or scrape (prom-client hashes and checks the labels on every inc). Bind a
   * series once and keep the function: each bind holds one slot for the registry's life.
   */
  bind(labels: Labels): () => void {
    this.metric.inc(labels, 0); // checks the labels now, and the series shows (at 0) from the start
    const slot = { labels, pending: 0 };
    this.#bound.push(slot);
    return () => {
      slot.pending += 1;
    };
  }
  /** Called by prom-client before every read of this counter. */
  flush(): void {
    for (const slot of this.#bound) {
      if (slot.pending === 0) continue;
      this.metric.inc(slot.labels, slot.pending);
      slot.pending = 0;
    }
  }
  async get(labels: Labels = {}): Promise<number> {
    return (await valueOf(this.metric, labels)) ?? 0;
  }
}

export class Gauge extends Metric<PromGauge> {
  set(value: number, labels: Labels = {}): void {
    this.metric.set(labels, value);
  }
  async get(labels: Labels = {}): Promise<number | undefined> {
    return valueOf(this.metric, labels);
  }
}

export class Histogram extends Metric<PromHistogram> {
  observe(value: number, labels: Labels = {}): void {
    this.metric.observe(labels, value);
  }
  /** A function that observes into the series of `labels`, for hot paths. */
  bind(labels: Labels): (value: number) => void {
    const child = this.metric.labels(labels);
    return (value) => child.observe(value);
  }
  async count(labels: Labels = {}): Promise<number> {
    return (await valueOf(this.metric, labels, `${this.name}_count`)) ?? 0;
  }
}

type AnyMetric = Counter | Gauge | Histogram;

export class Metrics {
  /** The prom-client registry itself, for code that wants prom-client's own metric types. */
  readonly registry = new Registry();
  private readonly metrics = new Map<string, AnyMetric>();
  private processMetrics = false;

  /** Counter `name`; `labels` are the label names its series carry (none by default). */
  counter(name: string, help: string, labels: readonly string[] = []): Counter {
    return this.register(name, Counter, () => {
      let counter: Counter | undefined;
      const metric = new PromCounter({ name, help, labelNames: labels, registers: [this.registry], collect: () => counter?.flush() });
      return (counter = new Counter(name, "counter", metric));
    });
  }
  gauge(name: string, help: string, labels: readonly string[] = []): Gauge {
    return this.register(name, Gauge, () => new Gauge(name, "gauge", new PromGauge({ name, help, labelNames: labels, registers: [this.registry] })));
  }
  histogram(name: string, help: string, buckets: readonly number[] = DEFAULT_BUCKETS, labels: readonly string[] = []): Histogram {
    return this.register(name, Histogram, () =>
      new Histogram(name, "histogram", new PromHistogram({ name, help, labelNames: labels, buckets: [...buckets], registers: [this.registry] })),
    );
  }

  /** Adds prom-client's process and Node.js figures (`process_*`, `nodejs_*`); once per registry. */
  collectProcessMetrics(): void {
    if (this.processMetrics) return;
    this.processMetrics = true;
    collectDefaultMetrics({ register: this.registry });
  }

  /** The text exposition format (version 0.0.4). */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private register<T extends AnyMetric>(name: string, kind: abstract new (...args: never[]) => T, make: () => T): T {
    const existing = this.metrics.get(name);
    if (existing) {
      if (!(existing instanceof kind)) throw new TypeError(`metric '${name}' already exists as a ${existing.type}`);
      return existing;
    }
    if (!NAME.test(name)) throw new TypeError(`metric '${name}' is not a valid Prometheus name`);
    const metric = make();
    this.metrics.set(name, metric);
    return metric;
  }
}
