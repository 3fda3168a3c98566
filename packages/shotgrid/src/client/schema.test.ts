import { afterEach, describe, expect, it } from "@jest/globals";
import { ShotgridError, ShotgridInputError } from "./errors.js";
import { fieldCodeFor } from "./schema.js";
import { ShotgridClient } from "./shotgrid-client.js";
import { CapturingLogger, errorReply, FAST_RETRY, SCRIPT_KEY, SCRIPT_NAME, ScriptedSite, type RecordedRequest } from "./test-server.test-helpers.js";

let site: ScriptedSite;
afterEach(async () => site?.close());

const client = (logger = new CapturingLogger()) =>
  new ShotgridClient({ siteUrl: site.url, scriptName: SCRIPT_NAME, scriptKey: SCRIPT_KEY, retry: FAST_RETRY, logger });

const wrap = (value: unknown, editable = false) => ({ value, editable });
function wireField(entityType: string, name: string, dataType: string, properties: Record<string, unknown> = {}) {
  return {
    name: wrap(name, true), entity_type: wrap(entityType), data_type: wrap(dataType), editable: wrap(true), mandatory: wrap(false),
    unique: wrap(false), visible: wrap(true), description: wrap("", true), custom_metadata: wrap("", true),
    properties: Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, wrap(v, true)])),
  };
}

/** A Project field table that behaves like ShotGrid's: code from the display name, `_1` on a repeat. */
function projectFields(site: ScriptedSite, initial: Record<string, ReturnType<typeof wireField>> = {}) {
  const fields = { ...initial };
  site.on("GET", "/schema/Project/fields", () => ({ status: 200, body: { data: fields } }));
  site.on("POST", "/schema/Project/fields", (req: RecordedRequest) => {
    const body = JSON.parse(req.body) as { data_type: string; properties: Array<{ property_name: string; value: unknown }> };
    const props = Object.fromEntries(body.properties.map((p) => [p.property_name, p.value]));
    if (body.data_type === "checkbox" && props.default_value === undefined) return errorReply(500, 0, "Only true or false allowed in checkbox", null);
    let code = fieldCodeFor(String(props.name));
    while (fields[code]) code = code.match(/_\d+$/) ? code.replace(/_(\d+)$/, (_, n: string) => `_${Number(n) + 1}`) : `${code}_1`;
    const { name, ...rest } = props;
    fields[code] = wireField("Project", String(name), body.data_type, rest);
    return { status: 201, body: { data: fields[code], links: { self: `/api/v1/schema/Project/fields/${code}` } } };
  });
  return fields;
}

describe("schema reads", () => {
  it("unwraps {value, editable} for entity types and fields", async () => {
    site = await ScriptedSite.start();
    site.on("GET", "/schema", [{ status: 200, body: { data: {
      Shot: { name: wrap("Shot"), visible: wrap(true) },
      CustomEntity01: { name: wrap("Disk Location"), visible: wrap(false) },
    } } }]);
    projectFields(site, { sg_ayon_auto_sync: wireField("Project", "Ayon Auto Sync", "checkbox", { default_value: false }) });
    site.on("GET", "/schema/Shot/fields/sg_sequence", [{ status: 200, body: { data: wireField("Shot", "Sequence", "entity", { valid_types: ["Sequence"] }) } }]);
    site.on("GET", "/schema/Shot/fields/sg_nope", [errorReply(404, 103, "Not Found", "Field 'Shot.sg_nope' does not exist.")]);
    const c = client();
    expect(await c.schemaEntities()).toEqual({
      Shot: { type: "Shot", name: "Shot", visible: true },
      CustomEntity01: { type: "CustomEntity01", name: "Disk Location", visible: false },
    });
    expect(await c.schemaFields("Project", { projectId: 70 })).toEqual({
      sg_ayon_auto_sync: {
        code: "sg_ayon_auto_sync", name: "Ayon Auto Sync", entityType: "Project", dataType: "checkbox", editable: true,
        mandatory: false, unique: false, visible: true, description: "", properties: { default_value: false },
      },
    });
    expect(site.calls("GET", "/schema/Project/fields")[0]?.query.get("project_id")).toBe("70");
    expect((await c.schemaField("Shot", "sg_sequence"))?.properties.valid_types).toEqual(["Sequence"]);
    expect(await c.schemaField("Shot", "sg_nope")).toBeNull();
    await expect(c.schemaField("Shot", "../x")).rejects.toBeInstanceOf(ShotgridInputError);
  });
});

