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
