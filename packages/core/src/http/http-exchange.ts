// One HTTP exchange over node:http(s), on a keep-alive agent per server: what the AYON and ShotGrid clients
// send their requests with. Measured in the live benchmark: a request through ky + fetch cost the runtime about
// 1 ms of CPU (web streams, abort signals, option merging), enough to make one event loop serving ten project
// lanes the bottleneck; this costs a fraction of that. Errors keep node's `code` (ECONNREFUSED, ECONNRESET...),
// which the clients' retry policies classify.
import http from "node:http";
import https from "node:https";

export interface ExchangeRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: string;
  /** Aborting destroys the request (the caller's timeout); the promise then rejects with the abort reason. */
  signal: AbortSignal;
  /** Receive a 2xx body without keeping it (`text` is then empty): for answers nobody reads. */
  discardBody?: boolean;
}

export interface ExchangeResponse {
  status: number;
  text: string;
  /** Response headers, names in lower case (a repeated header: its first value). */
  headers: Record<string, string>;
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
        const status = res.statusCode ?? 0;
        // An error's body is always kept: it says why.
        const keep = !spec.discardBody || status < 200 || status >= 300;
        res.on("data", (chunk: Buffer) => {
          if (keep) chunks.push(chunk);
        });
        res.on("end", () => {
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(res.headers)) {
            const first = Array.isArray(value) ? value[0] : value;
            if (first !== undefined) headers[name] = first;
          }
          resolve({
            status,
            text: chunks.length === 0 ? "" : Buffer.concat(chunks).toString("utf8"),
            headers,
            header: (name) => headers[name.toLowerCase()] ?? null,
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
