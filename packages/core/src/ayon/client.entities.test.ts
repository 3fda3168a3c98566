// Conformance of the project, attribute, folder and task calls with ayon-backend api/projects/projects.py,
// api/attributes/attributes.py, api/folders/folders.py, api/tasks/tasks.py and the GraphQL folder/task resolvers.
import { afterEach, describe, expect, it } from "@jest/globals";
import { AyonClient } from "./client.js";
import { AyonGraphqlError, AyonHttpError, AyonInputError, AyonResponseError } from "./errors.js";
import { AYON_ID_REGEX } from "./ids.js";
import { startScriptedServer, type RecordedRequest, type Reply, type Script, type ScriptedServer } from "./test-server.test-helpers.js";

const FOLDER_ID = "f".repeat(32);
const TASK_ID = "7".repeat(32);

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function clientFor(script: Reply[] | Script): Promise<AyonClient> {
  server = await startScriptedServer(script);
  return new AyonClient({ serverUrl: server.url, apiKey: "k".repeat(32), retry: { limit: 2, baseDelayMs: 1, maxDelayMs: 2 } });
}
const sent = () => server?.requests ?? [];
const line = (r: RecordedRequest | undefined) => (r ? `${r.method} ${r.path}${r.query.size ? `?${r.query}` : ""}` : "");

const project = {
  name: "demo", code: "dm", library: false, active: true, folderTypes: [{ name: "Shot" }], taskTypes: [{ name: "Comp" }],
  statuses: [{ name: "Ready", scope: ["folder"] }], tags: [], attrib: { fps: 25 }, data: {}, config: {},
};

describe("projects and anatomy", () => {
  it("lists projects with the active/library filters as query parameters", async () => {
    const client = await clientFor([{ status: 200, body: { detail: "", count: 1, projects: [{ name: "demo", code: "dm", active: true, library: false }] } }]);
    await expect(client.listProjects({ active: true })).resolves.toEqual([{ name: "demo", code: "dm", active: true, library: false }]);
    expect(line(sent()[0])).toBe("GET /api/projects?active=true");
  });

  it("gets a project, null when it does not exist, with the name as one encoded path segment", async () => {
    const client = await clientFor([{ status: 200, body: project }, { status: 404, body: { detail: "Project not found" } }]);
    await expect(client.getProject("demo")).resolves.toEqual(project);
    await expect(client.getProject("a/b")).resolves.toBeNull();
    expect(sent().map(line)).toEqual(["GET /api/projects/demo", "GET /api/projects/a%2Fb"]);
  });

  it("creates a project (201 null) and reports a genuine 409 without repeating", async () => {
    const client = await clientFor([{ status: 201, body: null }, { status: 409, body: { detail: "Project already exists" } }]);
    const req = { name: "demo", code: "dm", anatomyPreset: "__builtin__" };
    await expect(client.createProject(req)).resolves.toBeUndefined();
    expect(sent()[0]).toMatchObject({ method: "POST", path: "/api/projects", json: req });
    await expect(client.createProject(req)).rejects.toMatchObject({ status: 409, detail: "Project already exists" });
    expect(sent()).toHaveLength(2);
  });

  it("after a dropped create, reads a 409 as its own success when the project has our code", async () => {
    const client = await clientFor([{ drop: true }, { status: 409, body: { detail: "exists" } }, { status: 200, body: project }]);
    await expect(client.createProject({ name: "demo", code: "DM" })).resolves.toBeUndefined();
    expect(sent().map(line)).toEqual(["POST /api/projects", "POST /api/projects", "GET /api/projects/demo"]);
  });

  it("after a dropped create, keeps the 409 when the existing project has another code", async () => {
    const client = await clientFor([{ drop: true }, { status: 409, body: { detail: "exists" } }, { status: 200, body: project }]);
    await expect(client.createProject({ name: "demo", code: "other" })).rejects.toMatchObject({ status: 409 });
  });

  it("patches and deletes a project; a 404 on delete is an error unless an earlier attempt may have deleted it", async () => {
    const client = await clientFor([{ status: 204 }, { status: 204 }, { status: 404, body: { detail: "Project not found" } }, { status: 504 }, { status: 404 }]);
    await client.updateProject("demo", { attrib: { fps: 24 }, data: { key: null } });
    expect(sent()[0]).toMatchObject({ method: "PATCH", path: "/api/projects/demo", json: { attrib: { fps: 24 }, data: { key: null } } });
    await client.deleteProject("demo");
    await expect(client.deleteProject("demo")).rejects.toMatchObject({ status: 404, detail: "Project not found" });
    await expect(client.deleteProject("demo")).resolves.toBeUndefined();
    expect(sent().map((r) => r.method)).toEqual(["PATCH", "DELETE", "DELETE", "DELETE", "DELETE"]);
  });

  it("lists anatomy presets and reads one", async () => {
    const client = await clientFor([
      { status: 200, body: { version: "1.0.0", presets: [{ name: "studio", primary: true, version: "1.0.0" }] } },
      { status: 200, body: { folder_types: [{ name: "Shot" }] } },
    ]);
    await expect(client.listAnatomyPresets()).resolves.toEqual([{ name: "studio", primary: true, version: "1.0.0" }]);
    await expect(client.getAnatomyPreset("__builtin__")).resolves.toEqual({ folder_types: [{ name: "Shot" }] });
    expect(sent().map(line)).toEqual(["GET /api/anatomy/presets", "GET /api/anatomy/presets/__builtin__"]);
  });
});

