import type { EventEmitter } from "eventemitter3";
import type { RuntimeEvents } from "../runtime/runtime-events.js";
import type { Metrics } from "./registry.js";
import { RouteLabels } from "./route-templates.js";
import type { Reachability } from "../health/reachability.js";

export interface RequestInfo {
  method: string;
  /** The route's template (`/entity/{type}/{id}`); ids in it are folded away before it becomes a label. */
  route: string;
  status: number;
  ms: number;
}

/** The runtime's own figures: jobs per handler and outcome, job duration, queue lag, AYON availability. */
export function instrumentRuntime(metrics: Metrics, events: EventEmitter<RuntimeEvents>): void {
  const jobs = metrics.counter("ayonsg_jobs_total", "Jobs processed, by handler and outcome (finished, skipped, failed, released).", ["handler", "status"]);
  const batched = metrics.counter("ayonsg_jobs_batched_total", "Jobs that went to their handler together with others (handler option batch), by handler.", ["handler"]);
  const duration = metrics.histogram("ayonsg_job_duration_seconds", "Time from taking a job to recording its outcome.");
  const lag = metrics.histogram("ayonsg_queue_lag_seconds", "Time a source event waited in AYON's queue before a worker took it.", [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 900]);
  const lastLag = metrics.gauge("ayonsg_queue_lag_last_seconds", "Queue lag of the most recently taken job.");
  const ayonUp = metrics.gauge("ayonsg_ayon_up", "1 while AYON answers, 0 during an outage.");
  ayonUp.set(1);
  events.on("job:done", (report) => {
    for (const handler of report.handlers.length ? report.handlers : ["none"]) {
      jobs.inc({ handler, status: report.status });
      if ((report.batch ?? 1) > 1) batched.inc({ handler });
    }
    duration.observe(report.durationMs / 1000);
    if (report.queueLagMs !== undefined) {
      lag.observe(report.queueLagMs / 1000);
      lastLag.set(report.queueLagMs / 1000);
    }
  });
  events.on("ayon:unavailable", () => ayonUp.set(0));
  events.on("ayon:available", () => ayonUp.set(1));
}

/** Series one recorder keeps bound (method × status × route seen); past it, requests are counted unbound. */
const MAX_BOUND_SERIES = 5000;

/**
 * Counts and times requests towards one remote service (AYON or ShotGrid) through a client's onRequest hook,
 * and tells `reachability` (when given) whether the service answered. Runs on every HTTP request: the series
 * of each (method, route, status) is looked up once and kept, and route labels are bounded (RouteLabels).
 */
export function requestRecorder(metrics: Metrics, target: string, reachability?: Reachability): (info: RequestInfo) => void {
  const requests = metrics.counter(
    "ayonsg_http_requests_total",
    "Requests sent to AYON and ShotGrid, by target, method, route template and status (0 = no answer).",
    ["target", "method", "route", "status"],
  );
  const observe = metrics.histogram("ayonsg_http_request_duration_seconds", "Latency of requests to AYON and ShotGrid, by target.", undefined, ["target"]).bind({ target });
  const routes = new RouteLabels();
  // method → status → route → bound series. Nested maps look up the clients' constant strings without building
  // a key per request; bounded by the route labels, with a cap for clients that report raw paths.
  const series = new Map<string, Map<number, Map<string, () => void>>>();
  let bound = 0;
  return (info) => {
    let byStatus = series.get(info.method);
    if (byStatus === undefined) series.set(info.method, (byStatus = new Map()));
    let byRoute = byStatus.get(info.status);
    if (byRoute === undefined) byStatus.set(info.status, (byRoute = new Map()));
    const count = byRoute.get(info.route);
    if (count !== undefined) {
      count();
    } else {
      const labels = { target, method: info.method, route: routes.label(info.route), status: String(info.status) };
      if (bound < MAX_BOUND_SERIES) {
        const fresh = requests.bind(labels);
        byRoute.set(info.route, fresh);
        bound += 1;
        fresh();
      } else {
        requests.inc(labels);
      }
    }
    observe(info.ms / 1000);
    reachability?.record(info.status);
  };
}
