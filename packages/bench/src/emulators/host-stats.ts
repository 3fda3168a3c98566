// The `stats` / `resetStats` answers shared by both hosts.
import type { EmulatorStats } from "@ayon-sg/testkit";
import type { HostStats } from "./protocol.js";

export function hostStats(stats: EmulatorStats): HostStats {
  return {
    requests: stats.requests,
    bytesIn: stats.bytesIn,
    bytesOut: stats.bytesOut,
    byRoute: stats.byRoute,
    // The recorder's CPU baseline moves with resetStats; the process holds nothing but this emulator.
    cpuMs: (stats.cpu.user + stats.cpu.system) / 1000,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  };
}

/** A route template with its placeholders unnamed (`/api/projects/{}/folders/{}`): the client's and the server's names differ. */
function routeShape(route: string): string {
  return route.replace(/\{[^}]+\}/g, "{}");
}

/**
 * The stats without requests the host's own process made (the push scenario's coordinator writing through REST, by
 * `METHOD template` as the client names them): the counts stay the runtime's alone. Bytes and times keep them.
 */
export function withoutOwnRequests(stats: HostStats, own: Readonly<Record<string, number>>): HostStats {
  const left = new Map(Object.entries(own).map(([route, n]) => [routeShape(route), n]));
  let removed = 0;
  const byRoute: HostStats["byRoute"] = {};
  for (const [route, figures] of Object.entries(stats.byRoute)) {
    const shape = routeShape(route);
    const mine = Math.min(figures.count, left.get(shape) ?? 0);
    left.set(shape, (left.get(shape) ?? 0) - mine);
    removed += mine;
    if (figures.count > mine) byRoute[route] = { ...figures, count: figures.count - mine };
  }
  return { ...stats, requests: stats.requests - removed, byRoute };
}
