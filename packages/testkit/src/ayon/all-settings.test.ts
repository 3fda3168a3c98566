// Conformance of GET /api/settings (ayon-backend api/settings/) and an addon's siteSettings: shapes,
// flags and errors as the real 1.16 server answers them, cross-checked with ayon-sg's AyonClient.
import { describe, it, expect, beforeAll, afterAll } from "@jest/globals";
import { deployProject, startTestAyon, type TestAyon } from "./emulator.test-helpers.js";
import { ayonSgClient } from "./conformance.test-helpers.js";

const SG_DEFAULTS = { shotgrid_server: "", service_settings: { script_name: "ayon", poll: 10 } };

describe("GET /api/settings", () => {
  let t: TestAyon;
  beforeAll(async () => {
    t = await startTestAyon({
      addons: [
        { name: "shotgrid", version: "0.6.19", defaults: SG_DEFAULTS },
        { name: "bare", version: "1.0.0" },
      ],
    });
    await deployProject(t.service, "allset");
  });
  afterAll(() => t.emu.close());

  it("answers the production bundle's addons with every non-null field of AddonSettingsItemModel, sorted by title", async () => {
    const res = await t.user.get("/api/settings");
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(["bundleName", "addons", "inheritedAddons"]);
    expect(res.body.addons.map((a: { name: string }) => a.name)).toEqual(["bare", "shotgrid"]);
    const [bare, sg] = res.body.addons;
    expect(sg).toEqual({
      name: "shotgrid", version: "0.6.19", title: "shotgrid",
      hasSettings: true, hasProjectSettings: true, hasProjectSiteSettings: false, hasSiteSettings: false,
      settings: SG_DEFAULTS, siteSettings: {}, isBroken: false, isProjectBundle: false,
    });
    // An addon without a settings model: no has*Overrides keys (None is left out), settings {}.
    expect(bare).toEqual({
      name: "bare", version: "1.0.0", title: "bare",
      hasSettings: false, hasProjectSettings: false, hasProjectSiteSettings: false, hasSiteSettings: false,
      settings: {}, siteSettings: {}, isBroken: false, isProjectBundle: false,
    });
    expect((await t.anonymous.get("/api/settings")).status).toBe(401);
  });

  it("flags overrides only when present (true or absent, never false) and resolves them like the per-addon endpoints", async () => {
    const base = "/api/addons/shotgrid/0.6.19";
    expect((await t.service.post(`${base}/settings`, { shotgrid_server: "https://s.example" })).status).toBe(204);
    expect((await t.service.post(`${base}/settings/allset`, { service_settings: { poll: 3 } })).status).toBe(204);
    const studio = (await t.service.get("/api/settings")).body.addons[1];
    expect(studio.hasStudioOverrides).toBe(true);
    expect(studio).not.toHaveProperty("hasProjectOverrides");
    const project = await t.service.get("/api/settings?project_name=allset&site_id=ws-1");
    expect(project.body.projectName).toBe("allset");
    const item = project.body.addons[1];
    expect(Object.keys(item).slice(7, 10)).toEqual(["hasStudioOverrides", "hasProjectOverrides", "settings"]);
    expect(item).not.toHaveProperty("hasProjectSiteOverrides");
    const client = ayonSgClient(t.emu.url);
    expect(item.settings).toEqual(await client.getAddonSettings("shotgrid", "0.6.19", { project: "allset" }));
    expect(studio.settings).toEqual(await client.getAddonSettings("shotgrid", "0.6.19"));
    expect(item.settings.service_settings.poll).toBe(3);
    // summary: the flags without the values.
    const summary = await t.service.get("/api/settings?project_name=allset&summary=yes");
    expect(summary.body.addons[1]).toMatchObject({ hasProjectOverrides: true, settings: {}, siteSettings: {} });
    await t.service.delete(`${base}/overrides`);
    await t.service.delete(`${base}/overrides/allset`);
    expect((await t.service.get("/api/settings?project_name=allset")).body.addons[1]).not.toHaveProperty("hasStudioOverrides");
  });

  it("answers a repeated request from its cache: settings keys sorted, until settings change", async () => {
    const keysOf = async (q: string) => Object.keys((await t.service.get(`/api/settings?${q}`)).body.addons[1].settings);
    const modelOrder = ["shotgrid_server", "service_settings"];
    expect(await keysOf("variant=production&site=ws-9")).toEqual(modelOrder);
    expect(await keysOf("variant=production&site=ws-9")).toEqual([...modelOrder].sort());
    expect(await keysOf("variant=production&site=ws-8")).toEqual(modelOrder);
    await t.service.post("/api/addons/shotgrid/0.6.19/settings", SG_DEFAULTS);
    expect(await keysOf("variant=production&site=ws-9")).toEqual(modelOrder);
  });

  it("picks the bundle by variant or bundle_name, and answers 404 with the server's status_code echo", async () => {
    expect((await t.service.get("/api/settings?bundle_name=emulator&variant=staging")).body.bundleName).toBe("emulator");
    const notFound = { code: 404, detail: "Bundle not found", status_code: 404 };
    for (const q of ["variant=staging", "variant=my-dev", "bundle_name=nope"]) {
      const res = await t.service.get(`/api/settings?${q}`);
      expect([res.status, res.body]).toEqual([404, notFound]);
    }
    // The project row is read by its exact name.
    for (const name of ["ghost", "ALLSET"]) {
      expect((await t.service.get(`/api/settings?project_name=${name}`)).body).toEqual({ code: 404, detail: "Project not found", status_code: 404 });
    }
    expect((await t.service.get("/api/settings?project_bundle_name=pb")).body.detail).toBe("Project bundle pb not foundStudio production bundle is not set");
  });

  it("validates site, project name, bundle name and summary as 400s, the site first", async () => {
    expect((await t.service.get("/api/settings?site=Bad_Site&summary=maybe")).body).toEqual({ code: 400, detail: "Invalid site id: Bad_Site" });
    const bad = await t.service.get("/api/settings?project_name=a-b");
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ loc: ["query", "project_name"], msg: 'string does not match regex "^[a-zA-Z0-9_]*$"', type: "value_error.str.regex", ctx: { pattern: "^[a-zA-Z0-9_]*$" } }]);
    expect((await t.service.get("/api/settings?bundle_name=-x")).body.errors[0].loc).toEqual(["query", "bundle_name"]);
    expect((await t.service.get("/api/settings?summary=maybe")).body.errors).toEqual([{ loc: ["query", "summary"], msg: "value could not be parsed to a boolean", type: "type_error.bool" }]);
    // An empty site counts as none.
    expect((await t.service.get("/api/settings?site_id=")).status).toBe(200);
  });

  it("answers {} for the site settings of an addon without a site settings model, after checking the site and the addon", async () => {
    expect((await t.user.get("/api/addons/shotgrid/0.6.19/siteSettings?site=ws-1")).body).toEqual({});
    expect((await t.user.get("/api/addons/shotgrid/0.6.19/siteSettings?site=a%20b")).body).toEqual({ code: 400, detail: "Invalid site id: a b" });
    expect((await t.user.get("/api/addons/nope/1.0.0/siteSettings")).body).toEqual({ code: 404, detail: "Addon nope does not exist" });
  });
});
