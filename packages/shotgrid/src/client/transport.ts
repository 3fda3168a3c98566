/**
 * One HTTP exchange with ShotGrid REST v1, with the retry policy and error mapping every call shares.
 * core's HttpExchange sends it (node:http, keep-alive); the per-attempt timeout covers the whole exchange,
 * body included; retries are ours because the policy depends on what the request does (see `RetrySafety`)
 * and on ShotGrid's 401 code 102 re-auth rule.
 */
import { classifyAnswer, ExchangeTimeoutError, formatBytes, HttpExchange, ReplyTooLargeError, sleep, type ExchangeResponse, type Logger } from "@ayon-sg/core";
import { SHOTGRID_ROUTES } from "./routes.js";
import { parseRetryAfter, retryWait, type RetryPolicy } from "./backoff.js";
import {
  ShotgridAuthError, ShotgridError, ShotgridHttpError, ShotgridProtocolError, ShotgridReplyTooLargeError, ShotgridUnavailableError,
} from "./errors.js";
import type { SecretRegistry } from "./redaction.js";

/**
 * Which failures a request may be repeated after.
 * - `idempotent`: reads, searches, updates (PUT sets the same values again), revive, token requests —
 *   repeated after any answer core's failure rule (http/failure-class.ts) calls unavailable — 5xx, 408, 429, a
 *   redirect, an HTML or non-JSON 2xx — and after timeouts and network errors.
 * - `write-once`: creates, batches with creates, field creation — a repeat after the server may have
 *   applied the first try would duplicate rows (ShotGrid has no idempotency keys, and batches of several
 *   hundred rows are known to time out client-side while still committing). Repeated only
 *   when the server certainly did nothing: 408, 429, 503, a redirect, or a connection that was never opened.
 */
export type RetrySafety = "idempotent" | "write-once";

export interface HttpRequest {
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** Path under `/api/v1`, starting with "/". Also the route shown in logs and errors. */
  path: string;
  searchParams?: Record<string, string>;
  /** JSON body (sent as `contentType`, default application/json). */
  json?: unknown;
  contentType?: string;
  /** Form body (the token endpoint). */
  form?: URLSearchParams;
  safety: RetrySafety;
  /** The request changes nothing on the server (GET, _search, token): a failure never "may have committed". */
  readOnly?: boolean;
  /** A 2xx body is not needed (the whole records a batch update answers with): it is drained,
   *  never decoded or parsed, and the response's `body` is null. Error bodies are read as usual. */
  discardBody?: boolean;
}

export interface HttpResponse {
  status: number;
  /** Parsed JSON, or null for an empty body (204). */
  body: unknown;
  /** Response headers, names in lower case. */
  headers: Record<string, string>;
}

/** Per-attempt report, for request counting and latency figures. status 0 = no HTTP answer. */
export interface RequestInfo {
  method: string;
  /** The path's template (`/entity/{type}/{id}`), never the path itself: a bounded metrics label. */
  route: string;
  status: number;
  ms: number;
  attempt: number;
}

/** Where authenticated requests get their bearer token. */
export interface TokenSource {
  get(): Promise<string>;
  /** The server refused this token: forget it, unless a newer one already replaced it. */
  invalidate(token: string): void;
}

export interface TransportOptions {
  apiBase: URL;
  timeoutMs: number;
  retry: RetryPolicy;
  logger: Logger;
  secrets: SecretRegistry;
  onRequest?: (info: RequestInfo) => void;
  /** The most bytes one answer may have (default: core's DEFAULT_MAX_REPLY_BYTES, 256 MiB). */
  maxReplyBytes?: number;
  /** Says who was refused when a fresh token is rejected again. */
  describeCredentials: () => string;
}

const BLANK = /^\s*$/;

// Codes of failures where the connection was never established, so nothing reached ShotGrid.
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "UND_ERR_CONNECT_TIMEOUT"]);

interface Failure {
  reason: string;
  /** Certain that the server did not act on the request. */
  notApplied: boolean;
}

export class Transport {
  readonly #http: HttpExchange;
  readonly #opts: TransportOptions;
  /**
   * Until when the site asked to be left alone (a 429, or a 503 with Retry-After): the throttle is the site's, not
   * one request's, so every request of this client waits it out — a batch's reads side by side included.
   */
  #pausedUntil = 0;
  /**
   * Whether the last answer was a throttle (429, or a Retry-After). While it is, the first request after the pause
   * goes alone and the others wait for its answer (`#probe`): a throttled site then meets one request per pause,
   * not every waiting caller at the same instant.
   */
  #throttled = false;
  #probe: Promise<void> | null = null;

  constructor(opts: TransportOptions) {
    this.#opts = opts;
    this.#http = new HttpExchange(opts.apiBase.href, { maxReplyBytes: opts.maxReplyBytes });
  }

