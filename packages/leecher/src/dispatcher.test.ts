// Ordered dispatch: one project's events one after the other in id order, projects in parallel, outages
// stopping every chain, permanent refusals reported and passed.
import { describe, expect, it } from "@jest/globals";
import type { DispatchEventRequest, DispatchResult } from "@ayon-sg/core";
import { dispatchInOrder, isPermanentRefusal, type DispatchJob, type EventDispatcher } from "./dispatcher.js";
import { ServiceFailure } from "./health.js";

/** A fake AYON that records the order and overlap of dispatches and fails on demand. */
class RecordingAyon implements EventDispatcher {
  readonly calls: Array<{ id: number; project: string; start: number; end: number }> = [];
  readonly stored = new Set<string>();
  inFlight = 0;
  maxInFlight = 0;
  failOn = new Map<number, unknown>();
  private clock = 0;

  async dispatchEvent(req: DispatchEventRequest): Promise<DispatchResult> {
    const id = (req.summary as { sg_event_id: number }).sg_event_id;
    const start = this.clock++;
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    await new Promise((resolve) => setTimeout(resolve, 1 + (id % 3)));
    this.inFlight -= 1;
    this.calls.push({ id, project: req.project!, start, end: this.clock++ });
    const failure = this.failOn.get(id);
    if (failure) throw failure;
    if (this.stored.has(req.hash!)) return { id: null, alreadyExists: true };
    this.stored.add(req.hash!);
    return { id: `ev${id}`, alreadyExists: false };
  }
}

function job(id: number, project: string): DispatchJob {
  return { id, project, request: { topic: "shotgrid.event", project, hash: `h${id}`, summary: { sg_event_id: id } } };
}

const status = (s: number) => Object.assign(new Error(`HTTP ${s}`), { status: s });

describe("dispatchInOrder", () => {
  it("keeps id order within a project and overlaps projects", async () => {
    const ayon = new RecordingAyon();
    const jobs = [job(9, "b"), job(1, "a"), job(5, "a"), job(2, "b"), job(3, "a"), job(7, "c"), job(4, "c")];
    const report = await dispatchInOrder(ayon, jobs, { concurrency: 3 });
    expect(report.stored).toBe(7);
    expect(report.settled.map((j) => j.id)).toEqual([1, 2, 3, 4, 5, 7, 9]);
    for (const project of ["a", "b", "c"]) {
      const calls = ayon.calls.filter((c) => c.project === project);
      expect(calls.map((c) => c.id)).toEqual([...calls.map((c) => c.id)].sort((x, y) => x - y));
      for (let i = 1; i < calls.length; i++) expect(calls[i]!.start).toBeGreaterThan(calls[i - 1]!.end);
    }
    expect(ayon.maxInFlight).toBe(3);
  });

  it("never runs more projects at once than the concurrency", async () => {
    const ayon = new RecordingAyon();
    const jobs = Array.from({ length: 40 }, (_, i) => job(i + 1, `p${i % 10}`));
    await dispatchInOrder(ayon, jobs, { concurrency: 4 });
    expect(ayon.maxInFlight).toBe(4);
  });

  it("counts a 409 (already stored) as settled", async () => {
    const ayon = new RecordingAyon();
    ayon.stored.add("h2");
    const report = await dispatchInOrder(ayon, [job(1, "a"), job(2, "a")], { concurrency: 2 });
    expect(report).toMatchObject({ stored: 1, duplicates: 1, failure: null });
    expect(report.settled.map((j) => j.id)).toEqual([1, 2]);
  });

  it("stops the failing project at the failed event and starts nothing new after an outage", async () => {
    const ayon = new RecordingAyon();
    const outage = status(503);
    ayon.failOn.set(2, outage);
    const report = await dispatchInOrder(ayon, [job(1, "a"), job(2, "a"), job(3, "a"), job(10, "b"), job(11, "b")], { concurrency: 1 });
    expect(report.failure).toBe(outage);
    expect(report.settled.map((j) => j.id)).toEqual([1]);
    expect(ayon.calls.map((c) => c.id)).toEqual([1, 2]);
  });

  it("reports a permanent refusal, settles nothing for it, and goes on", async () => {
    const ayon = new RecordingAyon();
    const refusal = status(400);
    ayon.failOn.set(2, refusal);
    const report = await dispatchInOrder(ayon, [job(1, "a"), job(2, "a"), job(3, "a")], { concurrency: 1 });
    expect(report.failure).toBeNull();
    expect(report.refused).toEqual([{ job: expect.objectContaining({ id: 2 }), error: refusal }]);
    expect(report.settled.map((j) => j.id)).toEqual([1, 3]);
  });

  it("sends nothing once the signal is aborted", async () => {
    const ayon = new RecordingAyon();
    const abort = new AbortController();
    abort.abort();
    const report = await dispatchInOrder(ayon, [job(1, "a")], { concurrency: 1, signal: abort.signal });
    expect(ayon.calls).toEqual([]);
    expect(report.settled).toEqual([]);
  });
});

describe("isPermanentRefusal", () => {
  it.each([
    [400, true],
    [404, true],
    [422, true],
    [401, false],
    [403, false],
    [408, false],
    [409, false],
    [429, false],
    [500, false],
    [503, false],
  ])("HTTP %i → %p", (s, expected) => {
    expect(isPermanentRefusal(status(s))).toBe(expected);
    expect(isPermanentRefusal(new ServiceFailure("AYON", status(s)))).toBe(expected);
  });

  it("is false for network errors", () => {
    expect(isPermanentRefusal(new Error("ECONNREFUSED"))).toBe(false);
    expect(isPermanentRefusal(null)).toBe(false);
  });
});
