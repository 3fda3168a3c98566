/**
 * The README's "Writing a custom handler" section as steps a test can carry out: code fences whose info string
 * says `file=<path>` are files to write, `sh step` fences are shell steps, the `sh run` fence is the command that
 * starts the runtime. The test reads them from the README itself, so the docs and the test cannot drift.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

export type WalkthroughStep =
  | { kind: "file"; path: string; content: string }
  | { kind: "step"; script: string }
  | { kind: "run"; command: string };

export const REPO_ROOT = join(import.meta.dirname, "..", "..", "..");
export const WALKTHROUGH_HEADING = "## Writing a custom handler";

export function readWalkthrough(readmePath = join(REPO_ROOT, "README.md")): WalkthroughStep[] {
  const readme = readFileSync(readmePath, "utf8");
  const start = readme.indexOf(`\n${WALKTHROUGH_HEADING}\n`);
  if (start < 0) throw new Error(`README.md has no "${WALKTHROUGH_HEADING}" section`);
  const next = readme.indexOf("\n## ", start + WALKTHROUGH_HEADING.length + 1);
  const section = readme.slice(start, next < 0 ? undefined : next);
  const steps: WalkthroughStep[] = [];
  for (const fence of section.matchAll(/^```([^\n]*)\n([\s\S]*?)^```$/gm)) {
    const words = fence[1]!.trim().split(/\s+/);
    const body = fence[2]!;
    const file = words.find((w) => w.startsWith("file="));
    if (file) steps.push({ kind: "file", path: file.slice("file=".length), content: body });
    else if (words[0] === "sh" && words[1] === "step") steps.push({ kind: "step", script: body });
    else if (words[0] === "sh" && words[1] === "run") steps.push({ kind: "run", command: body.trim() });
  }
  return steps;
}
