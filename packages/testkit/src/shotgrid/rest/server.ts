// The ShotGrid REST v1 emulator: a real node:http server on loopback (shared plumbing in ../../http for
// latency, fault injection, stats and the /_emulator control surface) in front of a ShotgridStore.
// Routes live under `/api/v1` and its alias `/api/v1.1`.
import { randomBytes } from "node:crypto";
import {
  BodyReadError,
  emptyReply,
  FaultInjector,
  jsonReply,
  Router,
  startHttpServer,
  StatsRecorder,
  type EmulatorStats,
  type HttpContext,
  type HttpReply,
} from "../../http/index.js";
import { API3_PATH, api3Reply } from "../api3/rpc.js";
import { SgError } from "../errors.js";
import type { GapModeOptions } from "../store/event-log.js";
import { ShotgridStore, type UserRef } from "../store/store.js";
import { Authenticator, type HumanCredential, type ScriptCredential } from "./auth.js";
import { batchRoutes } from "./batch-route.js";
import { ARRAY_FILTERS, HASH_FILTERS } from "./content-types.js";
import { readRoutes } from "./read-routes.js";
import { RecordSerializer } from "./record-serializer.js";
import type { SgRoute, SgServices } from "./route-context.js";
import { schemaRoutes } from "./schema-routes.js";
import { summarizeRoutes } from "./summarize-route.js";
import { writeRoutes } from "./write-routes.js";

export interface ShotgridEmulatorOptions {
  port?: number;
  host?: string;
  /** Scripts (ApiUsers, `firstname` = name). Default: one script "ayon-sg" with key "sg-key". Their
   *  `generate_event_log_entries` is off unless `generateEventLogEntries: true` (the real site schema's
   *  default_value, packages/testkit/data), so script writes leave no event log rows by default. */
  scripts?: ScriptCredential[];
  /** People who can log in with the `password` grant (and act in the web UI). */
  humanUsers?: HumanCredential[];
  /** Access token lifetime; default 600 s like the measured site. */
  tokenLifetimeSeconds?: number;
  /** Schema without any `sg_ayon_*` field. */
  freshSite?: boolean;
  latencyMs?: number;
  /** Event log ids allocated with holes that commit late, as on a real site. */
  gapMode?: GapModeOptions;
  now?: () => Date;
}

export interface ShotgridEmulator {
  /** e.g. http://127.0.0.1:41234 (no trailing slash). */
  url: string;
  close(): Promise<void>;
  faults: FaultInjector;
  stats(): EmulatorStats;
  resetStats(): void;
  /** Direct in-process access with the same semantics as HTTP. */
  store: ShotgridStore;
  /** Finds or creates a HumanUser to author in-process edits. */
  humanUser(login: string, name?: string): { type: "HumanUser"; id: number };
  /** The ApiUser of a configured script. */
  script(name: string): UserRef;
  /** Every access and refresh token issued so far (the last 10,000): a test scans its captures for them. */
  issuedTokens(): string[];
}

export const DEFAULT_SCRIPT: ScriptCredential = { name: "ayon-sg", key: "sg-key" };

const PUBLIC_INFO = {
  shotgun_version: "v8.89.0.9724 (build emulator)",
  api_version: "1.0",
  unified_login_flow_enabled: false,
  authentication_app_session_launcher_enabled: false,
  // "default" (not oxygen/SSO): the emulator's `password` grant works.
  user_authentication_method: "default",
  site_id: 1,
  site_name: "ShotGrid emulator",
  os: process.platform,
};

