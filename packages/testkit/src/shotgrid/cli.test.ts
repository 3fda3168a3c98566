import { describe, expect, it } from "@jest/globals";
import { parseShotgridCliArgs, runShotgridEmulatorCli, SHOTGRID_EMULATOR_USAGE } from "./cli.js";

describe("emulator CLI", () => {
  it("parses every flag", () => {
    expect(
      parseShotgridCliArgs([
        "--port", "0", "--script", "leecher", "--key", "k1", "--script", "writer", "--key", "k2",
        "--token-lifetime", "5", "--latency-ms", "20", "--fresh-site", "--gap-mode", "--demo-project", "Demo",
      ]),
    ).toEqual({
      port: 0,
      scripts: [{ name: "leecher", key: "k1" }, { name: "writer", key: "k2" }],
      tokenLifetimeSeconds: 5,
      latencyMs: 20,
      freshSite: true,
      gapMode: { enabled: true },
      demoProject: "Demo",
    });
  });

  it("refuses unknown flags, bad numbers and a script without a key, without echoing keys", () => {
    expect(() => parseShotgridCliArgs(["--bogus"])).toThrow("unknown option --bogus");
    expect(() => parseShotgridCliArgs(["--port", "abc"])).toThrow("--port needs a number");
    expect(() => parseShotgridCliArgs(["--script", "lonely"])).toThrow("--script lonely needs a --key");
  });

  it("answers --help with its options and starts nothing", async () => {
    expect(parseShotgridCliArgs(["--port", "1", "--help"])).toEqual({ help: true });
    const lines: string[] = [];
    await runShotgridEmulatorCli(["-h"], (l) => lines.push(l));
    expect(lines).toEqual([SHOTGRID_EMULATOR_USAGE.trimEnd()]);
    for (const flag of ["--port", "--script", "--key", "--token-lifetime", "--latency-ms", "--fresh-site", "--gap-mode", "--demo-project"]) {
      expect(SHOTGRID_EMULATOR_USAGE).toContain(flag);
    }
  });

  it("prints the listening line, serves, and closes on SIGINT", async () => {
    const lines: string[] = [];
    const done = runShotgridEmulatorCli(["--port", "0", "--script", "cli", "--key", "cli-key", "--demo-project", "Demo"], (l) => lines.push(l));
    while (lines.length < 2) await new Promise((r) => setTimeout(r, 5));
    expect(lines[0]).toMatch(/^Demo project 'Demo' seeded \(Project id \d+\)$/);
    const m = /^ShotGrid emulator listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(lines[1]!);
    expect(m).not.toBeNull();
    const res = await fetch(`${m![1]}/api/v1/auth/access_token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "grant_type=client_credentials&client_id=cli&client_secret=cli-key",
    });
    expect(res.status).toBe(200);
    process.emit("SIGINT");
    await done;
    await expect(fetch(`${m![1]}/api/v1`)).rejects.toThrow();
  });
});
