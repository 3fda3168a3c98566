// scripts/real-ayon-check.sh, the whole sandbox flow against a given AYON (`sandbox --ayon URL`): run here
// against an AYON emulator started as a separate server, twice, like a studio's server that keeps the
// projects of earlier runs; and against a real AYON when AYON_REAL_URL and AYON_REAL_KEY are set (skipped
// otherwise, as in CI).
import { spawn } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { startAyonEmulator, type AyonEmulator } from "@ayon-sg/testkit";

const ROOT = join(import.meta.dirname, "..", "..", "..");
const SCRIPT = join(ROOT, "packages", "sandbox", "scripts", "real-ayon-check.sh");
const SMALL = ["--episodes", "1", "--sequences", "2", "--shots", "4", "--assets", "2", "--tasks", "1"];

function runCheck(env: Record<string, string>, args: string[], timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, FORCE_COLOR: "0", LOG_LEVEL: "warn", ...env };
    delete childEnv.NODE_OPTIONS; // a user's shell: no jest flags
    const child = spawn("bash", [SCRIPT, ...args], { cwd: ROOT, env: childEnv, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += String(chunk)));
    child.stderr.on("data", (chunk) => (output += String(chunk)));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

function expectPassingSummary(output: string, edits: number): void {
  expect(output).toMatch(/^Verified: AYON project real_check_\S+ mirrors ShotGrid project/m);
  expect(output).toMatch(/^ {2}import +finished in [\d.]+ s/m);
  expect(output).toMatch(/^ {2}full sync +finished in [\d.]+ s .*AYON writes 0 \(folders 0 created, 0 updated; tasks 0 created, 0 updated\)/m);
  expect(output).toMatch(new RegExp(`^ {2}live edits +${edits} made, ${edits} applied in AYON, 0 job\\(s\\) failed; latency min [\\d.]+ s`, "m"));
  expect(output).not.toMatch(/FAILED/);
}

describe("real-ayon-check.sh against an AYON emulator as the given server", () => {
  const KEY = "realcheckservicekey0123456789abcd";
  let ayon: AyonEmulator;

  beforeAll(async () => {
    ayon = await startAyonEmulator({ apiKey: KEY });
  });

  afterAll(async () => {
    await ayon?.close();
  });

  it("sets AYON up through its API, imports, full-syncs without writing, applies live edits; a second run does not collide with the first", async () => {
    const env = { AYON_REAL_URL: ayon.url, AYON_REAL_KEY: KEY, EDITS: "3", EDIT_INTERVAL: "1.5" };
    const first = await runCheck(env, SMALL, 150_000);
    expect({ code: first.code, tail: first.output.slice(-2500) }).toEqual({ code: 0, tail: expect.stringContaining("Summary (real AYON") });
    expectPassingSummary(first.output, 3);
    expect(first.output).toMatch(/^ {2}- addon shotgrid [\d.]+ uploaded and unpacked/m);
    expect(first.output).toMatch(/^ {2}- runtime runs as the setup key's service user 'service'/m);
    expect(first.output).not.toContain(KEY);

    // The emulator keeps the first project, linked to the first run's ShotGrid project: the second run's
    // ShotGrid project must not take its id, or the leecher would sync it into the first project.
    const second = await runCheck(env, SMALL, 150_000);
    expect({ code: second.code, tail: second.output.slice(-2500) }).toEqual({ code: 0, tail: expect.stringContaining("Summary (real AYON") });
    expectPassingSummary(second.output, 3);
    const idOf = (output: string) => Number(/^ShotGrid project 'Real Check [^']+' \(id (\d+)\)/m.exec(output)?.[1]);
    expect(idOf(second.output)).toBeGreaterThan(idOf(first.output));
  }, 320_000);
});

const REAL_URL = process.env.AYON_REAL_URL;
const REAL_KEY = process.env.AYON_REAL_KEY;

(REAL_URL && REAL_KEY ? describe : describe.skip)("real-ayon-check.sh against the real AYON at AYON_REAL_URL", () => {
  it("passes the whole flow", async () => {
    const run = await runCheck({ AYON_REAL_URL: REAL_URL!, AYON_REAL_KEY: REAL_KEY!, EDITS: "5" }, SMALL, 600_000);
    expect({ code: run.code, tail: run.output.slice(-2500) }).toEqual({ code: 0, tail: expect.stringContaining("Summary (real AYON") });
    expectPassingSummary(run.output, 5);
  }, 620_000);
});
