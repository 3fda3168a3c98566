import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "@jest/globals";
import { UserError } from "../../config/user-error.js";
import { parseCommandLine } from "../usage.js";
import { locateSandbox, SANDBOX_PACKAGE } from "./sandbox.js";

/** A directory holding a package.json, and optionally an installed (fake) sandbox package. */
function dirWith(options: { name?: string; installSandbox?: boolean; selfEntry?: boolean }): string {
  const dir = mkdtempSync(join(tmpdir(), "ayon-sg-sandbox-cmd-"));
  const self = options.selfEntry !== undefined;
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify({ name: options.name ?? "studio", type: "module", ...(self ? { exports: { ".": "./dist/index.js" } } : {}) }),
  );
  if (options.selfEntry) {
    mkdirSync(join(dir, "dist"));
    writeFileSync(join(dir, "dist", "index.js"), "export async function runSandbox() { return 0; }\n");
  }
  if (options.installSandbox) {
    const pkg = join(dir, "node_modules", ...SANDBOX_PACKAGE.split("/"));
    mkdirSync(pkg, { recursive: true });
    writeFileSync(join(pkg, "package.json"), JSON.stringify({ name: SANDBOX_PACKAGE, type: "module", exports: { ".": "./index.js" } }));
    writeFileSync(join(pkg, "index.js"), "export async function runSandbox() { return 0; }\n");
  }
  return dir;
}

describe("sandbox command line", () => {
  it("keeps --studio for core and hands every other argument to the sandbox", () => {
    expect(parseCommandLine(["sandbox", "--once", "--studio", "/s", "--shots", "20"])).toEqual({
      kind: "command", command: "sandbox", studioDir: "/s", rest: ["--once", "--shots", "20"],
    });
    expect(parseCommandLine(["sandbox", "--studio=/x", "--help"])).toEqual({ kind: "command", command: "sandbox", studioDir: "/x", rest: ["--help"] });
    expect(parseCommandLine(["sandbox", "--studio"])).toEqual({ kind: "error", message: "option '--studio <value>' argument missing" });
  });
});

describe("locateSandbox", () => {
  it("defaults to the workspace's sandbox package, which is also the studio", () => {
    const workspace = dirWith({ name: SANDBOX_PACKAGE, selfEntry: true });
    expect(locateSandbox(undefined, workspace)).toEqual({ entry: join(workspace, "dist", "index.js"), studioDir: workspace });
  });

  it("with --studio, prefers a sandbox installed there, else the workspace's, and runs the studio's plugins", () => {
    const workspace = dirWith({ name: SANDBOX_PACKAGE, selfEntry: true });
    const withSandbox = dirWith({ installSandbox: true });
    expect(locateSandbox(withSandbox, workspace)).toEqual({ entry: join(withSandbox, "node_modules", "@ayon-sg", "sandbox", "index.js"), studioDir: withSandbox });
    const plain = dirWith({});
    expect(locateSandbox(plain, workspace)).toEqual({ entry: join(workspace, "dist", "index.js"), studioDir: plain });
  });

  it("says what to do when there is no sandbox, or it is not built", () => {
    const nowhere = join(tmpdir(), "ayon-sg-no-such-dir");
    expect(() => locateSandbox(undefined, nowhere)).toThrow(/comes with the ayon-sg source tree/);
    const unbuilt = dirWith({ name: SANDBOX_PACKAGE, selfEntry: false });
    expect(() => locateSandbox(undefined, unbuilt)).toThrow(/not its built entry .*: run pnpm build/);
    expect(() => locateSandbox(join(tmpdir(), "ayon-sg-missing-studio"), nowhere)).toThrow(UserError);
  });
});
