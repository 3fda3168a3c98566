// The cost of recording one HTTP request on /metrics (what every request to AYON or ShotGrid pays): the
// recorder from dist, fed a realistic mix of routes, methods and statuses. Prints ns per request.
// Usage: node packages/core/scripts/observe-cost.mjs [requests=2000000]
import { Metrics } from "../dist/metrics/registry.js";
import { requestRecorder } from "../dist/metrics/runtime-metrics.js";

const N = Number(process.argv[2] ?? 2_000_000);
const routes = [
  "/entity/shots/1234", "/entity/shots/_search", "/entity/assets/77", "/entity/event_log_entries/_search", "/entity/_batch",
  "/entity/tasks/901", "/schema/Shot/fields", "/auth/access_token",
];
const infos = Array.from({ length: 1024 }, (_, i) => ({
  method: i % 3 ? "POST" : "GET",
  route: routes[i % routes.length].replace(/\d+$/, String(1000 + i)),
  status: i % 50 ? 200 : 503,
  ms: (i * 7) % 900,
  attempt: 1,
}));

function run(record, n) {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) record(infos[i & 1023]);
  return Number(process.hrtime.bigint() - t0) / n;
}

const metrics = new Metrics();
const record = requestRecorder(metrics, "shotgrid");
run(record, 200_000); // warm-up (and every label set seen once)
const samples = [1, 2, 3].map(() => run(record, N));
const text = await metrics.render();
const series = text.split("\n").filter((l) => l && !l.startsWith("#")).length;
const t0 = process.hrtime.bigint();
await metrics.render();
const renderMs = Number(process.hrtime.bigint() - t0) / 1e6;
console.log(JSON.stringify({ requests: N, nsPerRequest: samples.map((s) => Math.round(s)), bestNs: Math.round(Math.min(...samples)), series, renderMs: Math.round(renderMs * 10) / 10 }));
