import { describe, it, expect, beforeAll, afterAll } from "@jest/globals";
import { startTestAyon, deployProject, type TestAyon } from "./emulator.test-helpers.js";

describe("Global conventions", () => {
  let t: TestAyon;
  beforeAll(async () => {
    t = await startTestAyon();
    await deployProject(t.service, "conv");
  });
  afterAll(() => t.emu.close());

  it("listens on 127.0.0.1 with a random port", () => {
    expect(t.emu.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("answers an unknown route with 404 {code, detail, path}", async () => {
    const res = await t.service.get("/api/x");
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ code: 404, detail: "API endpoint /api/x not found", path: "/api/x" });
  });

  it("puts a 16-character X-Request-ID on every response, errors included", async () => {
    const ok = await t.anonymous.get("/api/info");
    const missing = await t.anonymous.get("/api/nothing");
    const unauth = await t.anonymous.get("/api/users/me");
    for (const res of [ok, missing, unauth]) expect(res.headers.get("x-request-id")).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(ok.headers.get("x-request-id")).not.toBe(missing.headers.get("x-request-id"));
  });

  it("answers request validation errors with 400 (not 422) and the server's envelope", async () => {
    const res = await t.service.post("/api/events", { summary: {} });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(400);
    expect(res.body.detail).toBe("Request validation error in [POST] /api/events");
    expect(res.body.errors).toEqual([{ loc: ["body", "topic"], msg: "field required", type: "value_error.missing" }]);
    expect(res.body.path).toBe("/api/events");
  });

  it("treats malformed JSON as a request validation error", async () => {
    const res = await t.service.post("/api/events", "{not json");
    expect(res.status).toBe(400);
    expect(res.body.detail).toBe("Request validation error in [POST] /api/events");
  });

  it("renders errors as {code, detail}", async () => {
    const res = await t.service.get("/api/projects/nope");
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ code: 404, detail: "Project nope not found" });
  });

  it("uses 32-hex ids and camelCase JSON", async () => {
    const res = await t.service.post("/api/events", { topic: "test.topic", summary: { a: 1 } });
    expect(res.body.id).toMatch(/^[0-9a-f]{32}$/);
    const event = await t.service.get(`/api/events/${res.body.id}`);
    expect(Object.keys(event.body)).toEqual(expect.arrayContaining(["senderType", "dependsOn", "createdAt", "updatedAt"]));
    expect(event.body.createdAt).toMatch(/\+00:00$/);
  });

  it("accepts snake_case request bodies as well as camelCase", async () => {
    const folder = await t.service.post("/api/projects/conv/folders", { name: "snake", folder_type: "Shot" });
    expect(folder.status).toBe(201);
    const read = await t.service.get(`/api/projects/conv/folders/${folder.body.id}`);
    expect(read.body.folderType).toBe("Shot");
  });

  it("validates id path parameters as 32 hex characters", async () => {
    const res = await t.service.get("/api/events/not-an-id");
    expect(res.status).toBe(400);
    expect(res.body.errors[0].loc).toEqual(["path", "event_id"]);
  });

  it("answers a known path with a wrong method with 405", async () => {
    const res = await t.service.request("PUT", "/api/info");
    expect(res.status).toBe(405);
  });

  it("keeps the anatomy snake_case", async () => {
    const res = await t.service.get("/api/projects/conv/anatomy");
    expect(Object.keys(res.body)).toEqual(expect.arrayContaining(["folder_types", "task_types", "statuses", "link_types"]));
  });
});
