// Conformance of products, versions and representations with ayon-backend 1.16 (REST: api/products,
// api/versions, api/representations; operations: ayon_server/operations/project_level; constraints:
// schemas/schema.project.sql), written through ayon-sg's AyonClient.operations as a publisher would.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { AyonHttpError, ayonSgClient } from "./conformance.test-helpers.js";
import { createFolder, createTask, deployProject, startTestAyon, type TestAyon } from "./emulator.test-helpers.js";
import { newEntityId, pgValue } from "./ids.js";

let t: TestAyon;
const project = "pub";

beforeAll(async () => {
  t = await startTestAyon();
  await deployProject(t.service, project, "pub");
});

afterAll(async () => {
  await t.emu.close();
});

const base = `/api/projects/${project}`;

/** A folder with a product, versions 1 and 2 and a hero, and a representation on v002, through the client. */
async function published(name: string) {
  const folderId = await createFolder(t.service, project, { name, folderType: "Asset" });
  const taskId = await createTask(t.service, project, { name: "model", taskType: "Modeling", folderId });
  const [productId, v1, v2, hero, rep] = [newEntityId(), newEntityId(), newEntityId(), newEntityId(), newEntityId()];
  const res = await ayonSgClient(t.emu.url).operations(project, [
    { type: "create", entityType: "product", entityId: productId, data: { name: "modelMain", folderId, productType: "model" } },
    { type: "create", entityType: "version", entityId: v1, data: { version: 1, productId, taskId } },
    { type: "create", entityType: "version", entityId: v2, data: { version: 2, productId } },
    { type: "create", entityType: "version", entityId: hero, data: { version: -2, productId } },
    { type: "create", entityType: "representation", entityId: rep, data: { name: "ma", versionId: v2, files: [{ id: "f".repeat(32), path: "/p/a.ma", size: 3 }] } },
  ]);
  expect(res.success).toBe(true);
  return { folderId, taskId, productId, v1, v2, hero, rep };
}

describe("REST models", () => {
  it("product, version and representation in model field order with their defaults", async () => {
    const ids = await published("models");
    const product = (await t.service.get(`${base}/products/${ids.productId}`)).body;
    expect(Object.keys(product)).toEqual(["id", "name", "folderId", "productType", "productBaseType", "path", "attrib", "data", "active", "ownAttrib", "status", "tags", "createdBy", "updatedBy", "createdAt", "updatedAt"]);
    expect(product).toMatchObject({ productBaseType: "model", path: "/models/modelMain", status: "Not ready", createdBy: "service" });
    const v1 = (await t.service.get(`${base}/versions/${ids.v1}`)).body;
    expect(Object.keys(v1)).toEqual(["id", "version", "productId", "taskId", "author", "path", "attrib", "data", "active", "ownAttrib", "status", "tags", "createdBy", "updatedBy", "createdAt", "updatedAt"]);
    expect(v1).toMatchObject({ author: "service", path: "/models/modelMain/v001", status: "Pending review" });
    expect((await t.service.get(`${base}/versions/${ids.hero}`)).body.path).toBe("/models/modelMain/HERO");
    const rep = (await t.service.get(`${base}/representations/${ids.rep}`)).body;
    expect(rep).toMatchObject({ path: "/models/modelMain/v002/ma", status: "Omitted", files: [{ id: "f".repeat(32), path: "/p/a.ma", size: 3, hashType: "md5" }] });
    expect(rep).not.toHaveProperty("traits");
  });
});

