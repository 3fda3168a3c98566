// One HTTP exchange with AYON over node:http(s), on a keep-alive agent per server. Measured in the live
// benchmark: a request through ky + fetch cost the runtime about 1 ms of CPU (streams, signals, option merging),
// enough to make one event loop serving ten project lanes the bottleneck; this costs a fraction of that.
// Errors keep node's `code` (ECONNREFUSED, ECONNRESET...), which retry-policy.ts classifies.
import http from "node:http";
import https from "node:https";

export interface ExchangeRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: string;
  /** Aborting destroys the request (the caller's timeout); the promise then rejects with the abort reason. */
  signal: AbortSignal;
}

export interface ExchangeResponse {
  status: number;
  text: string;
  header(name: string): string | null;
}

export class HttpExchange {
  readonly #agent: http.Agent;
  readonly #request: typeof http.request;

  constructor(serverUrl: string) {
    const secure = serverUrl.startsWith("https:");
    this.#agent = secure ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true });
    this.#request = secure ? https.request : http.request;
  }

  send(spec: ExchangeRequest): Promise<ExchangeResponse> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string | number> = { ...spec.headers };
      if (spec.body !== undefined) headers["content-length"] = Buffer.byteLength(spec.body);
      const req = this.#request(spec.url, { method: spec.method, headers, agent: this.#agent, signal: spec.signal }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          resolve({
            status: res.statusCode ?? 0,
            text: Buffer.concat(chunks).toString("utf8"),
            header: (name) => {
              const value = res.headers[name.toLowerCase()];
              return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
            },
          });
        });
        // A body cut off mid-way (the connection dropped) is a network failure, not a short answer.
        res.on("aborted", () => reject(Object.assign(new Error("the connection closed before the whole answer arrived"), { code: "ECONNRESET" })));
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end(spec.body);
    });
  }

  /** Closes idle keep-alive connections (a client that is done). */
  close(): void {
    this.#agent.destroy();
  }
}
