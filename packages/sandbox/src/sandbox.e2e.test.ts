// The sandbox as a new user meets it: the README's first command ends in `pnpm sandbox`; `--once` imports,
// syncs, verifies and prints the counts. Then the live sandbox through the real binary: ShotGrid edits reach
// AYON through the leecher and the queue, /metrics and /healthz answer, Ctrl-C stops it cleanly.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "@jest/globals";
import { AyonClient } from "@ayon-sg/core";
import { startBinary } from "@ayon-sg/testing";
import { metricSum, scrape } from "./prometheus.test-helpers.js";

const ROOT = join(import.meta.dirname, "..", "..", "..");

function runPnpm(args: string[], timeoutMs: number): Promise<{ code: number | null; output: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    // A user's shell: no jest flags in NODE_OPTIONS.
    const env: NodeJS.ProcessEnv = { ...process.env, FORCE_COLOR: "0" };
    delete env.NODE_OPTIONS;
    const child = spawn("pnpm", args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += String(chunk)));
    child.stderr.on("data", (chunk) => (output += String(chunk)));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, output, ms: Date.now() - started });
    });
  });
}

describe("pnpm sandbox --once (the README's first command ends in it)", () => {
  it("imports and syncs the default demo project, verifies it and prints the counts, within 2 minutes", async () => {
    const { code, output, ms } = await runPnpm(["sandbox", "--once"], 120_000);
    expect({ code, tail: output.slice(-3000) }).toEqual({ code: 0, tail: expect.stringContaining("Verified: AYON project sandbox_demo mirrors") });
    expect(ms).toBeLessThan(120_000);
    // The table: ShotGrid, AYON and linked counts for the issue-size project.
    for (const [type, n] of [["Episode", 3], ["Sequence", 12], ["Shot", 300], ["Asset", 60], ["Task", 1800]] as const) {
      expect(output).toMatch(new RegExp(`^${type} +${n} +${n} +${n}$`, "m"));
    }
    expect(output).toMatch(/^AssetCategory +- +4 +-$/m);
    expect(output).toMatch(/import finished in [\d.]+ s: Imported ShotGrid project \d+ as sandbox_demo/);
    expect(output).toMatch(/sync finished in [\d.]+ s: .*folders 0 created, 0 updated, \d+ unchanged; tasks 0 created, 0 updated, 1800 unchanged/);
  }, 130_000);
});

describe("ayon-sg-runtime sandbox (live)", () => {
  it("makes ShotGrid edits that reach AYON, serves /metrics and /healthz, and stops cleanly on Ctrl-C", async () => {
    const sandbox = startBinary(
      ["sandbox", "--episodes", "1", "--sequences", "3", "--shots", "12", "--assets", "4", "--tasks", "2", "--edit-interval", "0.5"],
      { cwd: ROOT, env: { LOG_LEVEL: "warn" } },
    );
    try {
      await sandbox.waitFor(/Health and metrics +http:\/\/\S+\/healthz/, 60_000);
      const opsUrl = /Health and metrics +(http:\/\/\S+)\/healthz/.exec(sandbox.output().stdout)![1]!;
      const pageUrl = /Addon page +(http:\/\/\S+)/.exec(sandbox.output().stdout)![1]!;
      await sandbox.waitFor("ShotGrid edit 10:", 60_000);
      // Edits become shotgrid.event jobs through the leecher and the queue, and change AYON.
      await sandbox.waitFor(/AYON ← finished: .*(created|updated|deleted|deactivated) in AYON/, 30_000);
      const out = sandbox.output().stdout;
      const [, ayonUrl, apiKey] = /AYON \(emulator\) +(http:\/\/\S+) +API key of service user 'ayon-sg': (\w+)/.exec(out)!;
      // Every rename so far shows in AYON as the label (unless a later edit retired the entity again).
      const retired = new Set([...out.matchAll(/^ShotGrid edit \d+: retired (?:Shot|Asset) (\S+) /gm)].map((m) => m[1]!));
      const current = new Set<string>();
      for (const [, before, after] of out.matchAll(/^ShotGrid edit \d+: renamed (?:Shot|Asset) (\S+) → (\S+)$/gm)) {
        current.delete(before!); // renamed twice: only the latest code exists
        current.add(after!);
      }
      const renamed = [...current].filter((code) => !retired.has(code));
      expect(renamed.length).toBeGreaterThan(0);
      const ayon = new AyonClient({ serverUrl: ayonUrl!, apiKey: apiKey! });
      let labels = new Set<string>();
      for (let i = 0; i < 300 && !renamed.every((code) => labels.has(code)); i++) {
        labels = new Set((await ayon.listFolders("sandbox_demo")).map((f) => f.label ?? f.name));
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(renamed.filter((code) => !labels.has(code))).toEqual([]);

      const health = await scrape(`${opsUrl}/healthz`);
      expect(health.status).toBe(200);
      expect(JSON.parse(health.text)).toMatchObject({ status: "ok", ayon: "up" });

      const { status, text } = await scrape(`${opsUrl}/metrics`);
      expect(status).toBe(200);
      expect(metricSum(text, "ayonsg_jobs_total", { handler: "project-sync/CreateProjectHandler", status: "finished" })).toBe(1);
      expect(metricSum(text, "ayonsg_jobs_total", { handler: "sync-from-shotgrid/SyncFromShotgridHandler", status: "finished" })).toBeGreaterThanOrEqual(1);
      expect(metricSum(text, "ayonsg_jobs_total", { handler: "update-from-shotgrid/UpdateFromShotgridHandler", status: "finished" })).toBeGreaterThan(0);
      expect(metricSum(text, "ayonsg_http_requests_total", { target: "ayon" })).toBeGreaterThan(0);
      expect(metricSum(text, "ayonsg_http_requests_total", { target: "shotgrid", route: /_search|entity/ })).toBeGreaterThan(0);
      expect(text).toMatch(/^ayonsg_leecher_lag_seconds\{site="http:\/\/127\.0\.0\.1:\d+"\} [\d.]+$/m);
      expect(metricSum(text, "ayonsg_queue_lag_seconds_count")).toBeGreaterThan(3);
      // Route labels are templates: the edits touched many entities, no label holds an id.
      const routes = [...text.matchAll(/^ayonsg_http_requests_total\{[^}]*route="([^"]*)"/gm)].map((m) => m[1]!);
      expect(routes).toContain("/entity/{type}/{id}");
      expect(routes.filter((route) => /\/\d+(\/|$)/.test(route))).toEqual([]);
      expect(text).toMatch(/^process_resident_memory_bytes \d+/m);

      // The page host answers with the AYON stand-in around the addon page.
      const page = await scrape(pageUrl);
      expect(page.status).toBe(200);
      expect(page.text).toMatch(/<iframe id="addon" title="ShotGrid Sync" src="http:\/\/127\.0\.0\.1:\d+\/addons\/shotgrid\/[\d.]+\/frontend\/"/);
    } finally {
      const result = await sandbox.stop("SIGINT");
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/Stopping after \d+ edit\(s\); \d+ job\(s\) finished, \d+ needed no change in AYON, 0 failed\./);
      expect(result.stderr).toBe("");
    }
  }, 120_000);
});
