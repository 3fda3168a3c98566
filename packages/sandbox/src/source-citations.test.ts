// Comments and docs cite public upstream sources (ayon-backend, ayon-python-api, shotgun_api3, ynput/ayon-shotgrid,
// ShotGrid's REST docs) or explain themselves. Notes kept outside this repository (the API study notebooks and
// the design notes, with their section numbers) are dead links for the next maintainer: a citation of one fails
// here, with its place.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "@jest/globals";

const ROOT = join(import.meta.dirname, "..", "..", "..");
const TEXT_FILE = /\.(ts|tsx|js|mjs|cjs|py|md|json|ya?ml|sh|toml|html|css)$|(^|\/)(Dockerfile|Makefile|sample_env)$/;
const THIS_FILE = relative(ROOT, import.meta.filename);

/** The names under which the out-of-repository notes were cited. */
const NOTEBOOK_CITATION = new RegExp(
  [
    String.raw`ayon-api(\.md)?\s*§`,
    String.raw`shotgrid-api(\.md)?\s*§`,
    String.raw`reference-addon`,
    String.raw`toolchain\.md`,
    String.raw`shared/reference`,
    String.raw`\breference\s*§`,
    String.raw`ayon-api\.md`,
    String.raw`shotgrid-api\.md`,
    String.raw`\bthe notebook\b`,
    String.raw`DESIGN(\.md)?\s*§`,
    // A bare section number (`(§1.9)`) points into the same notes; an RFC's section is a public citation.
    String.raw`(?<!RFC \d{1,5} )§\s?\d`,
  ].join("|"),
  "i",
);

/** `path:line: text` of every line citing a note that is not in the repository. */
function notebookCitations(path: string, text: string): string[] {
  return text.split("\n").flatMap((line, i) => (NOTEBOOK_CITATION.test(line) ? [`${path}:${i + 1}: ${line.trim()}`] : []));
}

/** The repository's own text files: what git tracks (test output, installs and builds are not the repository). */
function repositoryTextFiles(): string[] {
  return execFileSync("git", ["ls-files", "-z"], { cwd: ROOT, encoding: "utf8" })
    .split("\0")
    .filter((rel) => rel !== "" && TEXT_FILE.test(rel) && rel !== THIS_FILE && !rel.endsWith("pnpm-lock.yaml"));
}

describe("citations of notes outside the repository", () => {
  it("are recognised in every spelling they were written in", () => {
    const sample = [
      "// Conformance with ayon-api.md §2.5",
      "describe(\"reference-addon §4.4 rename\")",
      " * Batch requests (reference §1.9)",
      "// shotgrid-api §4.2: the Tasks' retirement",
      "as /work/shared/reference/ayon-api.md describes it",
      "// ayon-backend api/events/enroll.py: the same sender gets its unfinished job again",
      "// ShotGrid REST API v1 `_batch`, RFC 9110 §10.2.3",
      "describe(\"§1.6 api3_hash filters\")",
      "// (DESIGN §5: replays are harmless)",
    ].join("\n");
    expect(notebookCitations("sample.ts", sample).map((hit) => hit.split(":")[1])).toEqual(["1", "2", "3", "4", "5", "8", "9"]);
  });

  it("appear nowhere in the repository's sources and docs", () => {
    const files = repositoryTextFiles();
    expect(files).toContain("packages/core/src/ayon/client.ts");
    const hits = files.flatMap((path) => notebookCitations(path, readFileSync(join(ROOT, path), "utf8")));
    expect(hits).toEqual([]);
  });
});
