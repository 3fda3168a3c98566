// One HTTP exchange: what the AYON and ShotGrid clients send their requests with. ky builds and sends the
// request; underneath, a keep-alive node:http transport replaces undici's fetch (measured in the live benchmark:
// ky over the default fetch cost about 1 ms of CPU per request, over this transport less than half of that).
// Headers, body and path go out as they are and the answer comes back as text beside ky's Response
// (keep-alive-fetch.ts), and the time limit is a timer there, so no web stream, Headers copy, URL parse or
// AbortController is made for them.
import ky, { type KyInstance } from "ky";
import { EXCHANGE, keepAliveFetch, RAW_ANSWER, type ExchangeOptions, type KeepAliveFetch, type RawAnswer } from "./keep-alive-fetch.js";

export { ExchangeTimeoutError, formatBytes, ReplyTooLargeError } from "./keep-alive-fetch.js";

/**
 * The default cap on one answer's body, 256 MiB. The largest legitimate answers measured in the bench at --scale 1
 * (72,116 entities; the report's traffic.largestReply): AYON's whole-tree folder list 9.2 MB (scenario 2), a ShotGrid
 * search page 3.7 MB (scenarios 1 and 2) — a margin of over 25 times, room for a project ten times larger. A body
 * past the cap would take several times its size in memory once decoded and parsed.
 */
export const DEFAULT_MAX_REPLY_BYTES = 256 * 1024 * 1024;

export interface HttpExchangeOptions {
  /** The most bytes one answer's body may have (default DEFAULT_MAX_REPLY_BYTES); past it: ReplyTooLargeError. */
  maxReplyBytes?: number;
}

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

export class HttpExchange {
  readonly #transport: KeepAliveFetch;
  readonly #ky: KyInstance;
  readonly #maxReplyBytes: number;
  readonly #origin: string;

  constructor(serverUrl: string, options: HttpExchangeOptions = {}) {
    this.#origin = new URL(serverUrl).origin;
    this.#maxReplyBytes = options.maxReplyBytes ?? DEFAULT_MAX_REPLY_BYTES;
    this.#transport = keepAliveFetch(serverUrl);
    // Retries, timeouts and error mapping belong to the clients' own policies: ky only sends.
    this.#ky = ky.create({ fetch: this.#transport.fetch, retry: 0, timeout: false, throwHttpErrors: false });
  }

  async send(spec: ExchangeRequest): Promise<ExchangeResponse> {
    const exchange: ExchangeOptions = {
      headers: spec.headers,
      body: spec.body,
      path: spec.url.origin === this.#origin ? spec.url.pathname + spec.url.search : undefined,
      timeoutMs: spec.timeoutMs,
      discardBody: spec.discardBody === true,
      maxBodyBytes: this.#maxReplyBytes,
    };
    const options = { method: spec.method, [EXCHANGE]: exchange };
    const response = await this.#ky(spec.url, options);
    const { text, headers } = (response as Response & { [RAW_ANSWER]: RawAnswer })[RAW_ANSWER];
    return { status: response.status, text, headers, header: (name) => headers[name.toLowerCase()] ?? null };
  }

  /** Closes idle keep-alive connections (a client that is done). */
  close(): void {
    this.#transport.close();
  }
}
