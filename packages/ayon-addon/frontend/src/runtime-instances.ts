// Runtime instances, read straight from AYON's GraphQL: each runtime process keeps one event of topic
// INSTANCE_TOPIC and PATCHes it every heartbeat interval, so the event's updatedAt is its last heartbeat.
// The rule is core's (packages/core/src/runtime/instances.ts, also behind `ayon-sg-runtime instances`); the page
// cannot import core, so the constants below are kept equal to core's and a test (runtime-instances.test.ts)
// checks that both judge the same events the same way. GraphQL shows managers every event and other users only
// their own (ayon-backend ayon_server/graphql/resolvers/events.py): only managers can see the instances.
import { AyonRequestError, callAyon, type AyonConnection } from "./api.js";

export const INSTANCE_TOPIC = "ayonsg.instance";
export const DEFAULT_HEARTBEAT_INTERVAL_MS = 10_000;
/** Alive while the last heartbeat is younger than this many of the instance's own intervals. */
export const ALIVE_FACTOR = 3;
/** Stopped or silent instances are listed this long after their last heartbeat, then ignored. */
export const STOPPED_SHOWN_MS = 24 * 3_600_000;
export const INSTANCES_READ_LIMIT = 200;

export const INSTANCES_QUERY = `query AyonSgInstances($topics: [String!], $last: Int) {
  events(topics: $topics, last: $last) { edges { node { id updatedAt payload } } }
}`;

export interface PageInstance {
  eventId: string;
  instance: string;
  host: string;
  pid: number;
  version: string;
  plugins: string[];
  workerSlots: number;
  startedAt: string;
  status: "running" | "stopped";
  lastHeartbeat: string;
  alive: boolean;
}

type Node = { id: string; updatedAt: string; payload: string | null };

function parse(payload: string | null): Record<string, unknown> | null {
  try {
    const value = JSON.parse(payload ?? "null") as unknown;
    return value && typeof value === "object" ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const str = (v: unknown) => (typeof v === "string" ? v : "");
const num = (v: unknown, fallback = 0) => (typeof v === "number" ? v : fallback);

/** The instances of these GraphQL nodes at `now` (ms): alive first, then the newest heartbeat. */
export function instancesFromNodes(nodes: readonly Node[], now: number): PageInstance[] {
  const out: PageInstance[] = [];
  for (const node of nodes) {
    const p = parse(node.payload);
    if (!p || typeof p.instance !== "string" || typeof p.host !== "string" || (p.status !== "running" && p.status !== "stopped")) continue;
    const age = now - Date.parse(node.updatedAt);
    if (age > STOPPED_SHOWN_MS) continue;
    const interval = num(p.heartbeatMs, DEFAULT_HEARTBEAT_INTERVAL_MS) > 0 ? num(p.heartbeatMs, DEFAULT_HEARTBEAT_INTERVAL_MS) : DEFAULT_HEARTBEAT_INTERVAL_MS;
    out.push({
      eventId: node.id,
      instance: p.instance,
      host: p.host,
      pid: num(p.pid),
      version: str(p.version),
      plugins: Array.isArray(p.plugins) ? p.plugins.filter((x): x is string => typeof x === "string") : [],
      workerSlots: num(p.workerSlots),
      startedAt: str(p.startedAt),
      status: p.status,
      lastHeartbeat: node.updatedAt,
      alive: p.status === "running" && age < ALIVE_FACTOR * interval,
    });
  }
  return out.sort((a, b) => Number(b.alive) - Number(a.alive) || b.lastHeartbeat.localeCompare(a.lastHeartbeat));
}

/** One GraphQL request: the instances AYON knows. */
export async function fetchInstances(conn: AyonConnection, now = Date.now()): Promise<PageInstance[]> {
  const data = (await callAyon(conn, "/graphql", { query: INSTANCES_QUERY, variables: { topics: [INSTANCE_TOPIC], last: INSTANCES_READ_LIMIT } })) as {
    data?: { events?: { edges?: Array<{ node: Node }> } };
    errors?: Array<{ message?: string }>;
  } | null;
  if (data?.errors?.length) throw new AyonRequestError(`AYON's GraphQL refused the query: ${data.errors[0]?.message ?? "unknown error"}`);
  return instancesFromNodes((data?.data?.events?.edges ?? []).map((edge) => edge.node), now);
}
