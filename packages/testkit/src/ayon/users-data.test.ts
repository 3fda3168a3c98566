// ayon-backend api/users/users.py (1.16): PUT stores `data` as given, GET of another user shows managers the whole
// payload `data` included, PATCH merges `data` one level (entities/core/patch.py: null deletes a key), sets `active`.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { startTestAyon, type TestAyon } from "./emulator.test-helpers.js";

describe("users: data and PATCH", () => {
  let t: TestAyon;
  beforeAll(async () => {
    t = await startTestAyon();
  });
  afterAll(() => t.emu.close());

  it("keeps free data keys, merges a patch one level deep, and a null removes a key", async () => {
    expect((await t.service.put("/api/users/ann", { attrib: { email: "ann@s.com" }, data: { sg_user_id: 12, note: "x" } })).status).toBe(204);
    expect((await t.service.get("/api/users/ann")).body).toMatchObject({ name: "ann", active: true, attrib: { email: "ann@s.com" }, data: { sg_user_id: 12, note: "x" } });
    expect((await t.service.patch("/api/users/ann", { active: false, data: { note: null, sg_user_deactivated: true } })).status).toBe(204);
    const after = (await t.service.get("/api/users/ann")).body;
    expect(after.active).toBe(false);
    expect(after.data).toMatchObject({ sg_user_id: 12, sg_user_deactivated: true, updatedBy: "service" });
    expect(after.data.note).toBeUndefined();
    expect(after.attrib).toEqual({ email: "ann@s.com" });
  });

  it("a plain user may not patch others; an unknown user is 404; a guest flag is refused", async () => {
    await t.service.put("/api/users/bob", {});
    expect((await t.user.patch("/api/users/bob", { data: { sg_user_id: 1 } })).status).toBe(403);
    expect((await t.service.patch("/api/users/nobody", { data: {} })).status).toBe(404);
    expect((await t.service.patch("/api/users/bob", { data: { isGuest: true } })).status).toBe(400);
  });
});
