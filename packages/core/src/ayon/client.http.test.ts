// The HTTP behaviour every AyonClient method shares: headers, status mapping, retries, timeouts, hooks.
import { afterEach, describe, expect, it } from "@jest/globals";
import { AyonClient, type AyonClientOptions } from "./client.js";
import {
  AyonAuthError, AyonError, AyonHttpError, AyonResponseError, AyonUnavailableError,
} from "./errors.js";
import type { AyonRequestInfo } from "./transport.js";
import { CapturingLogger } from "@ayon-sg/testing";
import { refusedUrl, startScriptedServer, type Reply, type ScriptedServer } from "./test-server.test-helpers.js";

const API_KEY = "abcdefghijklmnopqrstuvwxyz012345";
const INFO = { status: 200, body: { version: "1.16.0", uptime: 12 } };
const FOLDER_ID = "0123456789abcdef0123456789abcdef";

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function clientFor(replies: Reply[], options: Partial<AyonClientOptions> = {}): Promise<AyonClient> {
  server = await startScriptedServer(replies);
  return new AyonClient({
    serverUrl: server.url,
    apiKey: API_KEY,
    retry: { limit: 3, baseDelayMs: 1, maxDelayMs: 4 },
    ...options,
  });
}

const requests = () => server?.requests ?? [];

describe("headers a service sends", () => {
  it("sends x-api-key, x-sender, x-sender-type and content-type on every request", async () => {
    const client = await clientFor([INFO, { status: 200, body: { id: "e".repeat(32) } }], {
      sender: "aysvc_shotgrid",
      senderType: "shotgrid",
    });
    await client.info();
    await client.dispatchEvent({ topic: "shotgrid.event", hash: "sg-1" });
    for (const request of requests()) {
      expect(request.headers["x-api-key"]).toBe(API_KEY);
      expect(request.headers["x-sender"]).toBe("aysvc_shotgrid");
      expect(request.headers["x-sender-type"]).toBe("shotgrid");
      expect(request.headers["content-type"]).toBe("application/json");
      expect(request.headers.authorization).toBeUndefined();
    }
    expect(requests().map((r) => `${r.method} ${r.path}`)).toEqual(["GET /api/info", "POST /api/events"]);
  });

  it("sends no sender headers when none are configured", async () => {
    const client = await clientFor([INFO]);
    await client.info();
    expect(requests()[0]?.headers["x-sender"]).toBeUndefined();
    expect(requests()[0]?.headers["x-sender-type"]).toBeUndefined();
  });

  it("withSender returns a clone with another X-Sender and leaves the original unchanged", async () => {
    const client = await clientFor([INFO, INFO, INFO], { sender: "main", senderType: "shotgrid" });
    const worker = client.withSender("main.worker-2");
    const typed = client.withSender("other", "api");
    await worker.info();
    await client.info();
    await typed.info();
    expect(requests().map((r) => [r.headers["x-sender"], r.headers["x-sender-type"], r.headers["x-api-key"]])).toEqual([
      ["main.worker-2", "shotgrid", API_KEY],
      ["main", "shotgrid", API_KEY],
      ["other", "api", API_KEY],
    ]);
    expect(worker.options.apiKey).toBe(API_KEY);
    expect(worker.serverUrl).toBe(client.serverUrl);
  });

  it("withSender makes one client per sender and sender type, and reuses it", async () => {
    const client = await clientFor([], { sender: "main", senderType: "shotgrid" });
    expect(client.withSender("w1")).toBe(client.withSender("w1"));
    expect(client.withSender("w1", "api")).toBe(client.withSender("w1", "api"));
    expect(client.withSender("w1", "api")).not.toBe(client.withSender("w1"));
    expect(client.withSender("w2")).not.toBe(client.withSender("w1"));
  });

  it("keeps a path prefix of the server URL", async () => {
    server = await startScriptedServer([INFO]);
    const client = new AyonClient({ serverUrl: `${server.url}/ayon/`, apiKey: API_KEY });
    await client.info();
    expect(requests()[0]?.path).toBe("/ayon/api/info");
  });
});

