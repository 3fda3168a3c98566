// Options of AyonClient and their validation: a wrong option fails at construction with a clear sentence,
// not later as a 401, a silently ignored header (AYON drops X-Sender values outside NAME_REGEX) or a leak.
import type { Logger } from "../logging/logger.js";
import { AyonConfigError } from "./errors.js";
import { DEFAULT_RETRY, type RetrySettings } from "./retry-policy.js";
import { DEFAULT_MAX_REPLY_BYTES } from "../http/http-exchange.js";
import type { AyonRequestInfo } from "./transport.js";

/** AYON's NAME_REGEX (ayon-backend ayon_server/types.py): senders, sender types, entity and secret names. */
export const NAME_REGEX = /^[a-zA-Z0-9_]([a-zA-Z0-9_.-]*[a-zA-Z0-9_])?$/;

export const DEFAULT_TIMEOUT_MS = 30_000;

export interface AyonClientOptions {
  /** e.g. http://127.0.0.1:5000 (no trailing /api). */
  serverUrl: string;
  apiKey: string;
  /** Sent as X-Sender on every request (NAME_REGEX). */
  sender?: string;
  /** Sent as X-Sender-Type on every request; the runtime gives each plugin its order group's (plugin/order-group.ts). */
  senderType?: string;
  /** Per-request timeout, default 30 s. */
  timeoutMs?: number;
  /**
   * Retries on 502/503/504 and network errors with capped, jittered exponential backoff.
   * Defaults: limit 3 retries (4 attempts), baseDelayMs 250, maxDelayMs 5000.
   */
  retry?: { limit?: number; baseDelayMs?: number; maxDelayMs?: number };
  /** Debug line per request (method, path, status, ms) and a warning per retry. Never headers or bodies. */
  logger?: Logger;
  /** Called once per HTTP attempt, for request counts and latency metrics. */
  onRequest?: (info: AyonRequestInfo) => void;
  /**
   * The most bytes one answer's body may have, default 256 MiB (DEFAULT_MAX_REPLY_BYTES). A larger answer is cut
   * off at the cap and fails its call with AyonReplyTooLargeError (final, not retried).
   */
  maxReplyBytes?: number;
}

export interface ResolvedOptions {
  serverUrl: string;
  timeoutMs: number;
  retry: RetrySettings;
  maxReplyBytes: number;
}

export function resolveOptions(options: AyonClientOptions): ResolvedOptions {
  if (typeof options !== "object" || options === null) {
    throw new AyonConfigError("AyonClient needs an options object with serverUrl and apiKey.");
  }
  if (typeof options.apiKey !== "string" || options.apiKey.trim() === "") {
    throw new AyonConfigError("AyonClient needs a non-empty apiKey (the AYON service user's API key).");
  }
  checkSenderName("sender", options.sender);
  checkSenderName("senderType", options.senderType);
  return {
    serverUrl: normalizeServerUrl(options.serverUrl),
    timeoutMs: positiveInteger("timeoutMs", options.timeoutMs, DEFAULT_TIMEOUT_MS, 1),
    maxReplyBytes: positiveInteger("maxReplyBytes", options.maxReplyBytes, DEFAULT_MAX_REPLY_BYTES, 1),
    retry: {
      limit: positiveInteger("retry.limit", options.retry?.limit, DEFAULT_RETRY.limit, 0),
      baseDelayMs: positiveInteger("retry.baseDelayMs", options.retry?.baseDelayMs, DEFAULT_RETRY.baseDelayMs, 0),
      maxDelayMs: positiveInteger("retry.maxDelayMs", options.retry?.maxDelayMs, DEFAULT_RETRY.maxDelayMs, 0),
    },
  };
}

/** Throws unless `value` is absent or a valid AYON name; AYON itself would silently ignore a bad one. */
export function checkSenderName(option: "sender" | "senderType", value: string | undefined): void {
  if (value === undefined) return;
  if (typeof value !== "string" || !NAME_REGEX.test(value)) {
    throw new AyonConfigError(
      `AyonClient ${option} ${JSON.stringify(value)} is not a valid AYON name (letters, digits, "_", "." and "-", ` +
        `starting and ending with a letter, digit or "_"), and AYON would silently ignore it.`,
    );
  }
}

function normalizeServerUrl(raw: unknown): string {
  if (typeof raw !== "string" || raw.trim() === "") {
    throw new AyonConfigError("AyonClient needs a serverUrl such as http://ayon.example.com:5000.");
  }
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new AyonConfigError(`AyonClient serverUrl ${JSON.stringify(raw)} is not a valid URL.`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new AyonConfigError(`AyonClient serverUrl must start with http:// or https://, got ${url.protocol}//.`);
  }
  // Credentials in the URL would end up in every error message that names the server.
  if (url.username || url.password) {
    throw new AyonConfigError("AyonClient serverUrl must not contain a user name or password; use apiKey instead.");
  }
  if (url.search || url.hash) {
    throw new AyonConfigError("AyonClient serverUrl must not contain a query string or fragment.");
  }
  const normalized = `${url.origin}${url.pathname}`.replace(/\/+$/, "");
  if (/\/api$/.test(normalized)) {
    throw new AyonConfigError(
      `AyonClient serverUrl ${JSON.stringify(raw)} ends with /api; give the server root, e.g. ${normalized.slice(0, -4)}.`,
    );
  }
  return normalized;
}

function positiveInteger(option: string, value: number | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min) {
    throw new AyonConfigError(`AyonClient ${option} must be an integer >= ${min}, got ${String(value)}.`);
  }
  return value;
}