export async function startShotgridEmulator(opts: ShotgridEmulatorOptions = {}): Promise<ShotgridEmulator> {
  const store = new ShotgridStore({ freshSite: opts.freshSite, now: opts.now, gapMode: opts.gapMode });
  const auth = new Authenticator(store, opts.tokenLifetimeSeconds ?? 600);
  const scripts = new Map<string, UserRef>();
  for (const script of opts.scripts ?? [DEFAULT_SCRIPT]) scripts.set(script.name, auth.addScript(script));
  for (const human of opts.humanUsers ?? []) auth.addHuman(human);
  const services: SgServices = { store, serializer: new RecordSerializer(store), auth };

  const router = new Router<SgRoute>();
  for (const route of [...readRoutes, ...writeRoutes, ...batchRoutes, ...schemaRoutes, ...summarizeRoutes]) {
    router.add(route.method, route.template, route);
  }

  const faults = new FaultInjector();
  const stats = new StatsRecorder();
  const server = await startHttpServer({
    host: opts.host,
    port: opts.port,
    faults,
    stats,
    latencyMs: opts.latencyMs,
    handle: (ctx) => handle(ctx, router, services),
    onError: (err) => errorReply(err),
    faultBody: (status) => faultBody(status),
    commonHeaders: () => ({ "x-request-id": randomBytes(16).toString("hex") }),
  });

  return {
    url: server.url,
    async close() {
      store.dispose();
      await server.close();
    },
    faults,
    stats: () => stats.snapshot(),
    resetStats: () => stats.reset(),
    store,
    humanUser: (login, name) => store.humanUser(login, name) as { type: "HumanUser"; id: number },
    script(name) {
      const ref = scripts.get(name);
      if (!ref) throw new Error(`No script named '${name}' is configured`);
      return ref;
    },
    issuedTokens: () => [...auth.tokens.issued()],
  };
}

function notFound(path: string): SgError {
  return new SgError({ status: 404, code: 103, title: "Not Found", detail: `No route matches ${path}` });
}

async function handle(ctx: HttpContext, router: Router<SgRoute>, services: SgServices): Promise<HttpReply> {
  // The second door onto the same store: shotgun_api3's JSON-RPC endpoint (../api3).
  if (ctx.path === API3_PATH) return api3Reply(ctx, services);
  const m = /^\/api\/(v1|v1\.1)(\/.*)?$/.exec(ctx.path);
  if (!m) throw notFound(ctx.path);
  const base = `/api/${m[1]}`;
  const rest = m[2] ?? "";
  // Vendor types are request Content-Types only: as an Accept header on a GET they get a bare 406.
  const accept = ctx.header("accept") ?? "";
  if (ctx.method === "GET" && (accept.includes(ARRAY_FILTERS) || accept.includes(HASH_FILTERS))) return emptyReply(406);
  // The two routes that need no bearer token: site info and the token endpoint itself.
  if (rest === "" || rest === "/") {
    ctx.route = "/api/v1";
    if (ctx.method !== "GET") throw notFound(ctx.path);
    return jsonReply({ data: PUBLIC_INFO });
  }
  if (rest === "/auth/access_token" && ctx.method === "POST") {
    ctx.route = "/api/v1/auth/access_token";
    return services.auth.tokenRequest(ctx);
  }
  const found = router.lookup(ctx.method, rest);
  // An unknown route and a known one with the wrong method (PATCH, …) are both 404 code 103.
  if (found.kind !== "found") throw notFound(ctx.path);
  const route = found.match.handler;
  ctx.route = `/api/v1${route.template}`;
  const actor = services.auth.authenticate(ctx);
  return route.handler({ ctx, params: found.match.params, base, actor, services });
}

function errorReply(err: unknown): HttpReply {
  if (err instanceof SgError) return jsonReply(err.toBody(), err.status);
  if (err instanceof BodyReadError) {
    const status = err.kind === "too-large" ? 413 : 400;
    return jsonReply(new SgError({ status, code: 103, title: err.message }).toBody(), status);
  }
  // An emulator bug still answers like the server does; the message in `meta` helps whoever debugs the test.
  const message = err instanceof Error ? err.message : String(err);
  return jsonReply(new SgError({ status: 500, code: null, title: "Shotgun Server Error", meta: { emulator_error: message } }).toBody(), 500);
}

/** Bodies of injected faults when a rule gives none: the server's error envelope for that status. */
function faultBody(status: number): unknown {
  const titles: Record<number, string> = {
    429: "Too Many Requests",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
  };
  return new SgError({ status, code: null, title: titles[status] ?? (status >= 500 ? "Shotgun Server Error" : "Error") }).toBody();
}
