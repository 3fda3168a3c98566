import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { startAyonEmulator, type AyonEmulator } from "@ayon-sg/testkit";
import { AyonClient } from "../ayon/client.js";
import { defaultJobTopic } from "../plugin/order-group.js";
import { startBinary, type RunningBinary } from "@ayon-sg/testing";
import { ledgerPath, ledgerStudio, type LedgerLine } from "./ledger-plugin.test-helpers.js";

const API_KEY = "e2equeuekey0000000000000000000000";
const PROJECTS = ["alpha", "bravo", "charlie", "delta", "echo"];
const EVENTS = 300;
/** The ledger plugin's jobs: a studio plugin stores them under a job topic of its own. */
const LEDGER_JOB_TOPIC = defaultJobTopic("ledger");

describe("two runtime processes sharing one AYON queue", () => {
  let ayonEmulator: AyonEmulator;
  let ayon: AyonClient;
  const processes: RunningBinary[] = [];

  beforeAll(async () => {
    ayonEmulator = await startAyonEmulator({ apiKey: API_KEY });
    ayon = new AyonClient({ serverUrl: ayonEmulator.url, apiKey: API_KEY, sender: "e2e-test" });
    for (const name of PROJECTS) await ayon.createProject({ name, code: name.slice(0, 3) });
  });

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop("SIGKILL")));
    await ayonEmulator?.close();
  });

  it("processes 300 events over 5 projects exactly once, in per-project order, one at a time per project", async () => {
    const studio = ledgerStudio({ config: { pollIntervalMs: 100, sweepIntervalSeconds: 2 } });
    const seq = new Map<string, number>();
    const dispatch = async (count: number, offset: number) => {
      for (let i = 0; i < count; i++) {
        const project = PROJECTS[(offset + i) % PROJECTS.length]!;
        const next = (seq.get(project) ?? 0) + 1;
        seq.set(project, next);
        await ayon.dispatchEvent({ topic: "studio.ledger", project, payload: { seq: next } });
      }
    };
    await dispatch(EVENTS / 2, 0);
    for (const instance of ["host-a", "host-b"]) {
      const running = startBinary(["run", "--studio", studio], {
        env: { AYON_SERVER_URL: ayonEmulator.url, AYON_API_KEY: API_KEY, AYON_SG_INSTANCE: instance, AYON_SG_CONCURRENCY: "3", LEDGER_FILE: ledgerPath(studio) },
      });
      processes.push(running);
    }
    await Promise.all(processes.map((p) => p.waitFor("starting")));
    await dispatch(EVENTS / 2, EVENTS / 2);

    const deadline = Date.now() + 60_000;
    let finished = 0;
    while (Date.now() < deadline) {
      const jobs = await ayon.queryEvents({ topics: [LEDGER_JOB_TOPIC], statuses: ["finished"], first: 1000, withPayload: false });
      finished = jobs.events.length;
      if (finished >= EVENTS) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const results = await Promise.all(processes.map((p) => p.stop("SIGTERM")));
    for (const result of results) expect(result.code).toBe(0);
    expect(finished).toBe(EVENTS);

    const ledger = readFileSync(ledgerPath(studio), "utf8").trim().split("\n").map((line) => JSON.parse(line) as LedgerLine);
    expect(ledger).toHaveLength(EVENTS);
    expect(new Set(ledger.map((l) => l.id)).size).toBe(EVENTS);
    for (const project of PROJECTS) {
      const lines = ledger.filter((l) => l.project === project);
      expect(lines.map((l) => l.seq)).toEqual(lines.map((_, i) => i + 1));
      for (let i = 1; i < lines.length; i++) expect(lines[i]!.start).toBeGreaterThanOrEqual(lines[i - 1]!.end);
    }
    expect(new Set(ledger.map((l) => l.pid)).size).toBe(2);
    const unfinished = await ayon.queryEvents({ topics: [LEDGER_JOB_TOPIC], statuses: ["pending", "in_progress", "failed"], first: 10, withPayload: false });
    expect(unfinished.events).toEqual([]);
  }, 120_000);
});
