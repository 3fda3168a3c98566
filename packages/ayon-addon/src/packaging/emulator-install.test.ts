// The packaged zip goes through the AYON emulator's real install endpoint (ayon-backend api/addons/install.py)
// and then behaves like an installed addon: listed, its settings answered with the TypeScript defaults,
// its page served with every asset.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { shotgridSettingsDefaults } from "@ayon-sg/shotgrid";
import { startAyonEmulator, type AyonEmulator } from "@ayon-sg/testkit";
import { installAddon } from "../install/install-addon.js";
import { packageIntoTempDir, type TempPackage } from "./temp-package.js";

const SERVICE_KEY = "ayonsginstalltestkey0123456789ab";
let ayon: AyonEmulator;
let pkg: TempPackage;
let version: string;
let eventId: string;

const get = (path: string) => fetch(`${ayon.url}${path}`, { headers: { "x-api-key": SERVICE_KEY } });

beforeAll(async () => {
  pkg = await packageIntoTempDir();
  version = pkg.packaged.version;
  ayon = await startAyonEmulator({ apiKey: SERVICE_KEY });
  ({ eventId } = await installAddon({ ayonUrl: ayon.url, apiKey: SERVICE_KEY, zip: pkg.zip, name: "shotgrid", version }));
}, 120_000);

afterAll(async () => {
  await ayon?.close();
  await pkg?.cleanup();
});

describe("installing the packaged addon", () => {
  it("is accepted by POST /api/addons/install, which answers with the addon.install event", async () => {
    expect(eventId).toMatch(/^[0-9a-f]{32}$/);
    const event = (await (await get(`/api/events/${eventId}`)).json()) as { topic: string; summary: unknown };
    expect(event.topic).toBe("addon.install");
  });

  it("is listed with its version and the settings page scope", async () => {
    const body = (await (await get("/api/addons")).json()) as {
      addons: Array<{ name: string; versions: Record<string, { frontendScopes: unknown; hasSettings: boolean }> }>;
    };
    const addon = body.addons.find((a) => a.name === "shotgrid");
    expect(addon?.versions[version]).toMatchObject({ frontendScopes: { settings: {} }, hasSettings: true });
  });

  it("answers its studio settings with the TypeScript defaults (from server/settings_defaults.json)", async () => {
    const response = await get(`/api/addons/shotgrid/${version}/settings`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(shotgridSettingsDefaults());
  });

  it("serves the page and every asset it loads, without authentication", async () => {
    for (const path of ["", "index.html"]) {
      const page = await fetch(`${ayon.url}/addons/shotgrid/${version}/frontend/${path}`);
      expect(page.status).toBe(200);
      expect(page.headers.get("content-type")).toMatch(/^text\/html/);
      expect(await page.text()).toContain('<div id="root"></div>');
    }
    const assets = Object.keys(pkg.entries).filter((p) => p.startsWith("frontend/dist/assets/"));
    expect(assets.length).toBeGreaterThan(2);
    for (const asset of assets) {
      const response = await fetch(`${ayon.url}/addons/shotgrid/${version}/frontend/${asset.slice("frontend/dist/".length)}`);
      expect(response.status).toBe(200);
      const served = Buffer.from(await response.arrayBuffer());
      expect(Buffer.compare(served, Buffer.from(pkg.entries[asset]!))).toBe(0);
    }
  });
});
