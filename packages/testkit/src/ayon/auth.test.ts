import { createHash } from "node:crypto";
import { describe, it, expect, beforeAll, afterAll } from "@jest/globals";
import { ADMIN_KEY, SERVICE_KEY, startTestAyon, type TestAyon } from "./emulator.test-helpers.js";

describe("Authentication", () => {
  let t: TestAyon;
  let clock = new Date("2026-11-01T10:00:00Z");
  beforeAll(async () => {
    t = await startTestAyon({ now: () => clock });
  });
  afterAll(() => t.emu.close());

  describe("credentials", () => {
    it("accepts x-api-key", async () => {
      const res = await t.service.get("/api/users/me");
      expect(res.status).toBe(200);
      expect(res.body.name).toBe("service");
    });

    it("accepts Authorization: ApiKey with any scheme case", async () => {
      const res = await t.anonymous.get("/api/users/me", { authorization: `apikey ${SERVICE_KEY}` });
      expect(res.status).toBe(200);
      expect(res.body.name).toBe("service");
    });

    it("answers missing credentials with 401 'Access token is missing'", async () => {
      const res = await t.anonymous.get("/api/users/me");
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ code: 401, detail: "Access token is missing" });
    });

    it("answers an unknown key with 401 'Invalid API key', then 'Invalid session' for 60 s", async () => {
      const key = "UnknownKey0123456789abcdefghijkl";
      const first = await t.anonymous.get("/api/users/me", { "x-api-key": key });
      expect(first.body).toEqual({ code: 401, detail: "Invalid API key" });
      // Provisioning the key now does not help within the cache window (a real-server trap).
      expect((await t.service.put("/api/users/latecomer", { data: { isService: true }, apiKey: key })).status).toBe(204);
      const second = await t.anonymous.get("/api/users/me", { "x-api-key": key });
      expect(second.body).toEqual({ code: 401, detail: "Invalid session" });
      clock = new Date(clock.getTime() + 61_000);
      const third = await t.anonymous.get("/api/users/me", { "x-api-key": key });
      expect(third.status).toBe(200);
      expect(third.body.name).toBe("latecomer");
    });

    it("never echoes a key in an error", async () => {
      const key = "SecretKeyThatMustNotLeak1234567";
      const res = await t.anonymous.get("/api/users/me", { "x-api-key": key });
      expect(res.text).not.toContain(key);
    });

    it("ignores a Bearer value that is not 64 characters (as if missing)", async () => {
      const res = await t.anonymous.get("/api/users/me", { authorization: `Bearer ${SERVICE_KEY}` });
      expect(res.body.detail).toBe("Access token is missing");
    });

    it("lets a service impersonate a user with X-as-user", async () => {
      const res = await t.service.get("/api/users/me", { "x-as-user": "artist" });
      expect(res.body.name).toBe("artist");
      const ignored = await t.admin.get("/api/users/me", { "x-as-user": "artist" });
      expect(ignored.body.name).toBe("boss");
    });
  });

  describe("login, logout, me, info", () => {
    it("logs in with name/password and returns a 64-hex token usable as Bearer, cookie or ?token", async () => {
      const login = await t.anonymous.post("/api/auth/login", { name: "artist", password: "artist-pass" });
      expect(login.status).toBe(200);
      expect(login.body.detail).toBe("Logged in as artist");
      expect(login.body.token).toMatch(/^[0-9a-f]{64}$/);
      expect(login.body.user.name).toBe("artist");
      const token = login.body.token as string;
      expect((await t.anonymous.get("/api/users/me", { authorization: `Bearer ${token}` })).body.name).toBe("artist");
      expect((await t.anonymous.get("/api/users/me", { cookie: `accessToken=${token}` })).body.name).toBe("artist");
      expect((await t.anonymous.get(`/api/users/me?token=${token}`)).body.name).toBe("artist");
      const out = await t.anonymous.post("/api/auth/logout", undefined, { authorization: `Bearer ${token}` });
      expect(out.body).toEqual({ detail: "Logged out" });
      expect((await t.anonymous.get("/api/users/me", { authorization: `Bearer ${token}` })).status).toBe(401);
    });

    it("refuses bad credentials with 403 (auth/password.py ForbiddenException)", async () => {
      const res = await t.anonymous.post("/api/auth/login", { name: "artist", password: "wrong" });
      expect(res.status).toBe(403);
      expect(res.text).not.toContain("wrong");
    });

    it("serves /api/info without authentication, adding user and attributes with it", async () => {
      const anon = await t.anonymous.get("/api/info");
      expect(anon.status).toBe(200);
      expect(anon.body.version).toBe("1.16.0");
      expect(anon.body).toHaveProperty("releaseInfo");
      expect(typeof anon.body.uptime).toBe("number");
      expect(anon.body.user).toBeUndefined();
      const authed = await t.service.get("/api/info");
      expect(authed.body.user.name).toBe("service");
      expect(authed.body.attributes.map((a: { name: string }) => a.name)).toContain("fps");
    });

    // ayon-backend api/users/users.py + entities/user.py: `data` as stored, the exposure level added.
    it("/api/users/me: a service user's data has isService only, the key's preview and a peppered hash, never the key", async () => {
      const res = await t.service.get("/api/users/me");
      expect(res.body.uiExposureLevel).toBe(900);
      expect(res.body.data).toEqual({
        accessGroups: {},
        apiKey: expect.stringMatching(/^[0-9a-f]{64}$/),
        apiKeyPreview: `${SERVICE_KEY.slice(0, 4)}***${SERVICE_KEY.slice(-4)}`,
        defaultAccessGroups: [],
        isService: true,
      });
      expect(res.body.data.apiKey).not.toBe(createHash("sha256").update(SERVICE_KEY).digest("hex"));
      expect(res.text).not.toContain(SERVICE_KEY);
      expect(res.text).not.toMatch(/password/i);
    });

    it("/api/info leaves out a service user's uiExposureLevel and sends frontendFlags as a list", async () => {
      const res = await t.service.get("/api/info");
      expect(res.body.user).not.toHaveProperty("uiExposureLevel");
      expect(res.body.frontendFlags).toEqual([]);
      expect(res.body.disableChangelog).toBe(false);
      const admin = await t.admin.get("/api/info");
      expect(admin.body.user.uiExposureLevel).toBe(900);
      expect(admin.body.user.data).toMatchObject({ isAdmin: true });
    });
  });

  describe("service users", () => {
    it("treats service users as admin and manager", async () => {
      // Admin-only endpoint: secrets.
      expect((await t.service.put("/api/secrets/probe", { value: "x" })).status).toBe(204);
      expect((await t.service.get("/api/secrets/probe")).status).toBe(200);
    });

    it("creates a service user (manager only) that can then authenticate", async () => {
      const key = "FreshServiceKey0123456789abcdefg";
      expect((await t.user.put("/api/users/svc-one", { data: { isService: true }, apiKey: key })).status).toBe(403);
      expect((await t.service.put("/api/users/svc-one", { active: true, data: { isService: true }, apiKey: key })).status).toBe(204);
      const me = await t.anonymous.get("/api/users/me", { "x-api-key": key });
      expect(me.body.name).toBe("svc-one");
      expect(me.body.data.isService).toBe(true);
    });

    it("refuses an existing name (409), an apiKey on a non-service user (400), a malformed key (500), a bad name (400)", async () => {
      expect((await t.service.put("/api/users/artist", { data: {} })).body).toEqual({ code: 409, detail: "User already exists" });
      expect((await t.service.put("/api/users/plainkey", { data: {}, apiKey: "A".repeat(32) })).status).toBe(400);
      expect((await t.service.put("/api/users/shortkey", { data: { isService: true }, apiKey: "short" })).status).toBe(500);
      expect((await t.service.put("/api/users/-bad-", { data: {} })).status).toBe(400);
    });

    it("only lets admins create admins or services", async () => {
      const res = await t.manager.put("/api/users/sneaky", { data: { isService: true }, apiKey: "B".repeat(32) });
      expect(res.status).toBe(403);
      expect((await t.admin.put("/api/users/okservice", { data: { isService: true }, apiKey: ADMIN_KEY.replace("Admin", "Adnim") })).status).toBe(204);
    });
  });
});
