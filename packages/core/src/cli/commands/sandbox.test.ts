import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "@jest/globals";
import { UserError } from "../../config/user-error.js";
import { runCli } from "../program.js";
import { captureIo } from "../program.test-helpers.js";
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
    // Records how it was called (args, studio) next to itself and exits 7, so a test sees the hand-over.
    writeFileSync(
      join(pkg, "index.js"),
      'import { writeFileSync } from "node:fs";\n' +
        "export async function runSandbox(args, context) {\n" +
        '  writeFileSync(new URL("./call.json", import.meta.url), JSON.stringify({ args, context }));\n' +
        "  return 7;\n}\n",
    );
  }
  return dir;
}

describe("sandbox command line", () => {
  const call = (dir: string) => JSON.parse(readFileSync(join(dir, "node_modules", "@ayon-sg", "sandbox", "call.json"), "utf8")) as unknown;

  it("keeps --studio for core and hands every other argument, --help included, to the sandbox", async () => {
    const studio = dirWith({ installSandbox: true });
    const io = captureIo();
    expect(await runCli(["sandbox", "--once", "--studio", studio, "--shots", "20"], io)).toBe(7);
    expect(call(studio)).toEqual({ args: ["--once", "--shots", "20"], context: { studioDir: studio } });
    expect(await runCli(["sandbox", `--studio=${studio}`, "--help"], io)).toBe(7);
    expect(call(studio)).toEqual({ args: ["--help"], context: { studioDir: studio } });
  });

  it("refuses --studio without a directory as wrong usage", async () => {
    const io = captureIo();
    expect(await runCli(["sandbox", "--studio"], io)).toBe(2);
    expect(io.errText()).toMatch(/option '--studio <dir>' argument missing/);
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
