// The health-contribution API through Runtime.create: a source's and a service's `health()`, and the
// reachability of a remote its client records requests to, all appear on Runtime.health() under their names.
import "reflect-metadata";
import { describe, expect, it } from "@jest/globals";
import { AyonClient } from "../ayon/client.js";
import { SilentLogger } from "../logging/logger.js";
import { definePlugin } from "../plugin/define-plugin.js";
import { defineService } from "../plugin/service.js";
import { Source } from "../plugin/source.js";
import { Runtime } from "../runtime/runtime.js";
import { AddonSettings, RuntimeInfo } from "../runtime/tokens.js";
import type { HealthThresholds } from "./health.js";

class SiteClient {
  constructor(readonly record: (info: { method: string; route: string; status: number; ms: number }) => void) {}
}

describe("health contributions", () => {
  it("show a source's and a service's parts and the remote's reachability, judged with the runtime's thresholds", async () => {
    const seen: HealthThresholds[] = [];
    const site = defineService({
      token: SiteClient,
      name: "Site",
      create: (ctx) => new SiteClient(ctx.recordRequests("site")),
      health: (_client, thresholds) => (seen.push(thresholds), { status: "ok", details: { pool: 4 } }),
    });
    @Source({ name: "site-poller", deps: [SiteClient] })
    class Poller {
      constructor(readonly client: SiteClient) {}
      start() {}
      stop() {}
      health(thresholds: HealthThresholds) {
        return { status: "degraded" as const, details: { lagSeconds: thresholds.lagMs / 1000 + 1 } };
      }
    }
    const ayon = new AyonClient({ serverUrl: "http://127.0.0.1:9", apiKey: "healthtestkey0000000000000000000" });
    const runtime = await Runtime.create({
      ayon,
      logger: new SilentLogger(),
      settings: new AddonSettings("shotgrid", null, {}, ayon),
      info: new RuntimeInfo("test", "health-test", "test", process.cwd()),
      plugins: [definePlugin({ id: "site", sources: [Poller], services: [site] })],
      healthThresholds: { lagMs: 5000 },
    });
    const client = runtime.container.resolve(SiteClient);
    client.record({ method: "GET", route: "/things/{id}", status: 503, ms: 5 });

    const report = runtime.health();
    expect(report.status).toBe("degraded");
    expect(report.details.checks).toMatchObject({
      ayon: { status: "ok" },
      site: { status: "ok", details: { reachable: false, unreachableSeconds: 0 } },
      Site: { status: "ok", details: { pool: 4 } },
      "site-poller": { status: "degraded", details: { lagSeconds: 6 } },
    });
    expect(seen).toEqual([{ lagMs: 5000, unreachableMs: 60_000 }]);
    expect(report.details.thresholds).toEqual({ degradedLagSeconds: 5, degradedUnreachableSeconds: 60 });
  });
});