describe("constraints", () => {
  it("refuses a second active product of the same name (case-insensitive), version number or hero, with the server's details", async () => {
    const ids = await published("uniq");
    const dup = await t.service.post(`${base}/products`, { name: "MODELMAIN", folderId: ids.folderId, productType: "model" });
    expect(dup.body).toEqual({ code: 409, detail: `Product with folder_id, lower(name::text) '${pgValue(ids.folderId)}, modelmain' already exists.` });
    const version = await t.service.post(`${base}/versions`, { version: 2, productId: ids.productId });
    expect(version.body).toEqual({ code: 409, detail: `Version with product_id, version '${pgValue(ids.productId)}, 2' already exists.` });
    expect((await t.service.post(`${base}/versions`, { version: -1, productId: ids.productId })).body).toEqual({ code: 409, detail: "Hero version already exists." });
    const missing = await t.service.post(`${base}/versions`, { version: 1, productId: "a".repeat(32) });
    expect(missing.body.detail).toBe("product_id 'aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa' is not present in table \"products\".");
    const files = await t.service.post(`${base}/representations`, { name: "r", versionId: ids.v1, files: [{ path: "/x" }] });
    expect([files.status, files.body.traceback]).toEqual([400, "files.0.id: field required"]);
  });

  it("a folder holding a product cannot be deleted (409 delete-folder-with-children), by REST, operations or ayon-sg's client", async () => {
    const folderId = await createFolder(t.service, project, { name: "holds", folderType: "Asset" });
    const productId = newEntityId();
    await ayonSgClient(t.emu.url).operations(project, [{ type: "create", entityType: "product", entityId: productId, data: { name: "plate", folderId, productType: "plate" } }]);
    const err = await ayonSgClient(t.emu.url).deleteFolder(project, folderId).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(AyonHttpError);
    expect(err).toMatchObject({ status: 409, detail: "Unable to delete a folder with products or tasks." });
    const ops = await t.service.post(`${base}/operations`, { operations: [{ type: "delete", entityType: "folder", entityId: folderId }] });
    expect(ops.body.operations[0]).toMatchObject({ success: false, status: 409, errorCode: "delete-folder-with-children" });
    // A parent is blocked by a product anywhere below it; force deletes the products too.
    expect((await t.service.get(`${base}/folders/${folderId}`)).body.hasVersions).toBe(false);
    await ayonSgClient(t.emu.url).deleteFolder(project, folderId, { force: true });
    expect((await t.service.get(`${base}/products/${productId}`)).status).toBe(404);
  });

  it("a folder with a version below it reports hasVersions and refuses a rename (403), per changed key", async () => {
    const ids = await published("locked");
    expect((await t.service.get(`${base}/folders/${ids.folderId}`)).body.hasVersions).toBe(true);
    const listed = (await ayonSgClient(t.emu.url).listFolders(project)).find((f) => f.id === ids.folderId);
    expect(listed?.hasVersions).toBe(true);
    const rename = await t.service.patch(`${base}/folders/${ids.folderId}`, { name: "unlocked" });
    expect(rename.body).toEqual({ code: 403, detail: "Cannot change name of a folder with published versions" });
    const retype = await t.service.patch(`${base}/folders/${ids.folderId}`, { folderType: "Shot" });
    expect(retype.body.detail).toBe("Cannot change folder_type of a folder with published versions");
    expect((await t.service.patch(`${base}/folders/${ids.folderId}`, { label: "fine" })).status).toBe(204);
  });

  it("deleting a task keeps its versions (task_id set to null); deleting a product takes its versions and representations", async () => {
    const ids = await published("cascade");
    expect((await t.service.delete(`${base}/tasks/${ids.taskId}`)).status).toBe(204);
    expect((await t.service.get(`${base}/versions/${ids.v1}`)).body).not.toHaveProperty("taskId");
    expect((await t.service.delete(`${base}/products/${ids.productId}`)).status).toBe(204);
    expect((await t.service.get(`${base}/versions/${ids.v2}`)).status).toBe(404);
    expect((await t.service.get(`${base}/representations/${ids.rep}`)).status).toBe(404);
    expect((await t.service.delete(`${base}/folders/${ids.folderId}`)).status).toBe(204);
  });
});

describe("events", () => {
  it("created events name the entity (v001/HERO for versions); change and delete events carry an empty path", async () => {
    const ids = await published("events");
    await t.service.patch(`${base}/products/${ids.productId}`, { productType: "rig" });
    await t.service.delete(`${base}/products/${ids.productId}`);
    const res = await t.service.graphql(`{ events(last: 9) { edges { node { topic description } } } }`);
    const described = res.body.data.events.edges.map((e: { node: { topic: string; description: string } }) => `${e.node.topic}: ${e.node.description}`);
    expect(described).toEqual(expect.arrayContaining([
      "entity.product.created: Product modelMain created",
      "entity.version.created: Version v001 created",
      "entity.version.created: Version HERO created",
      "entity.representation.created: Representation ma created",
      "entity.product.product_type_changed: Changed product  product_type to rig",
      "entity.product.deleted: Product  deleted",
    ]));
  });
});
