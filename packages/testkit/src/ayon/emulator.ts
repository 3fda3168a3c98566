// The public entry: start an AYON emulator on loopback, seeded with users and addons, and hand back
// its URL, fault injector, stats and direct state access.
import { FaultInjector, startHttpServer, StatsRecorder, type EmulatorStats } from "../http/index.js";
import { addonFromOptions } from "./addons.js";
import { passwordHash } from "./auth.js";
import { createAyonHandlers } from "./server.js";
import { seedEventForTest, type SeedEventForTest } from "./seed-events.js";
import { AyonState } from "./state.js";
import type { AttributeData, JsonObject } from "./types.js";
import { ATTRIBUTE_NAME_REGEX } from "./naming.js";
import { newUser } from "./users.js";

export interface AyonEmulatorUser {
  name: string;
  apiKey?: string;
  password?: string;
  isAdmin?: boolean;
  isManager?: boolean;
  isService?: boolean;
}

export interface AyonEmulatorAddon {
  name: string;
  version: string;
  /** Settings defaults; an addon without them has no settings. */
  defaults?: Record<string, unknown>;
  /** Directory served as /addons/{name}/{version}/frontend/ (a built `frontend/dist`). */
  frontendDir?: string;
}

export interface AyonEmulatorOptions {
  /** 0 = a free port (default). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Creates the service user "service" (data {isService: true}: admin and manager rights) with this key. */
  apiKey?: string;
  users?: AyonEmulatorUser[];
  /** Added to every request (benchmarks use 20). */
  latencyMs?: number;
  /** Injectable clock (ignoreOlderThan windows, timestamps). */
  now?: () => Date;
  addons?: AyonEmulatorAddon[];
  /**
   * Extra attribute definitions that exist (and are active) from the start, as if created before the
   * server started, e.g. the ShotGrid addon's shotgridId/shotgridType/shotgridPush.
   */
  attributes?: Array<{ name: string; scope: string[]; data: AttributeData; position?: number }>;
  /**
   * Simulated processing time of one enroll call. While it runs, a request with the same body gets 503
   * "Enroll request is already running", as on the real server, which hashes the body before it merges the
   * X-Sender header (a sender given only as a header does not tell two requests apart). Default 0.
   */
  enrollDelayMs?: number;
}

export interface AyonEmulator {
  /** e.g. "http://127.0.0.1:41234". */
  url: string;
  close(): Promise<void>;
  faults: FaultInjector;
  stats(): EmulatorStats;
  resetStats(): void;
  /** Typed read access for assertions (and test-only tweaks such as folder.hasVersions). */
  state: AyonState;
  /** What POST /api/system/restart does: activates pending attribute definitions. */
  restart(): void;
  /** Test-only: stores a finished event with an old created_at (no server endpoint can); returns its id. */
  seedEventForTest(input: SeedEventForTest): string;
}

export async function startAyonEmulator(opts: AyonEmulatorOptions = {}): Promise<AyonEmulator> {
  const state = new AyonState(opts.now ?? (() => new Date()));
  seedUsers(state, opts);
  seedAttributes(state, opts);
  for (const addon of opts.addons ?? []) state.addons.register(addonFromOptions({ ...addon, defaults: addon.defaults as JsonObject | undefined }));

  const restart = () => {
    state.attributes.activate();
    state.restart = { required: false, reason: null };
  };
  const handlers = createAyonHandlers(state, { restart, enrollDelayMs: opts.enrollDelayMs ?? 0 });
  const faults = new FaultInjector();
  const stats = new StatsRecorder();
  const server = await startHttpServer({
    host: opts.host,
    port: opts.port,
    latencyMs: opts.latencyMs,
    faults,
    stats,
    handle: handlers.handle,
    onError: handlers.onError,
    faultBody: handlers.faultBody,
    commonHeaders: handlers.commonHeaders,
  });
  return {
    url: server.url,
    close: () => server.close(),
    faults,
    stats: () => stats.snapshot(),
    resetStats: () => stats.reset(),
    state,
    restart,
    seedEventForTest: (input) => seedEventForTest(state, input),
  };
}

function seedAttributes(state: AyonState, opts: AyonEmulatorOptions): void {
  if (!opts.attributes?.length) return;
  let position = state.attributes.list().length;
  for (const def of opts.attributes) {
    if (!ATTRIBUTE_NAME_REGEX.test(def.name)) throw new Error(`Invalid attribute name ${def.name}`);
    const existing = state.attributes.get(def.name);
    state.attributes.set({
      name: def.name,
      position: def.position ?? existing?.position ?? position++,
      scope: [...def.scope],
      builtin: existing?.builtin ?? false,
      data: { inherit: true, ...structuredClone(def.data) },
    });
  }
  state.attributes.activate();
}

function seedUsers(state: AyonState, opts: AyonEmulatorOptions): void {
  if (opts.apiKey) {
    const service = newUser(state, "service", { isService: true });
    state.addUser(service);
    state.addApiKey(service, opts.apiKey);
  }
  for (const spec of opts.users ?? []) {
    if (state.users.has(spec.name)) throw new Error(`Duplicate emulator user ${spec.name}`);
    const user = newUser(state, spec.name, {
      isService: spec.isService === true,
      isAdmin: spec.isAdmin === true,
      isManager: spec.isManager === true,
      passwordHash: spec.password ? passwordHash(spec.name, spec.password) : null,
    });
    state.addUser(user);
    if (spec.apiKey) state.addApiKey(user, spec.apiKey);
  }
}
