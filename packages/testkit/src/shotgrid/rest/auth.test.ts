import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { startTestSite, tokenFor, type TestSite } from "./sg-http.test-helpers.js";

const SECRET = "s3cr3t-key-value";
let clock = Date.parse("2026-05-01T10:00:00Z");
let site: TestSite;

beforeAll(async () => {
  site = await startTestSite({
    scripts: [
      { name: "ayon-sg", key: SECRET },
      { name: "quiet", key: "quiet-key", generateEventLogEntries: false },
    ],
    humanUsers: [{ login: "alice", name: "Alice Artist", password: "pw-alice" }],
    tokenLifetimeSeconds: 2,
    now: () => new Date(clock),
  });
});
afterAll(() => site.close());

function decode(jwt: string): Record<string, any> {
  return JSON.parse(Buffer.from(jwt.split(".")[1]!, "base64url").toString("utf8"));
}

const form = (p: Record<string, string>) => new URLSearchParams(p).toString();

describe("base, versions, info", () => {
  it("GET /api/v1 answers without a token", async () => {
    const r = await site.call("GET", "/api/v1", { token: null });
    expect(r.status).toBe(200);
    expect(r.body.data.api_version).toBe("1.0");
    expect(r.body.data.shotgun_version).toMatch(/^v8\./);
  });

  it("/api/v1.1 is the same API and its links echo the prefix called", async () => {
    expect((await site.call("GET", "/api/v1.1", { token: null })).body.data.api_version).toBe("1.0");
    const r = await site.call("GET", "/api/v1.1/entity/projects");
    expect(r.status).toBe(200);
    expect(r.body.links.self).toMatch(/^\/api\/v1\.1\/entity\/projects\?/);
  });

  it("/api/v1.2 and /api/v2 are 404 code 103", async () => {
    for (const path of ["/api/v1.2/entity/projects", "/api/v2/entity/projects"]) {
      const r = await site.call("GET", path);
      expect(r.status).toBe(404);
      expect(r.body.errors[0].code).toBe(103);
    }
  });
});

