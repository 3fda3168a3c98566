// Conformance of the GraphQL products, versions and representations with ayon-backend 1.16
// (graphql/resolvers/products.py, versions.py, representations.py and graphql/nodes/*), queried through
// ayon-sg's AyonClient.graphql (the way ayon-lookup asks a task's versions).
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { ayonSgClient, type AyonClient } from "../conformance.test-helpers.js";
import { createFolder, createTask, deployProject, startTestAyon, type TestAyon } from "../emulator.test-helpers.js";
import { newEntityId } from "../ids.js";

let t: TestAyon;
let client: AyonClient;
const project = "gpub";
const ids = { assets: "", hero: "", task: "", model: "", rig: "", v1: "", v2: "", heroVersion: "", rep: "" };

beforeAll(async () => {
  t = await startTestAyon();
  client = ayonSgClient(t.emu.url);
  await deployProject(t.service, project, "gpub");
  ids.assets = await createFolder(t.service, project, { name: "assets", folderType: "Folder" });
  ids.hero = await createFolder(t.service, project, { name: "hero", folderType: "Asset", parentId: ids.assets, data: { k: 1 } });
  ids.task = await createTask(t.service, project, { name: "model", taskType: "Modeling", folderId: ids.hero });
  for (const key of ["model", "rig", "v1", "v2", "heroVersion", "rep"] as const) ids[key] = newEntityId();
  await client.operations(project, [
    { type: "create", entityType: "product", entityId: ids.model, data: { name: "modelMain", folderId: ids.hero, productType: "model", tags: ["a"] } },
    { type: "create", entityType: "product", entityId: ids.rig, data: { name: "rigMain", folderId: ids.hero, productType: "rig" } },
    { type: "create", entityType: "version", entityId: ids.v1, data: { version: 1, productId: ids.model, taskId: ids.task } },
    { type: "create", entityType: "version", entityId: ids.v2, data: { version: 2, productId: ids.model, data: { x: 1 } } },
    { type: "create", entityType: "version", entityId: ids.heroVersion, data: { version: -1, productId: ids.model } },
    { type: "create", entityType: "representation", entityId: ids.rep, data: { name: "ma", versionId: ids.v2, files: [{ id: "f".repeat(32), path: "/a/b/c.ma", size: 12 }], traits: { t: 1 } } },
  ]);
});

afterAll(async () => {
  await t.emu.close();
});

type Edges<N> = { edges: Array<{ node: N }> };
const names = (c: Edges<{ name: string }>) => c.edges.map((e) => e.node.name);

describe("project.products", () => {
  it("nodes: type is the product type, data null when empty, versionList by version, latestVersion ignores the hero", async () => {
    const data = await client.graphql<{ project: { products: Edges<Record<string, unknown>> } }>(
      `query($p: String!) { project(name: $p) { products { edges { node { name type path parents data productBaseType versionList { version name } latestVersion { version } folder { name } } } } } }`,
      { p: project },
    );
    expect(data.project.products.edges[0]!.node).toEqual({
      name: "modelMain", type: "model", path: "/assets/hero/modelMain", parents: ["assets", "hero"], data: null, productBaseType: "model",
      versionList: [{ version: -1, name: "HERO" }, { version: 1, name: "v001" }, { version: 2, name: "v002" }],
      latestVersion: { version: 2 }, folder: { name: "hero" },
    });
  });

  it("filters: folderIds (with includeFolderChildren), pathEx on the folder path with its leading slash, types, namesCi, empty lists, paging", async () => {
    const { project: data } = await client.graphql<{ project: Record<string, Edges<{ name: string }>> }>(
      `query($p: String!, $f: [String!]) { project(name: $p) {
        a: products(folderIds: $f) { edges { node { name } } }
        b: products(folderIds: $f, includeFolderChildren: true) { edges { node { name } } }
        c: products(pathEx: "^/assets/hero$") { edges { node { name } } }
        d: products(pathEx: "^assets") { edges { node { name } } }
        e: products(names: []) { edges { node { name } } }
        f: products(productTypes: ["rig"]) { edges { node { name } } }
        g: products(namesCi: ["MODELMAIN"]) { edges { node { name } } }
      } }`,
      { p: project, f: [ids.assets] },
    );
    expect([names(data.a!), names(data.b!), names(data.c!), names(data.d!), names(data.e!), names(data.f!), names(data.g!)]).toEqual([
      [], ["modelMain", "rigMain"], ["modelMain", "rigMain"], [], [], ["rigMain"], ["modelMain"],
    ]);
    const page = await t.service.graphql(`{ project(name: "${project}") { products(first: 1) { edges { cursor node { name } } pageInfo { hasNextPage endCursor } } } }`);
    expect(page.body.data.project.products).toEqual({ edges: [{ cursor: "WzFd", node: { name: "modelMain" } }], pageInfo: { hasNextPage: true, endCursor: "WzFd" } });
  });
});