describe("attributes", () => {
  const def = { name: "shotgridId", position: 10, scope: ["project", "folder", "task"], builtin: false, data: { type: "string" as const, inherit: false } };

  it("lists, gets (null on 404) and PUTs an attribute definition", async () => {
    const client = await clientFor([{ status: 200, body: { attributes: [def] } }, { status: 404 }, { status: 204 }]);
    await expect(client.listAttributes()).resolves.toEqual([def]);
    await expect(client.getAttribute("shotgridType")).resolves.toBeNull();
    await client.setAttribute(def);
    expect(sent()[2]).toMatchObject({ method: "PUT", path: "/api/attributes/shotgridId", json: { position: 10, scope: def.scope, data: def.data } });
  });
});

const folder = { id: FOLDER_ID, name: "sh010", folderType: "Shot", path: "/sq01/sh010", attrib: { shotgridId: "12" }, data: {}, active: true, ownAttrib: ["shotgridId"] };

describe("folders and tasks", () => {
  it("reads a folder whose null parentId and label were left out (exclude_none)", async () => {
    const client = await clientFor([{ status: 200, body: folder }, { status: 404, body: { detail: `Entity ${FOLDER_ID} not found` } }]);
    await expect(client.getFolder("demo", FOLDER_ID)).resolves.toEqual({ ...folder, parentId: null });
    await expect(client.getFolder("demo", FOLDER_ID)).resolves.toBeNull();
  });

  it("creates a folder with a client-made id and returns the id AYON confirms", async () => {
    const client = await clientFor((req) => ({ status: 201, body: { id: (req.json as { id: string }).id } }));
    const id = await client.createFolder("demo", { name: "sh010", folderType: "Shot", parentId: null, attrib: { shotgridId: "12" } });
    expect(id).toMatch(AYON_ID_REGEX);
    expect(sent()[0]).toMatchObject({ method: "POST", path: "/api/projects/demo/folders", json: { id, name: "sh010", folderType: "Shot", parentId: null } });
    await expect(client.createFolder("demo", { id: FOLDER_ID, name: "sh020" })).resolves.toBe(FOLDER_ID);
  });

  it("after a dropped create, reads a 409 as its own success when the folder with our id has our name", async () => {
    const client = await clientFor([{ drop: true }, { status: 409, body: { detail: "exists" } }, { status: 200, body: folder }]);
    await expect(client.createFolder("demo", { id: FOLDER_ID, name: "sh010" })).resolves.toBe(FOLDER_ID);
    expect(sent().map(line)).toEqual(["POST /api/projects/demo/folders", "POST /api/projects/demo/folders", `GET /api/projects/demo/folders/${FOLDER_ID}`]);
  });

  it("keeps a 409 that follows no ambiguous attempt (a sibling with that name exists)", async () => {
    const client = await clientFor([{ status: 409, body: { detail: "Folder with parent_id, lower(name::text) already exists." } }]);
    await expect(client.createFolder("demo", { name: "sh010" })).rejects.toBeInstanceOf(AyonHttpError);
    expect(sent()).toHaveLength(1);
  });

  it("creates, patches and deletes tasks; deleteFolder passes force", async () => {
    const client = await clientFor([{ status: 201, body: { id: TASK_ID } }, { status: 204 }, { status: 204 }, { status: 204 }, { status: 204 }]);
    await client.createTask("demo", { id: TASK_ID, name: "comp", taskType: "Comp", folderId: FOLDER_ID, assignees: [] });
    await client.updateTask("demo", TASK_ID, { status: "Ready", attrib: { shotgridId: null } });
    await client.deleteTask("demo", TASK_ID);
    await client.updateFolder("demo", FOLDER_ID, { label: "Shot 10" });
    await client.deleteFolder("demo", FOLDER_ID, { force: true });
    expect(sent().map(line)).toEqual([
      "POST /api/projects/demo/tasks",
      `PATCH /api/projects/demo/tasks/${TASK_ID}`,
      `DELETE /api/projects/demo/tasks/${TASK_ID}`,
      `PATCH /api/projects/demo/folders/${FOLDER_ID}`,
      `DELETE /api/projects/demo/folders/${FOLDER_ID}?force=true`,
    ]);
    expect(sent()[1]?.json).toEqual({ status: "Ready", attrib: { shotgridId: null } });
  });

  it("reads a task", async () => {
    const task = { id: TASK_ID, name: "comp", taskType: "Comp", folderId: FOLDER_ID, assignees: ["ann"], attrib: {}, data: {}, active: true };
    const client = await clientFor([{ status: 200, body: task }]);
    await expect(client.getTask("demo", TASK_ID)).resolves.toEqual({ ...task, label: undefined });
    expect(line(sent()[0])).toBe(`GET /api/projects/demo/tasks/${TASK_ID}`);
  });
});

