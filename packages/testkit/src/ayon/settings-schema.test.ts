// Conformance of the addon settings schema endpoints (ayon-backend api/addons/studio_settings.py,
// project_settings.py, site_settings.py) as far as the emulator can answer them without the Python model.
import { describe, it, expect, beforeAll, afterAll } from "@jest/globals";
import { deployProject, startTestAyon, type TestAyon } from "./emulator.test-helpers.js";

describe("addon settings schemas", () => {
  let t: TestAyon;
  beforeAll(async () => {
    t = await startTestAyon({ addons: [{ name: "shotgrid", version: "0.6.19", defaults: { a: 1 } }, { name: "bare", version: "1.0.0" }] });
    await deployProject(t.service, "schemap");
  });
  afterAll(() => t.emu.close());

  it("answers {} for an addon without a settings model (studio and project schema), and for every site settings schema", async () => {
    expect((await t.user.get("/api/addons/bare/1.0.0/schema")).body).toEqual({});
    expect((await t.user.get("/api/addons/bare/1.0.0/schema/SCHEMAP")).body).toEqual({});
    expect((await t.user.get("/api/addons/shotgrid/0.6.19/siteSettings/schema")).body).toEqual({});
    expect((await t.anonymous.get("/api/addons/bare/1.0.0/schema")).status).toBe(401);
  });

  it("says 501 where the schema would come from a Python settings model", async () => {
    const res = await t.user.get("/api/addons/shotgrid/0.6.19/schema");
    expect(res.status).toBe(501);
    expect(res.body.detail).toContain("Python settings model");
  });

  it("checks the addon, then (project schema) the project before the site", async () => {
    expect((await t.user.get("/api/addons/nope/1.0.0/schema")).body).toEqual({ code: 404, detail: "Addon nope does not exist" });
    expect((await t.user.get("/api/addons/nope/1.0.0/siteSettings/schema")).status).toBe(404);
    expect((await t.user.get("/api/addons/bare/1.0.0/schema/ghost?site=Bad")).body).toEqual({ code: 404, detail: "Project ghost not found" });
    expect((await t.user.get("/api/addons/bare/1.0.0/schema/schemap?site=Bad")).body).toEqual({ code: 400, detail: "Invalid site id: Bad" });
  });
});
