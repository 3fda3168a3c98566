// Conformance of entity links with ayon-backend 1.16 (api/links/links.py, graphql/resolvers/links.py).
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { createFolder, deployProject, startTestAyon, type TestAyon } from "./emulator.test-helpers.js";

let t: TestAyon;
let a: string;
let b: string;
const project = "links";
const base = `/api/projects/${project}/links`;

beforeAll(async () => {
  t = await startTestAyon();
  await deployProject(t.service, project, "links");
  a = await createFolder(t.service, project, { name: "a", folderType: "Folder" });
  b = await createFolder(t.service, project, { name: "b", folderType: "Folder" });
});

afterAll(async () => {
  await t.emu.close();
});

describe("POST /api/projects/{p}/links", () => {
  it("refuses a missing or malformed type, a self link, a missing end and a type the project lacks", async () => {
    expect((await t.service.post(base, { input: a, output: b })).body).toEqual({ code: 400, detail: "Link type is not specified" });
    expect((await t.service.post(base, { input: a, output: b, linkType: "breakdown" })).body.detail).toBe("Link type must be in the format 'name|input_type|output_type'");
    expect((await t.service.post(base, { input: a, output: a, linkType: "breakdown|folder|folder" })).body.detail).toBe("Cannot link an entity to itself.");
    expect((await t.service.post(base, { input: a, output: "c".repeat(32), linkType: "breakdown|folder|folder" })).body).toEqual({ code: 404, detail: `Output entity ${"c".repeat(32)} not found.` });
    expect((await t.service.post(base, { input: a, output: b, linkType: "nope|folder|folder" })).body).toEqual({ code: 400, detail: "Unsupported link type." });
  });

  it("creates (200 {id}), lists from both ends in GraphQL, deletes (204, then 404), with link.* events", async () => {
    const created = await t.service.post(base, { input: a, output: b, linkType: "breakdown|folder|folder", name: "n1", data: { x: 1 } });
    expect([created.status, Object.keys(created.body)]).toEqual([200, ["id"]]);
    const res = await t.service.graphql(`{ project(name: "${project}") { folders { edges { node { name links { edges { id direction entityId entityType linkType name author data description cursor node { ... on FolderNode { name } } } pageInfo { hasNextPage endCursor } } } } } } }`);
    const [fromA, fromB] = res.body.data.project.folders.edges.map((e: { node: { links: unknown } }) => e.node.links);
    const edge = { id: created.body.id, linkType: "breakdown", name: "n1", author: "service", data: { x: 1 }, description: "breakdown link with input folder and output folder", cursor: "1" };
    expect(fromA).toEqual({ edges: [{ ...edge, direction: "out", entityId: b, entityType: "folder", node: { name: "b" } }], pageInfo: { hasNextPage: false, endCursor: "1" } });
    expect(fromB.edges[0]).toMatchObject({ direction: "in", entityId: a, node: { name: "a" } });
    expect((await t.service.delete(`${base}/${created.body.id}`)).status).toBe(204);
    expect((await t.service.delete(`${base}/${created.body.id}`)).body).toEqual({ code: 404, detail: `Link ${created.body.id} not found.` });
    const events = await t.service.graphql(`{ events(last: 2) { edges { node { topic description } } } }`);
    expect(events.body.data.events.edges.map((e: { node: { topic: string; description: string } }) => e.node.topic)).toEqual(["link.deleted", "link.created"]);
    expect(events.body.data.events.edges[0].node.description).toBe(`Deleted breakdown link between folder ${a} and folder ${b}.`);
  });
});
