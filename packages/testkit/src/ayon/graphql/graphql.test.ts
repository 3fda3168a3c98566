import { describe, it, expect, beforeAll, afterAll } from "@jest/globals";
import { createFolder, createTask, deployProject, startTestAyon, type TestAyon } from "../emulator.test-helpers.js";
import type { GraphQLObjectType } from "graphql";
import { AttributeRegistry } from "../attribute-registry.js";
import { buildAyonSchema, introspectionAttribFields } from "./schema.js";

describe("GraphQL (POST /graphql)", () => {
  let t: TestAyon;
  let seq: string;
  let shot: string;
  let inactive: string;
  beforeAll(async () => {
    t = await startTestAyon();
    await deployProject(t.service, "gql");
    await t.service.patch("/api/projects/gql", { attrib: { fps: 24 } });
    seq = await createFolder(t.service, "gql", { name: "sq01", folderType: "Sequence", data: { k: 1 } });
    shot = await createFolder(t.service, "gql", { name: "sh010", folderType: "Shot", parentId: seq, attrib: { frameStart: 1009 }, tags: ["hero"] });
    inactive = await createFolder(t.service, "gql", { name: "old", parentId: seq, active: false });
    for (let i = 0; i < 5; i++) {
      await createTask(t.service, "gql", { name: `task${i}`, taskType: i % 2 ? "Animation" : "Compositing", folderId: shot, assignees: i === 0 ? ["artist"] : [], status: i === 4 ? "Approved" : undefined });
    }
  });
  afterAll(() => t.emu.close());

  const q = (query: string, variables?: Record<string, unknown>) => t.service.graphql(query, variables);

  it("generates the attrib types from the active attributes, matching the real schema's built-ins", () => {
    const schema = buildAyonSchema(new AttributeRegistry());
    for (const type of ["ProjectAttribType", "FolderAttribType", "TaskAttribType", "VersionAttribType", "UserAttribType"]) {
      const generated = Object.keys((schema.getType(type) as GraphQLObjectType).getFields()).sort();
      expect(generated).toEqual(introspectionAttribFields(type).sort());
    }
  });

  it("answers 401 without credentials", async () => {
    const res = await t.anonymous.post("/graphql", { query: "{ projects { edges { node { name } } } }" });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ code: 401, detail: "Access token is missing" });
  });

  it("validates against the real schema: unknown fields error in errors[] with HTTP 200", async () => {
    const res = await q("{ projects { edges { node { name nonsense } } } }");
    expect(res.status).toBe(200);
    expect(res.body.errors[0].message).toMatch(/Cannot query field "nonsense" on type "ProjectNode"/);
    const syntax = await q("{ projects { ");
    expect(syntax.status).toBe(200);
    expect(syntax.body.errors).toHaveLength(1);
  });

  it("lists projects with name, code, active, library and attrib", async () => {
    const res = await q("{ projects { edges { node { name code active library attrib { fps resolutionWidth } } } } }");
    expect(res.body.data.projects.edges).toEqual([{ node: { name: "gql", code: "gql", active: true, library: false, attrib: { fps: 24, resolutionWidth: 1920 } } }]);
  });

  it("says a next page exists as soon as a first-page is full (the real resolver's len(edges) >= first)", async () => {
    const page = async (first: number, after: string | null) =>
      (await q(`query($a: String) { project(name: "gql") { tasks(first: ${first}, after: $a) { edges { node { name } } pageInfo { hasNextPage endCursor } } } }`, { a: after })).body.data.project.tasks;
    const all = await page(5, null);
    expect(all.edges).toHaveLength(5);
    expect(all.pageInfo.hasNextPage).toBe(true);
    const after = await page(5, all.pageInfo.endCursor);
    expect(after).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
    expect((await page(6, null)).pageInfo.hasNextPage).toBe(false);
  });

  it("answers an attribute's default in the typed attrib when the entity has no value (not in allAttrib)", async () => {
    await deployProject(t.service, "gqldefaults");
    expect((await t.service.patch("/api/projects/gqldefaults", { attrib: { handleEnd: null } })).status).toBe(204);
    const res = await q(`{ project(name: "gqldefaults") { attrib { handleEnd } allAttrib } }`);
    expect(res.body.data.project.attrib.handleEnd).toBe(0);
    expect(JSON.parse(res.body.data.project.allAttrib)).not.toHaveProperty("handleEnd");
  });

  it("pages users in name order, not creation order", async () => {
    for (const name of ["zz_made_first", "aa_made_last"]) expect((await t.service.put(`/api/users/${name}`, { active: true })).status).toBe(204);
    const res = await q("{ users(first: 100) { edges { node { name } } } }");
    const names: string[] = res.body.data.users.edges.map((e: { node: { name: string } }) => e.node.name);
    expect(names).toContain("zz_made_first");
    expect(names).toEqual([...names].sort());
    const first = await q("{ users(first: 1) { edges { node { name } } } }");
    expect(first.body.data.users.edges[0].node.name).toBe("aa_made_last");
  });

  it("answers the stored role flags in users (a service user is not isAdmin there), the permission ones in me", async () => {
    const res = await q(`{ me { isAdmin } users(names: ["service"]) { edges { node { name isAdmin isManager isService } } } }`);
    expect(res.body.data.me.isAdmin).toBe(true);
    expect(res.body.data.users.edges).toEqual([{ node: { name: "service", isAdmin: false, isManager: false, isService: true } }]);
  });

  it("answers an unknown project with an error carrying extensions.status 404", async () => {
    const res = await q(`{ project(name: "ghost") { name } }`);
    expect(res.status).toBe(200);
    expect(res.body.errors[0].extensions).toEqual({ status: 404 });
  });

  it("runs the ayon-python-api folder query: paths with a leading slash, data and allAttrib as JSON strings, typed attrib, inactive included", async () => {
    const res = await q(
      `query FoldersQuery($projectName: String!, $folderIds: [String!]) {
        project(name: $projectName) {
          folders(ids: $folderIds, first: 300) {
            edges { node { id name label folderType parentId path status tags active thumbnailId data allAttrib attrib { fps frameStart } } }
            pageInfo { endCursor hasNextPage } } } }`,
      { projectName: "gql", folderIds: [seq, shot, inactive] },
    );
    const nodes = res.body.data.project.folders.edges.map((e: { node: Record<string, unknown> }) => e.node);
    expect(nodes.map((n: { name: string }) => n.name)).toEqual(["sq01", "sh010", "old"]);
    expect(nodes[1]).toMatchObject({ path: "/sq01/sh010", parentId: seq, tags: ["hero"], active: true, attrib: { fps: 24, frameStart: 1009 } });
    expect(JSON.parse(nodes[0].data)).toEqual({ k: 1 });
    expect(JSON.parse(nodes[1].allAttrib)).toMatchObject({ fps: 24, frameStart: 1009 });
    expect(nodes[2].active).toBe(false);
    expect(res.body.data.project.folders.pageInfo.hasNextPage).toBe(false);
  });

  it("filters folders by parentId (incl. 'root'), parentIds, names, name (ILIKE, `_` one character; `%` fails the name pattern on the real server), folderTypes, statuses and attributes", async () => {
    const names = async (args: string) =>
      (await q(`{ project(name: "gql") { folders(${args}) { edges { node { name } } } } }`)).body.data.project.folders.edges.map((e: { node: { name: string } }) => e.node.name);
    expect(await names(`parentId: "root"`)).toEqual(["sq01"]);
    expect(await names(`parentId: "${seq}"`)).toEqual(["sh010", "old"]);
    expect(await names(`parentIds: ["${seq}"]`)).toEqual(["sh010", "old"]);
    expect(await names(`names: ["sh010", "nope"]`)).toEqual(["sh010"]);
    expect(await names(`name: "SH0_0"`)).toEqual(["sh010"]);
    expect(await names(`folderTypes: ["Sequence"]`)).toEqual(["sq01"]);
    expect(await names(`statuses: ["Approved"]`)).toEqual([]);
    expect(await names(`attributes: [{ name: "frameStart", values: ["1009"] }]`)).toEqual(["sh010"]);
    expect(await names(`hasTasks: true`)).toEqual(["sh010"]);
    expect(await names(`paths: ["/sq01/sh010"]`)).toEqual(["sh010"]);
  });

  it("runs the ayon-python-api task query and filters tasks", async () => {
    const res = await q(`query TasksQuery($projectName: String!) { project(name: $projectName) { tasks(first: 300) {
      edges { node { id name label taskType folderId assignees status tags active thumbnailId data attrib { frameStart fps } } }
      pageInfo { endCursor hasNextPage } } } }`, { projectName: "gql" });
    const nodes = res.body.data.project.tasks.edges.map((e: { node: Record<string, unknown> }) => e.node);
    expect(nodes).toHaveLength(5);
    expect(nodes[0]).toMatchObject({ name: "task0", folderId: shot, assignees: ["artist"], attrib: { frameStart: 1009, fps: 24 }, data: null }); // ayon-backend graphql/nodes/task.py: empty data is null
    const names = async (args: string) =>
      (await q(`{ project(name: "gql") { tasks(${args}) { edges { node { name } } } } }`)).body.data.project.tasks.edges.map((e: { node: { name: string } }) => e.node.name);
    expect(await names(`taskTypes: ["Animation"]`)).toEqual(["task1", "task3"]);
    expect(await names(`folderIds: ["${shot}"], statuses: ["Approved"]`)).toEqual(["task4"]);
    expect(await names(`folderIds: ["${seq}"]`)).toEqual([]);
    expect(await names(`folderIds: ["${seq}"], includeFolderChildren: true, first: 2`)).toEqual(["task0", "task1"]);
    expect(await names(`assigneesAny: ["artist"]`)).toEqual(["task0"]);
    expect(await names(`names: ["task2"]`)).toEqual(["task2"]);
  });

  it("pages with first/after and base64 [creation_order] cursors, and last/before newest-first", async () => {
    const page1 = (await q(`{ project(name: "gql") { tasks(first: 2) { edges { cursor node { name } } pageInfo { endCursor hasNextPage } } } }`)).body.data.project.tasks;
    expect(page1.edges.map((e: { node: { name: string } }) => e.node.name)).toEqual(["task0", "task1"]);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    expect(JSON.parse(Buffer.from(page1.pageInfo.endCursor, "base64").toString())).toEqual([expect.any(Number)]);
    const page2 = (await q(`{ project(name: "gql") { tasks(first: 2, after: "${page1.pageInfo.endCursor}") { edges { node { name } } pageInfo { hasNextPage } } } }`)).body.data.project.tasks;
    expect(page2.edges.map((e: { node: { name: string } }) => e.node.name)).toEqual(["task2", "task3"]);
    const last = (await q(`{ project(name: "gql") { tasks(last: 2) { edges { node { name } } pageInfo { hasPreviousPage startCursor } } } }`)).body.data.project.tasks;
    expect(last.edges.map((e: { node: { name: string } }) => e.node.name)).toEqual(["task4", "task3"]);
    expect(last.pageInfo.hasPreviousPage).toBe(true);
  });

  it("serves events: newest-first with last, JSON-string summary, null empty payload, topic wildcards, filters", async () => {
    for (let i = 1; i <= 3; i++) await t.service.post("/api/events", { topic: "shotgrid.event", hash: `sg-${i}`, summary: { sg_event_id: i }, payload: i === 3 ? { x: 1 } : {} });
    const res = await q(`{ events(last: 2, topics: ["shotgrid.event"]) { edges { node { id hash topic project user sender dependsOn status retries description summary payload createdAt updatedAt } } pageInfo { startCursor hasPreviousPage } } }`);
    const edges = res.body.data.events.edges.map((e: { node: Record<string, unknown> }) => e.node);
    expect(edges.map((n: { hash: string }) => n.hash)).toEqual(["sg-3", "sg-2"]);
    expect(JSON.parse(edges[0].summary)).toEqual({ sg_event_id: 3 });
    expect(JSON.parse(edges[0].payload)).toEqual({ x: 1 });
    expect(edges[1].payload).toBeNull();
    expect(res.body.data.events.pageInfo.hasPreviousPage).toBe(true);
    const wild = await q(`{ events(topics: ["entity.task.*"], first: 100) { edges { node { topic } } } }`);
    expect(wild.body.data.events.edges.every((e: { node: { topic: string } }) => e.node.topic.startsWith("entity.task."))).toBe(true);
    expect(wild.body.data.events.edges.length).toBe(5);
    const finished = await q(`{ events(statuses: ["pending"], topics: ["shotgrid.event"]) { edges { node { id } } } }`);
    expect(finished.body.data.events.edges).toEqual([]);
    const projects = await q(`{ events(projects: ["gql"], first: 1) { edges { node { topic project } } } }`);
    expect(projects.body.data.events.edges[0].node).toEqual({ topic: "entity.project.created", project: "gql" });
    expect((await q(`{ events(topics: ["1bad"]) { edges { node { id } } } }`)).body.errors[0].extensions.status).toBe(400);
  });

  it("orders events by creation order with first/after and filters by newerThan", async () => {
    const all = (await q(`{ events(first: 1000, includeLogs: true) { edges { cursor node { id createdAt } } } }`)).body.data.events.edges;
    const orders = all.map((e: { cursor: string }) => JSON.parse(Buffer.from(e.cursor, "base64").toString())[0]);
    expect([...orders].sort((a: number, b: number) => a - b)).toEqual(orders);
    const after = (await q(`{ events(first: 2, after: "${all[0].cursor}") { edges { node { id } } } }`)).body.data.events.edges;
    expect(after[0].node.id).toBe(all[1].node.id);
    const newer = (await q(`{ events(newerThan: "2999-01-01T00:00:00Z") { edges { node { id } } } }`)).body.data.events.edges;
    expect(newer).toEqual([]);
  });

  it("shows a non-manager only their own events, unless asked by ids", async () => {
    const { id } = (await t.service.post("/api/events", { topic: "test.others", payload: {} })).body as { id: string };
    const res = await t.user.graphql(`{ events(first: 50) { edges { node { user } } } }`);
    expect(res.body.data.events.edges.every((e: { node: { user: string } }) => e.node.user === "artist")).toBe(true);
    const byTopic = await t.user.graphql(`{ events(topics: ["test.others"]) { edges { node { id } } } }`);
    expect(byTopic.body.data.events.edges).toEqual([]);
    const byId = await t.user.graphql(`{ events(ids: ["${id}"]) { edges { node { id user } } } }`);
    expect(byId.body.data.events.edges).toEqual([{ node: { id, user: "service" } }]);
  });

  it("supports a QueryFilter JSON string on folders and tasks", async () => {
    const filter = JSON.stringify({ conditions: [{ key: "attrib/frameStart", value: 1009 }] });
    const res = await q(`query($f: String) { project(name: "gql") { folders(filter: $f) { edges { node { name } } } } }`, { f: filter });
    expect(res.body.data.project.folders.edges.map((e: { node: { name: string } }) => e.node.name)).toEqual(["sh010"]);
  });

  it("resolves nested nodes: folder.tasks, task.folder, project.folder/task, hasChildren, parents", async () => {
    const res = await q(`{ project(name: "gql") {
      folder(id: "${shot}") { name hasChildren hasTasks parents childCount taskCount tasks(first: 1) { edges { node { name folder { name } parents path } } } }
      task(id: "nope") { id }
      folderTypes { name shortName icon } statuses { name state scope } } }`);
    const p = res.body.data.project;
    expect(p.folder).toMatchObject({ name: "sh010", hasChildren: false, hasTasks: true, parents: ["sq01"], childCount: 0, taskCount: 5 });
    expect(p.folder.tasks.edges[0].node).toEqual({ name: "task0", folder: { name: "sh010" }, parents: ["sq01", "sh010"], path: "/sq01/sh010/task0" });
    expect(p.task).toBeNull();
    expect(p.folderTypes[0]).toEqual({ name: "Folder", shortName: "", icon: "folder" });
  });

  it("counts children only when hasChildren is selected or filtered on (folders.py reads \"childount\")", async () => {
    const counts = async (fields: string, args = "") => {
      const res = await q(`{ project(name: "gql") { folders(names: ["sq01"]${args}) { edges { node { ${fields} } } } folder(id: "${seq}") { ${fields} } } }`);
      return [res.body.data.project.folders.edges[0].node.childCount, res.body.data.project.folder.childCount];
    };
    expect(await counts("childCount")).toEqual([0, 0]);
    expect(await counts("childCount hasChildren")).toEqual([2, 2]);
    const viaFragment = await q(`{ project(name: "gql") { folders(names: ["sq01"]) { edges { node { ...F } } } } } fragment F on FolderNode { childCount hasChildren }`);
    expect(viaFragment.body.data.project.folders.edges[0].node.childCount).toBe(2);
    const filtered = await q(`{ project(name: "gql") { folders(names: ["sq01"], hasChildren: true) { edges { node { childCount } } } } }`);
    expect(filtered.body.data.project.folders.edges[0].node.childCount).toBe(2);
  });

  it("answers me and empty connections for entities the emulator does not store", async () => {
    const res = await q(`{ me { name isService attrib { fullName } } project(name: "gql") { products { edges { node { id } } } } }`);
    expect(res.body.data.me).toEqual({ name: "service", isService: true, attrib: { fullName: null } });
    expect(res.body.data.project.products.edges).toEqual([]);
  });
});
