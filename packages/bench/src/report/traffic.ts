// Turns the emulators' request accounting into the figures of one scenario.
import type { HostStats } from "../emulators/protocol.js";
import type { LargestReply, Traffic } from "./types.js";

/** The queue's own requests: dispatching, enrolling, reading and updating events (GraphQL is left out: handlers
 *  and full syncs read entities through it too). */
const AYON_BOOKKEEPING = /^(POST|PATCH|GET) \/api\/(events|enroll)/;

/** AYON writes: anything but reads, GraphQL and the queue's own event bookkeeping. */
export function isAyonWrite(route: string): boolean {
  if (route.startsWith("GET ") || route.endsWith("<fault>") || route === "POST /graphql") return false;
  return !/^(POST|PATCH) \/api\/(events|enroll)/.test(route);
}

/** ShotGrid writes: anything but reads, searches, summaries and token requests. */
export function isShotgridWrite(route: string): boolean {
  return !(route.startsWith("GET ") || route.endsWith("<fault>") || /_search|_summarize|auth\/access_token/.test(route));
}

export function traffic(ayon: HostStats, shotgrid: HostStats): Traffic {
  const count = (stats: HostStats, keep: (route: string) => boolean) =>
    Object.entries(stats.byRoute).reduce((n, [route, { count }]) => (keep(route) ? n + count : n), 0);
  const writes = { ayon: count(ayon, isAyonWrite), shotgrid: count(shotgrid, isShotgridWrite) };
  return {
    requests: { shotgrid: shotgrid.requests, ayon: ayon.requests, total: shotgrid.requests + ayon.requests },
    bytes: { in: ayon.bytesIn + shotgrid.bytesIn, out: ayon.bytesOut + shotgrid.bytesOut },
    writes: { ...writes, total: writes.ayon + writes.shotgrid },
    ayonBookkeeping: count(ayon, (route) => AYON_BOOKKEEPING.test(route)),
    emulatorCpuMs: { ayon: Math.round(ayon.cpuMs), shotgrid: Math.round(shotgrid.cpuMs) },
    routes: { ayon: routeCounts(ayon), shotgrid: routeCounts(shotgrid) },
    largestReply: { ayon: largestReply(ayon), shotgrid: largestReply(shotgrid) },
  };
}

function largestReply(stats: HostStats): LargestReply {
  let largest: LargestReply = { route: null, bytes: 0 };
  for (const [route, { maxBytesOut }] of Object.entries(stats.byRoute)) {
    if ((maxBytesOut ?? 0) > largest.bytes) largest = { route, bytes: maxBytesOut };
  }
  return largest;
}

function routeCounts(stats: HostStats): Record<string, number> {
  return Object.fromEntries(
    Object.entries(stats.byRoute)
      .map(([route, { count }]) => [route, count] as const)
      .sort((a, b) => b[1] - a[1]),
  );
}
