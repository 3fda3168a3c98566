import { describe, it, expect, beforeAll, afterAll } from "@jest/globals";
import { deployProject, startTestAyon, type TestAyon } from "./emulator.test-helpers.js";

describe("Settings and secrets", () => {
  let t: TestAyon;
  const base = "/api/addons/shotgrid/0.6.19";
  beforeAll(async () => {
    t = await startTestAyon({
      addons: [
        { name: "shotgrid", version: "0.6.19", defaults: { shotgrid_server: "", service_settings: { script_name: "ayon", script_key: "sg_key", poll_interval: 10 }, compatibility: { custom_attribs: ["a"] } } },
        { name: "bare", version: "1.0.0" },
      ],
    });
    await deployProject(t.service, "setproj");
  });
  afterAll(() => t.emu.close());

  describe("addon settings", () => {
    it("lists registered addons", async () => {
      const res = await t.service.get("/api/addons");
      const sg = res.body.addons.find((a: { name: string }) => a.name === "shotgrid");
      expect(sg).toMatchObject({ name: "shotgrid", productionVersion: "0.6.19", versions: { "0.6.19": { hasSettings: true } } });
    });

    it("resolves studio settings as defaults ⊕ studio overrides (lists replace), per variant", async () => {
      expect((await t.service.get(`${base}/settings`)).body.service_settings.poll_interval).toBe(10);
      expect((await t.user.post(`${base}/settings`, { shotgrid_server: "x" })).status).toBe(403);
      const studio = { shotgrid_server: "https://studio.shotgrid.autodesk.com", service_settings: { poll_interval: 3 }, compatibility: { custom_attribs: ["b", "c"] } };
      expect((await t.service.post(`${base}/settings`, studio)).status).toBe(204);
      const resolved = (await t.user.get(`${base}/settings?variant=production`)).body;
      expect(resolved).toEqual({
        shotgrid_server: "https://studio.shotgrid.autodesk.com",
        service_settings: { script_name: "ayon", script_key: "sg_key", poll_interval: 3 },
        compatibility: { custom_attribs: ["b", "c"] },
      });
      // Staging has its own overrides.
      expect((await t.service.get(`${base}/settings?variant=staging`)).body.service_settings.poll_interval).toBe(10);
      expect((await t.service.get(`${base}/overrides`)).body).toEqual(studio);
    });

    // ayon-backend api/addons/studio_settings.py + ayon_server/settings/overrides.py extract_overrides.
    it("reads a POSTed body as the whole model: a partial POST resets the other overridden values to their defaults", async () => {
      await t.service.post(`${base}/settings`, { compatibility: { custom_attribs: ["d"] } });
      const resolved = (await t.service.get(`${base}/settings`)).body;
      expect(resolved).toEqual({ shotgrid_server: "", service_settings: { script_name: "ayon", script_key: "sg_key", poll_interval: 10 }, compatibility: { custom_attribs: ["d"] } });
      // Fields overridden before stay overridden, with the default value (until unpinned).
      expect((await t.service.get(`${base}/overrides`)).body).toEqual({ shotgrid_server: "", service_settings: { poll_interval: 10 }, compatibility: { custom_attribs: ["d"] } });
      // The settings page's way: the whole resolved object back, one value changed; an unpinned path is dropped.
      await t.service.post(`${base}/settings`, { ...resolved, shotgrid_server: "https://s.example", __unpinned_fields__: [["service_settings", "poll_interval"]] });
      expect((await t.service.get(`${base}/overrides`)).body).toEqual({ shotgrid_server: "https://s.example", compatibility: { custom_attribs: ["d"] } });
      // A pinned branch is stored whole even when equal to the resolved value; a pin inside an
      // untouched branch is never reached.
      const pins = [["service_settings"], ["compatibility", "nope"]];
      await t.service.post(`${base}/settings`, { ...resolved, shotgrid_server: "https://s.example", __pinned_fields__: pins });
      expect((await t.service.get(`${base}/overrides`)).body).toEqual({
        shotgrid_server: "https://s.example",
        service_settings: { script_name: "ayon", script_key: "sg_key", poll_interval: 10 },
        compatibility: { custom_attribs: ["d"] },
      });
      expect((await t.service.get(`${base}/settings`)).body.compatibility.custom_attribs).toEqual(["d"]);
    });

    it("resolves project settings on top, with the project as a path segment; a project POST is filled with the model defaults", async () => {
      const studio = (await t.service.get(`${base}/settings`)).body;
      expect(studio.shotgrid_server).toBe("https://s.example");
      // ayon-backend api/addons/project_settings.py: model(**payload), so the studio URL is overridden back to "" here.
      await t.service.post(`${base}/settings/setproj`, { service_settings: { script_name: "proj" } });
      const res = (await t.service.get(`${base}/settings/setproj`)).body;
      expect(res.service_settings).toEqual({ script_name: "proj", script_key: "sg_key", poll_interval: 10 });
      expect(res.shotgrid_server).toBe("");
      expect((await t.service.get(`${base}/overrides/setproj`)).body).toEqual({ shotgrid_server: "", service_settings: { script_name: "proj" }, compatibility: { custom_attribs: ["a"] } });
      await t.service.delete(`${base}/overrides/setproj`);
      // Posting the resolved project settings with one change keeps the studio values.
      await t.service.post(`${base}/settings/setproj`, { ...studio, service_settings: { ...studio.service_settings, script_name: "proj" } });
      expect((await t.service.get(`${base}/overrides/setproj`)).body).toEqual({ service_settings: { script_name: "proj" } });
      expect((await t.service.get(`${base}/settings/setproj`)).body.shotgrid_server).toBe("https://s.example");
      expect((await t.service.get(`${base}/settings`)).body.service_settings.script_name).toBe("ayon");
      expect((await t.service.get(`${base}/settings/ghost`)).status).toBe(404);
    });

    it("answers unknown addons and versions with the server's 404 details", async () => {
      expect((await t.service.get("/api/addons/nope/1.0.0/settings")).body).toEqual({ code: 404, detail: "Addon nope does not exist" });
      expect((await t.service.get("/api/addons/shotgrid/9.9.9/settings")).body).toEqual({ code: 404, detail: "Addon shotgrid version 9.9.9 does not exist" });
    });

    it("returns {} for an addon without settings (studio) and 404 for its project settings", async () => {
      expect((await t.service.get("/api/addons/bare/1.0.0/settings")).body).toEqual({});
      expect((await t.service.get("/api/addons/bare/1.0.0/settings/setproj")).status).toBe(404);
    });
  });

  describe("secrets", () => {
    it("stores (PUT 204, admin), reads one (admin), lists values only for admins, hides _names, deletes", async () => {
      expect((await t.manager.put("/api/secrets/sg_key", { value: "s3cr3t" })).status).toBe(403);
      expect((await t.service.put("/api/secrets/sg_key", { value: "s3cr3t" })).status).toBe(204);
      await t.service.put("/api/secrets/_hidden", { value: "h" });
      expect((await t.admin.get("/api/secrets/sg_key")).body).toEqual({ name: "sg_key", value: "s3cr3t" });
      expect((await t.manager.get("/api/secrets/sg_key")).status).toBe(403);
      expect((await t.admin.get("/api/secrets")).body).toEqual([{ name: "sg_key", value: "s3cr3t" }]);
      const managerList = await t.manager.get("/api/secrets");
      expect(managerList.body).toEqual([{ name: "sg_key" }]);
      expect(managerList.text).not.toContain("s3cr3t");
      expect((await t.user.get("/api/secrets")).status).toBe(403);
      expect((await t.service.delete("/api/secrets/sg_key")).status).toBe(204);
      expect((await t.service.get("/api/secrets/sg_key")).status).toBe(404);
    });

    it("validates secret names", async () => {
      expect((await t.service.put("/api/secrets/bad name", { value: "x" })).status).toBe(400);
      expect((await t.service.put("/api/secrets/sg_key", {})).body).toEqual({ code: 400, detail: "No value provided" });
    });
  });
});
