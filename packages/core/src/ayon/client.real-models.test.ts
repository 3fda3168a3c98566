// The client against replies shaped as the real server's pydantic models send them (ayon-backend 1.16):
// every declared field present, nulls wherever the model allows them, extra fields, empty lists. First the
// emulator (which serializes the real models), then bodies no emulator would send but the models allow.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "@jest/globals";
import { startAyonEmulator, type AyonEmulator } from "@ayon-sg/testkit";
import { AyonClient } from "./client.js";
import { AyonResponseError } from "./errors.js";
import { startScriptedServer, type Reply, type ScriptedServer } from "./test-server.test-helpers.js";

const API_KEY = "realmodelstestkey000000000000000";
let emulator: AyonEmulator;
let server: ScriptedServer | undefined;
beforeAll(async () => {
  emulator = await startAyonEmulator({ apiKey: API_KEY });
});
afterAll(async () => emulator.close());
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function scripted(replies: Reply[]): Promise<AyonClient> {
  server = await startScriptedServer(replies);
  return new AyonClient({ serverUrl: server.url, apiKey: "k".repeat(32), retry: { limit: 1, baseDelayMs: 1, maxDelayMs: 2 } });
}

describe("GET /api/attributes as the real AttributeModel", () => {
  it("parses the emulator's list: nulls in title/description/default, the real defaults", async () => {
    const client = new AyonClient({ serverUrl: emulator.url, apiKey: API_KEY });
    const attributes = await client.listAttributes();
    expect(attributes.find((a) => a.name === "priority")?.data).toMatchObject({ default: "normal", description: null });
    expect(attributes.find((a) => a.name === "resolutionWidth")?.data.default).toBe(1920);
    expect(attributes.map((a) => a.name)).toContain("entityListCategory");
  });

  it("tolerates unknown extra fields and an empty list; a missing required field fails the call naming endpoint and field", async () => {
    const attribute = {
      name: "x", position: 1, scope: [], builtin: null, future: { anything: 1 },
      data: { type: "string", title: null, description: null, example: null, default: null, enum: null, inherit: true, newField: 3 },
    };
    const client = await scripted([
      { status: 200, body: { attributes: [attribute], extra: true } },
      { status: 200, body: { attributes: [] } },
      { status: 200, body: { attributes: [{ ...attribute, position: null }] } },
    ]);
    await expect(client.listAttributes()).resolves.toMatchObject([{ name: "x", data: { title: null, default: null } }]);
    await expect(client.listAttributes()).resolves.toEqual([]);
    const error = await client.listAttributes().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AyonResponseError);
    expect((error as Error).message).toMatch(/GET \/api\/attributes .*attributes\.0\.position/);
  });
});

describe("other replies with the nulls their models allow", () => {
  it("a folder listing with null taskNames, tags, attrib and ownAttrib (list_folders.py FolderListItem)", async () => {
    const item = {
      id: "a".repeat(32), path: "assets", parentId: null, parents: [], name: "assets", label: null, folderType: "Folder",
      hasTasks: false, hasChildren: false, hasReviewables: false, thumbnailHash: "aaaaaa", taskNames: null, tags: null, status: "Ready",
      attrib: null, ownAttrib: null, createdAt: "2026-01-01T00:00:00+00:00", updatedAt: "2026-01-01T00:00:00+00:00", newField: 1,
    };
    const client = await scripted([{ status: 200, body: { detail: "", folders: [item] } }]);
    await expect(client.listFolders("demo", { attrib: true })).resolves.toMatchObject([{ name: "assets", taskNames: [], tags: [], attrib: undefined }]);
  });

  it("a project whose statuses carry a null scope and tags a null color; a service user without isAdmin/isManager", async () => {
    const project = {
      name: "demo", code: "dm", library: false, folderTypes: [], taskTypes: [], linkTypes: [], statuses: [{ name: "Ready", scope: null }],
      tags: [{ name: "hero", color: null }], config: {}, attrib: {}, data: null, active: true, ownAttrib: [],
    };
    const me = { name: "service", attrib: { fullName: null }, data: { isService: true, accessGroups: {} }, active: true, ownAttrib: [] };
    const client = await scripted([{ status: 200, body: project }, { status: 200, body: me }]);
    await expect(client.getProject("demo")).resolves.toMatchObject({ statuses: [{ name: "Ready" }], tags: [{ name: "hero" }], data: {} });
    await expect(client.me()).resolves.toMatchObject({ name: "service", data: { isService: true } });
  });
});
