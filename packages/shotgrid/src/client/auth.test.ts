import { afterEach, describe, expect, it } from "@jest/globals";
import { ShotgridAuthError, ShotgridError } from "./errors.js";
import { ShotgridClient, type ShotgridClientOptions } from "./shotgrid-client.js";
import { renewalMarginMs } from "./token-manager.js";
import { FAST_RETRY, SCRIPT_KEY, SCRIPT_NAME, ScriptedSite, shotPage } from "./test-server.test-helpers.js";

let site: ScriptedSite;
afterEach(async () => site?.close());

function client(extra: Partial<ShotgridClientOptions> = {}): ShotgridClient {
  return new ShotgridClient({ siteUrl: site.url, scriptName: SCRIPT_NAME, scriptKey: SCRIPT_KEY, retry: FAST_RETRY, ...extra });
}

describe("authentication", () => {
  it("asks for a token with a form-encoded client_credentials grant and sends it as a bearer token", async () => {
    site = await ScriptedSite.start();
    site.on("POST", "/entity/shots/_search", [shotPage(1, 2)]);
    await client().search("Shot", { pageSize: 10 });
    const [tokenReq] = site.tokenRequests;
    expect(tokenReq?.headers["content-type"]).toMatch(/^application\/x-www-form-urlencoded/);
    expect(Object.fromEntries(new URLSearchParams(tokenReq?.body))).toEqual({
      grant_type: "client_credentials", client_id: SCRIPT_NAME, client_secret: SCRIPT_KEY,
    });
    // Credentials travel in the body, never in the URL (where proxies log them).
    expect(tokenReq?.query.toString()).toBe("");
    expect(site.calls("POST", "/entity/shots/_search")[0]?.headers.authorization).toBe(`Bearer ${site.issuedTokens[0]}`);
  });

  it("reuses one token for many calls while it is fresh", async () => {
    site = await ScriptedSite.start({ expiresIn: 600 });
    site.on("POST", "/entity/shots/_search", [shotPage(1, 1)]);
    const c = client();
    for (let i = 0; i < 5; i += 1) await c.search("Shot", { pageSize: 10 });
    expect(site.tokenRequests).toHaveLength(1);
  });

  it("re-authenticates before expiry: 90 s early, or at half of a short lifetime", async () => {
    expect(renewalMarginMs(600_000)).toBe(90_000);
    expect(renewalMarginMs(60_000)).toBe(30_000);
    site = await ScriptedSite.start({ expiresIn: 1 });
    site.on("POST", "/entity/shots/_search", [shotPage(1, 1)]);
    const c = client();
    await c.search("Shot", { pageSize: 10 });
    await c.search("Shot", { pageSize: 10 });
    expect(site.tokenRequests).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 600)); // past half the 1 s lifetime, before expiry
    await c.search("Shot", { pageSize: 10 });
    expect(site.tokenRequests).toHaveLength(2);
    // The early renewal means the server never had to refuse a token.
    expect(site.requests.filter((r) => r.path.endsWith("_search")).every((r) => r.headers.authorization?.startsWith("Bearer tok-"))).toBe(true);
    expect(site.calls("POST", "/entity/shots/_search").at(-1)?.headers.authorization).toBe(`Bearer ${site.issuedTokens[1]}`);
  });

  it("shares one token request among 20 concurrent calls", async () => {
    site = await ScriptedSite.start({ tokenDelayMs: 50 });
    site.on("POST", "/entity/shots/_search", [shotPage(1, 1)]);
    const c = client();
    const results = await Promise.all(Array.from({ length: 20 }, () => c.search("Shot", { pageSize: 10 })));
    expect(results).toHaveLength(20);
    expect(site.tokenRequests).toHaveLength(1);
    expect(site.calls("POST", "/entity/shots/_search")).toHaveLength(20);
  });

  it("on 401 code 102 gets one fresh token (shared by concurrent calls) and retries once", async () => {
    site = await ScriptedSite.start();
    site.on("POST", "/entity/shots/_search", [shotPage(1, 1)]);
    const c = client();
    await c.search("Shot", { pageSize: 10 });
    site.revokeTokens();
    const results = await Promise.all(Array.from({ length: 20 }, () => c.search("Shot", { pageSize: 10 })));
    expect(results.every((r) => r.length === 1)).toBe(true);
    expect(site.tokenRequests).toHaveLength(2);
    expect(site.calls("POST", "/entity/shots/_search")).toHaveLength(1 + 20 + 20);
  });

  it("gives up with ShotgridAuthError when a fresh token is refused too", async () => {
    site = await ScriptedSite.start();
    site.on("GET", "/entity/shots/5", [{ status: 401, body: { errors: [{ status: 401, code: 102, title: "Unauthorized", detail: "Token invalid" }] } }]);
    const err = await client().read("Shot", 5).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ShotgridAuthError);
    expect((err as Error).message).toBe(`ShotGrid refused a fresh access token for script '${SCRIPT_NAME}' at ${site.url} (Token invalid).`);
    expect(site.tokenRequests).toHaveLength(2);
    expect(site.calls("GET", "/entity/shots/5")).toHaveLength(2);
  });

  it("reports bad credentials in one clear sentence, without retrying them", async () => {
    site = await ScriptedSite.start();
    const c = new ShotgridClient({ siteUrl: `${site.url}/`, scriptName: "wrong-script", scriptKey: "not-the-key-123", retry: FAST_RETRY });
    const err = await c.read("Shot", 1).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ShotgridAuthError);
    expect((err as Error).message).toBe(`ShotGrid rejected script 'wrong-script' at ${site.url} (Can't authenticate script 'wrong-script').`);
    expect(site.tokenRequests).toHaveLength(1);
  });

  it("says to check the site URL when there is no token endpoint", async () => {
    site = await ScriptedSite.start();
    const c = new ShotgridClient({ siteUrl: `${site.url}/not-shotgrid`, scriptName: SCRIPT_NAME, scriptKey: SCRIPT_KEY, retry: FAST_RETRY });
    const err = await c.read("Shot", 1).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ShotgridError);
    expect((err as Error).message).toMatch(/has no REST token endpoint .*check the site URL\.$/);
  });

  it("accepts a site URL given with /api/v1 and refuses a non-http one", async () => {
    site = await ScriptedSite.start();
    site.on("GET", "/entity/shots/1", [{ status: 404, body: { errors: [{ status: 404, code: 104, title: "Not Found", detail: "Shot: 1 not found" }] } }]);
    const c = new ShotgridClient({ siteUrl: `${site.url}/api/v1/`, scriptName: SCRIPT_NAME, scriptKey: SCRIPT_KEY });
    expect(await c.read("Shot", 1)).toBeNull();
    expect(c.siteUrl).toBe(site.url);
    expect(() => new ShotgridClient({ siteUrl: "ftp://x", scriptName: "a", scriptKey: "b" })).toThrow(/http\(s\) address/);
    expect(() => new ShotgridClient({ siteUrl: site.url, scriptName: "", scriptKey: "b" })).toThrow(/scriptName/);
    expect(() => new ShotgridClient({ siteUrl: site.url, scriptName: "a", scriptKey: "" })).toThrow(/application key of script 'a'/);
  });
});
