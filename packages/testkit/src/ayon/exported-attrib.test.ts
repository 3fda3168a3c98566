// Conformance of attribute values on folders with ayon-backend 1.16: the REST list shows each folder's
// exported set (helpers/inherited_attributes.py, helpers/hierarchy_cache.py), the attribute filters
// compare `->>` text of project, parent-exported and own values (graphql/resolvers/folders.py, tasks.py),
// pathEx sees the path with its leading slash, and GraphQL's ownAttrib quirk (graphql/utils.py).
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { ayonSgClient } from "./conformance.test-helpers.js";
import { createFolder, createTask, deployProject, startTestAyon, type TestAyon } from "./emulator.test-helpers.js";
import { jsonbText } from "./jsonb-text.js";

let t: TestAyon;
const project = "exported";

beforeAll(async () => {
  t = await startTestAyon();
  await deployProject(t.service, project, "exp");
  await t.service.patch(`/api/projects/${project}`, { attrib: { description: "project text", fps: 24 } });
  const a = await createFolder(t.service, project, { name: "a", folderType: "Folder", attrib: { description: "parent text", frameStart: 7 } });
  const b = await createFolder(t.service, project, { name: "b", folderType: "Folder", parentId: a });
  await createTask(t.service, project, { name: "t", taskType: "Modeling", folderId: b });
});

afterAll(async () => {
  await t.emu.close();
});

type Edges = { edges: Array<{ node: { name: string } }> };
const names = (c: Edges) => c.edges.map((e) => e.node.name);

describe("GET /api/projects/{p}/folders?attrib=true", () => {
  it("lists a parent's non-inheritable value on the child; ownAttrib only the folder's own keys (ayon-sg's listFolders)", async () => {
    const folders = await ayonSgClient(t.emu.url).listFolders(project, { attrib: true });
    const byName = new Map(folders.map((f) => [f.name, f]));
    expect(byName.get("a")).toMatchObject({ attrib: expect.objectContaining({ description: "parent text", fps: 24, frameStart: 7 }), ownAttrib: ["frameStart", "description"] }); // jsonb key order
    expect(byName.get("b")).toMatchObject({ attrib: expect.objectContaining({ description: "parent text", fps: 24, frameStart: 7 }), ownAttrib: [] });
  });

  it("drops the project's non-inheritable values from the root of the exported set", async () => {
    const root = await createFolder(t.service, project, { name: "c", folderType: "Folder" });
    const listed = (await t.service.get(`/api/projects/${project}/folders?attrib=true`)).body.folders.find((f: { id: string }) => f.id === root);
    expect(listed.attrib).not.toHaveProperty("description");
    expect(listed.thumbnailHash).toBe(root.slice(-6));
  });
});

describe("GraphQL attributes filter", () => {
  it("matches project, ancestor and own values as text (a float attribute reads '24.0')", async () => {
    const res = await t.service.graphql(`{ project(name: "${project}") {
      x: folders(attributes: [{ name: "description", values: ["parent text"] }]) { edges { node { name } } }
      y: folders(attributes: [{ name: "description", values: ["project text"] }]) { edges { node { name } } }
      z: tasks(attributes: [{ name: "description", values: ["parent text"] }]) { edges { node { name } } }
      w: folders(attributes: [{ name: "fps", values: ["24.0"] }]) { edges { node { name } } }
      v: folders(attributes: [{ name: "fps", values: ["24"] }]) { edges { node { name } } }
      u: folders(attributes: [{ name: "frameStart", values: ["7"] }]) { edges { node { name } } }
    } }`);
    const p = res.body.data.project;
    expect([names(p.x), names(p.y), names(p.z), names(p.w), names(p.v), names(p.u)]).toEqual([["a", "b"], ["c"], ["t"], ["a", "b", "c"], [], ["a", "b"]]);
    expect([jsonbText(["a", 1]), jsonbText({ k: true }), jsonbText(2.5, "float")]).toEqual(['["a", 1]', '{"k": true}', "2.5"]);
  });

  it("pathEx matches the path with its leading slash", async () => {
    const res = await t.service.graphql(`{ project(name: "${project}") { a: folders(pathEx: "^/a/b$") { edges { node { name } } } b: folders(pathEx: "^a/") { edges { node { name } } } } }`);
    expect([names(res.body.data.project.a), names(res.body.data.project.b)]).toEqual([["b"], []]);
  });
});

describe("GraphQL ownAttrib", () => {
  it("lists every valued attribute once attrib was resolved first on a folder with own values; correct when asked first", async () => {
    const after = await t.service.graphql(`{ project(name: "${project}") { folders(names: ["a", "b"]) { edges { node { name attrib { fps } ownAttrib } } } } }`);
    const [a, b] = after.body.data.project.folders.edges.map((e: { node: { ownAttrib: string[] } }) => e.node.ownAttrib);
    expect(a).toEqual(expect.arrayContaining(["description", "frameStart", "fps", "resolutionWidth"]));
    expect(b).toEqual([]);
    const before = await t.service.graphql(`{ project(name: "${project}") { folders(names: ["a"]) { edges { node { ownAttrib attrib { fps } } } } } }`);
    expect(before.body.data.project.folders.edges[0].node.ownAttrib).toEqual(["frameStart", "description"]); // jsonb key order
  });
});

describe("a project-only attribute in the exported set", () => {
  it("keeps a non-inheritable project-only value on every folder (rebuild_inherited_attributes filters folder attributes only)", async () => {
    const data = { type: "boolean", title: "Project flag", default: false, inherit: false };
    expect((await t.service.put("/api/attributes/rrProjectFlag", { position: 200, scope: ["project"], data })).status).toBe(204);
    expect((await t.service.post("/api/system/restart")).status).toBe(204);
    expect((await t.service.patch(`/api/projects/${project}`, { attrib: { rrProjectFlag: true } })).status).toBe(204);
    const folders = await ayonSgClient(t.emu.url).listFolders(project, { attrib: true });
    const byName = new Map(folders.map((f) => [f.name, f]));
    expect(["a", "b"].map((n) => [n, byName.get(n)?.attrib?.rrProjectFlag, byName.get(n)?.attrib?.description])).toEqual([["a", true, "parent text"], ["b", true, "parent text"]]);
  });
});