describe("status mapping (global conventions: {code, detail}, X-Request-ID)", () => {
  it("turns 401 into an AyonAuthError a TD understands", async () => {
    const client = await clientFor([{ status: 401, body: { code: 401, detail: "Invalid API key" } }]);
    const error = await client.info().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AyonAuthError);
    expect(error).toBeInstanceOf(AyonHttpError);
    expect((error as Error).message).toBe(`AYON rejected the API key (401 Invalid API key) at ${server?.url}.`);
    expect(requests()).toHaveLength(1);
  });

  it("turns 403 into an AyonAuthError naming the refused call", async () => {
    const client = await clientFor([{ status: 403, body: { code: 403, detail: "Only services can enroll for jobs" } }]);
    const error = await client.enroll({ sourceTopic: "shotgrid.event", targetTopic: "shotgrid.proc" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AyonAuthError);
    expect((error as AyonAuthError).status).toBe(403);
    expect((error as Error).message).toBe(
      `AYON refused POST /api/enroll to the user of the API key (403 Only services can enroll for jobs) at ${server?.url}.`,
    );
  });

  it.each([400, 404, 409, 500, 501])("maps %i to AyonHttpError with status, detail, requestId, method and path, without retrying (a 5xx marked unavailable for the runtime)", async (status) => {
    const client = await clientFor([{ status, body: { code: status, detail: "Something precise" } }, INFO]);
    const error = (await client.getEvent(FOLDER_ID).catch((e: unknown) => e)) as AyonHttpError;
    expect(error).toBeInstanceOf(AyonHttpError);
    expect(error).not.toBeInstanceOf(AyonAuthError);
    expect(error).toMatchObject({ status, detail: "Something precise", requestId: "req0", method: "GET", path: `/api/events/${FOLDER_ID}` });
    // http/failure-class.ts: a 5xx may pass by itself (the runtime waits for it), a 4xx is final.
    expect(error.retryable).toBe(status >= 500);
    expect(error.unavailable).toBe(status >= 500);
    expect(error.message).toBe(`AYON answered ${status} to GET /api/events/${FOLDER_ID} at ${server?.url} (request req0): Something precise.`);
    expect(requests()).toHaveLength(1);
  });

  it("uses a short plain-text body from a proxy as the detail and ignores HTML pages", async () => {
    const client = await clientFor([
      { status: 413, text: "Request Entity Too Large", headers: { "content-type": "text/plain" } },
      { status: 413, text: "<html><body>too large</body></html>", headers: { "content-type": "text/html" } },
    ]);
    expect(await client.info().catch((e: unknown) => e)).toMatchObject({ status: 413, detail: "Request Entity Too Large" });
    expect(await client.info().catch((e: unknown) => e)).toMatchObject({ status: 413, detail: null });
  });

  it("reports a 2xx body that is not JSON, or lacks a field the caller relies on, as AyonResponseError", async () => {
    const client = await clientFor([
      { status: 200, text: "<html>proxy login</html>", headers: { "content-type": "text/html" } },
      { status: 200, body: { uptime: 3 } },
    ]);
    const notJson = await client.info().catch((e: unknown) => e);
    expect(notJson).toBeInstanceOf(AyonResponseError);
    expect((notJson as Error).message).toBe("AYON answered GET /api/info with a body this client cannot read: the body is not JSON.");
    // An HTML page may pass by itself (http/failure-class.ts); a JSON body of the wrong shape will not.
    expect((notJson as AyonResponseError).unavailable).toBe(true);
    const missing = await client.info().catch((e: unknown) => e);
    expect((missing as AyonResponseError).unavailable).toBe(false);
    expect((missing as AyonResponseError).issues).toEqual(["version: Invalid input: expected string, received undefined"]);
  });

  it("refuses an empty path parameter before sending anything", async () => {
    const client = await clientFor([]);
    await expect(client.getFolder("", FOLDER_ID)).rejects.toThrow("needs a non-empty project");
    expect(requests()).toHaveLength(0);
  });
});

