import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "@jest/globals";
import { queueOverrides, readStudioManifest } from "./studio-config.js";

function studio(json: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), "ayonsg-studio-"));
  writeFileSync(join(dir, "package.json"), typeof json === "string" ? json : JSON.stringify(json));
  return dir;
}

describe("readStudioManifest", () => {
  it("lists dependencies and reads the ayon-sg section", () => {
    const dir = studio({ name: "studio", dependencies: { a: "1" }, optionalDependencies: { b: "1" }, "ayon-sg": { exclude: ["b"], concurrency: 6, stuckJobSeconds: 90, outageBudgetMinutes: 45 } });
    const manifest = readStudioManifest(dir);
    expect(manifest.dependencies).toEqual(["a", "b"]);
    expect(manifest.config.exclude).toEqual(["b"]);
    expect(queueOverrides(manifest.config)).toEqual({ concurrency: 6, stuckJobMs: 90_000, outageBudgetMinutes: 45 });
  });

  it("explains a missing manifest, bad JSON and a typo in the section", () => {
    expect(() => readStudioManifest(join(tmpdir(), "does-not-exist-ayonsg"))).toThrow(/does not exist/);
    expect(() => readStudioManifest(studio("{ nope"))).toThrow(/not valid JSON/);
    expect(() => readStudioManifest(studio({ "ayon-sg": { concurency: 4 } }))).toThrow(/ayon-sg: Unrecognized key.*concurency/);
    expect(() => readStudioManifest(studio({ "ayon-sg": { concurrency: 0 } }))).toThrow(/ayon-sg\.concurrency/);
    expect(() => readStudioManifest(studio({ "ayon-sg": { outageBudgetMinutes: -1 } }))).toThrow(/ayon-sg\.outageBudgetMinutes/);
  });

  it("refuses the old runtime-wide jobTopic, saying the plugins declare theirs", () => {
    expect(() => readStudioManifest(studio({ "ayon-sg": { jobTopic: "shotgrid.proc" } }))).toThrow(/ayon-sg\.jobTopic: is no longer a runtime setting: each plugin \(or order group\) declares its own job topic/);
  });
});
