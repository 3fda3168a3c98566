// Conformance of GraphQL folder and task arguments with ayon-backend 1.16 (graphql/resolvers/folders.py,
// tasks.py, ayon_server/types.py validators), asked through ayon-sg's AyonClient.graphql.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { ayonSgClient, type AyonClient } from "../conformance.test-helpers.js";
import { createFolder, createTask, deployProject, startTestAyon, type TestAyon } from "../emulator.test-helpers.js";

let t: TestAyon;
let client: AyonClient;
const project = "args";

beforeAll(async () => {
  t = await startTestAyon();
  client = ayonSgClient(t.emu.url);
  await deployProject(t.service, project, "args");
  const sq = await createFolder(t.service, project, { name: "sq", folderType: "Sequence", tags: ["important"] });
  const sh1 = await createFolder(t.service, project, { name: "sh1", folderType: "Shot", parentId: sq });
  await createTask(t.service, project, { name: "comp", taskType: "Compositing", folderId: sh1, assignees: ["service"], tags: ["for reel"] });
  await createTask(t.service, project, { name: "roto", taskType: "Roto", folderId: sh1 });
});

afterAll(async () => {
  await t.emu.close();
});

type Edges = { edges: Array<{ node: { name: string } }> };
const names = (c: Edges) => c.edges.map((e) => e.node.name);

async function project_(body: string): Promise<Record<string, Edges>> {
  const data = await client.graphql<{ project: Record<string, Edges> }>(`query($p: String!) { project(name: $p) { ${body} } }`, { p: project });
  return data.project;
}

describe("argument patterns", () => {
  it("a folder `pathEx` that is no regular expression is a 400 naming it", async () => {
    await expect(project_(`folders(pathEx: "(") { edges { node { name } } }`)).rejects.toThrow("Invalid pathEx: (");
  });

  it("a folder `name` is a name (no `%`), matched with ILIKE: any case, `_` for one character", async () => {
    const p = await project_(`a: folders(name: "SH_") { edges { node { name } } } b: folders(name: "sq") { edges { node { name } } }`);
    expect([names(p.a!), names(p.b!)]).toEqual([["sh1"], ["sq"]]);
    await expect(project_(`folders(name: "sh%") { edges { node { name } } }`)).rejects.toThrow(
      "Name 'sh%' does not match regex '^[a-zA-Z0-9_]([a-zA-Z0-9_\\.\\-]*[a-zA-Z0-9_])?$'",
    );
  });

  it("refuses a status, a type or a user name outside its pattern with a 400 naming it", async () => {
    const res = await t.service.graphql(`{ project(name: "${project}") { tasks(assignees: ["bad user!"]) { edges { node { name } } } } }`);
    expect(res.body).toEqual({
      data: null,
      errors: [{ message: "User name 'bad user!' does not match regex '^[a-zA-Z0-9][a-zA-Z0-9_\\.\\-]*[a-zA-Z0-9]$'", locations: [{ line: 1, column: 27 }], path: ["project", "tasks"], extensions: { status: 400 } }],
    });
    const status = await t.service.graphql(`{ project(name: "${project}") { folders(statuses: ["x"]) { edges { node { name } } } } }`);
    expect(status.body.errors[0].message).toBe("Name 'x' does not match regex '^[a-zA-Z0-9_][a-zA-Z0-9_ \\-]{1,64}[a-zA-Z0-9_]$'");
  });
});

describe("empty lists", () => {
  it("tasks: tags [] and assignees [] mean none at all, tagsAny [] and assigneesAny [] at least one; folders: tags [] filters nothing", async () => {
    const p = await project_(`
      a: tasks(tags: []) { edges { node { name } } }
      b: tasks(tagsAny: []) { edges { node { name } } }
      c: tasks(assignees: []) { edges { node { name } } }
      d: tasks(assigneesAny: []) { edges { node { name } } }
      e: folders(tags: []) { edges { node { name } } }
      f: folders(names: []) { edges { node { name } } }`);
    expect([names(p.a!), names(p.b!), names(p.c!), names(p.d!), names(p.e!), names(p.f!)]).toEqual([["roto"], ["comp"], ["roto"], ["comp"], ["sq", "sh1"], []]);
  });
});

describe("node fields", () => {
  it("`type` is the folder or task type; project linkTypes come ordered by name", async () => {
    const res = await t.service.graphql(`{ project(name: "${project}") { linkTypes { name } folders(names: ["sh1"]) { edges { node { type tasks { edges { node { type } } } } } } } }`);
    const p = res.body.data.project;
    expect(p.linkTypes.map((l: { name: string }) => l.name)).toEqual(["breakdown|folder|folder", "generative|version|version", "reference|version|version", "template|folder|folder"]);
    expect(p.folders.edges[0].node).toEqual({ type: "Shot", tasks: { edges: [{ node: { type: "Compositing" } }, { node: { type: "Roto" } }] } });
  });
});
