// The HTTP layer of the AYON client: one keep-alive exchange per server (../http/http-exchange.ts), a per-attempt
// timeout that also covers the body, retries with capped jittered backoff according to each call's RetryMode,
// debug/warn logging, the onRequest metrics hook, and the mapping of failures onto the typed errors of
// ./errors.ts. The API key lives only in private fields.
import type { Logger } from "../logging/logger.js";
import { sleep } from "../util/sleep.js";
import { ExchangeTimeoutError, formatBytes, HttpExchange, ReplyTooLargeError } from "../http/http-exchange.js";
import {
  AyonAuthError, AyonError, AyonHttpError, AyonInputError, AyonReplyTooLargeError, AyonResponseError, AyonUnavailableError,
  type AyonHttpErrorInit,
} from "./errors.js";
import {
  backoffDelayMs, classifyNetworkError, failureClassOfStatus, mayRetry,
  type FailureClass, type NetworkFailure, type RetryMode, type RetrySettings,
} from "./retry-policy.js";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** What the onRequest hook receives once per HTTP attempt (retries count as separate requests). */
export interface AyonRequestInfo {
  method: HttpMethod;
  /** The path template with its parameters as placeholders, e.g. `/api/projects/{project}/folders/{id}`. */
  route: string;
  /** The HTTP status, or 0 when no response arrived (network error or timeout). */
  status: number;
  ms: number;
  /** 1 for the first attempt of a call, 2 for its first retry, ... */
  attempt: number;
}

export interface TransportConfig {
  serverUrl: string;
  apiKey: string;
  timeoutMs: number;
  retry: RetrySettings;
  /** The most bytes one answer's body may have (see AyonClientOptions.maxReplyBytes); default 256 MiB. */
  maxReplyBytes?: number;
  logger: Logger;
  onRequest?: (info: AyonRequestInfo) => void;
}

/** A request path and the low-cardinality route it came from (for metrics and logs). */
export interface Endpoint {
  path: string;
  route: string;
}

/** Fills `{name}` placeholders with URL-encoded parameters, so a project or secret name stays one segment. */
export function endpoint(template: string, params: Record<string, string> = {}): Endpoint {
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (typeof value !== "string" || value === "") {
      throw new AyonInputError(`AYON request ${template} needs a non-empty ${name}, got ${JSON.stringify(value)}.`);
    }
    return encodeURIComponent(value);
  });
  return { path, route: template };
}

export interface CallSpec {
  method: HttpMethod;
  endpoint: Endpoint;
  searchParams?: Record<string, string | number | boolean | undefined>;
  json?: unknown;
  retry: RetryMode;
  /** Overrides the client's per-attempt timeout for this call. */
  timeoutMs?: number;
  /** Error statuses the caller turns into results (404 → null, 409 → alreadyExists, ...): returned, not thrown. */
  accept?: readonly number[];
  /** X-Sender / X-Sender-Type of the calling client. */
  headers: Record<string, string>;
}

export interface CallResult {
  status: number;
  /** Parsed JSON body; undefined when the body was empty. */
  body: unknown;
  requestId: string | null;
  /**
   * true when an earlier attempt of this call failed in a way that may have applied it (timeout, dropped
   * connection, 502/504). Callers use it to read a 409 "already exists" or a 404 on delete as their own
   * earlier attempt having succeeded.
   */
  afterAmbiguousAttempt: boolean;
}

type AttemptOutcome =
  | { kind: "response"; status: number; text: string; requestId: string | null }
  | ({ kind: "network" } & NetworkFailure);

export class AyonTransport {
  readonly serverUrl: string;
  readonly #apiKey: string;
  readonly #http: HttpExchange;
  readonly #config: Omit<TransportConfig, "apiKey">;

  constructor(config: TransportConfig) {
    this.serverUrl = config.serverUrl;
    this.#apiKey = config.apiKey;
    const { apiKey: _secret, ...rest } = config; // the key stays out of #config (logged options never hold it)
    this.#config = rest;
    // Retries and timeouts are handled in call(): they depend on what each method may safely repeat.
    this.#http = new HttpExchange(config.serverUrl, { maxReplyBytes: config.maxReplyBytes });
  }

  get logger(): Logger {
    return this.#config.logger;
  }

  async call(spec: CallSpec): Promise<CallResult> {
    const { limit } = this.#config.retry;
    let afterAmbiguous = false;
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.#attempt(spec, attempt);
      let failure: FailureClass | null;
      let reason: string;
      if (outcome.kind === "response") {
        const ok = outcome.status >= 200 && outcome.status < 300;
        if (ok || spec.accept?.includes(outcome.status)) {
          return {
            status: outcome.status,
            body: this.#parseBody(spec, outcome.text, ok),
            requestId: outcome.requestId,
            afterAmbiguousAttempt: afterAmbiguous,
          };
        }
        failure = failureClassOfStatus(outcome.status);
        if (failure === null || attempt > limit || !mayRetry(spec.retry, failure)) {
          throw this.#httpError(spec, outcome);
        }
        reason = `status ${outcome.status}`;
      } else {
        failure = outcome.failure;
        if (attempt > limit || !mayRetry(spec.retry, failure)) {
          throw new AyonUnavailableError({
            serverUrl: this.serverUrl,
            method: spec.method,
            path: spec.endpoint.path,
            attempts: attempt,
            cause: Object.assign(new Error(outcome.description), { code: outcome.code }),
            maybeApplied: failure !== "not-sent",
            notRepeatedBecauseUnsafe: attempt <= limit,
          });
        }
        reason = outcome.description;
      }
      if (failure === "ambiguous") afterAmbiguous = true;
      const delay = backoffDelayMs(attempt, this.#config.retry);
      this.logger.warn(
        `AYON ${spec.method} ${spec.endpoint.path} failed (${reason}); retry ${attempt} of ${limit} in ${delay} ms`,
        { method: spec.method, route: spec.endpoint.route, reason, retry: attempt, delayMs: delay },
      );
      await sleep(delay);
    }
  }