  /** Send `req`, with a bearer token from `tokens` when given. Throws ShotgridError subclasses only. */
  async send(req: HttpRequest, tokens: TokenSource | null): Promise<HttpResponse> {
    const { retry, logger } = this.#opts;
    let reauthed = false;
    let attempt = 0;
    let retries = 0;
    for (;;) {
      attempt += 1;
      // The token endpoint's own requests (no token source) never wait for a probe: the probe may be waiting for them.
      const done = await this.#turn(tokens === null);
      let waitMs: number;
      try {
        const token = tokens ? await tokens.get() : null;
        const started = performance.now();
        let status = 0;
        let failure: Failure;
        let retryAfterMs: number | null = null;
        let reported = false;
        try {
          const res = await this.#exchange(req, token);
          status = res.status;
          if (status !== 429) this.#throttled = false;
          const parsed = req.discardBody && status >= 200 && status < 300 ? NOT_READ : parseBody(res.text);
          const body = parsed.value;
          this.#report(req, status, started, attempt);
          reported = true;
          // core http/failure-class.ts: the one rule (shared with the AYON client) of what may pass by itself.
          const answer = classifyAnswer({ status, contentType: res.header("content-type"), bodyIsJson: parsed.json });
          if (answer === "ok") return { status, body, headers: res.headers };
          if (status === 401 && tokens && token && errorCode(body) === 102) {
            if (reauthed) throw this.#authRefused(body);
            // The token expired or was revoked early: one fresh token, one more try (not counted as a retry).
            reauthed = true;
            tokens.invalidate(token);
            logger.info("ShotGrid refused the access token; authenticating again", { route: req.path });
            continue;
          }
          if (answer !== "unavailable") throw this.#httpError(req, status, body, res.header("x-request-id"));
          failure = { reason: answerReason(status, parsed.json), notApplied: NOT_APPLIED_STATUSES.has(status) || (status >= 300 && status < 400) };
          if (status === 429 || status === 503) retryAfterMs = parseRetryAfter(res.header("retry-after"));
        } catch (err) {
          if (!reported) this.#report(req, status, started, attempt);
          if (err instanceof ShotgridError) throw err;
          failure = this.#describe(err, req);
        }
        const mayRepeat = req.safety === "idempotent" || failure.notApplied;
        if (!mayRepeat || retries >= retry.limit) {
          throw new ShotgridUnavailableError({
            method: req.method, route: req.path, attempts: attempt, reason: failure.reason,
            mayHaveCommitted: !req.readOnly && !failure.notApplied,
            notRepeated: !mayRepeat,
          });
        }
        retries += 1;
        waitMs = retryWait(retry, retries, retryAfterMs);
        if (status === 429 || retryAfterMs !== null) {
          this.#pausedUntil = Math.max(this.#pausedUntil, Date.now() + waitMs);
          this.#throttled = true;
        }
        logger.warn("ShotGrid request failed; retrying", {
          method: req.method, route: req.path, reason: failure.reason, attempt, waitMs,
        });
      } finally {
        done();
      }
      await sleep(waitMs);
    }
  }

  /**
   * Waits until this request may go: after the site's pause, and while the site is throttling, behind the one
   * request that finds out whether it still is. Answers the function that ends this request's turn.
   */
  async #turn(exempt: boolean): Promise<() => void> {
    for (;;) {
      const pause = this.#pausedUntil - Date.now();
      if (pause > 0) {
        await sleep(pause);
        continue;
      }
      if (exempt || !this.#throttled) return NO_TURN;
      if (this.#probe) {
        await this.#probe;
        continue;
      }
      let release!: () => void;
      this.#probe = new Promise<void>((resolve) => (release = resolve));
      return () => {
        this.#probe = null;
        release();
      };
    }
  }

  #exchange(req: HttpRequest, token: string | null): Promise<ExchangeResponse> {
    const headers: Record<string, string> = { accept: "application/json" };
    if (token) headers.authorization = `Bearer ${token}`;
    let body: string | undefined;
    if (req.form) {
      body = req.form.toString();
      headers["content-type"] = "application/x-www-form-urlencoded;charset=UTF-8";
    } else if (req.json !== undefined) {
      body = JSON.stringify(req.json);
      headers["content-type"] = req.contentType ?? "application/json";
    }
    const url = new URL(req.path.replace(/^\//, ""), this.#opts.apiBase);
    for (const [name, value] of Object.entries(req.searchParams ?? {})) url.searchParams.set(name, value);
    // A 2xx body nobody reads is received (the exchange is complete only then), never kept or decoded.
    return this.#http.send({ method: req.method, url, headers, body, timeoutMs: this.#opts.timeoutMs, discardBody: req.discardBody === true });
  }

  #report(req: HttpRequest, status: number, started: number, attempt: number): void {
    const ms = Math.round(performance.now() - started);
    this.#opts.logger.debug("ShotGrid request", { method: req.method, route: req.path, status, ms, attempt });
    // The route label is the path's template: a label per entity id would grow without end.
    this.#opts.onRequest?.({ method: req.method, route: SHOTGRID_ROUTES.label(req.path), status, ms, attempt });
  }

