import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { link, startTestSite, type TestSite } from "./sg-http.test-helpers.js";

let site: TestSite;

beforeAll(async () => {
  site = await startTestSite();
});
afterAll(() => site.close());

const createField = (type: string, dataType: string, properties: Array<{ property_name: string; value: unknown }>) =>
  site.call("POST", `/api/v1/schema/${type}/fields`, { body: { data_type: dataType, properties } });
const nameOf = (r: { body: any }): string => String(r.body.links.self).split("/").pop()!;

describe("schema reads", () => {
  it("GET /schema lists the site's 92 enabled types, Episode included", async () => {
    const r = await site.call("GET", "/api/v1/schema");
    expect(Object.keys(r.body.data)).toHaveLength(92);
    expect(r.body.data.Shot).toEqual({ name: { value: "Shot", editable: false }, visible: { value: true, editable: false } });
    expect(r.body.data).toHaveProperty("Episode");
    expect((await site.call("GET", "/api/v1/schema/Shot")).body.data.name.value).toBe("Shot");
  });

  it("GET /schema/{T}/fields returns wrapped FieldSchemas with valid_types on links", async () => {
    const r = await site.call("GET", "/api/v1/schema/Shot/fields?project_id=1");
    const field = r.body.data.sg_sequence;
    expect(field.data_type).toEqual({ value: "entity", editable: false });
    expect(field.properties.valid_types.value).toEqual(["Sequence"]);
    expect(r.body.data.sg_status_list.properties.valid_values.value).toEqual(["wtg", "ip", "fin", "hld"]);
  });

  it("GET one field; an unknown one is 404 naming it", async () => {
    expect((await site.call("GET", "/api/v1/schema/Shot/fields/code")).body.data.name.value).toBe("Shot Code");
    const r = await site.call("GET", "/api/v1/schema/Version/fields/sg_not_a_field");
    expect(r.status).toBe(404);
    expect(r.body.errors[0].detail).toBe("Field 'Version.sg_not_a_field' does not exist.");
  });
});

describe("field creation", () => {
  it("derives the name from the display name: sg_ + lowercase, other characters as _", async () => {
    const r = await createField("Shot", "text", [{ property_name: "name", value: "Zz Probe 019 With (Parens)" }]);
    expect(r.status).toBe(201);
    expect(r.body.links.self).toBe("/api/v1/schema/Shot/fields/sg_zz_probe_019_with__parens_");
    expect(r.body.data.name.value).toBe("Zz Probe 019 With (Parens)");
    const prefixed = await createField("Shot", "text", [{ property_name: "name", value: "sg_foo" }]);
    expect(nameOf(prefixed)).toBe("sg_sg_foo");
  });

  it("a duplicate display name is 201 with a silent _1 suffix", async () => {
    const first = await createField("Asset", "number", [{ property_name: "name", value: "Dup Field" }]);
    const second = await createField("Asset", "number", [{ property_name: "name", value: "Dup Field" }]);
    expect([nameOf(first), nameOf(second)]).toEqual(["sg_dup_field", "sg_dup_field_1"]);
  });

  it("a checkbox without default_value is 500 Only true or false allowed in checkbox", async () => {
    const r = await createField("Project", "checkbox", [{ property_name: "name", value: "Ayon Auto Sync" }]);
    expect(r.status).toBe(500);
    expect(r.body.errors[0].title).toBe("Only true or false allowed in checkbox");
    const ok = await createField("Project", "checkbox", [
      { property_name: "name", value: "Probe Flag" },
      { property_name: "default_value", value: false },
    ]);
    expect(ok.status).toBe(201);
  });

  it("entity fields need exactly one valid type; color/image are 400, calculated 500", async () => {
    const two = await createField("Shot", "entity", [
      { property_name: "name", value: "Two Types" },
      { property_name: "valid_types", value: ["Asset", "Sequence"] },
    ]);
    expect(two.status).toBe(400);
    expect((await createField("Shot", "color", [{ property_name: "name", value: "Hue" }])).body.errors[0].title).toBe("data_type is not valid");
    expect((await createField("Shot", "image", [{ property_name: "name", value: "Pic" }])).status).toBe(400);
    expect((await createField("Shot", "calculated", [{ property_name: "name", value: "Calc" }])).status).toBe(500);
  });

  it("a new field is usable at once by writes, reads and filters", async () => {
    const field = nameOf(
      await createField("Shot", "entity", [
        { property_name: "name", value: "Hero Asset" },
        { property_name: "valid_types", value: ["Asset"] },
      ]),
    );
    const project = link("Project", site.emu.store.create("Project", { name: "Schema" }).id);
    const asset = site.emu.store.create("Asset", { project, code: "hero" }).id;
    const shot = await site.call("POST", "/api/v1/entity/shots", { body: { project, code: "s", [field]: link("Asset", asset) } });
    expect(shot.status).toBe(201);
    expect(shot.body.data.relationships[field].data).toEqual({ id: asset, name: "hero", type: "Asset" });
    const found = await site.search("shots", { filters: { logical_operator: "and", conditions: [[`${field}.Asset.code`, "is", "hero"]] } });
    expect(found.body.data.map((d: any) => d.id)).toEqual([shot.body.data.id]);
  });
});

