// The HTTP control surface under /_emulator/, so a separate process (a sandbox, a benchmark driver)
// can inject faults and read stats. It bypasses latency, faults and stats, and needs no credentials:
// the emulators only listen on loopback.
//   POST   /_emulator/faults        rule JSON (match.path is a regex source string) → 201 {id}
//   GET    /_emulator/faults        → {rules:[...]}
//   DELETE /_emulator/faults        → 204, removes every rule
//   DELETE /_emulator/faults/{id}   → 204, or 404
//   GET    /_emulator/stats         → EmulatorStats
//   DELETE /_emulator/stats         → 204, resets the counters
import type { FaultInjector, FaultRule } from "./faults.js";
import type { HttpContext } from "./pipeline.js";
import { emptyReply, jsonReply, type HttpReply } from "./reply.js";
import type { StatsRecorder } from "./stats.js";
import { BodyReadError } from "./body.js";

const CONTROL_BODY_LIMIT = 1024 * 1024;

export async function handleControlRequest(
  ctx: HttpContext,
  faults: FaultInjector,
  stats: StatsRecorder,
): Promise<HttpReply> {
  const path = ctx.path.replace(/\/+$/, "");
  if (path === "/_emulator/faults") {
    if (ctx.method === "GET") return jsonReply({ rules: faults.list() });
    if (ctx.method === "DELETE") {
      faults.clear();
      return emptyReply();
    }
    if (ctx.method === "POST") return addRule(ctx, faults);
    return jsonReply({ detail: `Method ${ctx.method} not allowed on ${path}` }, 405);
  }
  const one = /^\/_emulator\/faults\/([^/]+)$/.exec(path);
  if (one && ctx.method === "DELETE") {
    return faults.remove(decodeURIComponent(one[1]!))
      ? emptyReply()
      : jsonReply({ detail: `No fault rule ${one[1]}` }, 404);
  }
  if (path === "/_emulator/stats") {
    if (ctx.method === "GET") return jsonReply(stats.snapshot());
    if (ctx.method === "DELETE") {
      stats.reset();
      return emptyReply();
    }
    return jsonReply({ detail: `Method ${ctx.method} not allowed on ${path}` }, 405);
  }
  return jsonReply({ detail: `Unknown emulator control endpoint ${path}` }, 404);
}

async function addRule(ctx: HttpContext, faults: FaultInjector): Promise<HttpReply> {
  let body: unknown;
  try {
    body = await ctx.json(CONTROL_BODY_LIMIT);
  } catch (err) {
    const detail = err instanceof BodyReadError ? err.message : String(err);
    return jsonReply({ detail }, 400);
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return jsonReply({ detail: "A fault rule must be a JSON object" }, 400);
  }
  const rule = body as FaultRule & { match?: { path?: unknown; method?: unknown } };
  if (rule.match !== undefined && (typeof rule.match !== "object" || rule.match === null)) {
    return jsonReply({ detail: "match must be an object" }, 400);
  }
  if (rule.match?.path !== undefined && typeof rule.match.path !== "string") {
    return jsonReply({ detail: "match.path must be a regular expression source string" }, 400);
  }
  if (rule.match?.method !== undefined && typeof rule.match.method !== "string") {
    return jsonReply({ detail: "match.method must be a string" }, 400);
  }
  try {
    return jsonReply({ id: faults.add(rule) }, 201);
  } catch (err) {
    return jsonReply({ detail: (err as Error).message }, 400);
  }
}