describe("access tokens", () => {
  it("client_credentials in a form body returns a Bearer JWT with exp and the script's ApiUser", async () => {
    const r = await tokenFor(site.url, { grant_type: "client_credentials", client_id: "ayon-sg", client_secret: SECRET });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ token_type: "Bearer", expires_in: 2 });
    const claims = decode(r.body.access_token);
    expect(JSON.parse(Buffer.from(r.body.access_token.split(".")[0], "base64url").toString())).toEqual({ alg: "HS256", typ: "JWT" });
    expect(claims.user).toEqual(site.emu.script("ayon-sg"));
    expect(claims.auth_type).toBe("api_key");
    expect(claims.session_uuid).toBeNull();
    expect(claims.exp - claims.iat).toBeGreaterThanOrEqual(2);
    expect(typeof r.body.refresh_token).toBe("string");
  });

  it("accepts the parameters in the query string (Node/Ruby clients)", async () => {
    const q = form({ grant_type: "client_credentials", client_id: "ayon-sg", client_secret: SECRET });
    const res = await fetch(`${site.url}/api/v1/auth/access_token?${q}`, { method: "POST" });
    expect(res.status).toBe(200);
  });

  it("accepts a charset parameter on the form content type", async () => {
    const res = await fetch(`${site.url}/api/v1/auth/access_token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
      body: form({ grant_type: "client_credentials", client_id: "ayon-sg", client_secret: SECRET }),
    });
    expect(res.status).toBe(200);
  });

  it("a wrong key is 400 Can't authenticate script, and the key never appears in the answer", async () => {
    const r = await tokenFor(site.url, { grant_type: "client_credentials", client_id: "ayon-sg", client_secret: `${SECRET}x` });
    expect(r.status).toBe(400);
    expect(r.body.errors[0].title).toBe("Can't authenticate script 'ayon-sg'");
    expect(JSON.stringify(r.body)).not.toContain(SECRET);
  });

  it("an unknown script is refused the same way", async () => {
    const r = await tokenFor(site.url, { grant_type: "client_credentials", client_id: "nobody", client_secret: "k" });
    expect(r.status).toBe(400);
    expect(r.body.errors[0].title).toBe("Can't authenticate script 'nobody'");
  });

  it("missing arguments are 400 Missing or invalid authentication arguments", async () => {
    const r = await tokenFor(site.url, { grant_type: "client_credentials", client_id: "ayon-sg" });
    expect(r.status).toBe(400);
    expect(r.body.errors[0].title).toBe("Missing or invalid authentication arguments");
  });

  it("a JSON or text body is 415 naming the form type", async () => {
    for (const type of ["application/json", "text/plain"]) {
      const res = await fetch(`${site.url}/api/v1/auth/access_token`, {
        method: "POST",
        headers: { "content-type": type },
        body: JSON.stringify({ grant_type: "client_credentials", client_id: "ayon-sg", client_secret: SECRET }),
      });
      const body = (await res.json()) as any;
      expect(res.status).toBe(415);
      expect(body.errors[0].title).toBe(`Unsupported Content-Type '${type}'`);
      expect(body.errors[0].source.content_type).toBe("Content-Type must be one of: 'application/x-www-form-urlencoded'.");
    }
  });

  it("an unsupported grant_type is 400 code 103", async () => {
    const r = await tokenFor(site.url, { grant_type: "authorization_code", code: "x" });
    expect(r.status).toBe(400);
    expect(r.body.errors[0]).toMatchObject({ code: 103, title: "Unsupported grant_type" });
  });

  it("the password grant authenticates a HumanUser and refuses a wrong password", async () => {
    const ok = await tokenFor(site.url, { grant_type: "password", username: "alice", password: "pw-alice" });
    expect(ok.status).toBe(200);
    expect(decode(ok.body.access_token).user.type).toBe("HumanUser");
    const bad = await tokenFor(site.url, { grant_type: "password", username: "alice", password: "nope" });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).not.toContain("pw-alice");
  });

  it("refresh tokens work once, under both grant spellings", async () => {
    for (const grant of ["refresh", "refresh_token"]) {
      const first = await tokenFor(site.url, { grant_type: "client_credentials", client_id: "ayon-sg", client_secret: SECRET });
      const refreshed = await tokenFor(site.url, { grant_type: grant, refresh_token: first.body.refresh_token });
      expect(refreshed.status).toBe(200);
      expect(refreshed.body.access_token).not.toBe(first.body.access_token);
      const replay = await tokenFor(site.url, { grant_type: grant, refresh_token: first.body.refresh_token });
      expect(replay.status).toBe(401);
    }
  });

  it("an expired token is 401 code 102 Token Expired", async () => {
    const token = await site.token();
    expect((await site.call("GET", "/api/v1/entity/projects", { token })).status).toBe(200);
    clock += 2500;
    const r = await site.call("GET", "/api/v1/entity/projects", { token });
    expect(r.status).toBe(401);
    expect(r.body.errors[0]).toMatchObject({ status: 401, code: 102, title: "Unauthorized", detail: "Token Expired" });
  });

  it("a forged or missing token is 401 code 102 Token invalid", async () => {
    const token = await site.token();
    const forged = `${token.slice(0, -4)}AAAA`;
    for (const t of [forged, "not-a-jwt", null]) {
      const r = await site.call("GET", "/api/v1/entity/projects", { token: t });
      expect(r.status).toBe(401);
      expect(r.body.errors[0]).toMatchObject({ code: 102, detail: "Token invalid" });
    }
  });

  it("sudo_as_login acts as the person; an unknown login is 400 code 102", async () => {
    const bad = await tokenFor(site.url, {
      grant_type: "client_credentials",
      client_id: "ayon-sg",
      client_secret: SECRET,
      scope: "sudo_as_login:ghost",
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toMatchObject({ code: 102, title: "Cannot 'sudo' - unknown or retired user: 'ghost'" });
    const ok = await tokenFor(site.url, {
      grant_type: "client_credentials",
      client_id: "ayon-sg",
      client_secret: SECRET,
      scope: "sudo_as_login:alice",
    });
    expect(decode(ok.body.access_token).sudo_as_login).toBe("alice");
    const created = await site.call("POST", "/api/v1/entity/projects", { token: ok.body.access_token, body: { name: "Sudo Project" } });
    expect(created.status).toBe(201);
    expect(created.body.data.relationships.created_by.data).toMatchObject({ type: "HumanUser", name: "Alice Artist" });
  });

  it("reports every token it issued, so a test can scan its captures for them", async () => {
    const r = await tokenFor(site.url, { grant_type: "client_credentials", client_id: "ayon-sg", client_secret: SECRET });
    const refreshed = await tokenFor(site.url, { grant_type: "refresh", refresh_token: r.body.refresh_token });
    const issued = site.emu.issuedTokens();
    for (const token of [r.body.access_token, r.body.refresh_token, refreshed.body.access_token, refreshed.body.refresh_token]) {
      expect(issued).toContain(token);
    }
    expect(issued).not.toContain(SECRET);
  });
});
