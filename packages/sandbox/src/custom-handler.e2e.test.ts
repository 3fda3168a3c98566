// The README's custom-handler walkthrough, carried out as written: its files are written into an empty
// studio directory, its shell steps run there (pack the ayon-sg packages, pnpm install, build, the studio's
// own test, list-plugins), then its run command starts the real binary against an AYON emulator, a task is
// approved in AYON and the handler's notification appears. /metrics and /healthz are scraped meanwhile.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { AyonClient } from "@ayon-sg/core";
import { startAyonEmulator, type AyonEmulator } from "@ayon-sg/testkit";
import { metricSum, scrape } from "./prometheus.test-helpers.js";
import { run, userEnv as shellEnv } from "./shell.test-helpers.js";
import { readWalkthrough, REPO_ROOT, type WalkthroughStep } from "./walkthrough.test-helpers.js";

const API_KEY = "walkthrough000000000000000000000";

/** The walkthrough's shell: the checkout in AYON_SG, as its first step expects. */
const userEnv = (extra: NodeJS.ProcessEnv = {}) => shellEnv({ AYON_SG: REPO_ROOT, ...extra });

describe("README: writing a custom handler", () => {
  const steps = readWalkthrough();
  let studio: string;
  let ayonServer: AyonEmulator;

  beforeAll(async () => {
    studio = mkdtempSync(join(tmpdir(), "ayon-sg-walkthrough-"));
    ayonServer = await startAyonEmulator({ apiKey: API_KEY });
  });
  afterAll(async () => ayonServer?.close());

  it("has the files, shell steps and run command the test carries out", () => {
    const files = steps.filter((s): s is Extract<WalkthroughStep, { kind: "file" }> => s.kind === "file").map((s) => s.path);
    expect(files).toEqual(["package.json", "pnpm-workspace.yaml", "studio-handlers/package.json", "studio-handlers/tsconfig.json", "studio-handlers/src/index.ts", "studio-handlers/src/notify.test.ts", ".env"]);
    expect(steps.filter((s) => s.kind === "step")).toHaveLength(2);
    expect(steps.filter((s) => s.kind === "run")).toEqual([{ kind: "run", command: "pnpm exec ayon-sg-runtime run" }]);
  });

  it("scaffolds, installs, builds and tests the handler, and list-plugins shows it", async () => {
    let lastOutput = "";
    for (const step of steps) {
      if (step.kind === "file") {
        mkdirSync(dirname(join(studio, step.path)), { recursive: true });
        writeFileSync(join(studio, step.path), step.content);
      } else if (step.kind === "step") {
        const shell = run("sh", ["-ec", step.script], studio, userEnv(), 150_000);
        const code = await shell.exited;
        lastOutput = shell.output();
        expect({ script: step.script, code, output: code === 0 ? "" : lastOutput }).toEqual({ script: step.script, code: 0, output: "" });
        if (step.script.includes("pnpm test")) expect(lastOutput).toMatch(/^# pass 1$[\s\S]*^# fail 0$/m);
      }
    }
    // The last shell step ends with list-plugins.
    expect(lastOutput).toContain("✓ @studio/notify@1.0.0 (plugin 'studio-notify')");
    expect(lastOutput).toContain("handler NotifyOnApproval: entity.task.status_changed — tells a channel when a task is approved");
    expect(lastOutput).toContain("1 loaded, 0 skipped, 0 failed");
  }, 180_000);

  it("runs: an approval in AYON reaches the handler, which posts the notification; /metrics counts it", async () => {
    const { command } = steps.find((s): s is Extract<WalkthroughStep, { kind: "run" }> => s.kind === "run")!;
    const [program, ...args] = command.split(/\s+/);
    // The environment wins over the .env placeholders, as it would for a studio that sets it.
    const runtime = run(program!, args, studio, userEnv({ AYON_SERVER_URL: ayonServer.url, AYON_API_KEY: API_KEY, AYON_SG_METRICS_PORT: "0", AYON_SG_INSTANCE: "walkthrough", LOG_FORMAT: "json" }), 60_000);
    try {
      const [, opsUrl] = await runtime.waitFor(/health at (http:\/\/\S+)\/healthz/, 30_000);
      await runtime.waitFor(/runtime 'walkthrough' starting: 1 plugin\(s\)/, 10_000);

      // A task approved in AYON the way a user does it: entity events come from AYON itself.
      const ayon = new AyonClient({ serverUrl: ayonServer.url, apiKey: API_KEY, sender: "artist-session" });
      await ayon.createProject({ name: "walkthrough", code: "wt" });
      const shot = await ayon.createFolder("walkthrough", { name: "sh010", folderType: "Shot" });
      const comp = await ayon.createTask("walkthrough", { name: "comp", taskType: "Compositing", folderId: shot });
      const anim = await ayon.createTask("walkthrough", { name: "anim", taskType: "Animation", folderId: shot });
      await ayon.updateTask("walkthrough", anim, { status: "In progress" });
      await ayon.updateTask("walkthrough", comp, { status: "Approved" });

      let notifications: string[] = [];
      for (let i = 0; i < 300 && notifications.length === 0; i++) {
        notifications = (await ayon.queryEvents({ topics: ["studio.notification"], last: 10 })).events.map((e) => e.description);
        if (notifications.length === 0) await new Promise((r) => setTimeout(r, 100));
      }
      expect({ notifications, output: notifications.length ? "" : runtime.output() }).toEqual({ notifications: ["/sh010/comp is Approved"], output: "" });
      // Structured logs carry the event and job ids.
      await runtime.waitFor(/told #dailies that \/sh010\/comp is Approved/, 10_000);
      const line = runtime.output().split("\n").find((l) => l.includes('"message":"told #dailies that /sh010/comp is Approved"'))!;
      expect(JSON.parse(line)).toMatchObject({ plugin: "studio-notify", handler: "NotifyOnApproval", eventId: expect.stringMatching(/^[0-9a-f]{32}$/), jobId: expect.stringMatching(/^[0-9a-f]{32}$/) });
      // The other status change is skipped; wait for it so the figures are complete.
      let metrics = "";
      for (let i = 0; i < 50; i++) {
        metrics = (await scrape(`${opsUrl}/metrics`)).text;
        if (metricSum(metrics, "ayonsg_jobs_total", { handler: "studio-notify/NotifyOnApproval", status: "skipped" }) >= 1) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(metricSum(metrics, "ayonsg_jobs_total", { handler: "studio-notify/NotifyOnApproval", status: "finished" })).toBe(1);
      expect(metricSum(metrics, "ayonsg_jobs_total", { handler: "studio-notify/NotifyOnApproval", status: "skipped" })).toBeGreaterThanOrEqual(1);
      expect(metricSum(metrics, "ayonsg_http_requests_total", { target: "ayon", route: /enroll/ })).toBeGreaterThan(0);
      expect(metricSum(metrics, "ayonsg_job_duration_seconds_count")).toBeGreaterThanOrEqual(2);
      const health = await scrape(`${opsUrl}/healthz`);
      expect(health.status).toBe(200);
      expect(JSON.parse(health.text)).toMatchObject({ status: "ok", instance: "walkthrough", ayon: "up" });
    } finally {
      runtime.child.kill("SIGTERM");
      const code = await runtime.exited;
      expect({ code, output: code === 0 ? "" : runtime.output() }).toEqual({ code: 0, output: "" });
    }
    expect(runtime.output()).not.toContain(API_KEY);
  }, 90_000);
});
