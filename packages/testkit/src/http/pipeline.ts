// The per-request flow every emulator shares:
//   control surface (/_emulator/*) → latency → fault injection → emulator handler → reply → stats.
// The emulator supplies `handle` (routing, auth, its own logic) and `onError` (its error body format).
import { setMaxListeners } from "node:events";
import type { IncomingMessage, ServerResponse } from "node:http";
import { DEFAULT_JSON_LIMIT, parseJsonBody, readBody } from "./body.js";
import type { FaultInjector } from "./faults.js";
import { handleControlRequest } from "./control.js";
import { streamHugeBody } from "./huge-body.js";
import { encodeReply, jsonReply, rawReply, ReplyError, type HeaderMap, type HttpReply } from "./reply.js";
import { sleep } from "./sleep.js";
import type { StatsRecorder } from "./stats.js";

export const UNMATCHED_ROUTE = "<unmatched>";

/** What a handler knows about the request. `route` is set by the emulator once it has matched a route
 *  template, and is what the stats are keyed by. */
export interface HttpContext {
  req: IncomingMessage;
  method: string;
  /** Path without the query string, still percent-encoded. */
  path: string;
  query: URLSearchParams;
  route: string;
  startedAt: number;
  /** Resolves when the server is shutting down (for long waits inside handlers). */
  signal: AbortSignal;
  /** Raw body, read once and cached; `limit` applies to the first call. */
  body(limit?: number): Promise<Buffer>;
  /** Body parsed as JSON (`undefined` when empty). Throws BodyReadError on bad JSON. */
  json(limit?: number): Promise<unknown>;
  header(name: string): string | undefined;
}

export interface PipelineOptions {
  faults: FaultInjector;
  stats: StatsRecorder;
  /** Added to every emulated request (not to the control surface). */
  latencyMs?: number;
  handle(ctx: HttpContext): Promise<HttpReply> | HttpReply;
  /** Maps anything thrown by `handle` that is not a ReplyError (BodyReadError included). */
  onError(err: unknown, ctx: HttpContext): HttpReply;
  /** Body for an injected status when the rule gives none. */
  faultBody?(status: number): unknown;
  /** Headers added to every reply (e.g. AYON's X-Request-ID). */
  commonHeaders?(ctx: HttpContext): HeaderMap;
}

export interface RequestPipeline {
  listener(req: IncomingMessage, res: ServerResponse): void;
  /** Wakes every sleeping request so the server can close promptly. */
  shutdown(): void;
}

export function createRequestPipeline(opts: PipelineOptions): RequestPipeline {
  const closing = new AbortController();
  // Every delayed request listens on this one signal (and removes its listener when done): under load that
  // is hundreds at once, which is by design, not the leak Node's default limit of 10 warns about.
  setMaxListeners(0, closing.signal);

  async function run(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const path = q < 0 ? url : url.slice(0, q);
    let bytesIn = 0;
    let bodyPromise: Promise<Buffer> | null = null;
    const ctx: HttpContext = {
      req,
      method: (req.method ?? "GET").toUpperCase(),
      path,
      query: new URLSearchParams(q < 0 ? "" : url.slice(q + 1)),
      route: UNMATCHED_ROUTE,
      startedAt: performance.now(),
      signal: closing.signal,
      body(limit = DEFAULT_JSON_LIMIT) {
        bodyPromise ??= readBody(req, limit, (n) => (bytesIn += n));
        return bodyPromise;
      },
      async json(limit?: number) {
        return parseJsonBody(await ctx.body(limit));
      },
      header(name: string) {
        const value = req.headers[name.toLowerCase()];
        return Array.isArray(value) ? value[0] : value;
      },
    };

    if (path.startsWith("/_emulator/")) {
      const reply = await handleControlRequest(ctx, opts.faults, opts.stats);
      write(res, reply, opts.commonHeaders?.(ctx));
      return;
    }

    if (opts.latencyMs) await sleep(opts.latencyMs, closing.signal);

    const fault = opts.faults.match(ctx.method, path);
    if (fault) {
      if (fault.delayMs > 0) await sleep(fault.delayMs, closing.signal);
      if (fault.drop) {
        req.socket.destroy();
        return;
      }
      if (fault.hugeBodyBytes !== undefined) {
        const out = await streamHugeBody(res, fault.hugeBodyBytes, fault.status ?? 200, { ...opts.commonHeaders?.(ctx), ...fault.headers });
        opts.stats.record(`${ctx.method} <fault>`, performance.now() - ctx.startedAt, bytesIn, out);
        return;
      }
      if (fault.status !== undefined) {
        const reply = faultReply(fault.status, fault.body ?? opts.faultBody?.(fault.status), fault.headers);
        const out = write(res, reply, opts.commonHeaders?.(ctx));
        opts.stats.record(`${ctx.method} <fault>`, performance.now() - ctx.startedAt, bytesIn, out);
        return;
      }
    }

    let reply: HttpReply;
    try {
      reply = await opts.handle(ctx);
    } catch (err) {
      reply = err instanceof ReplyError ? err.reply : safeOnError(opts, err, ctx);
    }
    const out = write(res, reply, opts.commonHeaders?.(ctx));
    if (bytesIn === 0 && bodyPromise === null) bytesIn = Number(req.headers["content-length"]) || 0;
    opts.stats.record(`${ctx.method} ${ctx.route}`, performance.now() - ctx.startedAt, bytesIn, out);
  }

  return {
    listener(req, res) {
      run(req, res).catch((err: unknown) => {
        // Last resort: never leave a request hanging, never crash the host process.
        if (!res.headersSent && !res.destroyed) {
          write(res, jsonReply({ detail: `Emulator failure: ${(err as Error)?.message ?? String(err)}` }, 500));
        } else {
          res.destroy();
        }
      });
    },
    shutdown() {
      closing.abort();
    },
  };
}

function safeOnError(opts: PipelineOptions, err: unknown, ctx: HttpContext): HttpReply {
  try {
    return opts.onError(err, ctx);
  } catch (inner) {
    return jsonReply({ detail: `Emulator error mapping failed: ${(inner as Error).message}` }, 500);
  }
}

function faultReply(status: number, body: unknown, headers?: HeaderMap): HttpReply {
  if (body === undefined || body === null) return { kind: "empty", status, headers };
  if (typeof body === "string" || Buffer.isBuffer(body)) {
    return rawReply(body, "text/plain; charset=utf-8", status, headers);
  }
  return jsonReply(body, status, headers);
}

/** Writes the reply unless the client is gone; returns the body bytes sent. */
function write(res: ServerResponse, reply: HttpReply, common?: HeaderMap): number {
  if (res.destroyed || res.headersSent) return 0;
  const { body, length, headers } = encodeReply(reply);
  res.writeHead(reply.status, { ...common, ...headers });
  // 204/304 must not carry a body; node would refuse it anyway.
  if (reply.status === 204 || reply.status === 304) {
    res.end();
    return 0;
  }
  res.end(body);
  return length;
}

