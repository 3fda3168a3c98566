import { afterEach, describe, expect, it } from "@jest/globals";
import { ShotgridHttpError, ShotgridInputError } from "./errors.js";
import { ShotgridClient } from "./shotgrid-client.js";
import { errorReply, FAST_RETRY, SCRIPT_KEY, SCRIPT_NAME, ScriptedSite, wireRecord } from "./test-server.test-helpers.js";
import { addLinks, sgFloat } from "./values.js";

let site: ScriptedSite;
afterEach(async () => site?.close());

const client = () => new ShotgridClient({ siteUrl: site.url, scriptName: SCRIPT_NAME, scriptKey: SCRIPT_KEY, retry: FAST_RETRY });
const notFound = errorReply(404, 104, "Not Found", "Entity of type [Shot] with id=5 does not exist.");

describe("read", () => {
  it("GETs one record with fields and returns it flattened", async () => {
    site = await ScriptedSite.start();
    site.on("GET", "/entity/shots/5", [{ status: 200, body: { data: wireRecord("Shot", 5, { code: "sh5", project: { type: "Project", id: 1, name: "P" } }) } }]);
    const record = await client().read("Shot", 5, { fields: ["code", "project"] });
    expect(record).toEqual({ type: "Shot", id: 5, code: "sh5", project: { type: "Project", id: 1, name: "P" } });
    expect(site.calls("GET", "/entity/shots/5")[0]?.query.get("fields")).toBe("code,project");
    expect(site.calls("GET", "/entity/shots/5")[0]?.query.has("options[return_only]")).toBe(false);
  });

  it("asks for retired rows with options[return_only]=retired", async () => {
    site = await ScriptedSite.start();
    site.on("GET", "/entity/shots/5", [{ status: 200, body: { data: wireRecord("Shot", 5) } }]);
    await client().read("Shot", 5, { retired: true });
    expect(site.calls("GET", "/entity/shots/5")[0]?.query.get("options[return_only]")).toBe("retired");
  });

  it("returns null for 404 code 104 (missing or retired row), once", async () => {
    site = await ScriptedSite.start();
    site.on("GET", "/entity/shots/5", [notFound]);
    expect(await client().read("Shot", 5)).toBeNull();
    expect(site.calls("GET", "/entity/shots/5")).toHaveLength(1);
  });

  it("throws for 404 code 103 (unknown entity type): that is a bug, not a missing row", async () => {
    site = await ScriptedSite.start();
    site.on("GET", "/entity/custom_entity99s/5", [errorReply(404, 103, "Not Found", "Entity type 'custom_entity99s' does not exist.")]);
    await expect(client().read("CustomEntity99", 5)).rejects.toBeInstanceOf(ShotgridHttpError);
  });

  it("refuses ids that are not positive integers", async () => {
    site = await ScriptedSite.start();
    for (const id of [0, -1, 1.5, Number.NaN]) await expect(client().read("Shot", id)).rejects.toBeInstanceOf(ShotgridInputError);
    expect(site.requests).toHaveLength(0);
  });
});

describe("create / update / delete / revive", () => {
  it("creates with a JSON body (floats as strings) and returns the 201 record", async () => {
    site = await ScriptedSite.start();
    site.on("POST", "/entity/shots", [{ status: 201, body: { data: wireRecord("Shot", 900, { code: "sh900", created_at: "2026-09-04 03:51:48 UTC" }) } }]);
    const project = { type: "Project", id: 70 };
    const record = await client().create("Shot", { project, code: "sh900", sg_fps: sgFloat(24) });
    expect(record).toEqual({ type: "Shot", id: 900, code: "sh900", created_at: "2026-09-04 03:51:48 UTC" });
    const req = site.calls("POST", "/entity/shots")[0]!;
    expect(req.headers["content-type"]).toBe("application/json");
    expect(req.body).toBe('{"project":{"type":"Project","id":70},"code":"sh900","sg_fps":"24.0"}');
  });

  it("updates with PUT and only the given fields; multi-entity modes go in the body", async () => {
    site = await ScriptedSite.start();
    site.on("PUT", "/entity/shots/5", [{ status: 200, body: { data: wireRecord("Shot", 5, { code: "new" }) } }]);
    await client().update("Shot", 5, { code: "new", assets: addLinks([{ type: "Asset", id: 3, name: "a" }]) });
    expect(JSON.parse(site.calls("PUT", "/entity/shots/5")[0]!.body)).toEqual({
      code: "new", assets: { multi_entity_update_mode: "add", value: [{ type: "Asset", id: 3 }] },
    });
  });

  it("refuses record data that is not an object", async () => {
    site = await ScriptedSite.start();
    await expect(client().create("Shot", [] as never)).rejects.toThrow("Record data must be an object of field values.");
  });

  it("deletes (retires) with 204 → true; a row already gone → false", async () => {
    site = await ScriptedSite.start();
    site.on("DELETE", "/entity/shots/5", [{ status: 204 }, notFound]);
    const c = client();
    expect(await c.delete("Shot", 5)).toBe(true);
    expect(await c.delete("Shot", 5)).toBe(false);
  });

  it("revives with ?revive=true and returns meta.did_revive", async () => {
    site = await ScriptedSite.start();
    const revived = (did: boolean) => ({ status: 200, body: { data: { type: "Shot", id: 5 }, links: {}, meta: { did_revive: did } } });
    site.on("POST", "/entity/shots/5", [revived(true), revived(false), { status: 200, body: { data: { type: "Shot", id: 5 } } }]);
    const c = client();
    expect(await c.revive("Shot", 5)).toBe(true);
    expect(await c.revive("Shot", 5)).toBe(false);
    await expect(c.revive("Shot", 5)).rejects.toThrow(/without meta.did_revive/);
    expect(site.calls("POST", "/entity/shots/5").map((r) => r.query.get("revive"))).toEqual(["true", "true", "true"]);
  });
});