describe("retries (502/503/504, network errors) with capped, jittered exponential backoff", () => {
  it.each([502, 503, 504])("retries %i and succeeds", async (status) => {
    const client = await clientFor([{ status }, { status }, INFO]);
    await expect(client.info()).resolves.toMatchObject({ version: "1.16.0" });
    expect(requests()).toHaveLength(3);
  });

  it("gives up after limit + 1 attempts with the last status, marked retryable", async () => {
    const client = await clientFor([{ status: 503 }, { status: 502 }, { status: 503 }, { status: 503, body: { code: 503, detail: "busy" } }, INFO]);
    const error = (await client.info().catch((e: unknown) => e)) as AyonHttpError;
    expect(error).toBeInstanceOf(AyonHttpError);
    expect(error.status).toBe(503);
    expect(error.retryable).toBe(true);
    expect(requests()).toHaveLength(4);
  });

  it("retries a dropped connection and a body cut off mid-way", async () => {
    const client = await clientFor([{ drop: true }, { partial: '{"vers', then: "cut" }, INFO]);
    await expect(client.info()).resolves.toMatchObject({ version: "1.16.0" });
    expect(requests()).toHaveLength(3);
  });

  it("waits between attempts, doubling up to the cap, and warns once per retry", async () => {
    const logger = new CapturingLogger();
    const client = await clientFor([{ status: 503 }, { status: 503 }, { status: 503 }, INFO], {
      logger,
      retry: { limit: 3, baseDelayMs: 40, maxDelayMs: 80 },
    });
    const started = performance.now();
    await client.info();
    // Equal jitter: at least half of 40, 80, 80 (capped).
    expect(performance.now() - started).toBeGreaterThanOrEqual(20 + 40 + 40 - 5);
    const warnings = logger.at("warn");
    expect(warnings.map((w) => w.meta.retry)).toEqual([1, 2, 3]);
    expect(warnings[0]?.message).toMatch(/^AYON GET \/api\/info failed \(status 503\); retry 1 of 3 in \d+ ms$/);
    for (const [i, w] of warnings.entries()) {
      expect(w.meta.delayMs as number).toBeGreaterThanOrEqual([20, 40, 40][i] as number);
      expect(w.meta.delayMs as number).toBeLessThanOrEqual([40, 80, 80][i] as number);
    }
  });

  it("retries connection refused and then reports AyonUnavailableError with the server URL and cause", async () => {
    const url = await refusedUrl();
    const seen: AyonRequestInfo[] = [];
    const client = new AyonClient({ serverUrl: url, apiKey: API_KEY, retry: { limit: 2, baseDelayMs: 1, maxDelayMs: 2 }, onRequest: (i) => seen.push(i) });
    const error = (await client.info().catch((e: unknown) => e)) as AyonUnavailableError;
    expect(error).toBeInstanceOf(AyonUnavailableError);
    expect(error).toMatchObject({ serverUrl: url, attempts: 3, maybeApplied: false, method: "GET", path: "/api/info" });
    expect(error.retryable).toBe(true);
    expect(error.message).toBe(`AYON at ${url} did not complete GET /api/info (connection refused) after 3 attempts.`);
    expect((error.cause as { code?: string }).code).toBe("ECONNREFUSED");
    expect(seen.map((s) => s.status)).toEqual([0, 0, 0]);
  });

  it("does not retry a retry-limit of 0", async () => {
    const client = await clientFor([{ status: 503 }, INFO], { retry: { limit: 0 } });
    await expect(client.info()).rejects.toMatchObject({ status: 503 });
    expect(requests()).toHaveLength(1);
  });
});

describe("timeouts (per attempt, body included)", () => {
  it("times out a request that gets no answer and retries it", async () => {
    const client = await clientFor([{ hang: true }, INFO], { timeoutMs: 100 });
    await expect(client.info()).resolves.toMatchObject({ version: "1.16.0" });
    expect(requests()).toHaveLength(2);
  });

  it("times out a body that stalls after the headers", async () => {
    const client = await clientFor([{ partial: '{"version"', then: "stall" }, { partial: "{", then: "stall" }], {
      timeoutMs: 100,
      retry: { limit: 1, baseDelayMs: 1, maxDelayMs: 1 },
    });
    const error = (await client.info().catch((e: unknown) => e)) as AyonUnavailableError;
    expect(error).toBeInstanceOf(AyonUnavailableError);
    expect(error.message).toBe(`AYON at ${server?.url} did not complete GET /api/info (no answer within 100 ms) after 2 attempts.`);
    expect(error.maybeApplied).toBe(true);
  });
});

describe("observability: onRequest hook and debug lines", () => {
  it("reports method, route template, status, ms and attempt per HTTP attempt", async () => {
    const seen: AyonRequestInfo[] = [];
    const logger = new CapturingLogger();
    const folder = { id: FOLDER_ID, name: "sh010", folderType: "Shot", parentId: null, attrib: {}, data: {}, active: true };
    const client = await clientFor([{ status: 502 }, { status: 200, body: folder }], { onRequest: (i) => seen.push(i), logger });
    await client.getFolder("demo", FOLDER_ID);
    expect(seen.map(({ ms, ...rest }) => rest)).toEqual([
      { method: "GET", route: "/api/projects/{project}/folders/{id}", status: 502, attempt: 1 },
      { method: "GET", route: "/api/projects/{project}/folders/{id}", status: 200, attempt: 2 },
    ]);
    for (const info of seen) expect(info.ms).toBeGreaterThanOrEqual(0);
    const debug = logger.at("debug");
    expect(debug).toHaveLength(2);
    expect(debug[1]?.message).toMatch(new RegExp(`^AYON GET /api/projects/demo/folders/${FOLDER_ID} 200 in [\\d.]+ ms$`));
    expect(debug[1]?.meta).toMatchObject({ method: "GET", route: "/api/projects/{project}/folders/{id}", status: 200, attempt: 2 });
  });

  it("survives an onRequest hook that throws", async () => {
    const logger = new CapturingLogger();
    const client = await clientFor([INFO], { logger, onRequest: () => { throw new Error("metrics down"); } });
    await expect(client.info()).resolves.toMatchObject({ version: "1.16.0" });
    expect(logger.at("warn").map((l) => l.message)).toEqual(["AyonClient onRequest hook threw: metrics down"]);
  });

  it("all errors share the AyonError base", async () => {
    const client = await clientFor([{ status: 404, body: { detail: "Event not found" } }]);
    await expect(client.getEvent(FOLDER_ID)).rejects.toBeInstanceOf(AyonError);
  });
});
