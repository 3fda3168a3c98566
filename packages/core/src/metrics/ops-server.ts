import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Metrics } from "./registry.js";

export interface Health {
  healthy: boolean;
  details: Record<string, unknown>;
}

export interface OpsServer {
  url: string;
  close(): Promise<void>;
}

/**
 * `/healthz` (200 while healthy, 503 otherwise, JSON details) and `/metrics` (Prometheus text) for operators.
 * Nothing else is served: no secret or configuration is exposed here.
 */
export async function startOpsServer(options: { port: number; host?: string; metrics: Metrics; health: () => Health }): Promise<OpsServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method !== "GET") {
      res.writeHead(405, { allow: "GET" }).end();
    } else if (path === "/metrics") {
      res.writeHead(200, { "content-type": "text/plain; version=0.0.4; charset=utf-8" }).end(options.metrics.render());
    } else if (path === "/healthz") {
      const health = options.health();
      res.writeHead(health.healthy ? 200 : 503, { "content-type": "application/json" }).end(JSON.stringify({ status: health.healthy ? "ok" : "unavailable", ...health.details }));
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
