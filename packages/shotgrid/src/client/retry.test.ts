import { afterEach, describe, expect, it } from "@jest/globals";
import { ShotgridHttpError, ShotgridUnavailableError } from "./errors.js";
import { ShotgridClient, type ShotgridClientOptions } from "./shotgrid-client.js";
import type { RequestInfo } from "./transport.js";
import { errorReply, FAST_RETRY, SCRIPT_KEY, SCRIPT_NAME, ScriptedSite, shotPage, wireRecord } from "./test-server.test-helpers.js";

let site: ScriptedSite;
afterEach(async () => site?.close());

function client(extra: Partial<ShotgridClientOptions> = {}): ShotgridClient {
  return new ShotgridClient({ siteUrl: site.url, scriptName: SCRIPT_NAME, scriptKey: SCRIPT_KEY, retry: FAST_RETRY, ...extra });
}

const SEARCH = "/entity/shots/_search";
/** The route label onRequest reports for SEARCH: its template. */
const SEARCH_ROUTE = "/entity/{type}/_search";
const searchCalls = () => site.calls("POST", SEARCH).length;

describe("retries on 429, 502/503/504 and network errors", () => {
  it("honours Retry-After seconds on 429", async () => {
    site = await ScriptedSite.start();
    site.on("POST", SEARCH, [errorReply(429, 0, "Too Many Requests", null, { "retry-after": "1" }), shotPage(1, 1)]);
    const started = Date.now();
    const records = await client({ retry: { limit: 2, baseDelayMs: 1, maxDelayMs: 5000 } }).search("Shot", { pageSize: 10 });
    expect(records).toHaveLength(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(searchCalls()).toBe(2);
  });

  it("holds every request of the client for a 429's Retry-After, not only the refused one", async () => {
    site = await ScriptedSite.start();
    let refused = false;
    site.on("POST", SEARCH, () => {
      if (refused) return shotPage(1, 1);
      refused = true;
      return errorReply(429, 0, "Too Many Requests", null, { "retry-after": "1" });
    });
    const sg = client({ retry: { limit: 2, baseDelayMs: 1, maxDelayMs: 5000 } });
    await sg.search("Shot", { pageSize: 10 }).catch(() => undefined); // warms the token; may take the 429 itself
    refused = false;
    site.requests.length = 0;
    const first = sg.search("Shot", { pageSize: 10 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    // Sent after the 429: they wait for the site, instead of each finding out for itself.
    const started = Date.now();
    const later = [sg.search("Shot", { pageSize: 10 }), sg.search("Shot", { pageSize: 10 })].map((p) => p.then(() => Date.now() - started));
    const [waited] = await Promise.all([Promise.all(later), first]);
    for (const ms of waited) expect(ms).toBeGreaterThanOrEqual(800);
    expect(searchCalls()).toBe(4);
  });

  it("after a 429's pause sends one request first, and the waiting ones only once the site answers it", async () => {
    site = await ScriptedSite.start();
    let throttleUntil = 0;
    let refusals = 0;
    site.on("POST", SEARCH, () => {
      if (Date.now() < throttleUntil) {
        refusals += 1;
        return errorReply(429, 0, "Too Many Requests", null, { "retry-after": "1" });
      }
      return shotPage(1, 1);
    });
    const sg = client({ retry: { limit: 5, baseDelayMs: 1, maxDelayMs: 5000 } });
    await sg.search("Shot", { pageSize: 10 }); // warms the token
    throttleUntil = Date.now() + 1500;
    const first = sg.search("Shot", { pageSize: 10 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const waiting = Array.from({ length: 9 }, () => sg.search("Shot", { pageSize: 10 }));
    const results = await Promise.all([first, ...waiting]);
    expect(results.every((records) => records.length === 1)).toBe(true);
    // The first refusal, then one request per pause while the site throttles (at 1 s; at 2 s it answers):
    // not the ten waiting callers at once.
    expect(refusals).toBe(2);
    expect(searchCalls()).toBe(1 + 2 + 10);
  });

  it("caps a long Retry-After at maxDelayMs", async () => {
    site = await ScriptedSite.start();
    site.on("POST", SEARCH, [errorReply(429, 0, "Too Many Requests", null, { "retry-after": "3600" }), shotPage(1, 1)]);
    const started = Date.now();
    await client({ retry: { limit: 2, baseDelayMs: 1, maxDelayMs: 30 } }).search("Shot", { pageSize: 10 });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it.each([503, 502, 504])("retries HTTP %i and succeeds", async (status) => {
    site = await ScriptedSite.start();
    site.on("POST", SEARCH, [{ status, body: "busy" }, { status }, shotPage(1, 3)]);
    expect(await client().search("Shot", { pageSize: 10 })).toHaveLength(3);
    expect(searchCalls()).toBe(3);
  });

  it("stops after limit retries with ShotgridUnavailableError", async () => {
    site = await ScriptedSite.start();
    site.on("POST", SEARCH, [{ status: 503 }]);
    const err = await client().search("Shot").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ShotgridUnavailableError);
    expect(err).toMatchObject({ attempts: 4, reason: "HTTP 503", mayHaveCommitted: false });
    expect((err as Error).message).toBe("ShotGrid was unavailable for POST /entity/shots/_search after 4 attempts (HTTP 503).");
    expect(searchCalls()).toBe(1 + FAST_RETRY.limit);
  });

  // core http/failure-class.ts: what may pass by itself — a 500, a maintenance or SSO page served with 200, a redirect.
  const HTML = { "content-type": "text/html; charset=utf-8" };
  it.each([
    ["HTTP 500", { status: 500, body: { errors: [{ status: 500, code: 0, title: "Shotgun Server Error" }] } }, "HTTP 500"],
    ["an HTML page with 200", { status: 200, raw: "<html><body>Down for maintenance</body></html>", headers: HTML }, "HTTP 200 with a body that is not JSON where JSON was expected"],
    ["a JSON-looking body sent as text/html", { status: 200, raw: '"login"', headers: HTML }, "HTTP 200 with an HTML page where JSON was expected"],
    ["a 302 to a login page", { status: 302, raw: "", headers: { location: "https://sso.example.com/login" } }, "HTTP 302, a redirect (a login or maintenance page)"],
  ])("retries %s, then reports ShotGrid unavailable (which the runtime waits out)", async (_what, reply, reason) => {
    site = await ScriptedSite.start();
    site.on("POST", SEARCH, [reply, shotPage(1, 2)]);
    expect(await client().search("Shot", { pageSize: 10 })).toHaveLength(2);
    site.on("POST", SEARCH, [reply]);
    const err = await client().search("Shot").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ShotgridUnavailableError);
    expect(err).toMatchObject({ reason, unavailable: true, mayHaveCommitted: false });
  });

  it("retries dropped connections of reads", async () => {
    site = await ScriptedSite.start();
    site.on("POST", SEARCH, ["drop", "drop", shotPage(1, 2)]);
    expect(await client().search("Shot", { pageSize: 10 })).toHaveLength(2);
    expect(searchCalls()).toBe(3);
  });

  it("retries a read that times out, then reports the timeout", async () => {
    site = await ScriptedSite.start();
    site.on("GET", "/entity/shots/1", ["hang"]);
    const err = await client({ timeoutMs: 100, retry: { limit: 1, baseDelayMs: 1, maxDelayMs: 1 } }).read("Shot", 1).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ShotgridUnavailableError);
    expect(err).toMatchObject({ attempts: 2, reason: "timeout after 100 ms", mayHaveCommitted: false });
  });

  it("times out a body that starts but never ends", async () => {
    site = await ScriptedSite.start();
    site.on("POST", SEARCH, ["stall", shotPage(1, 1)]);
    const c = client({ timeoutMs: 150 });
    expect(await c.search("Shot", { pageSize: 10 })).toHaveLength(1);
    expect(searchCalls()).toBe(2);
  });

  it.each([
    [400, 103, "API read() Shot.sg_nope doesn't exist.", null],
    [404, 103, "Not Found", "Entity type 'shotz' does not exist."],
    [422, 103, "Unprocessable", "Invalid value"],
  ])("does not retry HTTP %i", async (status, code, title, detail) => {
    site = await ScriptedSite.start();
    site.on("POST", SEARCH, [errorReply(status, code, title, detail)]);
    const err = await client().search("Shot").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ShotgridHttpError);
    expect(err).toMatchObject({ status, code, method: "POST", route: SEARCH, requestId: "req-2" });
    expect(searchCalls()).toBe(1);
  });

  it("builds one clear sentence from title and detail", async () => {
    site = await ScriptedSite.start();
    site.on("POST", SEARCH, [errorReply(400, 103, "API read() Shot.sg_nope doesn't exist.", null)]);
    site.on("GET", "/entity/shots/9", [errorReply(404, 103, "Not Found", "Entity type 'shots' has no route.")]);
    site.on("PUT", "/entity/shots/9", [errorReply(400, 104, "Update failed", "sg_status_list 'zzz' is not a valid status.")]);
    const c = client();
    await expect(c.search("Shot")).rejects.toThrow(
      "ShotGrid refused POST /entity/shots/_search (HTTP 400, code 103): API read() Shot.sg_nope doesn't exist.",
    );
    await expect(c.read("Shot", 9)).rejects.toThrow("ShotGrid refused GET /entity/shots/9 (HTTP 404, code 103): Entity type 'shots' has no route.");
    await expect(c.update("Shot", 9, { sg_status_list: "zzz" })).rejects.toThrow(
      "ShotGrid refused PUT /entity/shots/9 (HTTP 400, code 104): Update failed: sg_status_list 'zzz' is not a valid status.",
    );
  });
});

describe("writes are not blindly repeated", () => {
  const created = { status: 201, body: { data: wireRecord("Shot", 77, { code: "sh010" }) } };

  it.each([["drop" as const], [{ status: 502 }], [{ status: 504 }]])("create is not repeated after %j, where it may have committed", async (first) => {
    site = await ScriptedSite.start();
    site.on("POST", "/entity/shots", [first, created]);
    const err = await client().create("Shot", { code: "sh010" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ShotgridUnavailableError);
    expect(err).toMatchObject({ attempts: 1, mayHaveCommitted: true });
    expect((err as Error).message).toMatch(/it may have been applied, so it was not repeated\.$/);
    expect(site.calls("POST", "/entity/shots")).toHaveLength(1);
  });

  it("create is not repeated after a timeout", async () => {
    site = await ScriptedSite.start();
    site.on("POST", "/entity/shots", ["hang", created]);
    const err = await client({ timeoutMs: 80 }).create("Shot", { code: "sh010" }).catch((e: unknown) => e);
    expect(err).toMatchObject({ attempts: 1, mayHaveCommitted: true, reason: "timeout after 80 ms" });
  });

  it.each([[429], [503]])("create is repeated after HTTP %i, where the server did nothing", async (status) => {
    site = await ScriptedSite.start();
    site.on("POST", "/entity/shots", [{ status }, created]);
    expect(await client().create("Shot", { code: "sh010" })).toEqual({ type: "Shot", id: 77, code: "sh010" });
    expect(site.calls("POST", "/entity/shots")).toHaveLength(2);
  });

  it("create is repeated when the connection was refused (nothing was sent)", async () => {
    site = await ScriptedSite.start();
    site.on("GET", "/entity/shots/1", [{ status: 200, body: { data: wireRecord("Shot", 1) } }]);
    const infos: RequestInfo[] = [];
    const c = client({ retry: { limit: 2, baseDelayMs: 1, maxDelayMs: 1 }, onRequest: (i) => infos.push(i) });
    await c.read("Shot", 1); // holds a token now
    await site.close();
    // Let the client's pooled keep-alive socket see the close; reusing a socket the server just closed is
    // an ambiguous failure (UND_ERR_SOCKET), which a create must not repeat.
    await new Promise((r) => setTimeout(r, 50));
    const err = await c.create("Shot", { code: "x" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ShotgridUnavailableError);
    expect(err).toMatchObject({ attempts: 3, reason: "network error ECONNREFUSED", mayHaveCommitted: false });
    expect(infos.filter((i) => i.route === "/entity/{type}").map((i) => i.status)).toEqual([0, 0, 0]);
  });

  it("update (PUT) is repeated after a dropped connection: setting the same values twice is harmless", async () => {
    site = await ScriptedSite.start();
    site.on("PUT", "/entity/shots/5", ["drop", { status: 200, body: { data: wireRecord("Shot", 5, { code: "b" }) } }]);
    expect(await client().update("Shot", 5, { code: "b" })).toMatchObject({ id: 5, code: "b" });
    expect(site.calls("PUT", "/entity/shots/5")).toHaveLength(2);
  });
});

describe("request reporting", () => {
  it("calls onRequest once per attempt with method, route, status and duration", async () => {
    site = await ScriptedSite.start();
    site.on("POST", SEARCH, [{ status: 503 }, shotPage(1, 1)]);
    const infos: RequestInfo[] = [];
    await client({ onRequest: (i) => infos.push(i) }).search("Shot", { pageSize: 5 });
    expect(infos.map((i) => [i.method, i.route, i.status, i.attempt])).toEqual([
      ["POST", "/auth/access_token", 200, 1],
      ["POST", SEARCH_ROUTE, 503, 1],
      ["POST", SEARCH_ROUTE, 200, 2],
    ]);
    expect(infos.every((i) => Number.isInteger(i.ms) && i.ms >= 0)).toBe(true);
  });

  it("reports status 0 for an attempt without an answer", async () => {
    site = await ScriptedSite.start();
    site.on("POST", SEARCH, ["drop", shotPage(1, 1)]);
    const infos: RequestInfo[] = [];
    await client({ onRequest: (i) => infos.push(i) }).search("Shot", { pageSize: 5 });
    expect(infos.filter((i) => i.route === SEARCH_ROUTE).map((i) => i.status)).toEqual([0, 200]);
  });
});
