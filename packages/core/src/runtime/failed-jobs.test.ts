import { afterAll, beforeAll, beforeEach, describe, expect, it } from "@jest/globals";
import { startAyonEmulator, type AyonEmulator } from "@ayon-sg/testkit";
import { AyonClient } from "../ayon/client.js";
import { FailedJobs, FailedJobsError, triesOf } from "./failed-jobs.js";

const API_KEY = "failedjobstestkey0000000000000000";
const JOB_TOPIC = "test.proc";
const MAX_RETRIES = 2;

describe("triesOf", () => {
  it("counts AYON's re-offers, or the count a job failed for good kept in its payload", () => {
    expect(triesOf({ retries: 0, payload: { error: "x", retryable: true } })).toBe(1);
    expect(triesOf({ retries: MAX_RETRIES + 1, payload: { error: "x", retryable: true } })).toBe(MAX_RETRIES + 2);
    expect(triesOf({ retries: MAX_RETRIES + 1, payload: { error: "x", retryable: false, tries: 2 } })).toBe(2);
    expect(triesOf({ retries: 1, payload: null })).toBe(2);
    expect(triesOf({ retries: 1, payload: { tries: "2" } })).toBe(2);
  });
});

describe("FailedJobs against the AYON emulator's enroll", () => {
  let emulator: AyonEmulator;
  let ayon: AyonClient;
  let project: string;
  let n = 0;

  beforeAll(async () => {
    emulator = await startAyonEmulator({ apiKey: API_KEY });
    ayon = new AyonClient({ serverUrl: emulator.url, apiKey: API_KEY, sender: "worker-1" });
  });
  afterAll(async () => emulator?.close());
  beforeEach(async () => {
    project = `p${++n}`;
    await ayon.createProject({ name: project, code: project });
  });

  const enroll = () =>
    ayon.enroll({ sourceTopic: "test.source", targetTopic: JOB_TOPIC, sequential: true, maxRetries: MAX_RETRIES, filter: { conditions: [{ key: "project", value: project }] } });
  const source = async (seq: number) => (await ayon.dispatchEvent({ topic: "test.source", project, payload: { seq, action: "update" } })).id!;
  /** Enrolls the next job and stores an outcome as job-runner.ts does (failed for good = retries past the maximum). */
  const runNext = async (outcome: "finished" | "failed") => {
    const job = (await enroll())!;
    await ayon.updateEvent(job.id, outcome === "failed" ? { status: "failed", description: "it broke", retries: MAX_RETRIES + 1, payload: { error: "it broke", retryable: false, tries: 1 } } : { status: "finished", description: "done" });
    return job;
  };
  const failedJobs = (now?: () => number) => new FailedJobs(ayon, [JOB_TOPIC], { maxRetries: MAX_RETRIES, ignoreOlderThanDays: 7, ...(now ? { now } : {}) });

  it("lists a job failed for good with its source, sentence and tries, and nothing for another project", async () => {
    const first = await source(1);
    const job = await runNext("failed");
    const [listed] = await failedJobs().list({ project });
    expect(listed).toMatchObject({ jobId: job.id, jobTopic: JOB_TOPIC, sourceId: first, sourceTopic: "test.source", project, action: "update", description: "it broke", tries: 1, final: true });
    expect(await failedJobs().list({ project: "elsewhere" })).toEqual([]);
  });

  it("a retried job is offered again first in its project, after the events that already ran, with its retries reset", async () => {
    await source(1);
    const failed = await runNext("failed");
    await source(2);
    await runNext("finished");
    const waiting = await source(3);
    const outcome = await failedJobs().retry({ project }, "tester");
    expect(outcome.done.map((j) => j.jobId)).toEqual([failed.id]);
    const stored = await ayon.getEvent(failed.id);
    expect([stored.status, stored.retries, stored.description]).toEqual(["restarted", 0, "Retry asked by tester; it had failed with: it broke"]);
    // Sequential enroll: the retried job comes before the waiting third event; the finished second does not run again.
    const next = (await enroll())!;
    expect([next.id, next.status]).toEqual([failed.id, "pending"]);
    expect((await ayon.getEvent(failed.id)).retries).toBe(0);
    await ayon.updateEvent(next.id, { status: "finished" });
    expect((await enroll())!.dependsOn).toBe(waiting);
    expect(await failedJobs().list({ project })).toEqual([]);
  });

  it("a skipped job is never offered again and no longer listed", async () => {
    await source(1);
    const failed = await runNext("failed");
    const second = await source(2);
    const skipped = await failedJobs().skip([failed.id], "tester");
    expect(skipped.map((j) => j.jobId)).toEqual([failed.id]);
    expect((await ayon.getEvent(failed.id)).status).toBe("finished");
    expect((await enroll())!.dependsOn).toBe(second);
    expect(await failedJobs().list({ project })).toEqual([]);
  });

  it("refuses unknown ids and jobs that are not failed, and a source past ignoreOlderThanDays", async () => {
    await source(1);
    const done = await runNext("finished");
    await expect(failedJobs().retry({ jobIds: ["nosuchid"] }, "t")).rejects.toThrow(new FailedJobsError(`unknown job id nosuchid (not a job of ${JOB_TOPIC})`));
    await expect(failedJobs().skip([done.id], "t")).rejects.toThrow(`job ${done.id} is not failed (it is finished)`);
    await source(2);
    const failed = await runNext("failed");
    const eightDaysOn = () => Date.now() + 8 * 86_400_000;
    const outcome = await failedJobs(eightDaysOn).retry({ jobIds: [failed.id] }, "t");
    expect(outcome.done).toEqual([]);
    expect(outcome.refused[0]!.reason).toContain("older than ignoreOlderThanDays (7)");
    expect((await ayon.getEvent(failed.id)).status).toBe("failed");
  });
});
