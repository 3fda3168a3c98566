// Request accounting for benchmarks: totals plus a per-route breakdown keyed by route template
// ("GET /api/projects/{projectName}"), so 70,000 distinct ids still make a handful of keys.

export interface RouteStats {
  count: number;
  totalMs: number;
  /** The largest response body of the route, in bytes (what a client's reply cap must allow). */
  maxBytesOut: number;
}

export interface EmulatorStats {
  requests: number;
  /** Request body bytes received (headers not counted). */
  bytesIn: number;
  /** Response body bytes sent (headers not counted). */
  bytesOut: number;
  byRoute: Record<string, RouteStats>;
  /** `process.cpuUsage()` since the recorder was created or last reset. The emulator runs in the
   *  caller's process, so this is the whole process's CPU, not the emulator's alone. */
  cpu: NodeJS.CpuUsage;
}

export class StatsRecorder {
  private requests = 0;
  private bytesIn = 0;
  private bytesOut = 0;
  private byRoute = new Map<string, RouteStats>();
  private cpuBaseline = process.cpuUsage();

  record(routeKey: string, elapsedMs: number, bytesIn: number, bytesOut: number): void {
    this.requests++;
    this.bytesIn += bytesIn;
    this.bytesOut += bytesOut;
    const entry = this.byRoute.get(routeKey);
    if (entry) {
      entry.count++;
      entry.totalMs += elapsedMs;
      if (bytesOut > entry.maxBytesOut) entry.maxBytesOut = bytesOut;
    } else {
      this.byRoute.set(routeKey, { count: 1, totalMs: elapsedMs, maxBytesOut: bytesOut });
    }
  }

  snapshot(): EmulatorStats {
    const byRoute: Record<string, RouteStats> = {};
    for (const [key, value] of this.byRoute) byRoute[key] = { ...value };
    return {
      requests: this.requests,
      bytesIn: this.bytesIn,
      bytesOut: this.bytesOut,
      byRoute,
      cpu: process.cpuUsage(this.cpuBaseline),
    };
  }

  reset(): void {
    this.requests = 0;
    this.bytesIn = 0;
    this.bytesOut = 0;
    this.byRoute.clear();
    this.cpuBaseline = process.cpuUsage();
  }
}
