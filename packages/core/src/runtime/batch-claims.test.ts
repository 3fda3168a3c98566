// Batches (handler option `batch`, batch-claims.ts): a handler with handleBatch gets the events that follow its
// job in the project's queue, each with a job of its own, and the project's order holds as one by one — across
// a retryable failure in the middle of a batch, and past a follower someone else holds. Against the AYON emulator.
import "reflect-metadata";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "@jest/globals";
import { startAyonEmulator, type AyonEmulator } from "@ayon-sg/testkit";
import { AyonClient } from "../ayon/client.js";
import type { AyonEvent } from "../ayon/types.js";
import { definePlugin } from "../plugin/define-plugin.js";
import { HandlerError } from "../plugin/errors.js";
import { Handler, type EventHandler, type HandlerContext, type HandlerOutcome } from "../plugin/handler.js";
import { CapturingLogger, createTestRuntime, type TestRuntime } from "@ayon-sg/testing";
import { claimFollowers } from "./batch-claims.js";

const API_KEY = "batchtestkey00000000000000000000";
const TOPIC = "batch.ledger";
let emulator: AyonEmulator;
let harness: TestRuntime | null = null;

/** Every handleBatch call (project, seqs) and every event applied, in the order it happened. */
const calls: Array<{ project: string; seqs: number[] }> = [];
const applied: Array<{ project: string; seq: number }> = [];
/** `${project}:${seq}` → how many more times it fails (retryably) before it succeeds. */
const failures = new Map<string, number>();
/** Holds the first call until released, so a backlog builds up behind it. */
let gate: Promise<void> = Promise.resolve();

const seqOf = (event: AyonEvent) => Number(event.payload.seq);

@Handler({ topic: TOPIC, batch: 10 })
class LedgerHandler implements EventHandler {
  async handle(event: AyonEvent, ctx: HandlerContext): Promise<HandlerOutcome> {
    const [result] = await this.handleBatch([event], ctx);
    if (result!.status === "rejected") throw result!.reason;
    return result!.value;
  }

  async handleBatch(events: readonly AyonEvent[], ctx: HandlerContext): Promise<Array<PromiseSettledResult<HandlerOutcome>>> {
    await gate;
    calls.push({ project: events[0]!.project!, seqs: events.map(seqOf) });
    return events.map((event) => {
      const key = `${event.project}:${seqOf(event)}`;
      const left = failures.get(key) ?? 0;
      if (left > 0) {
        failures.set(key, left - 1);
        return { status: "rejected", reason: new HandlerError(`seq ${seqOf(event)} is not ready yet`, { retryable: true }) };
      }
      applied.push({ project: event.project!, seq: seqOf(event) });
      return { status: "fulfilled", value: ctx.done(`seq ${seqOf(event)}`) };
    });
  }
}

const plugin = definePlugin({ id: "batch-test", handlers: [LedgerHandler] });

beforeAll(async () => {
  emulator = await startAyonEmulator({ apiKey: API_KEY });
  const admin = await createTestRuntime({ plugins: [], ayon: { url: emulator.url, apiKey: API_KEY } });
  for (const name of ["pa", "pb", "pc"]) await admin.ayon.createProject({ name, code: name });
});
afterAll(async () => emulator.close());
afterEach(async () => {
  await harness?.stop();
  harness = null;
  calls.length = 0;
  applied.length = 0;
  failures.clear();
  gate = Promise.resolve();
});

async function create(): Promise<TestRuntime> {
  harness = await createTestRuntime({ plugins: [plugin], ayon: { url: emulator.url, apiKey: API_KEY }, queue: { concurrency: 2, sweepIntervalMs: 300 } });
  return harness;
}

async function start(): Promise<TestRuntime> {
  const t = await create();
  await t.start();
  return t;
}

/** `perProject` events for each project, interleaved, while the handler waits at its gate. */
async function backlog(t: TestRuntime, projects: string[], perProject: number): Promise<string[]> {
  let open!: () => void;
  gate = new Promise((resolve) => (open = resolve));
  const ids: string[] = [];
  for (let seq = 1; seq <= perProject; seq++) for (const project of projects) ids.push(await t.dispatch(TOPIC, { project, payload: { seq } }));
  // Let the feed read them all before the first call goes on.
  await new Promise((resolve) => setTimeout(resolve, 300));
  open();
  return ids;
}

