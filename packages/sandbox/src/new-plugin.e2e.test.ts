// `ayon-sg-runtime new-plugin`, from nothing to a handled event, the way a studio TD without a checkout of ayon-sg
// does it: the release tarballs are all there is (made here by `pnpm release:pack`, the maintainers' step). The
// binary comes out of core's tarball (`pnpm dlx`) and writes the studio directory; `pnpm install`, `pnpm test`
// and `check` pass there; then the studio's own runtime binary runs against the AYON emulator, a task is approved
// in AYON the way a user does it, and the plugin's handler takes the event. Each phase's wall-clock time is printed.
import { mkdirSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { AyonClient } from "@ayon-sg/core";
import { startAyonEmulator, type AyonEmulator } from "@ayon-sg/testkit";
import { run, userEnv } from "./shell.test-helpers.js";
import { REPO_ROOT } from "./walkthrough.test-helpers.js";

const API_KEY = "newplugin0000000000000000000000a";

/** Runs a command to its end; the output is returned only when it failed, so a failure shows it. */
async function step(command: string, args: string[], cwd: string, env = userEnv()) {
  const started = performance.now();
  const child = run(command, args, cwd, env, 150_000);
  const code = await child.exited;
  return { code, output: child.output(), seconds: (performance.now() - started) / 1000 };
}

describe("new-plugin: from the release tarballs to a handled event", () => {
  let work: string;
  let release: string;
  let packSeconds: number;
  let ayonServer: AyonEmulator;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "ayon-sg-new-plugin-"));
    release = join(work, "release");
    const pack = await step("node", [join(REPO_ROOT, "scripts", "release-pack.mjs"), "--out", release], REPO_ROOT);
    expect({ code: pack.code, output: pack.code === 0 ? "" : pack.output }).toEqual({ code: 0, output: "" });
    packSeconds = pack.seconds;
    ayonServer = await startAyonEmulator({ apiKey: API_KEY });
  }, 120_000);
  afterAll(async () => ayonServer?.close());

  it("scaffolds, installs and tests the studio, and its runtime handles a task approved in AYON", async () => {
    const core = readdirSync(release).find((file) => /^ayon-sg-core-.*\.tgz$/.test(file))!;
    const home = join(work, "td");
    mkdirSync(home);
    const started = performance.now();

    const scaffold = await step("pnpm", [`--package=file:${join(release, core)}`, "dlx", "ayon-sg-runtime", "new-plugin", "approval-flag", "--from", release], home);
    expect({ code: scaffold.code, output: scaffold.output }).toEqual({ code: 0, output: expect.stringContaining("Created the studio directory approval-flag with the plugin 'approval-flag'") });
    const studio = join(home, "approval-flag");

    const install = await step("pnpm", ["install"], studio);
    expect({ code: install.code, output: install.code === 0 ? "" : install.output }).toEqual({ code: 0, output: "" });

    const test = await step("pnpm", ["test"], studio);
    expect({ code: test.code, output: test.code === 0 ? "" : test.output }).toEqual({ code: 0, output: "" });
    expect(test.output).toMatch(/^# pass 1$[\s\S]*^# fail 0$/m);

    const env = userEnv({ AYON_SERVER_URL: ayonServer.url, AYON_API_KEY: API_KEY, AYON_SG_INSTANCE: "new-plugin", LOG_FORMAT: "json" });
    const check = await step("pnpm", ["exec", "ayon-sg-runtime", "check"], studio, env);
    expect({ code: check.code, output: check.output }).toEqual({ code: 0, output: expect.stringContaining("All checks passed.") });

    const runStarted = performance.now();
    const runtime = run("pnpm", ["exec", "ayon-sg-runtime", "run"], studio, env, 60_000);
    try {
      await runtime.waitFor(/runtime 'new-plugin' starting: 1 plugin\(s\)/, 30_000);
      const ayon = new AyonClient({ serverUrl: ayonServer.url, apiKey: API_KEY, sender: "artist-session" });
      await ayon.createProject({ name: "newplugin", code: "np" });
      const shot = await ayon.createFolder("newplugin", { name: "sh010", folderType: "Shot" });
      const comp = await ayon.createTask("newplugin", { name: "comp", taskType: "Compositing", folderId: shot });
      await ayon.updateTask("newplugin", comp, { status: "Approved" });
      const [line] = await runtime.waitFor(/^.*"message":"\/sh010\/comp reached Approved".*$/m, 30_000);
      const handled = performance.now();
      expect(JSON.parse(line)).toMatchObject({ plugin: "approval-flag", handler: "ApprovalFlag", topic: "entity.task.status_changed", jobId: expect.stringMatching(/^[0-9a-f]{32}$/) });

      const total = (handled - started) / 1000;
      process.stdout.write(
        `new-plugin, from nothing to a handled event: ${total.toFixed(1)} s ` +
          `(new-plugin via pnpm dlx ${scaffold.seconds.toFixed(1)} s, pnpm install ${install.seconds.toFixed(1)} s, ` +
          `pnpm test ${test.seconds.toFixed(1)} s, check ${check.seconds.toFixed(1)} s, runtime start to the handled approval ${((handled - runStarted) / 1000).toFixed(1)} s); ` +
          `release:pack beforehand ${packSeconds.toFixed(1)} s\n`,
      );
    } finally {
      runtime.child.kill("SIGTERM");
      const code = await runtime.exited;
      expect({ code, output: code === 0 ? "" : runtime.output() }).toEqual({ code: 0, output: "" });
    }
  }, 150_000);
});