describe("ensureField is idempotent", () => {
  it("derives the code like ShotGrid does", () => {
    expect(fieldCodeFor("Ayon Id")).toBe("sg_ayon_id");
    expect(fieldCodeFor("zzprobe 019 With (Parens)")).toBe("sg_zzprobe_019_with__parens_");
    expect(fieldCodeFor("sg_foo")).toBe("sg_sg_foo");
  });

  it("creates a missing field once, with default_value false for a checkbox, and never a _1 duplicate", async () => {
    site = await ScriptedSite.start();
    const fields = projectFields(site);
    const c = client();
    expect(await c.ensureField("Project", { displayName: "Ayon Auto Sync", dataType: "checkbox" })).toBe("sg_ayon_auto_sync");
    expect(await c.ensureField("Project", { displayName: "Ayon Auto Sync", dataType: "checkbox" })).toBe("sg_ayon_auto_sync");
    expect(await client().ensureField("Project", { displayName: "Ayon Auto Sync", dataType: "checkbox" })).toBe("sg_ayon_auto_sync");
    expect(Object.keys(fields)).toEqual(["sg_ayon_auto_sync"]);
    const posts = site.calls("POST", "/schema/Project/fields");
    expect(posts).toHaveLength(1);
    expect(JSON.parse(posts[0]!.body)).toEqual({
      data_type: "checkbox",
      properties: [{ property_name: "name", value: "Ayon Auto Sync" }, { property_name: "default_value", value: false }],
    });
  });

  it("keeps a given checkbox default and passes other properties", async () => {
    site = await ScriptedSite.start();
    projectFields(site);
    await client().ensureField("Project", { displayName: "Flag", dataType: "checkbox", properties: { default_value: true, description: "d" } });
    await client().ensureField("Project", { displayName: "Ayon Sync Status", dataType: "list", properties: { valid_values: ["Synced", "Failed", "Skipped"] } });
    const bodies = site.calls("POST", "/schema/Project/fields").map((r) => JSON.parse(r.body) as { properties: unknown[] });
    expect(bodies[0]?.properties).toEqual([
      { property_name: "name", value: "Flag" }, { property_name: "default_value", value: true }, { property_name: "description", value: "d" },
    ]);
    expect(bodies[1]?.properties).toEqual([
      { property_name: "name", value: "Ayon Sync Status" }, { property_name: "valid_values", value: ["Synced", "Failed", "Skipped"] },
    ]);
  });

  it("shares one creation among concurrent calls for the same field", async () => {
    site = await ScriptedSite.start();
    const fields = projectFields(site);
    const c = client();
    const codes = await Promise.all(Array.from({ length: 5 }, () => c.ensureField("Project", { displayName: "Ayon Id", dataType: "text" })));
    expect(codes).toEqual(Array(5).fill("sg_ayon_id"));
    expect(Object.keys(fields)).toEqual(["sg_ayon_id"]);
  });

  it("refuses a field that exists with another data type", async () => {
    site = await ScriptedSite.start();
    projectFields(site, { sg_ayon_id: wireField("Project", "Ayon Id", "number") });
    await expect(client().ensureField("Project", { displayName: "Ayon Id", dataType: "text" })).rejects.toThrow(
      "Field Project.sg_ayon_id already exists as number, not text; rename one of them.",
    );
    expect(site.calls("POST", "/schema/Project/fields")).toHaveLength(0);
  });

  it("checks the lost-answer case by reading the fields again instead of creating twice", async () => {
    site = await ScriptedSite.start();
    const fields = projectFields(site);
    let first = true;
    site.on("POST", "/schema/Project/fields", () => {
      if (!first) return errorReply(500, 0, "should not be called twice", null);
      first = false;
      fields.sg_ayon_id = wireField("Project", "Ayon Id", "text");
      return "drop";
    });
    expect(await client().ensureField("Project", { displayName: "Ayon Id", dataType: "text" })).toBe("sg_ayon_id");
    expect(site.calls("POST", "/schema/Project/fields")).toHaveLength(1);
  });

  it("explains a retired field whose code stays reserved", async () => {
    site = await ScriptedSite.start();
    projectFields(site);
    site.on("POST", "/schema/Project/fields", [errorReply(400, 103, "schema_field_create() failed, there is a retired field with the same field_name", null)]);
    await expect(client().ensureField("Project", { displayName: "Ayon Id", dataType: "text" })).rejects.toThrow(
      "Field Project.sg_ayon_id was deleted (retired) in ShotGrid and its code stays reserved; revive it in ShotGrid's field manager.",
    );
  });

  it("returns and logs the code ShotGrid really gave when it differs", async () => {
    site = await ScriptedSite.start();
    projectFields(site);
    site.on("POST", "/schema/Project/fields", [{ status: 201, body: { data: wireField("Project", "Ayon Id", "text"), links: { self: "/api/v1/schema/Project/fields/sg_ayon_id_1" } } }]);
    const logger = new CapturingLogger();
    expect(await client(logger).ensureField("Project", { displayName: "Ayon Id", dataType: "text" })).toBe("sg_ayon_id_1");
    expect(logger.entries.find((l) => l.level === "warn")?.meta).toMatchObject({ expected: "sg_ayon_id", created: "sg_ayon_id_1" });
  });

  it("needs exactly one valid type for entity fields", async () => {
    site = await ScriptedSite.start();
    const c = client();
    await expect(c.ensureField("Shot", { displayName: "Parent", dataType: "entity" })).rejects.toThrow(/exactly one entity type/);
    await expect(c.ensureField("Shot", { displayName: "Parent", dataType: "multi_entity", properties: { valid_types: ["Asset", "Shot"] } })).rejects.toThrow(ShotgridError);
    await expect(c.ensureField("Shot", { displayName: " ", dataType: "text" })).rejects.toThrow(/displayName/);
    expect(site.requests).toHaveLength(0);
  });
});
