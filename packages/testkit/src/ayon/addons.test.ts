import { describe, it, expect, beforeAll, afterAll } from "@jest/globals";
import { mkdtemp, mkdir, writeFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { strToU8, zipSync } from "fflate";
import { startTestAyon, type TestAyon } from "./emulator.test-helpers.js";

function addonZip(files: Record<string, string>): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)])));
}

describe("Addon install and static files", () => {
  let t: TestAyon;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "ayon-addon-"));
    await mkdir(join(dir, "assets"));
    await writeFile(join(dir, "index.html"), "<!doctype html><title>disk</title>");
    await writeFile(join(dir, "assets", "app.js"), "console.log('disk')");
    t = await startTestAyon({ addons: [{ name: "ondisk", version: "1.0.0", frontendDir: dir }] });
  });
  afterAll(async () => {
    await t.emu.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("installs an uploaded zip (admin), answers {eventId}, lists it and flags a restart", async () => {
    const zip = addonZip({
      "package.py": 'name = "ayon_sg"\ntitle = "AYON SG"\nversion = "1.2.3"\nclient_dir = "ayon_sg"\n',
      "server/__init__.py": "class Addon: pass\n",
      "server/settings_defaults.json": JSON.stringify({ poll: 5 }),
      "frontend/dist/index.html": "<!doctype html><title>page</title>",
      "frontend/dist/assets/app.js": "export const x = 1;",
      "frontend/dist/assets/style.css": "body{}",
      "frontend/dist/fonts/a.woff2": "woff",
      "frontend/dist/logo.svg": "<svg/>",
      "public/icon.png": "png",
      "private/client.zip": "zip",
    });
    expect((await t.manager.post("/api/addons/install", zip)).status).toBe(403);
    const res = await t.service.post("/api/addons/install", zip);
    expect(res.status).toBe(200);
    expect(res.body.eventId).toMatch(/^[0-9a-f]{32}$/);
    const event = (await t.service.get(`/api/events/${res.body.eventId}`)).body;
    expect(event.topic).toBe("addon.install");
    const list = (await t.service.get("/api/addons")).body.addons;
    expect(list.find((a: { name: string }) => a.name === "ayon_sg")).toMatchObject({ title: "AYON SG", versions: { "1.2.3": { hasSettings: true } } });
    expect((await t.service.get("/api/addons/ayon_sg/1.2.3/settings")).body).toEqual({ poll: 5 });
    expect(t.emu.state.restart.required).toBe(true);
    // Reinstalling the same version reuses the install event's hash.
    const again = await t.service.post("/api/addons/install", zip);
    expect(again.status).toBe(200);
  });

  it("reports the installed versions in the production bundle", async () => {
    const res = await t.service.get("/api/bundles");
    expect(res.body.productionBundle).toBe("emulator");
    expect(res.body.bundles[0].addons).toMatchObject({ ayon_sg: "1.2.3", ondisk: "1.0.0" });
  });

  it("serves frontend files without auth, with content types, index.html for the folder", async () => {
    const cases: Array<[string, string, string]> = [
      ["/addons/ayon_sg/1.2.3/frontend/", "text/html", "page"],
      ["/addons/ayon_sg/1.2.3/frontend/assets/app.js", "text/javascript", "export"],
      ["/addons/ayon_sg/1.2.3/frontend/assets/style.css", "text/css", "body"],
      ["/addons/ayon_sg/1.2.3/frontend/fonts/a.woff2", "font/woff2", "woff"],
      ["/addons/ayon_sg/1.2.3/frontend/logo.svg", "image/svg+xml", "svg"],
      ["/addons/ayon_sg/1.2.3/public/icon.png", "image/png", "png"],
    ];
    for (const [path, type, text] of cases) {
      const res = await t.anonymous.get(path);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toContain(type);
      expect(res.text).toContain(text);
    }
  });

  it("requires auth for private files and answers missing files and traversal with 404", async () => {
    expect((await t.anonymous.get("/addons/ayon_sg/1.2.3/private/client.zip")).status).toBe(401);
    expect((await t.service.get("/addons/ayon_sg/1.2.3/private/client.zip")).status).toBe(200);
    expect((await t.anonymous.get("/addons/ayon_sg/1.2.3/frontend/missing.js")).status).toBe(404);
    expect((await t.anonymous.get("/addons/ayon_sg/1.2.3/frontend/..%2F..%2Fpackage.py")).status).toBe(404);
    expect((await t.anonymous.get("/addons/nope/1.0.0/frontend/")).status).toBe(404);
  });

  it("serves an `addons` option's frontendDir from disk", async () => {
    const page = await t.anonymous.get("/addons/ondisk/1.0.0/frontend/");
    expect(page.text).toContain("disk");
    const js = await t.anonymous.get("/addons/ondisk/1.0.0/frontend/assets/app.js");
    expect(js.headers.get("content-type")).toContain("javascript");
    expect((await t.anonymous.get("/addons/ondisk/1.0.0/frontend/../../etc/passwd")).status).toBe(404);
  });

  it("refuses a zip without package.py at the root (409 'Unsupported addon format'); a non-zip body fails unhandled (500, as recorded)", async () => {
    const nested = addonZip({ "inner/package.py": 'name = "x"\nversion = "1.0.0"\n' });
    expect((await t.service.post("/api/addons/install", nested)).body).toEqual({ code: 409, detail: "Unsupported addon format" });
    const notZip = await t.service.post("/api/addons/install", new Uint8Array([1, 2, 3]));
    expect(notZip.status).toBe(500);
    expect(notZip.body).toMatchObject({ status: 500, detail: "zipfile.BadZipFile: File is not a zip file" });
  });
});