const listed = {
  id: FOLDER_ID, path: "sq01/sh010", parentId: "a".repeat(32), parents: ["sq01"], name: "sh010", label: null, folderType: "Shot",
  hasTasks: true, taskNames: ["comp"], status: "Ready", tags: [], hasChildren: false, hasReviewables: false, hasVersions: false,
};

describe("listing folders and tasks", () => {
  it("lists folders in one request with attrib=false by default and attrib=true on request", async () => {
    const withAttrib = { ...listed, attrib: { shotgridId: "12" }, ownAttrib: ["shotgridId"] };
    const client = await clientFor([{ status: 200, body: { folders: [listed] } }, { status: 200, body: { folders: [withAttrib] } }]);
    await expect(client.listFolders("demo")).resolves.toEqual([listed]);
    await expect(client.listFolders("demo", { attrib: true })).resolves.toEqual([withAttrib]);
    expect(sent().map(line)).toEqual(["GET /api/projects/demo/folders?attrib=false", "GET /api/projects/demo/folders?attrib=true"]);
  });

  it("names the item and field when a listed folder is malformed", async () => {
    const client = await clientFor([{ status: 200, body: { folders: [listed, { ...listed, id: 5 }] } }]);
    const error = (await client.listFolders("demo").catch((e: unknown) => e)) as AyonResponseError;
    expect(error.issues).toEqual(["folders.1.id: Invalid input: expected string, received number"]);
  });

  /** Serves `total` tasks in pages of the requested size, with cursors "c<offset>". */
  const taskPages = (total: number): Script => (req) => {
    const { variables } = req.json as { variables: { first: number; after: string | null } };
    const offset = variables.after ? Number(variables.after.slice(1)) : 0;
    const end = Math.min(total, offset + variables.first);
    const edges = [];
    for (let i = offset; i < end; i++) {
      edges.push({ node: { id: String(i).padStart(32, "0"), name: `t${i}`, label: null, taskType: "Comp", folderId: FOLDER_ID, assignees: [], status: "Ready", tags: [], active: i % 2 === 0, data: JSON.stringify({ n: i }), attrib: { shotgridId: String(i), shotgridType: "Task" } } });
    }
    return { status: 200, body: { data: { project: { tasks: { edges, pageInfo: { hasNextPage: end < total, endCursor: `c${end}` } } } } } };
  };

  it("pages through all tasks with the cursor, parsing data and keeping inactive tasks", async () => {
    const client = await clientFor(taskPages(5));
    const tasks = await client.listTasks("demo", { pageSize: 2, attribs: ["shotgridId", "shotgridType"] });
    expect(tasks.map((t) => t.name)).toEqual(["t0", "t1", "t2", "t3", "t4"]);
    expect(tasks[3]).toMatchObject({ data: { n: 3 }, attrib: { shotgridId: "3", shotgridType: "Task" }, active: false, label: null });
    const bodies = sent().map((r) => r.json as { query: string; variables: Record<string, unknown> });
    expect(bodies.map((b) => b.variables)).toEqual([
      { projectName: "demo", first: 2, after: null },
      { projectName: "demo", first: 2, after: "c2" },
      { projectName: "demo", first: 2, after: "c4" },
    ]);
    expect(bodies[0]?.query).toContain("project(name: $projectName) { tasks(first: $first, after: $after) {");
    expect(bodies[0]?.query).toContain("edges { node { id name label taskType folderId assignees status tags active data attrib { shotgridId shotgridType } ownAttrib } }");
  });

  it("uses pageSize 2000 by default, the requested attribs, and folderIds as a variable", async () => {
    const client = await clientFor(taskPages(1));
    await client.listTasks("demo", { attribs: ["fps", "shotgridId"], folderIds: [FOLDER_ID] });
    await client.listTasks("demo", { attribs: [] });
    await client.listTasks("demo");
    const bodies = sent().map((r) => r.json as { query: string; variables: Record<string, unknown> });
    expect(bodies[0]?.variables).toEqual({ projectName: "demo", first: 2000, after: null, folderIds: [FOLDER_ID] });
    expect(bodies[0]?.query).toContain("$folderIds: [String!]");
    expect(bodies[0]?.query).toContain("tasks(first: $first, after: $after, folderIds: $folderIds)");
    expect(bodies[0]?.query).toContain("attrib { fps shotgridId }");
    expect(bodies[1]?.query).not.toContain("attrib");
    // No attribute is selected unless asked for: which ones matter is the caller's business.
    expect(bodies[2]?.query).toBe(bodies[1]?.query);
  });

  it("asks nothing for an empty folderIds list and rejects a non-identifier attrib", async () => {
    const client = await clientFor([]);
    await expect(client.listTasks("demo", { folderIds: [] })).resolves.toEqual([]);
    await expect(client.listTasks("demo", { attribs: ["shotgridId } folder { id"] })).rejects.toBeInstanceOf(AyonInputError);
    await expect(client.listTasks("demo", { pageSize: 0 })).rejects.toBeInstanceOf(AyonInputError);
    expect(sent()).toHaveLength(0);
  });

  it("reports an unknown project and a cursor that does not advance", async () => {
    const stuck = { data: { project: { tasks: { edges: [], pageInfo: { hasNextPage: true, endCursor: null } } } } };
    const client = await clientFor([{ status: 200, body: { data: { project: null } } }, { status: 200, body: stuck }]);
    await expect(client.listTasks("nope")).rejects.toBeInstanceOf(AyonGraphqlError);
    await expect(client.listTasks("demo")).rejects.toBeInstanceOf(AyonResponseError);
  });
});
