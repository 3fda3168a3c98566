/**
 * Runtime instances: which runtime processes are alive, read from AYON (no store of our own). Each process keeps
 * ONE event of topic INSTANCE_TOPIC (instance-heartbeat.ts) and PATCHes it every heartbeat interval; AYON sets the
 * event's `updatedAt` on every PATCH (ayon-backend ayon_server/events/eventstream.py update: `updated_at` is always
 * written), so `updatedAt` is the last heartbeat.
 *
 * The rule, shared by `ayon-sg-runtime instances` (here) and the addon page (frontend/src/runtime-instances.ts,
 * which reads the same events with its own GraphQL document and must keep these constants equal — a test checks):
 * - an instance is alive while its status is "running" and its last heartbeat is younger than
 *   ALIVE_FACTOR × its own heartbeat interval (the interval is in the payload, so the reader needs no config);
 * - a stopped or silent instance is still listed for STOPPED_SHOWN_MS, then ignored.
 *
 * Bounded: the event's hash is per host, service name and process slot (instanceHash), and a starting process takes
 * the lowest slot of its host and service that no live process holds, re-using that slot's event (POST with
 * `reuse`, ayon-backend eventstream.py dispatch: ON CONFLICT (hash) DO UPDATE). N processes on a host never leave
 * more than N events, however often they restart.
 */
import type { AyonClient } from "../ayon/client.js";

export const INSTANCE_TOPIC = "ayonsg.instance";
/** The default heartbeat interval (studio config `heartbeatSeconds`; queue config `heartbeatIntervalMs`). */
export const DEFAULT_HEARTBEAT_INTERVAL_MS = 10_000;
/** Alive while the last heartbeat is younger than this many intervals (one or two lost PATCHes are forgiven). */
export const ALIVE_FACTOR = 3;
/** Stopped or silent instances are listed this long after their last heartbeat, then ignored. */
export const STOPPED_SHOWN_MS = 24 * 3_600_000;
/** How many instance events are read (newest first): far more than a studio runs. */
export const INSTANCES_READ_LIMIT = 200;

/** The payload each instance event carries. */
export interface InstancePayload {
  instance: string;
  service: string;
  host: string;
  pid: number;
  slot: number;
  version: string;
  plugins: string[];
  /** Worker slots: jobs processed at once. */
  workerSlots: number;
  startedAt: string;
  heartbeatMs: number;
  status: "running" | "stopped";
}

/** What an instance event is read as: the payload as an object (the page parses GraphQL's JSON string first). */
export interface InstanceEvent {
  id: string;
  updatedAt: string;
  payload: unknown;
}

export interface RuntimeInstance extends InstancePayload {
  eventId: string;
  lastHeartbeat: string;
  alive: boolean;
}

export function instanceHash(host: string, service: string, slot: number): string {
  return `${INSTANCE_TOPIC}.${host}.${service}.${slot}`;
}

/** Whether an instance with this payload and last heartbeat is alive at `now` (ms). */
export function isAlive(payload: Pick<InstancePayload, "status" | "heartbeatMs">, lastHeartbeat: string, now: number): boolean {
  const interval = payload.heartbeatMs > 0 ? payload.heartbeatMs : DEFAULT_HEARTBEAT_INTERVAL_MS;
  return payload.status === "running" && now - Date.parse(lastHeartbeat) < ALIVE_FACTOR * interval;
}

function asPayload(raw: unknown): InstancePayload | null {
  const p = raw as Partial<InstancePayload> | null;
  if (!p || typeof p.instance !== "string" || typeof p.host !== "string" || (p.status !== "running" && p.status !== "stopped")) return null;
  return {
    instance: p.instance,
    service: typeof p.service === "string" ? p.service : "",
    host: p.host,
    pid: typeof p.pid === "number" ? p.pid : 0,
    slot: typeof p.slot === "number" ? p.slot : 0,
    version: typeof p.version === "string" ? p.version : "",
    plugins: Array.isArray(p.plugins) ? p.plugins.filter((x): x is string => typeof x === "string") : [],
    workerSlots: typeof p.workerSlots === "number" ? p.workerSlots : 0,
    startedAt: typeof p.startedAt === "string" ? p.startedAt : "",
    heartbeatMs: typeof p.heartbeatMs === "number" ? p.heartbeatMs : DEFAULT_HEARTBEAT_INTERVAL_MS,
    status: p.status,
  };
}

/** The instances of these events (payload as an object), alive first, then by last heartbeat, newest first. */
export function instancesOf(events: readonly InstanceEvent[], now: number): RuntimeInstance[] {
  const out: RuntimeInstance[] = [];
  for (const event of events) {
    const payload = asPayload(event.payload);
    if (!payload || now - Date.parse(event.updatedAt) > STOPPED_SHOWN_MS) continue;
    out.push({ ...payload, eventId: event.id, lastHeartbeat: event.updatedAt, alive: isAlive(payload, event.updatedAt, now) });
  }
  return out.sort((a, b) => Number(b.alive) - Number(a.alive) || b.lastHeartbeat.localeCompare(a.lastHeartbeat));
}

/**
 * The runtime instances AYON knows (one GraphQL read). AYON shows managers every event and other users only their
 * own (ayon-backend ayon_server/graphql/resolvers/events.py), so read as a manager or a service user.
 */
export async function listInstances(ayon: AyonClient, now = Date.now()): Promise<RuntimeInstance[]> {
  const page = await ayon.queryEvents({ topics: [INSTANCE_TOPIC], last: INSTANCES_READ_LIMIT });
  return instancesOf(page.events, now);
}
