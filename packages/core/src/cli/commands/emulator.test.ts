import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "@jest/globals";
import { UserError } from "../../config/user-error.js";
import { locateEmulators, TESTING_PACKAGE } from "./emulator.js";

/** A directory with a package.json, optionally with a (fake, built) testing package installed or being it. */
function dirWith(options: { name?: string; install?: boolean }): string {
  const dir = mkdtempSync(join(tmpdir(), "ayon-sg-emulator-cmd-"));
  const self = options.name === TESTING_PACKAGE;
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: options.name ?? "studio", type: "module", ...(self ? { exports: { ".": "./dist/index.js" } } : {}) }));
  if (self) {
    mkdirSync(join(dir, "dist"));
    writeFileSync(join(dir, "dist", "index.js"), "export async function runEmulatorCli() { return 0; }\n");
  }
  if (options.install) {
    const pkg = join(dir, "node_modules", ...TESTING_PACKAGE.split("/"));
    mkdirSync(pkg, { recursive: true });
    writeFileSync(join(pkg, "package.json"), JSON.stringify({ name: TESTING_PACKAGE, type: "module", exports: { ".": { types: "./x.d.ts", default: "./index.js" } } }));
    writeFileSync(join(pkg, "index.js"), "export async function runEmulatorCli() { return 0; }\n");
  }
  return dir;
}

describe("locateEmulators", () => {
  it("prefers the testing package installed in the studio directory, else the source tree's", () => {
    const workspace = dirWith({ name: TESTING_PACKAGE });
    const studio = dirWith({ install: true });
    expect(locateEmulators(studio, workspace, {})).toBe(join(studio, "node_modules", "@ayon-sg", "testing", "index.js"));
    const plain = dirWith({});
    expect(locateEmulators(undefined, workspace, { AYON_SG_STUDIO_DIR: plain })).toBe(join(workspace, "dist", "index.js"));
  });

  it("without it anywhere, says in one sentence which package to install", () => {
    const plain = dirWith({});
    const nowhere = join(tmpdir(), "ayon-sg-no-such-workspace");
    expect(() => locateEmulators(plain, nowhere, {})).toThrow(UserError);
    expect(() => locateEmulators(plain, nowhere, {})).toThrow(
      `the emulators come with @ayon-sg/testing, which is not installed in ${plain}: add it there as a dev dependency (pnpm add -D @ayon-sg/testing).`,
    );
  });
});
