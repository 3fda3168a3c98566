/**
 * Test helpers for the ShotGrid client: a scripted ShotGrid site on a real `node:http` server (127.0.0.1,
 * random port) and a logger that keeps every line. Each test scripts exactly the answers it needs; the
 * token endpoint behaves as ShotGrid REST API v1 `POST /auth/access_token` does (form body, client_credentials, 401
 * code 102).
 */
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface RecordedRequest {
  method: string;
  /** Path without the query string, e.g. /api/v1/entity/shots/_search. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Reply {
  status: number;
  body?: unknown;
  /** Sent as it is instead of `body` as JSON (an HTML page). */
  raw?: string;
  headers?: Record<string, string>;
  delayMs?: number;
}

/** "drop" destroys the connection without an answer; "hang" never answers; "stall" sends the headers and
 * half a body, then nothing more. */
export type Answer = Reply | "drop" | "hang" | "stall";
export type RouteHandler = (req: RecordedRequest) => Answer | Promise<Answer>;

export interface ScriptedSiteOptions {
  scriptName?: string;
  scriptKey?: string;
  /** `expires_in` of issued tokens, seconds. */
  expiresIn?: number;
  /** Delay before answering a token request (to widen concurrency windows). */
  tokenDelayMs?: number;
}

export const SCRIPT_NAME = "ayon-sync";
/** Long and distinctive so any leak is easy to find in captured text. */
export const SCRIPT_KEY = "kEy-5ecr3t-0123456789abcdefXYZ";

export class ScriptedSite {
  readonly requests: RecordedRequest[] = [];
  /** Tokens issued so far, in order. */
  readonly issuedTokens: string[] = [];
  readonly #routes = new Map<string, RouteHandler | Answer[]>();
  readonly #valid = new Set<string>();
  readonly #sockets = new Set<Socket>();
  readonly #server: Server;
  readonly #opts: Required<ScriptedSiteOptions>;
  url = "";

