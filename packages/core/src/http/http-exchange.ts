// One HTTP exchange: what the AYON and ShotGrid clients send their requests with — node:http(s) on a keep-alive
// agent, a string body out and a string body back. Retries, timeouts and error mapping belong to the clients'
// own policies (../ayon/transport.ts, shotgrid's client/transport.ts); this only sends.
//
// Measured in the live benchmark (scenario 3, runtime CPU profile): ky building a web Request and Headers per
// call, and the web Response (a stream for the body) it expects back, made up about a third of the runtime's
// CPU per request — more than the request itself. Nothing of what ky adds (retry, timeout, HTTP errors,
// hooks) was used: the clients turned all of it off. So the clients send over node:http directly.
// Network errors keep node's `code` (ECONNREFUSED, ECONNRESET...), which the clients' retry policies classify.
import http from "node:http";
import https from "node:https";

export interface ExchangeRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: string;
  /**
   * The time the whole exchange may take, the body included: a server that stalls mid-body times out too. Then
   * the request is destroyed and the promise rejects with an ExchangeTimeoutError.
   */
  timeoutMs: number;
  /** Receive a 2xx body without keeping it (`text` is then empty): for answers nobody reads. */
  discardBody?: boolean;
}

export interface ExchangeResponse {
  status: number;
  text: string;
  /** Response headers, names in lower case (a repeated header: its values joined by ", "). */
  headers: Record<string, string>;
  header(name: string): string | null;
}

/** The exchange took longer than its `timeoutMs`; the request may have reached the server. */
export class ExchangeTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no complete answer within ${timeoutMs} ms`);
    this.name = "ExchangeTimeoutError";
  }
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
    const { body, timeoutMs } = spec;
    return new Promise<ExchangeResponse>((resolve, reject) => {
      const headers: Record<string, string | number> = { ...spec.headers };
      if (body !== undefined) headers["content-length"] = Buffer.byteLength(body);
      const outgoing = this.#request(spec.url, { method: spec.method, headers, agent: this.#agent }, (res) => {
        const status = res.statusCode ?? 0;
        // An error's body is always kept: it says why.
        const keep = !spec.discardBody || status < 200 || status >= 300;
        const chunks: Buffer[] = [];
        if (keep) res.on("data", (chunk: Buffer) => chunks.push(chunk));
        else res.resume();
        res.on("end", () => {
          clearTimeout(timer);
          resolve(exchangeResponse(status, chunks.length === 0 ? "" : Buffer.concat(chunks).toString("utf8"), res.headers));
        });
        // A body cut off mid-way (the connection dropped) is a network failure, not a short answer.
        res.on("aborted", () => fail(Object.assign(new Error("the connection closed before the whole answer arrived"), { code: "ECONNRESET" })));
        res.on("error", fail);
      });
      // A plain timer, not an AbortSignal: one per request, and node's abort signals cost more than the request.
      const timer = setTimeout(() => {
        fail(new ExchangeTimeoutError(timeoutMs));
        outgoing.destroy();
      }, timeoutMs);
      const fail = (error: unknown): void => {
        clearTimeout(timer);
        reject(error);
      };
      outgoing.on("error", fail);
      outgoing.end(body);
    });
  }

  /** Closes idle keep-alive connections (a client that is done). */
  close(): void {
    this.#agent.destroy();
  }
}

function exchangeResponse(status: number, text: string, raw: http.IncomingHttpHeaders): ExchangeResponse {
  const headers: Record<string, string> = {};
  for (const name in raw) {
    const value = raw[name];
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return { status, text, headers, header: (name) => headers[name.toLowerCase()] ?? null };
}
