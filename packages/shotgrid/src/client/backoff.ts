/**
 * Retry timing: capped exponential backoff with jitter, and `Retry-After` handling.
 */

export interface RetryPolicy {
  /** Retries after the first attempt (so `limit + 1` attempts at most). */
  limit: number;
  baseDelayMs: number;
  /** No single wait is longer than this, `Retry-After` included. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { limit: 4, baseDelayMs: 250, maxDelayMs: 10_000 };

/**
 * Wait before retry number `retry` (1-based): base·2^(retry-1), capped, then jittered into [50 %, 100 %] of
 * that, so many clients that failed together do not come back together.
 */
export function backoffDelay(policy: RetryPolicy, retry: number, random: () => number = Math.random): number {
  const exp = policy.baseDelayMs * 2 ** Math.max(0, retry - 1);
  const capped = Math.min(policy.maxDelayMs, exp);
  return Math.round(capped * (0.5 + random() / 2));
}

/**
 * `Retry-After` as milliseconds: delta-seconds or an HTTP date (RFC 9110 §10.2.3). null when absent or
 * unreadable. ShotGrid documents no rate limit at all (neither the REST reference nor shotgun_api3), so this follows
 * the HTTP standard.
 */
export function parseRetryAfter(header: string | null, now: number = Date.now()): number | null {
  if (header === null) return null;
  const text = header.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** The wait before the next attempt: the server's `Retry-After` when given (capped), else backoff. */
export function retryWait(policy: RetryPolicy, retry: number, retryAfterMs: number | null): number {
  if (retryAfterMs !== null) return Math.min(policy.maxDelayMs, retryAfterMs);
  return backoffDelay(policy, retry);
}
