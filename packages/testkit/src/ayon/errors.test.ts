// Conformance of error answers with ayon-backend 1.16: FastAPI validation mapped to 400 with a traceback
// naming each field without `body.` (ayon_server/api/server.py), entity ids checked for length first
// (ayon_server/utils/entity_id.py), PostgreSQL's details with dashed uuids, the deploy endpoint's 409
// (api/projects/deploy.py) and its unhandled 500 for names the project model refuses.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { AyonHttpError, ayonSgClient } from "./conformance.test-helpers.js";
import { createFolder, deployProject, startTestAyon, type TestAyon } from "./emulator.test-helpers.js";
import { NAME_REGEX } from "./naming.js";

let t: TestAyon;
let project: string;

beforeAll(async () => {
  t = await startTestAyon();
  project = await deployProject(t.service, "errs", "errs");
});

afterAll(async () => {
  await t.emu.close();
});

const rejection = (promise: Promise<unknown>) => promise.then(() => { throw new Error("expected a rejection"); }, (err: unknown) => err);

describe("request validation (400)", () => {
  it("names each field without `body.` in the traceback, keeps the full loc and pydantic's ctx in errors", async () => {
    const res = await t.service.post(`/api/projects/${project}/folders`, { name: "bad name!", folderType: "Shot" });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      code: 400,
      detail: `Request validation error in [POST] /api/projects/${project}/folders`,
      path: `/api/projects/${project}/folders`,
      traceback: `name: string does not match regex "${NAME_REGEX.source}"`,
      errors: [{ loc: ["body", "name"], msg: `string does not match regex "${NAME_REGEX.source}"`, type: "value_error.str.regex", ctx: { pattern: NAME_REGEX.source } }],
    });
    expect(NAME_REGEX.source).toBe("^[a-zA-Z0-9_]([a-zA-Z0-9_\\.\\-]*[a-zA-Z0-9_])?$");
  });

  it("reports nested locations and enum context (operations)", async () => {
    const res = await t.service.post(`/api/projects/${project}/operations`, { operations: [{ type: "bogus" }] });
    expect(res.body.traceback).toBe("operations.0.type: unexpected value; permitted: 'create', 'update', 'delete'\noperations.0.entityType: field required");
    expect(res.body.errors[0].ctx).toEqual({ given: "bogus", permitted: ["create", "update", "delete"] });
  });

  it("checks an entity id's length before its pattern", async () => {
    const short = await t.service.get(`/api/projects/${project}/folders/xyz`);
    expect(short.body.traceback).toBe("folder_id: ensure this value has at least 32 characters");
    expect(short.body.errors[0]).toEqual({ loc: ["path", "folder_id"], msg: "ensure this value has at least 32 characters", type: "value_error.any_str.min_length", ctx: { limit_value: 32 } });
    const upper = await t.service.get(`/api/projects/${project}/folders/${"A".repeat(32)}`);
    expect(upper.body.errors[0].type).toBe("value_error.str.regex");
  });

  it("reaches ayon-sg's client as an AyonHttpError with the status and the server's detail", async () => {
    const err = await rejection(ayonSgClient(t.emu.url).createFolder(project, { name: "bad name!", folderType: "Shot" }));
    expect(err).toBeInstanceOf(AyonHttpError);
    expect(err).toMatchObject({ status: 400, detail: `Request validation error in [POST] /api/projects/${project}/folders` });
  });
});

describe("database answers", () => {
  it("prints uuids with dashes in unique and foreign-key details (409)", async () => {
    const parent = await createFolder(t.service, project, { name: "seq", folderType: "Sequence" });
    const dashed = `${parent.slice(0, 8)}-${parent.slice(8, 12)}-${parent.slice(12, 16)}-${parent.slice(16, 20)}-${parent.slice(20)}`;
    await createFolder(t.service, project, { name: "sh010", folderType: "Shot", parentId: parent });
    const err = await rejection(ayonSgClient(t.emu.url).createFolder(project, { name: "SH010", folderType: "Shot", parentId: parent }));
    expect(err).toMatchObject({ status: 409, detail: `Folder with parent_id, lower(name::text) '${dashed}, sh010' already exists.` });
    const fk = await t.service.post(`/api/projects/${project}/tasks`, { name: "t", taskType: "Nope", folderId: "a".repeat(32) });
    expect(fk.body).toEqual({ code: 409, detail: "folder_id 'aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa' is not present in table \"folders\"." });
  });

  it("answers an unknown entity with 404 {code, detail}; ayon-sg's client reads it as null", async () => {
    const missing = "b".repeat(32);
    expect((await t.service.get(`/api/projects/${project}/folders/${missing}`)).body).toEqual({ code: 404, detail: `Entity ${missing} not found` });
    expect(await ayonSgClient(t.emu.url).getFolder(project, missing)).toBeNull();
  });

  it("refuses update/delete operations without entity_id before running any", async () => {
    const res = await t.service.post(`/api/projects/${project}/operations`, { operations: [{ type: "update", entityType: "folder" }] });
    expect(res.body).toEqual({ code: 400, detail: "entity_id is required for update/delete" });
  });
});

describe("POST /api/projects", () => {
  it("409 names the existing project (name and code) whether the name or the code clashes", async () => {
    const client = ayonSgClient(t.emu.url);
    await expect(client.createProject({ name: "Errs", code: "other" })).rejects.toMatchObject({ status: 409, detail: "Project errs (errs) already exists" });
    await expect(client.createProject({ name: "fresh", code: "ERRS" })).rejects.toMatchObject({ status: 409, detail: "Project errs (errs) already exists" });
  });

  it("a name or code the project model refuses is an unhandled 500 {status, detail, traceback}", async () => {
    const res = await t.service.post("/api/projects", { name: "bad name", code: "bad code" });
    expect(res.status).toBe(500);
    expect(Object.keys(res.body)).toEqual(["status", "detail", "traceback"]);
    expect(res.body.detail).toBe(
      "pydantic.error_wrappers.ValidationError: 2 validation errors for ProjectModel\n" +
        `name\n  string does not match regex "${NAME_REGEX.source}" (type=value_error.str.regex; pattern=${NAME_REGEX.source})\n` +
        'code\n  string does not match regex "^[a-zA-Z0-9_]*$" (type=value_error.str.regex; pattern=^[a-zA-Z0-9_]*$)',
    );
    const dotted = await t.service.post("/api/projects", { name: "ok.name", code: "okc" });
    expect([dotted.status, dotted.body.detail]).toEqual([500, expect.stringMatching(/^asyncpg\.exceptions\.InFailedSQLTransactionError/)]);
  });
});
