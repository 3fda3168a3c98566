// Shared HTTP plumbing for the emulators (AYON in ../ayon, ShotGrid in ../shotgrid).
//
// How an emulator uses it:
//   const faults = new FaultInjector(); const stats = new StatsRecorder();
//   const router = new Router<MyHandler>().add("GET", "/api/things/{id}", getThing);
//   const server = await startHttpServer({ faults, stats, latencyMs, handle, onError, faultBody, commonHeaders });
// `handle(ctx)` looks the request up in the router (`router.lookup(ctx.method, ctx.path)`), sets
// `ctx.route = match.template` for the stats, and returns an HttpReply (jsonReply/rawReply/emptyReply) or
// throws a ReplyError. `onError` turns anything else (including BodyReadError from ctx.json()) into the
// emulator's own error format. The pipeline adds latency, applies fault rules, counts stats, and mounts
// the /_emulator/faults and /_emulator/stats control surface (see control.ts).
export { readBody, parseJsonBody, BodyReadError, DEFAULT_JSON_LIMIT, type BodyErrorKind } from "./body.js";
export {
  FaultInjector,
  type FaultRule,
  type FaultMatch,
  type FaultAction,
  type FaultRuleInfo,
} from "./faults.js";
export { StatsRecorder, type EmulatorStats, type RouteStats } from "./stats.js";
export { Router, type RouteLookup, type RouteMatch } from "./router.js";
export {
  createRequestPipeline,
  UNMATCHED_ROUTE,
  type HttpContext,
  type PipelineOptions,
  type RequestPipeline,
} from "./pipeline.js";
export { startHttpServer, type HttpServerOptions, type RunningHttpServer } from "./server.js";
export {
  jsonReply,
  rawReply,
  emptyReply,
  encodeReply,
  ReplyError,
  type HttpReply,
  type JsonReply,
  type RawReply,
  type EmptyReply,
  type HeaderMap,
} from "./reply.js";
export { sleep } from "./sleep.js";
