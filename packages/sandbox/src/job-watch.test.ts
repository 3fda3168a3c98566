import { describe, expect, it } from "@jest/globals";
import { EventEmitter } from "node:events";
import type { JobReport, Runtime } from "@ayon-sg/core";
import { JobWatch } from "./job-watch.js";

function report(sourceId: string, status: JobReport["status"], retryable = false): JobReport {
  return { jobId: `job-${sourceId}`, sourceId, topic: "t", project: null, action: null, handlers: [], status, retryable, description: status, durationMs: 1 };
}

describe("JobWatch", () => {
  it("resolves with the final report, waiting through retryable failures and releases", async () => {
    const events = new EventEmitter() as unknown as Runtime["events"];
    const retries: string[] = [];
    const watch = new JobWatch(events, (r) => retries.push(r.description));
    const waiting = watch.wait("a", 5000, "the import");
    events.emit("job:done", report("a", "failed", true));
    events.emit("job:done", report("a", "released"));
    events.emit("job:done", report("b", "finished"));
    events.emit("job:done", report("a", "finished"));
    await expect(waiting).resolves.toMatchObject({ sourceId: "a", status: "finished" });
    expect(retries).toEqual(["failed"]);
    await expect(watch.wait("b", 10, "b")).resolves.toMatchObject({ status: "finished" });
    watch.close();
  });

  it("rejects on timeout and on abort, naming what it waited for", async () => {
    const events = new EventEmitter() as unknown as Runtime["events"];
    const watch = new JobWatch(events);
    await expect(watch.wait("x", 20, "the full sync")).rejects.toThrow(/the full sync did not finish within 0 s \(source event x\)/);
    const stop = new AbortController();
    const waiting = watch.wait("y", 5000, "the import", stop.signal);
    stop.abort();
    await expect(waiting).rejects.toThrow("stopped while waiting for the import");
    watch.close();
  });
});
