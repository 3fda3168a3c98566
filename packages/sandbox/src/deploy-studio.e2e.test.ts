// The Dockerfile's runtime stage without Docker: deploy/studio copied to a fresh directory, the tarballs of
// `pnpm release:pack` in its vendor/ folder, `pnpm install` and the optional build, then the image's command
// finds the four built-in plugins, and the sandbox runs them (`sandbox --studio`). (No Docker engine is available
// here; this is as close as the tests get.)
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "@jest/globals";
import { REPO_ROOT } from "./walkthrough.test-helpers.js";

function sh(script: string, cwd: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn("sh", ["-ec", script], { cwd, env: { PATH: process.env.PATH, HOME: process.env.HOME }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += String(chunk)));
    child.stderr.on("data", (chunk) => (output += String(chunk)));
    const timer = setTimeout(() => child.kill("SIGKILL"), 150_000);
    child.on("close", (code) => (clearTimeout(timer), resolve({ code, output })));
  });
}

describe("deploy/studio as the image installs it", () => {
  it("installs from the release tarballs and loads the built-in plugins", async () => {
    const dockerfile = readFileSync(join(REPO_ROOT, "Dockerfile"), "utf8");
    // The steps below are the Dockerfile's; fail here if it changes them.
    expect(dockerfile).toContain("pnpm release:pack --out /out/vendor");
    expect(dockerfile).toContain("COPY --from=build /out/vendor ./vendor");
    expect(dockerfile).toContain("RUN pnpm install && pnpm run --if-present build");
    expect(dockerfile).toContain('CMD ["/studio/node_modules/.bin/ayon-sg-runtime", "run"]');

    const studio = mkdtempSync(join(tmpdir(), "ayon-sg-deploy-studio-"));
    cpSync(join(REPO_ROOT, "deploy", "studio"), studio, { recursive: true });
    const steps = [
      `pnpm --dir "${REPO_ROOT}" release:pack --out "${join(studio, "vendor")}"`,
      "pnpm install && pnpm run --if-present build",
      "./node_modules/.bin/ayon-sg-runtime list-plugins",
    ];
    let output = "";
    for (const step of steps) {
      const result = await sh(step, studio);
      output = result.output;
      expect({ step, code: result.code, output: result.code === 0 ? "" : output }).toEqual({ step, code: 0, output: "" });
    }
    for (const line of [
      "✓ @ayon-sg/leecher@0.1.0 (plugin 'shotgrid-leecher')",
      "✓ @ayon-sg/handler-project-sync@0.1.0 (plugin 'project-sync')",
      "✓ @ayon-sg/handler-sync-from-shotgrid@0.1.0 (plugin 'sync-from-shotgrid')",
      "✓ @ayon-sg/handler-update-from-shotgrid@0.1.0 (plugin 'update-from-shotgrid')",
      "handler UpdateFromShotgridHandler: shotgrid.event action=shotgrid-event (batches of up to 25)",
      "4 loaded, 0 skipped, 0 failed",
    ]) {
      expect(output).toContain(line);
    }
    // The packed plugins at work: the sandbox runs this studio directory (its own copy of core included).
    const sandbox = await sh(`node "${join(REPO_ROOT, "packages", "core", "dist", "cli", "main.js")}" sandbox --studio . --once --shots 10 --assets 2`, studio);
    expect({ code: sandbox.code, tail: sandbox.output.slice(-1500) }).toEqual({ code: 0, tail: expect.stringContaining("Verified: AYON project sandbox_demo mirrors") });
    expect(sandbox.output).toMatch(/^Shot +10 +10 +10$/m);
  }, 180_000);
});