  private constructor(opts: ScriptedSiteOptions) {
    this.#opts = {
      scriptName: opts.scriptName ?? SCRIPT_NAME,
      scriptKey: opts.scriptKey ?? SCRIPT_KEY,
      expiresIn: opts.expiresIn ?? 600,
      tokenDelayMs: opts.tokenDelayMs ?? 0,
    };
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const url = new URL(req.url ?? "/", "http://127.0.0.1");
        const recorded: RecordedRequest = {
          method: req.method ?? "GET", path: url.pathname, query: url.searchParams, headers: req.headers,
          body: Buffer.concat(chunks).toString("utf8"),
        };
        this.requests.push(recorded);
        void this.#answer(recorded, res);
      });
    });
    this.#server.on("connection", (socket) => {
      this.#sockets.add(socket);
      socket.on("close", () => this.#sockets.delete(socket));
    });
  }

  static async start(opts: ScriptedSiteOptions = {}): Promise<ScriptedSite> {
    const site = new ScriptedSite(opts);
    await new Promise<void>((resolve) => site.#server.listen(0, "127.0.0.1", resolve));
    site.url = `http://127.0.0.1:${(site.#server.address() as AddressInfo).port}`;
    return site;
  }

  /** Answer `METHOD /api/v1<path>` with a handler, or with these answers in turn (the last one repeats). */
  on(method: string, path: string, handler: RouteHandler | Answer[]): this {
    this.#routes.set(`${method} /api/v1${path}`, Array.isArray(handler) ? [...handler] : handler);
    return this;
  }

  /** Requests to one route (token requests excluded unless asked for). */
  calls(method: string, path: string): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && r.path === `/api/v1${path}`);
  }

  get tokenRequests(): RecordedRequest[] {
    return this.calls("POST", "/auth/access_token");
  }

  /** Make every issued token invalid, as an early expiry would. */
  revokeTokens(): void {
    this.#valid.clear();
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #answer(req: RecordedRequest, res: ServerResponse): Promise<void> {
    let answer: Answer;
    if (req.method === "POST" && req.path === "/api/v1/auth/access_token") {
      answer = await this.#token(req);
    } else {
      const route = this.#routes.get(`${req.method} ${req.path}`);
      if (!route) answer = errorReply(404, 103, "Not Found", `No scripted route for ${req.method} ${req.path}`);
      else if (!this.#authorized(req)) answer = errorReply(401, 102, "Unauthorized", "Token Expired");
      else if (Array.isArray(route)) answer = (route.length > 1 ? route.shift() : route[0]) as Answer;
      else answer = await route(req);
    }
    if (answer === "hang") return;
    if (answer === "stall") {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"data": [');
      return;
    }
    if (answer === "drop") {
      res.socket?.destroy();
      return;
    }
    if (answer.delayMs) await new Promise((r) => setTimeout(r, answer.delayMs));
    const text = answer.raw ?? (answer.body === undefined ? "" : JSON.stringify(answer.body));
    res.writeHead(answer.status, {
      "content-type": "application/json",
      "x-request-id": `req-${this.requests.length}`,
      ...answer.headers,
    });
    res.end(text);
  }

  async #token(req: RecordedRequest): Promise<Reply> {
    if (this.#opts.tokenDelayMs) await new Promise((r) => setTimeout(r, this.#opts.tokenDelayMs));
    if (!String(req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded")) {
      return errorReply(415, 103, `Unsupported Content-Type '${String(req.headers["content-type"])}'`, null);
    }
    const form = new URLSearchParams(req.body);
    if (form.get("grant_type") !== "client_credentials") return errorReply(400, 103, "Unsupported grant_type", null);
    if (form.get("client_id") !== this.#opts.scriptName || form.get("client_secret") !== this.#opts.scriptKey) {
      return errorReply(400, 103, `Can't authenticate script '${form.get("client_id")}'`, null);
    }
    const token = `tok-${this.issuedTokens.length + 1}-abcdef0123456789`;
    this.issuedTokens.push(token);
    this.#valid.add(token);
    return { status: 200, body: { token_type: "Bearer", access_token: token, expires_in: this.#opts.expiresIn, refresh_token: `refresh-${token}` } };
  }

  #authorized(req: RecordedRequest): boolean {
    const header = String(req.headers.authorization ?? "");
    return header.startsWith("Bearer ") && this.#valid.has(header.slice(7));
  }
}

/** A ShotGrid error reply (`{errors: [{status, code, title, detail}]}`). */
export function errorReply(status: number, code: number, title: string, detail: string | null, headers?: Record<string, string>): Reply {
  return { status, headers, body: { errors: [{ id: "e0ff", status, code, title, detail, source: null, meta: null }] } };
}

/** A REST record: scalars under attributes; links (objects/arrays with type+id) under relationships. */
export function wireRecord(type: string, id: number, fields: Record<string, unknown> = {}): Record<string, unknown> {
  const attributes: Record<string, unknown> = {};
  const relationships: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    const isLink = (v: unknown) => v !== null && typeof v === "object" && "type" in (v as object) && "id" in (v as object);
    if (isLink(value) || (Array.isArray(value) && value.every(isLink))) relationships[key] = { data: value, links: {} };
    else attributes[key] = value;
  }
  return { type, id, attributes, relationships, links: { self: `/api/v1/entity/x/${id}` } };
}

/** A list envelope of `count` Shot records with ids from `firstId`. */
export function shotPage(firstId: number, count: number): Reply {
  const data = Array.from({ length: count }, (_, i) => wireRecord("Shot", firstId + i, { code: `sh${firstId + i}` }));
  return { status: 200, body: { data, links: { self: "/api/v1/entity/shots/_search", next: "/api/v1/entity/shots/_search?page%5Bnumber%5D=2" } } };
}

export { CapturingLogger } from "@ayon-sg/testing";

/** Tiny retry timings so failure tests stay fast. */
export const FAST_RETRY = { limit: 3, baseDelayMs: 2, maxDelayMs: 20 };