  /** The error for a status the call accepted but then decided is a failure after all (e.g. a genuine 409). */
  rejection(spec: CallSpec, result: CallResult): AyonHttpError {
    const text = result.body === undefined ? "" : JSON.stringify(result.body);
    return this.#httpError(spec, { status: result.status, text, requestId: result.requestId });
  }

  /** Removes the API key from text that came from the server (a proxy or a debug page could echo it). */
  redact(text: string): string {
    return this.#apiKey.length >= 4 ? text.split(this.#apiKey).join("***") : text;
  }

  async #attempt(spec: CallSpec, attempt: number): Promise<AttemptOutcome> {
    const timeoutMs = spec.timeoutMs ?? this.#config.timeoutMs;
    const started = performance.now();
    let status = 0;
    try {
      // The timeout covers the body too: a server that stalls mid-body also times out.
      const response = await this.#http.send({
        method: spec.method,
        url: this.#url(spec),
        headers: { "x-api-key": this.#apiKey, "content-type": "application/json", accept: "application/json", ...spec.headers },
        body: spec.json === undefined ? undefined : JSON.stringify(spec.json),
        timeoutMs,
      });
      status = response.status;
      return { kind: "response", status, text: response.text, requestId: response.header("x-request-id") };
    } catch (error) {
      if (error instanceof ReplyTooLargeError) {
        const { method, endpoint: { route } } = spec;
        throw new AyonReplyTooLargeError({ serverUrl: this.serverUrl, method, route, maxBytes: error.maxBytes, cap: formatBytes(error.maxBytes) });
      }
      const network = classifyNetworkError(error, error instanceof ExchangeTimeoutError, timeoutMs);
      if (network === null) throw this.#unexpected(spec, error);
      return { kind: "network", ...network };
    } finally {
      this.#report(spec, status, performance.now() - started, attempt);
    }
  }

  /** The server URL (with any path prefix it has) + the endpoint path + the query parameters that are set. */
  #url(spec: CallSpec): URL {
    const url = new URL(this.serverUrl + spec.endpoint.path);
    for (const [name, value] of Object.entries(spec.searchParams ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    return url;
  }

  #report(spec: CallSpec, status: number, elapsed: number, attempt: number): void {
    const ms = Math.round(elapsed * 10) / 10;
    const { method } = spec;
    const { route, path } = spec.endpoint;
    this.logger.debug(`AYON ${method} ${path} ${status || "no response"} in ${ms} ms`, { method, route, status, ms, attempt });
    const hook = this.#config.onRequest;
    if (!hook) return;
    try {
      hook({ method, route, status, ms, attempt });
    } catch (error) {
      // A metrics hook must never break a request.
      this.logger.warn(`AyonClient onRequest hook threw: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  #parseBody(spec: CallSpec, text: string, ok: boolean): unknown {
    if (text === "") return undefined;
    try {
      return JSON.parse(text);
    } catch {
      if (!ok) return undefined;
      throw new AyonResponseError({ method: spec.method, path: spec.endpoint.path, issues: ["the body is not JSON"], notJson: true });
    }
  }

  #httpError(spec: CallSpec, outcome: { status: number; text: string; requestId: string | null }): AyonHttpError {
    const init: AyonHttpErrorInit = {
      status: outcome.status,
      detail: this.#detailOf(outcome.text),
      requestId: outcome.requestId,
      method: spec.method,
      path: spec.endpoint.path,
      serverUrl: this.serverUrl,
    };
    return outcome.status === 401 || outcome.status === 403 ? new AyonAuthError(init) : new AyonHttpError(init);
  }

  /** AYON's `{code, detail}`; a short plain-text body (e.g. from a proxy) is used as it is. */
  #detailOf(text: string): string | null {
    let detail: string | null = null;
    try {
      const parsed: unknown = JSON.parse(text);
      const d = (parsed as { detail?: unknown } | null)?.detail;
      if (typeof d === "string") detail = d;
    } catch {
      const trimmed = text.trim();
      if (trimmed && trimmed.length <= 200 && !trimmed.startsWith("<")) detail = trimmed;
    }
    return detail === null ? null : this.redact(detail);
  }

  /** A failure that is not a network problem; keep only its text (an error may hold the request's headers). */
  #unexpected(spec: CallSpec, error: unknown): AyonError {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return new AyonError(`AYON ${spec.method} ${spec.endpoint.path} failed unexpectedly (${this.redact(message)}).`);
  }
}

