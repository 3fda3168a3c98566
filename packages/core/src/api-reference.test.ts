// Keeps packages/core/README.md (the API reference for plugin authors) true: every name an entry point of the
// package exports (package.json "exports") is mentioned there, and every catalogued topic is in its table.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "@jest/globals";
import { ENTITY_TOPICS } from "./events/entity-topics.js";

const PACKAGE_DIR = join(import.meta.dirname, "..");
const README = readFileSync(join(PACKAGE_DIR, "README.md"), "utf8");

/** The source file of each entry point: `./dist/x.d.ts` → `src/x.ts`. */
function entryPoints(): Array<{ subpath: string; file: string }> {
  const manifest = JSON.parse(readFileSync(join(PACKAGE_DIR, "package.json"), "utf8")) as { exports: Record<string, string | { types?: string }> };
  return Object.entries(manifest.exports)
    .filter(([, target]) => typeof target === "object" && target.types)
    .map(([subpath, target]) => ({ subpath, file: join(PACKAGE_DIR, (target as { types: string }).types.replace(/^\.\/dist\//, "src/").replace(/\.d\.ts$/, ".ts")) }));
}

/**
 * The names a module exports: `export { a, type B, c as d } from ...`, `export type {...}`, declarations
 * (`export class X`, `export const y`...), and `export * from` / `export type * from` followed into local files.
 */
function exportedNames(file: string, seen = new Set<string>()): Set<string> {
  const names = new Set<string>();
  if (seen.has(file)) return names;
  seen.add(file);
  const text = readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  for (const [, list] of text.matchAll(/export\s+(?:type\s+)?\{([^}]*)\}/g)) {
    for (const item of list!.split(",")) {
      const words = item.trim().replace(/^type\s+/, "").split(/\s+as\s+/);
      const name = words[words.length - 1]!.trim();
      if (name) names.add(name);
    }
  }
  for (const [, name] of text.matchAll(/export\s+(?:declare\s+)?(?:abstract\s+)?(?:class|interface|type|const|let|function|enum)\s+([A-Za-z_$][\w$]*)/g)) names.add(name!);
  for (const [, from] of text.matchAll(/export\s+(?:type\s+)?\*\s+from\s+"(\.[^"]+)"/g)) {
    const target = resolve(dirname(file), from!.replace(/\.js$/, ".ts"));
    if (existsSync(target)) for (const name of exportedNames(target, seen)) names.add(name);
  }
  return names;
}

const mentioned = (name: string) => new RegExp(`(?<![\\w$])${name.replace(/\$/g, "\\$")}(?![\\w$])`).test(README);

describe("packages/core/README.md, the API reference", () => {
  it.each(entryPoints().map((e) => [e.subpath, e.file] as const))("mentions every export of %s", (_subpath, file) => {
    const names = [...exportedNames(file)];
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((name) => !mentioned(name))).toEqual([]);
  });

  it("lists every catalogued topic in its table", () => {
    for (const [entity, topics] of Object.entries(ENTITY_TOPICS)) {
      const row = README.split("\n").find((line) => line.startsWith(`| \`entity.${entity}.*\`:`));
      expect({ entity, row: row !== undefined }).toEqual({ entity, row: true });
      const listed = row!.split("|")[1]!.split(":")[1]!.split(",").map((s) => s.trim());
      expect(listed).toEqual(Object.keys(topics));
    }
  });
});
