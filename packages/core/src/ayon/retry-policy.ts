// When a failed AYON request may be sent again, and how long to wait first.
//
// Every failure falls in one of three classes:
//  - "not-sent":   the connection was never established (refused, DNS, unreachable). Nothing reached AYON,
//                  so any call may be repeated, even a non-idempotent one.
//  - "ambiguous":  the request may have reached AYON and been applied (connection reset or closed mid-way,
//                  timeout, 502/504 from a proxy). Only idempotent calls, or calls whose repetition the
//                  server or the client detects (hash, client-made ids), may be repeated.
//  - "busy":       AYON itself answered 503: it did not run the request (pool exhausted, duplicate enroll
//                  in flight). Repeating is safe for idempotent calls; non-idempotent ones treat it like
//                  "ambiguous" because a proxy in front of AYON may also answer 503.

export type FailureClass = "not-sent" | "ambiguous" | "busy";

/** Which failures a call may retry: everything retryable, or only failures where nothing was sent. */
export type RetryMode = "idempotent" | "if-not-sent";

export interface RetrySettings {
  /** Retries after the first attempt (so `limit + 1` attempts at most). */
  limit: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetrySettings = { limit: 3, baseDelayMs: 250, maxDelayMs: 5_000 };

/** HTTP statuses worth retrying; everything else (400, 404, 409, 500, ...) is a definite answer. */
export function failureClassOfStatus(status: number): FailureClass | null {
  if (status === 503) return "busy";
  if (status === 502 || status === 504) return "ambiguous";
  return null;
}

export function mayRetry(mode: RetryMode, failure: FailureClass): boolean {
  return mode === "idempotent" || failure === "not-sent";
}

/**
 * Delay before retry number `retry` (1-based): exponential from `baseDelayMs`, capped at `maxDelayMs`, then
 * "equal jitter" (half fixed, half random) so a fleet of workers does not hammer a recovering server in step
 * while each still waits a sensible minimum.
 */
export function backoffDelayMs(retry: number, settings: RetrySettings, random: () => number = Math.random): number {
  const exponential = settings.baseDelayMs * 2 ** Math.max(0, retry - 1);
  const capped = Math.min(settings.maxDelayMs, exponential);
  return Math.round(capped / 2 + random() * (capped / 2));
}

/** Connection-level error codes meaning the request never left this machine or never reached a server. */
const NOT_SENT_CODES = new Set([
  "ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "EADDRNOTAVAIL",
  "UND_ERR_CONNECT_TIMEOUT",
]);

export interface NetworkFailure {
  failure: FailureClass;
  /** e.g. ECONNREFUSED, ECONNRESET, UND_ERR_SOCKET, TIMEOUT. */
  code: string;
  /** A short description safe to show: never the request, its URL query or headers. */
  description: string;
}

/**
 * Classifies an error thrown by fetch/ky (or by reading the body) by walking its `cause` chain. Returns null
 * for errors that are not network failures (programming errors must surface as they are).
 */
export function classifyNetworkError(error: unknown, timedOut: boolean, timeoutMs: number): NetworkFailure | null {
  if (timedOut) {
    return { failure: "ambiguous", code: "TIMEOUT", description: `no answer within ${timeoutMs} ms` };
  }
  let code: string | null = null;
  let message: string | null = null;
  let networkLike = false;
  // Duck-typed, not instanceof: undici's errors may come from another realm (e.g. under jest's vm modules).
  for (let e: unknown = error, depth = 0; isErrorLike(e) && depth < 6; e = e.cause, depth++) {
    if (typeof e.code === "string" && code === null) code = e.code;
    if (e.name === "NetworkError" || (e.name === "TypeError" && /fetch failed|terminated/.test(String(e.message)))) {
      networkLike = true;
    }
    // The innermost message names the actual socket problem ("connect ECONNREFUSED 127.0.0.1:5000").
    if (typeof e.message === "string") message = e.message;
  }
  if (!networkLike && code === null) return null;
  const resolved = code ?? "ENETWORK";
  return {
    failure: NOT_SENT_CODES.has(resolved) ? "not-sent" : "ambiguous",
    code: resolved,
    description: describeNetworkFailure(resolved, message),
  };
}

function isErrorLike(value: unknown): value is { name?: unknown; message?: unknown; code?: unknown; cause?: unknown } {
  return typeof value === "object" && value !== null && "message" in value;
}

function describeNetworkFailure(code: string, message: string | null): string {
  switch (code) {
    case "ECONNREFUSED": return "connection refused";
    case "ECONNRESET": return "connection reset";
    case "UND_ERR_SOCKET": return "connection closed by the server";
    case "ENOTFOUND": return "host not found";
    case "UND_ERR_CONNECT_TIMEOUT": return "connect timeout";
    default: return message && message.length < 120 ? `${code}: ${message}` : code;
  }
}
