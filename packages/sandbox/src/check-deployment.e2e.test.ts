// `ayon-sg-runtime check` against the sandbox's deployment (addon installed, settings saved, script key in a
// secret, a service user): the check a newcomer runs first must pass where `run` starts fine. It once failed on
// the leecher with tsyringe's "TypeInfo not known for ShotgridClient", because check loaded the plugins without
// their services.
import { join } from "node:path";
import { describe, expect, it } from "@jest/globals";
import { runBinary, startBinary } from "@ayon-sg/testing";

const ROOT = join(import.meta.dirname, "..", "..", "..");
const SANDBOX_STUDIO = join(ROOT, "packages", "sandbox");

describe("check on the sandbox's fully configured deployment", () => {
  it("passes every check, the leecher and its ShotGrid service included, with no stack trace", async () => {
    const sandbox = startBinary(["sandbox", "--episodes", "0", "--sequences", "1", "--shots", "2", "--assets", "1", "--tasks", "1", "--edit-interval", "600"], {
      cwd: ROOT,
      env: { LOG_LEVEL: "warn" },
    });
    try {
      await sandbox.waitFor(/AYON \(emulator\) +http:\/\/\S+ +API key of service user '[^']+': \w+/, 60_000);
      const [, url, key] = /AYON \(emulator\) +(http:\/\/\S+) +API key of service user '[^']+': (\w+)/.exec(sandbox.output().stdout)!;
      const check = await runBinary(["check", "--studio", SANDBOX_STUDIO], { env: { AYON_SERVER_URL: url!, AYON_API_KEY: key! } });
      expect(check.stdout).toMatch(/✓ \d plugin\(s\) loaded from .*shotgrid-leecher/);
      expect(check.stdout).toMatch(/✓ plugin configs are valid, every handler's and source's constructor can be served/);
      expect(check.stdout).toMatch(/✓ ShotGrid answers at http:\/\/\S+ and accepts script/);
      expect(check.stdout).not.toMatch(/✗/);
      expect({ code: check.code, tail: check.stdout.slice(-200) }).toEqual({ code: 0, tail: expect.stringContaining("All checks passed.") });
      expect(check.stderr).not.toMatch(/\n\s+at /);
    } finally {
      await sandbox.stop("SIGINT");
    }
  }, 90_000);
});
