import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { HASH, link, startTestSite, type TestSite } from "./sg-http.test-helpers.js";

let site: TestSite;
let project: { type: string; id: number };

beforeAll(async () => {
  site = await startTestSite();
  project = link("Project", site.emu.store.create("Project", { name: "Batch" }).id);
});
afterAll(() => site.close());

const batch = (body: unknown, contentType?: string) => site.call("POST", "/api/v1/entity/_batch", { body, contentType });
const eventCount = () => site.emu.store.find("EventLogEntry", [], { fields: ["id"] }).length;

describe("_batch", () => {
  it("runs create/update/delete in order and answers 200 with one row per request", async () => {
    const victim = site.emu.store.create("Version", { project, code: "v001" }).id;
    const target = site.emu.store.create("Shot", { project, code: "to-update" }).id;
    const r = await batch({
      requests: [
        { request_type: "create", entity: "Shot", data: { project, code: "sh010" } },
        { request_type: "update", entity: "Shot", record_id: target, data: { description: "batched" } },
        { request_type: "delete", entity: "Version", record_id: victim },
      ],
    });
    expect(r.status).toBe(200);
    const [created, updated, deleted] = r.body.data;
    expect(created.data).toMatchObject({ type: "Shot", attributes: { code: "sh010" } });
    expect(created.data.relationships).toHaveProperty("project");
    expect(updated).toMatchObject({ data: { type: "Shot", id: target, attributes: { description: "batched", code: "to-update" } }, status: 200 });
    expect(updated.links.self).toBe(`/api/v1/entity/shots/${target}`);
    expect(deleted).toMatchObject({ request_type: "delete", type: "Version", id: victim, did_delete: true });
    expect(deleted.uuid).toMatch(/^[0-9a-f-]{36}$/);
    // A batch delete is a retire: revivable like DELETE.
    const revived = await site.call("POST", `/api/v1/entity/versions/${victim}?revive=true`);
    expect(revived.body.meta.did_revive).toBe(true);
  });

  it("{requests: []} is 200 with no rows", async () => {
    const r = await batch({ requests: [] });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ data: [] });
  });

  it("the key is requests: anything else is 400 requests is missing", async () => {
    const r = await batch({ data: [] });
    expect(r.status).toBe(400);
    expect(r.body.errors[0].source).toEqual({ requests: ["requests is missing"] });
  });

  it("only create, update and delete are request types", async () => {
    const r = await batch({ requests: [{ request_type: "read", entity: "Shot", record_id: 1 }] });
    expect(r.status).toBe(400);
    expect(r.body.errors[0].detail).toBe("request_type must be one of: create, update, delete");
  });

  it("entity is the CamelCase schema name; a slug is 400 Invalid entity type", async () => {
    const r = await batch({ requests: [{ request_type: "create", entity: "shots", data: { project, code: "x" } }] });
    expect(r.status).toBe(400);
    expect(r.body.errors[0].title).toBe("Invalid entity type");
  });

  it("entity_id instead of record_id reads as 0 and finds nothing (404)", async () => {
    const id = site.emu.store.create("Shot", { project, code: "y" }).id;
    const r = await batch({ requests: [{ request_type: "update", entity: "Shot", entity_id: id, data: { description: "z" } }] });
    expect(r.status).toBe(404);
  });

  it("is atomic: a failing request rolls back earlier ones and their event log rows, with its own status", async () => {
    const before = eventCount();
    const r = await batch({
      requests: [
        { request_type: "create", entity: "Shot", data: { project, code: "rolled-back" } },
        { request_type: "update", entity: "Shot", record_id: 999999, data: { description: "x" } },
      ],
    });
    expect(r.status).toBe(404);
    expect(r.body.errors[0].code).toBe(104);
    const search = await site.call("POST", "/api/v1/entity/shots/_search", {
      contentType: HASH,
      body: { filters: { logical_operator: "and", conditions: [["code", "is", "rolled-back"]] } },
    });
    expect(search.body.data).toEqual([]);
    expect(eventCount()).toBe(before);
  });

  it("a validation failure in the middle answers 400 and changes nothing", async () => {
    const id = site.emu.store.create("Shot", { project, code: "stable" }).id;
    const r = await batch({
      requests: [
        { request_type: "update", entity: "Shot", record_id: id, data: { code: "changed" } },
        { request_type: "update", entity: "Shot", record_id: id, data: { sg_status_list: "nope" } },
      ],
    });
    expect(r.status).toBe(400);
    expect(site.emu.store.findOne("Shot", id, { fields: ["code"] })!.code).toBe("stable");
  });

  it("the vendor content types are 415 naming application/json", async () => {
    const r = await batch({ requests: [] }, HASH);
    expect(r.status).toBe(415);
    expect(r.body.errors[0].source.content_type).toBe("Content-Type must be one of: 'application/json'.");
  });

  it("reproduces the measured bug: a create without project returns an id for an unreadable row", async () => {
    const r = await batch({ requests: [{ request_type: "create", entity: "Shot", data: { code: "ghost" } }] });
    expect(r.status).toBe(200);
    const id = r.body.data[0].data.id;
    expect(typeof id).toBe("number");
    expect((await site.call("GET", `/api/v1/entity/shots/${id}`)).status).toBe(404);
  });
});
