// Conformance of thumbnails with ayon-backend 1.16 (api/thumbnails/thumbnails.py, helpers/thumbnails/*).
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { createFolder, deployProject, startTestAyon, type TestAyon } from "./emulator.test-helpers.js";

let t: TestAyon;
let folderId: string;
const project = "thumbs";
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");

beforeAll(async () => {
  t = await startTestAyon();
  await deployProject(t.service, project, "thumbs");
  folderId = await createFolder(t.service, project, { name: "f", folderType: "Folder" });
});

afterAll(async () => {
  await t.emu.close();
});

const upload = (path: string, bytes: Uint8Array | string, contentType = "image/png") =>
  t.service.request("POST", path, bytes, { "content-type": contentType });

describe("entity thumbnails", () => {
  it("without one: a placeholder PNG (200), or 404 with ?placeholder=none", async () => {
    const res = await t.service.get(`/api/projects/${project}/folders/${folderId}/thumbnail`);
    expect([res.status, res.headers.get("content-type"), res.headers.get("cache-control")]).toEqual([200, "image/png", "public, max-age=3600"]);
    expect((await t.service.get(`/api/projects/${project}/folders/${folderId}/thumbnail?placeholder=none`)).body).toEqual({ code: 404, detail: "No thumbnail available" });
  });

  it("refuses empty, non-image and non-png/jpeg uploads with 415 (400 without a content type)", async () => {
    const path = `/api/projects/${project}/folders/${folderId}/thumbnail`;
    expect((await upload(path, new Uint8Array(0))).body).toEqual({ code: 415, detail: "Thumbnail cannot be empty" });
    expect((await upload(path, "0123456789abcdef")).body).toEqual({ code: 415, detail: "Invalid image format" });
    expect((await upload(path, PNG, "image/gif")).body).toEqual({ code: 415, detail: "Thumbnail must be in png or jpeg format" });
  });

  it("an upload sets thumbnailId and a new thumbnailHash, reports the affected entity, and is served back", async () => {
    const res = await upload(`/api/projects/${project}/folders/${folderId}/thumbnail`, PNG);
    expect(res.body).toEqual({ id: expect.stringMatching(/^[0-9a-f]{32}$/), affectedEntities: [{ entityType: "folder", entityId: folderId, thumbnailHash: expect.stringMatching(/^[0-9a-f]{6}$/), thumbnailId: null }] });
    const folder = (await t.service.get(`/api/projects/${project}/folders/${folderId}`)).body;
    expect(folder.thumbnailId).toBe(res.body.id);
    expect(folder.data.thumbnailHash).toMatch(/^[0-9a-f]{6}$/);
    const image = await fetch(`${t.emu.url}/api/projects/${project}/folders/${folderId}/thumbnail`, { headers: { "x-api-key": "ServiceKey0123456789abcdefghijkl" } });
    expect(Buffer.from(await image.arrayBuffer()).equals(PNG)).toBe(true);
    expect([image.headers.get("x-thumbnail-source"), image.headers.get("x-thumbnail-id")]).toEqual(["folder", res.body.id]);
    const gql = await t.service.graphql(`{ project(name: "${project}") { folder(id: "${folderId}") { thumbnailId thumbnailHash thumbnail { id } } } }`);
    expect(gql.body.data.project.folder).toEqual({ thumbnailId: res.body.id, thumbnailHash: folder.data.thumbnailHash, thumbnail: { id: res.body.id } });
  });
});

describe("POST/GET /api/projects/{p}/thumbnails", () => {
  it("stores a free thumbnail (no affected entity); an unknown id answers the placeholder with 203", async () => {
    const res = await upload(`/api/projects/${project}/thumbnails`, PNG);
    expect(res.body.affectedEntities).toEqual([]);
    expect((await t.service.get(`/api/projects/${project}/thumbnails/${res.body.id}`)).status).toBe(200);
    expect((await t.service.get(`/api/projects/${project}/thumbnails/${"a".repeat(32)}`)).status).toBe(203);
    expect((await t.user.get(`/api/projects/${project}/thumbnails/${res.body.id}`)).status).toBe(403);
  });
});
