import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { HealthReport } from "../health/health.js";
import type { Metrics } from "./registry.js";

export interface OpsServer {
  url: string;
  close(): Promise<void>;
}

/** The HTTP status of a health report: 503 while unavailable, and while degraded when the probe asks `?strict`. */
export function healthHttpStatus(status: HealthReport["status"], strict: boolean): number {
  if (status === "unavailable") return 503;
  return status === "degraded" && strict ? 503 : 200;
}

/**
 * `/healthz` (JSON: "ok", "degraded" or "unavailable" and each part's details; HTTP 200 while ok or degraded,
 * 503 while unavailable, and also while degraded with `?strict`) and `/metrics` (Prometheus text) for
 * operators. A degraded process answers 200 by default because a liveness probe restarts what fails, and a
 * restart cures neither a ShotGrid outage nor a backlog; alerts read `status` or the metrics, and a probe
 * that should take a degraded process out of rotation asks `/healthz?strict`.
 * Nothing else is served: no secret or configuration is exposed here.
 */
export async function startOpsServer(options: { port: number; host?: string; metrics: Metrics; health: () => HealthReport }): Promise<OpsServer> {
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://ops");
    if (req.method !== "GET") {
      res.writeHead(405, { allow: "GET" }).end();
    } else if (url.pathname === "/metrics") {
      options.metrics.render().then(
        (text) => res.writeHead(200, { "content-type": options.metrics.contentType }).end(text),
        (error: unknown) => res.writeHead(500, { "content-type": "text/plain" }).end(`metrics failed: ${(error as Error).message}\n`),
      );
    } else if (url.pathname === "/healthz") {
      const health = options.health();
      const strict = url.searchParams.has("strict") && url.searchParams.get("strict") !== "0";
      res.writeHead(healthHttpStatus(health.status, strict), { "content-type": "application/json" }).end(JSON.stringify({ status: health.status, ...health.details }));
    } else {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found: try /healthz or /metrics\n");
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host ?? "0.0.0.0", () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.address === "0.0.0.0" || address.address === "::" ? "127.0.0.1" : address.address;
  return {
    url: `http://${host}:${address.port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
