// Core is the runtime and nothing else: what a studio installs with it (its dependencies) and what its code
// imports never include the emulators or the test harness, which live in test-only packages (@ayon-sg/testkit,
// @ayon-sg/testing) that studios install as dev dependencies.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "@jest/globals";

const CORE = join(import.meta.dirname, "..");
const TEST_ONLY = ["@ayon-sg/testkit", "@ayon-sg/testing", "graphql"];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") && !/\.test(-helpers)?\.ts$/.test(entry.name) ? [path] : [];
  });
}

describe("@ayon-sg/core's boundary", () => {
  it("has no emulator, GraphQL engine or test harness among its runtime dependencies, and no ./testing export", () => {
    const manifest = JSON.parse(readFileSync(join(CORE, "package.json"), "utf8")) as { dependencies?: Record<string, string>; exports: Record<string, unknown> };
    const runtime = Object.keys(manifest.dependencies ?? {});
    expect(runtime.filter((name) => TEST_ONLY.includes(name) || name.startsWith("@ayon-sg/"))).toEqual([]);
    expect(Object.keys(manifest.exports).filter((subpath) => subpath.includes("testing"))).toEqual([]);
  });

  it("imports no test-only package from its shipped code (the emulator command finds @ayon-sg/testing at run time)", () => {
    const offenders = sourceFiles(join(CORE, "src")).flatMap((file) => {
      const text = readFileSync(file, "utf8");
      return [...text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)["']([^"']+)["']/g)]
        .map((m) => m[1]!)
        .filter((specifier) => TEST_ONLY.some((name) => specifier === name || specifier.startsWith(`${name}/`)))
        .map((specifier) => `${relative(CORE, file)} imports ${specifier}`);
    });
    expect(offenders).toEqual([]);
  });
});
