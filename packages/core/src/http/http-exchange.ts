// One HTTP exchange: what the AYON and ShotGrid clients send their requests with. ky builds and sends the
// request; underneath, a keep-alive node:http transport replaces undici's fetch (measured in the live benchmark:
// ky over the default fetch cost about 1 ms of CPU per request, over this transport less than half of that).
import ky, { type KyInstance } from "ky";
import { keepAliveFetch, RAW_BODY, type KeepAliveFetch } from "./keep-alive-fetch.js";

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
  /** Response headers, names in lower case (a repeated header: its values joined by ", "). */
  headers: Record<string, string>;
  header(name: string): string | null;
}

export class HttpExchange {
  readonly #transport: KeepAliveFetch;
  readonly #ky: KyInstance;

  constructor(serverUrl: string) {
    this.#transport = keepAliveFetch(serverUrl);
    // Retries, timeouts and error mapping belong to the clients' own policies: ky only sends.
    this.#ky = ky.create({ fetch: this.#transport.fetch, retry: 0, timeout: false, throwHttpErrors: false });
  }

  async send(spec: ExchangeRequest): Promise<ExchangeResponse> {
    const options = { method: spec.method, headers: spec.headers, signal: spec.signal, [RAW_BODY]: spec.body };
    const response = await this.#ky(spec.url, options);
    const status = response.status;
    // An error's body is always kept: it says why.
    const keep = !spec.discardBody || status < 200 || status >= 300;
    const text = keep ? await response.text() : "";
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => (headers[name] = value));
    return { status, text, headers, header: (name) => headers[name.toLowerCase()] ?? null };
  }

  /** Closes idle keep-alive connections (a client that is done). */
  close(): void {
    this.#transport.close();
  }
}
