// Conformance of the user model with ayon-backend 1.16 (api/users/users.py, ayon_server/entities/user.py):
// `data` as stored (a service user has isService and no isAdmin/isManager), the exposure level.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { ayonSgClient } from "./conformance.test-helpers.js";
import { ADMIN_KEY, MANAGER_KEY, SERVICE_KEY, USER_KEY, startTestAyon, type TestAyon } from "./emulator.test-helpers.js";

let t: TestAyon;

beforeAll(async () => {
  t = await startTestAyon();
});

afterAll(async () => {
  await t.emu.close();
});

describe("GET /api/users/me", () => {
  it("a service user's data has isService only; ayon-sg's client still sees a service user", async () => {
    const me = await ayonSgClient(t.emu.url).me();
    expect(me.name).toBe("service");
    expect(me.data).not.toHaveProperty("isAdmin");
    expect(me.data).not.toHaveProperty("isManager");
    expect(me.data?.isService).toBe(true);
    expect(me.data?.apiKeyPreview).toBe(`${SERVICE_KEY.slice(0, 4)}***${SERVICE_KEY.slice(-4)}`);
  });

  it("uiExposureLevel: 900 admin or service, 700 manager, 500 user", async () => {
    const levels = [];
    for (const key of [SERVICE_KEY, ADMIN_KEY, MANAGER_KEY, USER_KEY]) {
      levels.push(Reflect.get(await ayonSgClient(t.emu.url, key).me(), "uiExposureLevel"));
    }
    expect(levels).toEqual([900, 900, 700, 500]);
  });

  it("keeps the model's field order: name, uiExposureLevel, attrib, data, active, ownAttrib, createdAt, updatedAt", async () => {
    const res = await t.manager.get("/api/users/me");
    expect(Object.keys(res.body)).toEqual(["name", "uiExposureLevel", "attrib", "data", "active", "ownAttrib", "createdAt", "updatedAt"]);
    expect(res.body.data).toEqual({ accessGroups: {}, apiKey: expect.any(String), apiKeyPreview: expect.any(String), defaultAccessGroups: [], isManager: true });
  });
});

describe("GraphQL users", () => {
  it("reports a service user as admin and manager (derived, as entities/user.py does)", async () => {
    const res = await t.service.graphql("{ me { name isAdmin isManager isService apiKeyPreview } }");
    expect(res.body.data.me).toEqual({ name: "service", isAdmin: true, isManager: true, isService: true, apiKeyPreview: `${SERVICE_KEY.slice(0, 4)}***${SERVICE_KEY.slice(-4)}` });
  });
});
