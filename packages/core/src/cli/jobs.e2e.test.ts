import { existsSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { startAyonEmulator, type AyonEmulator } from "@ayon-sg/testkit";
import { runBinary, startBinary, type RunningBinary } from "@ayon-sg/testing";
import { AyonClient } from "../ayon/client.js";
import type { EventNode } from "../ayon/types.js";
import { defaultJobTopic } from "../plugin/order-group.js";
import type { FailedJob } from "../runtime/failed-jobs.js";
import { ledgerPath, ledgerStudio, type LedgerLine } from "./ledger-plugin.test-helpers.js";

const API_KEY = "e2ejobskey00000000000000000000000";
const LEDGER_JOB_TOPIC = defaultJobTopic("ledger");

describe("ayon-sg-runtime jobs failed|retry|skip", () => {
  let emulator: AyonEmulator;
  let ayon: AyonClient;
  let runtime: RunningBinary;
  let studio: string;
  const env = () => ({ AYON_SERVER_URL: emulator.url, AYON_API_KEY: API_KEY, LEDGER_FILE: ledgerPath(studio) });
  const cli = (...args: string[]) => runBinary(["jobs", ...args, "--studio", studio], { env: env() });
  const ledger = (): LedgerLine[] =>
    existsSync(ledgerPath(studio)) ? readFileSync(ledgerPath(studio), "utf8").trim().split("\n").filter(Boolean).map((l) => JSON.parse(l) as LedgerLine) : [];
  const dispatch = async (project: string, payload: Record<string, unknown>): Promise<string> =>
    (await ayon.dispatchEvent({ topic: "studio.ledger", project, payload })).id!;
  const jobOf = async (sourceId: string): Promise<EventNode | undefined> =>
    (await ayon.queryEvents({ topics: [LEDGER_JOB_TOPIC], first: 100, withPayload: false })).events.find((j) => j.dependsOn === sourceId);
  const until = async (what: string, ok: () => Promise<boolean> | boolean) => {
    const deadline = Date.now() + 30_000;
    while (!(await ok())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  beforeAll(async () => {
    emulator = await startAyonEmulator({ apiKey: API_KEY });
    ayon = new AyonClient({ serverUrl: emulator.url, apiKey: API_KEY, sender: "e2e-test" });
    for (const name of ["alpha", "bravo"]) await ayon.createProject({ name, code: name.slice(0, 3) });
    studio = ledgerStudio({ config: { pollIntervalMs: 100, sweepIntervalSeconds: 1 } });
    runtime = startBinary(["run", "--studio", studio], { env: env() });
    await runtime.waitFor("starting");
  });

  afterAll(async () => {
    await runtime?.stop("SIGKILL");
    await emulator?.close();
  });

  it("lists a job that failed for good, retries it so it runs and finishes, and skips another for good", async () => {
    const failing = await dispatch("alpha", { seq: 1, failOnce: true });
    const later = await dispatch("alpha", { seq: 2 });
    const other = await dispatch("bravo", { seq: 1, failOnce: true });
    await until("the later event of alpha and both failures", async () =>
      ledger().some((l) => l.id === later) && (await jobOf(failing))?.status === "failed" && (await jobOf(other))?.status === "failed");
    const failedJob = (await jobOf(failing))!;
    const otherJob = (await jobOf(other))!;

    const table = await cli("failed");
    expect(table.code).toBe(0);
    const alphaRow = table.stdout.split("\n").find((line) => line.startsWith(failedJob.id))!;
    expect(alphaRow).toContain("alpha");
    expect(alphaRow).toContain("studio.ledger");
    expect(alphaRow).toContain("refused on purpose, once");
    expect(table.stdout).toContain("2 failed job(s).");

    const json = await cli("failed", "--project", "alpha", "--json");
    const listed = JSON.parse(json.stdout) as FailedJob[];
    expect(listed.map((j) => [j.jobId, j.sourceId, j.project, j.final])).toEqual([[failedJob.id, failing, "alpha", true]]);

    const unknown = await cli("retry", "nosuchjob0000000000000000000000");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("unknown job id nosuchjob0000000000000000000000");
    const finishedJob = (await jobOf(later))!;
    const notFailed = await cli("retry", finishedJob.id);
    expect(notFailed.code).toBe(1);
    expect(notFailed.stderr).toContain(`job ${finishedJob.id} is not failed (it is finished)`);
    const usage = await cli("retry");
    expect(usage.code).toBe(2);

    const retried = await cli("retry", failedJob.id);
    expect(retried.stdout).toContain(`retried ${failedJob.id} (alpha, studio.ledger)`);
    expect(retried.code).toBe(0);
    await until("the retried job to finish", async () => (await jobOf(failing))?.status === "finished");
    expect(ledger().filter((l) => l.id === failing)).toHaveLength(1);

    const skipped = await cli("skip", otherJob.id);
    expect(skipped.code).toBe(0);
    const afterSkip = (await jobOf(other))!;
    expect(afterSkip.status).toBe("finished");
    expect(afterSkip.description).toContain("Skipped by");
    expect((await cli("failed")).stdout).toBe("No failed jobs.\n");
    // Three sweeps later the skipped event has still not run.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(ledger().some((l) => l.id === other)).toBe(false);
  }, 90_000);
});
