import type { EventEmitter } from "eventemitter3";
import type { RuntimeEvents } from "../runtime/runtime-events.js";
import type { Metrics } from "./registry.js";

export interface RequestInfo {
  method: string;
  route: string;
  status: number;
  ms: number;
}

/** The runtime's own figures: jobs per handler and outcome, job duration, queue lag, AYON availability. */
export function instrumentRuntime(metrics: Metrics, events: EventEmitter<RuntimeEvents>): void {
  const jobs = metrics.counter("ayonsg_jobs_total", "Jobs processed, by handler and outcome (finished, skipped, failed, released).");
  const batched = metrics.counter("ayonsg_jobs_batched_total", "Jobs that went to their handler together with others (handler option batch), by handler.");
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

/** Counts and times requests towards one remote service (AYON or ShotGrid) through a client's onRequest hook. */
export function requestRecorder(metrics: Metrics, target: string): (info: RequestInfo) => void {
  const requests = metrics.counter("ayonsg_http_requests_total", "Requests sent to AYON and ShotGrid, by target, method, route and status (0 = no answer).");
  const latency = metrics.histogram("ayonsg_http_request_duration_seconds", "Latency of requests to AYON and ShotGrid, by target.");
  return (info) => {
    requests.inc({ target, method: info.method, route: info.route, status: String(info.status) });
    latency.observe(info.ms / 1000, { target });
  };
}