describe("field update and delete", () => {
  it("PUT renames; a data_type change is 200 and does nothing", async () => {
    const name = nameOf(await createField("Sequence", "text", [{ property_name: "name", value: "Old Label" }]));
    const r = await site.call("PUT", `/api/v1/schema/Sequence/fields/${name}`, {
      body: { properties: [{ property_name: "name", value: "New Label" }, { property_name: "data_type", value: "number" }] },
    });
    expect(r.status).toBe(200);
    const read = await site.call("GET", `/api/v1/schema/Sequence/fields/${name}`);
    expect(read.body.data.name.value).toBe("New Label");
    expect(read.body.data.data_type.value).toBe("text");
  });

  it("DELETE is 204; the field is gone but its name stays taken; revive brings it back", async () => {
    const name = nameOf(await createField("Episode", "text", [{ property_name: "name", value: "Temp Note" }]));
    expect((await site.call("DELETE", `/api/v1/schema/Episode/fields/${name}`)).status).toBe(204);
    expect((await site.call("GET", `/api/v1/schema/Episode/fields/${name}`)).status).toBe(404);
    const fields = await site.call("GET", "/api/v1/schema/Episode/fields");
    expect(fields.body.data).not.toHaveProperty(name);
    const again = await createField("Episode", "text", [{ property_name: "name", value: "Temp Note" }]);
    expect(again.status).toBe(400);
    expect(again.body.errors[0].title).toBe("schema_field_create() failed, there is a retired field with the same field_name");
    expect((await site.call("POST", `/api/v1/schema/Episode/fields/${name}?revive=true`)).status).toBe(200);
    expect((await site.call("GET", `/api/v1/schema/Episode/fields/${name}`)).status).toBe(200);
  });

  it("a retired field is refused by writes like an unknown one", async () => {
    const name = nameOf(await createField("Shot", "text", [{ property_name: "name", value: "Short Lived" }]));
    await site.call("DELETE", `/api/v1/schema/Shot/fields/${name}`);
    const project = link("Project", site.emu.store.create("Project", { name: "Retired Field" }).id);
    const r = await site.call("POST", "/api/v1/entity/shots", { body: { project, [name]: "x" } });
    expect(r.status).toBe(400);
    expect(r.body.errors[0].title).toBe(`API create() Shot.${name} doesn't exist.`);
  });
});

describe("fresh site", () => {
  it("has no sg_ayon_* field anywhere, while the default site has them", async () => {
    const fresh = await startTestSite({ freshSite: true });
    try {
      for (const type of ["Project", "Shot", "Task", "Asset"]) {
        const keys = Object.keys((await fresh.call("GET", `/api/v1/schema/${type}/fields`)).body.data);
        expect(keys.filter((k) => k.startsWith("sg_ayon_"))).toEqual([]);
      }
      const project = Object.keys((await site.call("GET", "/api/v1/schema/Project/fields")).body.data);
      expect(project).toEqual(expect.arrayContaining(["sg_ayon_auto_sync", "sg_ayon_id", "sg_ayon_sync_status"]));
    } finally {
      await fresh.close();
    }
  });
});
