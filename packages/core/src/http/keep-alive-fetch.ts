// A `fetch` for ky that sends over node:http(s) on a keep-alive agent. ky stays the clients' HTTP layer
// (request building, headers, signals); this replaces only undici's fetch underneath, which measured at about
// twice the CPU per request (web streams) — enough to make one event loop serving many project lanes slow.
// Network errors keep node's `code` (ECONNREFUSED, ECONNRESET...), which the clients' retry policies classify.
//
// Beside the request, ky hands on options it does not know: the exchange uses one of them (EXCHANGE) to give the
// headers and the body as they are, the path on this server, the time limit, and a place for the answer's text and
// headers (RAW_ANSWER), so no web stream, web Headers, URL or AbortController is made for them per request, and ky
// merges one option instead of five (measured in bench scenario 3's profile).
import http from "node:http";
import https from "node:https";

/** The ky option carrying an ExchangeOptions. */
export const EXCHANGE = "exchange";

/** What the exchange hands the transport beside ky's request. */
export interface ExchangeOptions {
  /** The request headers as a plain record (ky then builds no Headers for them). */
  headers?: Record<string, string>;
  /** The request body as a plain string. */
  body?: string;
  /** The path and query on this transport's server (else read from the request's URL). */
  path?: string;
  /** The time the whole exchange may take, body included; then it fails with ExchangeTimeoutError. */
  timeoutMs?: number;
  /** Receive a 2xx body without keeping it. */
  discardBody?: boolean;
  /** The most bytes an answer's body may have; past it the exchange fails with ReplyTooLargeError. */
  maxBodyBytes?: number;
}

/** Where the Response carries its body as text and its headers as a plain record (its own body stays empty). */
export const RAW_ANSWER: unique symbol = Symbol("rawAnswer");

export interface RawAnswer {
  text: string;
  /** Names in lower case; a repeated header's values joined by ", ". */
  headers: Record<string, string>;
}

/** The exchange took longer than its time limit; the request may have reached the server. */
export class ExchangeTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no complete answer within ${timeoutMs} ms`);
    this.name = "ExchangeTimeoutError";
  }
}

/**
 * The answer's body was larger than the cap: the connection was destroyed as soon as the cap was passed (or at
 * once, when Content-Length announced it), so no more of it was read. Final: the same request would get the same
 * body again, so `retryable` is false.
 */
export class ReplyTooLargeError extends Error {
  readonly retryable = false;
  constructor(readonly maxBytes: number) {
    super(`the reply was larger than the cap of ${formatBytes(maxBytes)}`);
    this.name = "ReplyTooLargeError";
  }
}

/** 268435456 → "256 MiB"; 1500 → "1500 bytes". */
export function formatBytes(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  return Number.isInteger(mib) ? `${mib} MiB` : `${bytes} bytes`;
}

export interface KeepAliveFetch {
  fetch: typeof fetch;
  /** Closes idle keep-alive connections. */
  close(): void;
}

/**
 * How long an idle connection is kept for reuse. Servers close idle keep-alive connections after 5 s by default
 * (uvicorn's `timeout_keep_alive`, Node's `server.keepAliveTimeout`); a request sent on a connection just as the
 * server closes it meets a reset, and a POST so reset cannot safely be sent again. Dropping idle connections
 * first avoids that race. (The agent's socket timeout closes only idle sockets; a slow answer is not cut.)
 */
export const IDLE_CONNECTION_MS = 4000;

export function keepAliveFetch(serverUrl: string, idleMs = IDLE_CONNECTION_MS): KeepAliveFetch {
  const secure = serverUrl.startsWith("https:");
  const options = { keepAlive: true, timeout: idleMs };
  const agent = secure ? new https.Agent(options) : new http.Agent(options);
  const request = secure ? https.request : http.request;
  // The server's address, parsed once: a request that brings its path (ExchangeOptions.path) goes there as it is.
  const { hostname, port } = targetOf(new URL(serverUrl));
  const send = async (input: Parameters<typeof fetch>[0], init?: RequestInit): Promise<Response> => {
    const req = input instanceof Request ? input : new Request(input, init);
    const extra = (((init ?? {}) as Record<string, unknown>)[EXCHANGE] ?? {}) as ExchangeOptions;
    // A string body handed over beside the request skips a read back through a web stream.
    const body = typeof extra.body === "string" ? extra.body : req.body ? await req.text() : undefined;
    const timeoutMs = extra.timeoutMs ?? 0;
    const discard = extra.discardBody === true;
    const maxBytes = extra.maxBodyBytes ?? Infinity;
    const headers: Record<string, string | number> = { ...extra.headers };
    req.headers.forEach((value, name) => (headers[name] = value));
    if (body !== undefined) headers["content-length"] = Buffer.byteLength(body);
    const target = extra.path !== undefined ? { hostname, port, path: extra.path } : targetOf(new URL(req.url));
    return new Promise<Response>((resolve, reject) => {
      if (req.signal.aborted) return reject(req.signal.reason);
      const outgoing = request({ ...target, method: req.method, headers, agent }, (res) => {
        const status = res.statusCode ?? 0;
        // An error's body is always kept: it says why.
        const keep = !discard || status < 200 || status >= 300;
        const chunks: Buffer[] = [];
        // Every body is counted, a discarded one too: past the cap the socket is destroyed, so neither memory nor
        // time grows with what the server sends.
        let received = 0;
        const tooLarge = (): void => {
          fail(new ReplyTooLargeError(maxBytes));
          chunks.length = 0;
          res.destroy();
          outgoing.destroy();
        };
        if (Number(res.headers["content-length"]) > maxBytes) return tooLarge();
        res.on("data", (chunk: Buffer) => {
          received += chunk.length;
          if (received > maxBytes) tooLarge();
          else if (keep) chunks.push(chunk);
        });
        res.on("end", () => {
          clearTimeout(timer);
          const text = chunks.length === 0 ? "" : Buffer.concat(chunks).toString("utf8");
          resolve(answered(status, res.statusMessage ?? "", { text, headers: headerRecord(res.headers) }));
        });
        // A body cut off mid-way (the connection dropped) is a network failure, not a short answer.
        res.on("aborted", () => fail(Object.assign(new Error("the connection closed before the whole answer arrived"), { code: "ECONNRESET" })));
        res.on("error", fail);
      });
      // A plain timer, not an AbortSignal: one per request, and node's abort signals cost more than the request.
      const timer = timeoutMs > 0 ? setTimeout(() => {
        fail(new ExchangeTimeoutError(timeoutMs));
        outgoing.destroy();
      }, timeoutMs) : undefined;
      const fail = (error: unknown): void => {
        clearTimeout(timer);
        reject(error);
      };
      outgoing.on("error", fail);
      outgoing.end(body);
    });
  };
  return { fetch: send as typeof fetch, close: () => agent.destroy() };
}

/** Where node:http sends a request for `url` (the transport's agent fixes the protocol). */
function targetOf(url: URL): { hostname: string; port: number | undefined; path: string } {
  // node:http wants an IPv6 host without its brackets.
  const hostname = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
  return { hostname, port: url.port === "" ? undefined : Number(url.port), path: url.pathname + url.search };
}

/** A Response for ky with an empty body: the text and headers travel as a RawAnswer beside it. */
function answered(status: number, statusText: string, answer: RawAnswer): Response {
  const response = new Response(null, { status, statusText });
  Object.defineProperty(response, RAW_ANSWER, { value: answer });
  return response;
}

function headerRecord(raw: http.IncomingHttpHeaders): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name in raw) {
    const value = raw[name];
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return headers;
}
