// Conformance of server-level endpoints with ayon-backend 1.16: GET /api/info (api/system/info.py) and what
// unrouted requests get (starlette's 405 for any non-GET request, FastAPI's 405 for a known path with another
// method, the GraphQL router's GET).
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { ayonSgClient } from "./conformance.test-helpers.js";
import { startTestAyon, type TestAyon } from "./emulator.test-helpers.js";

let t: TestAyon;

beforeAll(async () => {
  t = await startTestAyon();
});

afterAll(async () => {
  await t.emu.close();
});

describe("GET /api/info", () => {
  it("sends the version and, to a user, the user, attributes, sites, ssoOptions, frontendFlags (a list), extras, disableChangelog", async () => {
    const info = await ayonSgClient(t.emu.url).info();
    expect(info.version).toBe("1.16.0");
    const res = await t.service.get("/api/info");
    expect(Object.keys(res.body)).toEqual(["version", "releaseInfo", "uptime", "user", "attributes", "sites", "ssoOptions", "frontendFlags", "extras", "disableChangelog"]);
    expect(res.body.frontendFlags).toEqual([]);
    const anonymous = await t.anonymous.get("/api/info");
    expect(Object.keys(anonymous.body)).toEqual(["version", "releaseInfo", "uptime"]);
  });
});

describe("unrouted requests", () => {
  it("POST /api/graphql is 405 {detail} (the GraphQL endpoint is /graphql), GET /api/graphql a 404 {code, detail, path}", async () => {
    const post = await t.service.post("/api/graphql", { query: "{ me { name } }" });
    expect([post.status, post.body]).toEqual([405, { detail: "Method Not Allowed" }]);
    const get = await t.service.get("/api/graphql");
    expect([get.status, get.body]).toEqual([404, { code: 404, detail: "API endpoint /api/graphql not found", path: "/api/graphql" }]);
  });

  it("any non-GET request to an unknown path is 405, a known path with another method too, both without `code`", async () => {
    for (const [method, path] of [["POST", "/api/foo/bar"], ["PUT", "/api/whatever"], ["DELETE", "/api/info"]] as const) {
      const res = await t.service.request(method, path, method === "DELETE" ? undefined : {});
      expect([method, path, res.status, res.body]).toEqual([method, path, 405, { detail: "Method Not Allowed" }]);
    }
  });

  it("GET /graphql needs a user and then answers a text 404 (no GraphiQL page)", async () => {
    expect((await t.anonymous.get("/graphql")).status).toBe(401);
    const res = await t.service.get("/graphql");
    expect([res.status, res.text]).toEqual([404, "Not Found"]);
  });
});
