import { describe, expect, it } from "@jest/globals";
import { readStudioManifest } from "../config/studio-config.js";
import { createStudioDir } from "@ayon-sg/testing";
import { discoverPlugins, inactivePluginIds, loadedPlugins } from "./discovery.js";

const marker = { "ayon-sg": { role: "handler" } };
const goodPlugin = (id: string) => `import { definePlugin, Handler } from "@ayon-sg/core";
class Echo { handle() { return { kind: "done", message: "echo" }; } }
Handler({ topic: "studio.echo" })(Echo);
export default definePlugin({ id: "${id}", handlers: [Echo] });
`;

describe("discoverPlugins", () => {
  it("loads marked dependencies, ignores ordinary ones, reports broken ones and keeps going", async () => {
    const dir = createStudioDir({
      packages: {
        "@studio/echo": { packageJson: marker, files: { "index.js": goodPlugin("studio-echo") } },
        "@studio/broken": { packageJson: marker, files: { "index.js": "throw new Error('boom at import');\n" } },
        "@studio/not-a-plugin": { packageJson: marker, files: { "index.js": "export default { id: 'nope' };\n" } },
        lodashish: { files: { "index.js": "export default 1;\n" } },
        "@studio/cjs": { packageJson: { ...marker, type: "commonjs" }, files: { "index.js": "module.exports = { note: 'not a plugin either' };\n" } },
      },
    });
    const reports = await discoverPlugins(readStudioManifest(dir));
    const byName = Object.fromEntries(reports.map((r) => [r.packageName, r]));
    expect(byName["lodashish"]).toBeUndefined();
    expect(byName["@studio/echo"]).toMatchObject({ status: "loaded", role: "handler", version: "1.0.0" });
    expect(byName["@studio/broken"]).toMatchObject({ status: "failed", reason: "cannot be imported: boom at import" });
    expect(byName["@studio/not-a-plugin"]?.reason).toMatch(/not a plugin declaration/);
    expect(byName["@studio/cjs"]?.status).toBe("failed");
    expect(loadedPlugins(reports).map((p) => p.id)).toEqual(["studio-echo"]);
  });

  it("applies exclude by package or plugin id, include, and refuses duplicate ids", async () => {
    const packages = {
      "@studio/a": { packageJson: marker, files: { "index.js": goodPlugin("plugin-a") } },
      "@studio/b": { packageJson: marker, files: { "index.js": goodPlugin("plugin-b") } },
      "@studio/b-copy": { packageJson: marker, files: { "index.js": goodPlugin("plugin-b") } },
    };
    const excluded = await discoverPlugins(readStudioManifest(createStudioDir({ packages, config: { exclude: ["@studio/a", "plugin-b"] } })));
    expect(excluded.map((r) => [r.packageName, r.status])).toEqual([
      ["@studio/a", "skipped"],
      ["@studio/b", "skipped"],
      ["@studio/b-copy", "skipped"],
    ]);
    // Excluded plugins keep their config sections: their ids are known, by package or by id alike.
    expect(inactivePluginIds(excluded)).toEqual(["plugin-a", "plugin-b", "plugin-b"]);
    const included = await discoverPlugins(readStudioManifest(createStudioDir({ packages, config: { include: ["plugin-a"] } })));
    expect(loadedPlugins(included).map((p) => p.id)).toEqual(["plugin-a"]);
    const duplicated = await discoverPlugins(readStudioManifest(createStudioDir({ packages })));
    expect(duplicated.find((r) => r.packageName === "@studio/b-copy")?.reason).toMatch(/plugin id 'plugin-b' is already used by @studio\/b/);
  });

  it("finds the package.json of a plugin whose exports name only its entry", async () => {
    const dir = createStudioDir({
      packages: { "@studio/exports-dot": { packageJson: { ...marker, exports: { ".": "./index.js" } }, files: { "index.js": goodPlugin("exports-dot") } } },
    });
    const reports = await discoverPlugins(readStudioManifest(dir));
    expect(reports.map((r) => [r.packageName, r.status, r.version])).toEqual([["@studio/exports-dot", "loaded", "1.0.0"]]);
  });

  it("loads an explicit list even without markers, and reports what is not installed", async () => {
    const dir = createStudioDir({
      packages: { "@studio/plain": { files: { "index.js": goodPlugin("plain") } } },
      config: { plugins: ["@studio/plain", "@studio/missing"] },
    });
    const reports = await discoverPlugins(readStudioManifest(dir));
    expect(reports.map((r) => [r.packageName, r.status])).toEqual([
      ["@studio/plain", "loaded"],
      ["@studio/missing", "failed"],
    ]);
    expect(reports[1]!.reason).toMatch(/not installed/);
  });
});