describe("versions", () => {
  it("nodes: names, heroVersionId of the version the hero mirrors, isLatest, thumbnailHash from the id", async () => {
    const res = await t.service.graphql(`{ project(name: "${project}") { versions { edges { node { id name heroVersionId isLatest thumbnailHash data task { name } } } } } }`);
    const nodes = res.body.data.project.versions.edges.map((e: { node: Record<string, unknown> }) => e.node);
    expect(nodes).toEqual([
      { id: ids.v1, name: "v001", heroVersionId: ids.heroVersion, isLatest: false, thumbnailHash: ids.v1.slice(-6), data: null, task: { name: "model" } },
      { id: ids.v2, name: "v002", heroVersionId: null, isLatest: true, thumbnailHash: ids.v2.slice(-6), data: '{"x":1}', task: null },
      { id: ids.heroVersion, name: "HERO", heroVersionId: null, isLatest: false, thumbnailHash: ids.heroVersion.slice(-6), data: null, task: null },
    ]);
  });

  it("filters: latestOnly, heroOnly, heroOrLatestOnly, versions, authors; a task's versions as ayon-lookup asks them", async () => {
    const res = await t.service.graphql(`{ project(name: "${project}") {
      a: versions(latestOnly: true) { edges { node { name } } }
      b: versions(heroOnly: true) { edges { node { name } } }
      c: versions(heroOrLatestOnly: true) { edges { node { name } } }
      d: versions(versions: [1, 2]) { edges { node { name } } }
      e: versions(authors: ["nobody"]) { edges { node { name } } }
      f: versions(last: 1) { edges { node { name } } }
    } }`);
    const p = res.body.data.project;
    expect([names(p.a), names(p.b), names(p.c), names(p.d), names(p.e), names(p.f)]).toEqual([["v002"], ["HERO"], ["v002", "HERO"], ["v001", "v002"], [], ["HERO"]]);
    const lookup = await client.graphql<{ project: { tasks: Edges<{ versions: Edges<{ id: string }> }> } }>(
      `query($p: String!, $t: [String!]) { project(name: $p) { tasks(ids: $t) { edges { node { versions(first: 1) { edges { node { id } } } } } } } }`,
      { p: project, t: [ids.task] },
    );
    expect(lookup.project.tasks.edges[0]!.node.versions.edges).toEqual([{ node: { id: ids.v1 } }]);
  });
});

describe("representations", () => {
  it("files get their base name without extension and their size as text; traits and context are JSON text", async () => {
    const res = await t.service.graphql(`{ project(name: "${project}") { representation(id: "${ids.rep}") { name fileCount files { name path size hashType } traits context parents version { name } } } }`);
    expect(res.body.data.project.representation).toEqual({
      name: "ma", fileCount: 1, files: [{ name: "c", path: "/a/b/c.ma", size: "12", hashType: "md5" }], traits: '{"t":1}', context: "{}",
      parents: ["assets", "hero", "modelMain", "v002"], version: { name: "v002" },
    });
  });
});

describe("folders with products", () => {
  it("hasProducts/productCount count the folder's own products; hasVersions looks below; data null when empty", async () => {
    const res = await t.service.graphql(`{ project(name: "${project}") { data folders { edges { node { name data hasProducts productCount hasVersions } } } x: folders(hasProducts: true) { edges { node { name } } } } }`);
    const p = res.body.data.project;
    expect(p.data).toBeNull();
    expect(p.folders.edges.map((e: { node: unknown }) => e.node)).toEqual([
      { name: "assets", data: null, hasProducts: false, productCount: 0, hasVersions: true },
      { name: "hero", data: '{"k":1}', hasProducts: true, productCount: 2, hasVersions: true },
    ]);
    expect(names(p.x)).toEqual(["hero"]);
  });
});
