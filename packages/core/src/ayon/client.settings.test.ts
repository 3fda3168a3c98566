// Conformance of the settings, secrets and server calls with ayon-backend api/addons/, api/system/secrets.py,
// api/system/info.py and api/users/users.py (/me).
import { afterEach, describe, expect, it } from "@jest/globals";
import { AyonClient } from "./client.js";
import { AyonAuthError } from "./errors.js";
import { startScriptedServer, type RecordedRequest, type Reply, type ScriptedServer } from "./test-server.test-helpers.js";

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function clientFor(replies: Reply[]): Promise<AyonClient> {
  server = await startScriptedServer(replies);
  return new AyonClient({ serverUrl: server.url, apiKey: "k".repeat(32), retry: { limit: 1, baseDelayMs: 1, maxDelayMs: 1 } });
}
const line = (r: RecordedRequest | undefined) => (r ? `${r.method} ${r.path}${r.query.size ? `?${r.query}` : ""}` : "");
const sent = () => (server?.requests ?? []).map(line);

describe("addon settings", () => {
  const settings = { service_settings: { script_key: "sg_script_key" }, shotgrid_server: "https://x.shotgrid.autodesk.com" };

  it("reads studio settings, with the variant as a query parameter when given", async () => {
    const client = await clientFor([{ status: 200, body: settings }, { status: 200, body: {} }]);
    await expect(client.getAddonSettings("shotgrid", "0.6.19")).resolves.toEqual(settings);
    await expect(client.getAddonSettings("shotgrid", "0.6.19", { variant: "staging" })).resolves.toEqual({});
    expect(sent()).toEqual(["GET /api/addons/shotgrid/0.6.19/settings", "GET /api/addons/shotgrid/0.6.19/settings?variant=staging"]);
  });

  it("reads project settings with the project as a path segment, not ?project=", async () => {
    const client = await clientFor([{ status: 200, body: settings }]);
    await client.getAddonSettings("shotgrid", "0.6.19", { project: "demo", variant: "production" });
    expect(sent()).toEqual(["GET /api/addons/shotgrid/0.6.19/settings/demo?variant=production"]);
  });

  it("reports an unknown addon version as a 404 AyonHttpError", async () => {
    const client = await clientFor([{ status: 404, body: { code: 404, detail: "Addon shotgrid version 9.9.9 does not exist" } }]);
    await expect(client.getAddonSettings("shotgrid", "9.9.9")).rejects.toMatchObject({ status: 404, detail: "Addon shotgrid version 9.9.9 does not exist" });
  });
});

describe("addon list", () => {
  it("lists installed addons with their bundle versions and installed version names", async () => {
    const client = await clientFor([{ status: 200, body: { addons: [{ name: "shotgrid", title: "Shotgrid Sync", productionVersion: "0.2.0", stagingVersion: null, versions: { "0.1.0": {}, "0.2.0": {} } }, { name: "core", versions: {} }] } }]);
    await expect(client.listAddons()).resolves.toEqual([
      { name: "shotgrid", title: "Shotgrid Sync", productionVersion: "0.2.0", stagingVersion: null, versions: ["0.1.0", "0.2.0"] },
      { name: "core", title: null, productionVersion: null, stagingVersion: null, versions: [] },
    ]);
    expect(sent()).toEqual(["GET /api/addons"]);
  });
});

describe("secrets", () => {
  it("returns the secret value, null when it does not exist", async () => {
    const client = await clientFor([{ status: 200, body: { name: "sg_script_key", value: "s3cr3t" } }, { status: 404, body: { detail: "Secret not found" } }]);
    await expect(client.getSecret("sg_script_key")).resolves.toBe("s3cr3t");
    await expect(client.getSecret("missing")).resolves.toBeNull();
    expect(sent()).toEqual(["GET /api/secrets/sg_script_key", "GET /api/secrets/missing"]);
  });

  it("PUTs a secret value and maps a non-admin 403 to AyonAuthError", async () => {
    const client = await clientFor([{ status: 204 }, { status: 403, body: { detail: "Forbidden" } }]);
    await client.setSecret("sg_script_key", "v");
    expect(server?.requests[0]).toMatchObject({ method: "PUT", path: "/api/secrets/sg_script_key", json: { value: "v" } });
    await expect(client.setSecret("sg_script_key", "v")).rejects.toBeInstanceOf(AyonAuthError);
  });
});

describe("info and me", () => {
  it("reads the server version and the key's user", async () => {
    const client = await clientFor([
      { status: 200, body: { version: "1.16.0", releaseInfo: {}, uptime: 5 } },
      { status: 200, body: { name: "service", active: true, data: { isService: true, isAdmin: true }, attrib: { fullName: "" } } },
    ]);
    await expect(client.info()).resolves.toMatchObject({ version: "1.16.0", uptime: 5 });
    await expect(client.me()).resolves.toMatchObject({ name: "service", data: { isService: true } });
    expect(sent()).toEqual(["GET /api/info", "GET /api/users/me"]);
  });
});