  #describe(err: unknown, req: HttpRequest): Failure {
    if (err instanceof ReplyTooLargeError) {
      throw new ShotgridReplyTooLargeError(req.method, SHOTGRID_ROUTES.label(req.path), err.maxBytes, formatBytes(err.maxBytes));
    }
    if (err instanceof ExchangeTimeoutError) {
      return { reason: `timeout after ${this.#opts.timeoutMs} ms`, notApplied: false };
    }
    const code = causeCode(err);
    if (err instanceof TypeError || code) {
      return { reason: code ? `network error ${code}` : "network error", notApplied: code !== null && NOT_SENT_CODES.has(code) };
    }
    // Anything else is unexpected; its text could quote a header, so it is scrubbed and not chained.
    const text = err instanceof Error ? err.message : String(err);
    throw new ShotgridError(this.#opts.secrets.scrub(`ShotGrid request failed unexpectedly: ${text}`));
  }

  #httpError(req: HttpRequest, status: number, body: unknown, requestId: string | null): ShotgridHttpError {
    const first = firstError(body);
    const scrub = (s: string | null): string | null => (s === null ? null : this.#opts.secrets.scrub(s));
    return new ShotgridHttpError({
      method: req.method,
      route: req.path,
      status,
      code: first.code,
      title: scrub(first.title),
      detail: scrub(first.detail),
      requestId,
      // `source` is server text too; it goes through the scrubber as JSON.
      source: first.source === null ? null : (JSON.parse(this.#opts.secrets.scrub(JSON.stringify(first.source))) as unknown),
    });
  }

  #authRefused(body: unknown): ShotgridAuthError {
    const first = firstError(body);
    const why = this.#opts.secrets.scrub(first.detail ?? first.title ?? "Unauthorized");
    return new ShotgridAuthError(`ShotGrid refused a fresh access token for ${this.#opts.describeCredentials()} (${why}).`);
  }
}

const NO_TURN = (): void => undefined;

// Statuses that say the request was not run: throttled (429), busy (503), the request not read in time (408).
// A redirect (3xx) is added where it is used: a gateway in front of ShotGrid answered instead of the site.
const NOT_APPLIED_STATUSES = new Set([408, 429, 503]);

interface ParsedBody {
  /** Parsed JSON, or null (blank, not JSON, or not read). */
  value: unknown;
  /** false when the body was not blank and not JSON (an HTML page from a proxy, an SSO or maintenance page). */
  json: boolean;
}

const NOT_READ: ParsedBody = { value: null, json: true };

function parseBody(text: string): ParsedBody {
  if (BLANK.test(text)) return NOT_READ; // not text.trim(): that copies a whole (large) body to look at its ends
  try {
    return { value: JSON.parse(text) as unknown, json: true };
  } catch {
    return { value: null, json: false };
  }
}

/** What an answer that may pass by itself was, for logs and the unavailable error. */
function answerReason(status: number, json: boolean): string {
  if (status >= 300 && status < 400) return `HTTP ${status}, a redirect (a login or maintenance page)`;
  if (status >= 200 && status < 300) return `HTTP ${status} with ${json ? "an HTML page" : "a body that is not JSON"} where JSON was expected`;
  return `HTTP ${status}`;
}

interface FirstError {
  code: number | null;
  title: string | null;
  detail: string | null;
  source: unknown;
}

/** `errors[0]` of a ShotGrid error body (`{errors: [...]}`), tolerant of anything else. */
export function firstError(body: unknown): FirstError {
  const errors = (body as { errors?: unknown } | null)?.errors;
  const e = (Array.isArray(errors) ? errors[0] : null) as Record<string, unknown> | null;
  if (!e || typeof e !== "object") return { code: null, title: null, detail: null, source: null };
  return {
    code: typeof e.code === "number" ? e.code : null,
    title: typeof e.title === "string" ? e.title : null,
    detail: typeof e.detail === "string" ? e.detail : null,
    source: e.source ?? null,
  };
}

function errorCode(body: unknown): number | null {
  return firstError(body).code;
}

function causeCode(err: unknown): string | null {
  let cur: unknown = err;
  for (let depth = 0; depth < 5 && cur; depth += 1) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === "string") return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return null;
}