/** Waits until every job is stored as finished (a job that failed once reports twice). */
async function waitAllFinished(t: TestRuntime, ids: string[]): Promise<void> {
  const until = Date.now() + 20_000;
  for (const id of ids) {
    while ((await t.jobEvent(id))?.status !== "finished") {
      if (Date.now() > until) throw new Error(`job of ${id} did not finish`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

function lastApplications(project: string): number[] {
  const last = new Map<number, number>();
  applied.forEach((a, i) => a.project === project && last.set(a.seq, i));
  return [...last.entries()].sort((a, b) => a[1] - b[1]).map(([seq]) => seq);
}

describe("batches of one project's events (handler option batch)", () => {
  it("hands over the events that follow a job, in queue order, each once and with a job of its own", async () => {
    const t = await start();
    const ids = await backlog(t, ["pa", "pb"], 12);
    const reports = await Promise.all(ids.map((id) => t.waitForJob(id, 20_000)));
    expect(reports.every((r) => r.status === "finished")).toBe(true);
    for (const id of ids) expect(await t.jobEvent(id)).toMatchObject({ status: "finished" });

    for (const project of ["pa", "pb"]) {
      const seqs = applied.filter((a) => a.project === project).map((a) => a.seq);
      expect(seqs).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    }
    // Every call is one project's run of consecutive events; some calls took several.
    for (const call of calls) expect(call.seqs).toEqual(call.seqs.map((_, i) => call.seqs[0]! + i));
    expect(Math.max(...calls.map((c) => c.seqs.length))).toBeGreaterThan(1);
    expect(calls.length).toBeLessThan(24);
    expect(reports.some((r) => (r.batch ?? 1) > 1)).toBe(true);
  }, 30_000);

  it("takes a queue that filled while no runtime served it in batches too (the feed starts with the waiting events)", async () => {
    const admin = new AyonClient({ serverUrl: emulator.url, apiKey: API_KEY, sender: "backlog-admin", senderType: "test" });
    const ids: string[] = [];
    for (let seq = 1; seq <= 15; seq++) ids.push((await admin.dispatchEvent({ topic: TOPIC, project: "pb", payload: { seq } })).id as string);
    const t = await start();
    const reports = await Promise.all(ids.map((id) => t.waitForJob(id, 20_000)));
    expect(reports.every((r) => r.status === "finished")).toBe(true);
    expect(applied.filter((a) => a.project === "pb").map((a) => a.seq)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    expect(calls.length).toBeLessThanOrEqual(3);
  }, 30_000);

  it("logs one info line per batch, naming each event and job; the jobs' own lines are at debug level", async () => {
    const admin = new AyonClient({ serverUrl: emulator.url, apiKey: API_KEY, sender: "log-admin", senderType: "test" });
    const ids: string[] = [];
    for (let seq = 1; seq <= 6; seq++) ids.push((await admin.dispatchEvent({ topic: TOPIC, project: "pc", payload: { seq } })).id as string);
    failures.set("pc:6", 1);
    const t = await start();
    await waitAllFinished(t, ids);
    const batchLines = t.logger.at("info").filter((e) => e.message.startsWith("batch of "));
    expect(batchLines.length).toBeGreaterThan(0);
    const first = batchLines[0]!;
    const size = (first.meta.eventIds as string[]).length;
    expect(size).toBeGreaterThan(1);
    expect(first.meta.eventIds).toEqual(ids.slice(0, size));
    expect((first.meta.jobIds as string[]).length).toBe(size);
    // seq 6 failed once (retryably) in the first batch: the tally says so, and the failure has its own error line.
    expect(first.message).toMatch(new RegExp(`^batch of ${size} jobs: ${size === 6 ? "5 finished, 1 failed" : `${size} finished`}; batch-test on batch\\.ledger, project pc, \\d+ ms$`));
    if (size === 6) t.logger.assertLogged({ level: "error", message: /seq 6 is not ready yet/ });
    // Every job of the batch still has its line, at debug; those that finished in it have none at info (seq 6's
    // retry ran alone, and a job alone keeps its info line).
    for (const id of ids.slice(0, size)) t.logger.assertLogged({ level: "debug", message: new RegExp(`^job (finished|failed): batch-test on batch\\.ledger, event ${id}`) });
    const inBatch = ids.slice(0, Math.min(size, 5));
    expect(t.logger.at("info").filter((e) => e.message.startsWith("job ") && inBatch.includes(e.meta.eventId as string))).toEqual([]);
    if (size === 6) t.logger.assertLogged({ level: "info", message: new RegExp(`^job finished: batch-test on batch\\.ledger, event ${ids[5]}`) });
  }, 30_000);

  it("hands back the events after one that must run again, and applies them after it, as one by one", async () => {
    // The backlog is queued before the runtime starts: its feed reads it at start, so the first batch holds it
    // all, however slowly this machine runs (no poll has to come in time).
    const t = await create();
    failures.set("pa:3", 1);
    const ids: string[] = [];
    for (let seq = 1; seq <= 8; seq++) ids.push(await t.dispatch(TOPIC, { project: "pa", payload: { seq } }));
    await t.start();
    await waitAllFinished(t, ids);
    // The batch that met the failure had more after it; those ran again, after seq 3.
    const failedCall = calls.find((c) => c.seqs.includes(3) && c.seqs.at(-1)! > 3);
    expect(failedCall).toBeDefined();
    expect(applied.filter((a) => a.seq === 4).length).toBe(2);
    expect(lastApplications("pa")).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  }, 30_000);

  it("after a batch, asks for the project's next job once the batch's outcomes are stored: no enroll answered 204 while its events wait", async () => {
    const admin = new AyonClient({ serverUrl: emulator.url, apiKey: API_KEY, sender: "wait-admin", senderType: "test" });
    await admin.createProject({ name: "pd", code: "pd" });
    const ids: string[] = [];
    for (let seq = 1; seq <= 25; seq++) ids.push((await admin.dispatchEvent({ topic: TOPIC, project: "pd", payload: { seq } })).id as string);
    const answers: string[] = [];
    harness = await createTestRuntime({
      plugins: [plugin],
      ayon: { url: emulator.url, apiKey: API_KEY },
      // No sweep while it runs: every enroll on the way is the lane's own.
      queue: { concurrency: 4, sweepIntervalMs: 60_000 },
      onAyonRequest: (info) => answers.push(`${info.method} ${info.route} ${info.status}`),
    });
    await harness.start();
    await waitAllFinished(harness, ids);
    // 25 events in batches of at most 10: the slot asked for the next job after at least two batches.
    expect(calls.filter((c) => c.project === "pd").length).toBeGreaterThanOrEqual(3);
    const outcomes = answers.flatMap((a, i) => (a.startsWith("PATCH /api/events/{id}") ? [i] : []));
    const during = answers.slice(outcomes[0], outcomes.at(-1));
    expect(during.filter((a) => a === "POST /api/enroll 204")).toEqual([]);
    expect(during.filter((a) => a === "POST /api/enroll 200").length).toBeGreaterThan(0);
  }, 30_000);

  it("ends a batch at a follower another worker holds, and hands back what it claimed past it", async () => {
    const admin = new AyonClient({ serverUrl: emulator.url, apiKey: API_KEY, sender: "claims-admin", senderType: "test" });
    const ids: string[] = [];
    for (let seq = 1; seq <= 5; seq++) ids.push(await admin.dispatchEvent({ topic: TOPIC, project: "pc", payload: { seq } }).then((r) => r.id as string));
    const request = { sourceTopic: [TOPIC], targetTopic: "batch.job", sequential: true, maxRetries: 2, description: "test", ignoreOlderThan: 0 };
    const byId = (id: string) => ({ conditions: [{ key: "id", operator: "eq" as const, value: id }] });
    // The lead (seq 1) is this slot's; seq 3 is someone else's.
    const lead = await admin.withSender("slot-w0").enroll({ ...request, filter: byId(ids[0]!) });
    const foreign = await admin.withSender("other-w0").enroll({ ...request, filter: byId(ids[2]!) });
    expect(lead?.dependsOn).toBe(ids[0]);
    expect(foreign?.dependsOn).toBe(ids[2]);

    const followers = await Promise.all(ids.slice(1).map(async (id) => (await admin.getEvent(id)) as AyonEvent));
    const claimed = await claimFollowers((name) => admin.withSender(name), "slot-w0", request, followers, new CapturingLogger());
    expect(claimed.map((c) => c.source.id)).toEqual([ids[1]]);

    const jobs = await admin.queryEvents({ topics: ["batch.job"], first: 50 });
    const status = (sourceId: string) => jobs.events.find((e) => e.dependsOn === sourceId)?.status;
    expect(status(ids[1]!)).toBe("pending");
    expect(status(ids[2]!)).toBe("pending"); // the other worker's, untouched
    expect(status(ids[3]!)).toBe("restarted");
    expect(status(ids[4]!)).toBe("restarted");
  }, 30_000);
});
