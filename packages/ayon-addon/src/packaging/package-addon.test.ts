// The addon zip as AYON receives it (ayon-backend ayon_server/installer/addons.py and
// ayon_server/addons/definition.py).
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { shotgridSettingsDefaults } from "@ayon-sg/shotgrid";
import { readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { packageAddon } from "./package-addon.js";
import { ADDON_DIR } from "./paths.js";
import { packageIntoTempDir, type TempPackage } from "./temp-package.js";
import { packagePyVersion, readAddonVersion } from "./version.js";

let pkg: TempPackage;
let version: string;
const text = (path: string) => new TextDecoder().decode(pkg.entries[path]);

beforeAll(async () => {
  version = await readAddonVersion(ADDON_DIR);
  pkg = await packageIntoTempDir();
}, 120_000);

afterAll(async () => {
  await pkg?.cleanup();
});

describe("addon package layout", () => {
  it("is named <name>-<version>.zip after the workspace version", () => {
    expect(basename(pkg.packaged.zipPath)).toBe(`shotgrid-${version}.zip`);
    expect(pkg.packaged).toMatchObject({ name: "shotgrid", version });
    expect(Object.keys(pkg.entries).sort()).toEqual([...pkg.packaged.files].sort());
  });

  it("has package.py at the zip root with the addon's name and version", () => {
    const packagePy = text("package.py");
    expect(packagePy).toMatch(/^name = "shotgrid"$/m);
    expect(packagePyVersion(packagePy)).toBe(version);
    expect(packagePy).toMatch(/^client_dir = None$/m);
    expect(packagePy).toContain('"AyonSgRuntime": {"image": f"ayon-sg/runtime:{version}"}');
  });

  it("has the Python server part and the settings defaults written from TypeScript", () => {
    for (const file of ["__init__.py", "settings.py", "attributes.py", "endpoints.py"]) {
      expect(pkg.entries[`server/${file}`]).toBeDefined();
    }
    expect(JSON.parse(text("server/settings_defaults.json"))).toEqual(shotgridSettingsDefaults());
  });

  it("has the built page with every asset its index.html and CSS refer to", () => {
    const html = text("frontend/dist/index.html");
    const htmlRefs = [...html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(htmlRefs.length).toBeGreaterThanOrEqual(2); // the script and the stylesheet
    expect(html).not.toMatch(/(?:src|href)="\/assets/); // relative URLs only: AYON serves it under a sub-path
    const css = htmlRefs.filter((ref) => ref.endsWith(".css")).map((ref) => text(`frontend/dist/${ref}`)).join("");
    const cssRefs = [...css.matchAll(/url\(\.\/([^)]+)\)/g)].map((m) => `assets/${m[1]}`);
    expect(cssRefs.some((ref) => ref.endsWith(".woff2"))).toBe(true); // the AYON theme's fonts
    for (const ref of [...htmlRefs, ...cssRefs]) expect(pkg.entries[`frontend/dist/${ref}`]).toBeDefined();
  });

  it("holds nothing else: no sources of the page, tests, node_modules, source maps or caches", () => {
    const unexpected = Object.keys(pkg.entries).filter(
      (path) =>
        !(path === "package.py" || /^server\/[\w/]+\.(py|json)$/.test(path) || path.startsWith("frontend/dist/")) ||
        /node_modules|__pycache__|\/tests?\/|\.map$|\.tsx?$|\.pyc$/.test(path),
    );
    expect(unexpected).toEqual([]);
  });

  it("ships a page that never asks AYON for secrets nor talks to ShotGrid", () => {
    const scripts = Object.keys(pkg.entries).filter((path) => path.endsWith(".js"));
    expect(scripts.length).toBeGreaterThan(0);
    for (const path of scripts) {
      const code = text(path);
      expect(code).not.toContain("/api/secrets");
      expect(code).not.toContain("/api/v1/auth/access_token");
      expect(code).toContain("ayonsg.reply.");
    }
  });

  it("is reproducible: the same inputs give the same bytes", async () => {
    const again = await packageAddon({
      outDir: join(pkg.dir, "again"),
      frontendDistDir: join(pkg.dir, "dist"),
      buildFrontend: false,
      syncSources: false,
    });
    expect(Buffer.compare(await readFile(again.zipPath), Buffer.from(pkg.zip))).toBe(0);
  });
});
