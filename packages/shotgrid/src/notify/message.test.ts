import { describe, expect, it } from "@jest/globals";
import type { FinalFailure } from "@ayon-sg/core";
import { summaryMessage } from "./message.js";

const failure = (n: number): FinalFailure => ({
  jobId: `job${n}`, sourceId: `src${n}`, topic: "shotgrid.event", project: "show", action: "update", handlers: [], status: "failed",
  retryable: false, description: `refused ${n}`, durationMs: 1, failedAt: "2026-12-06T10:00:00.000Z",
});
const since = new Date("2026-12-06T09:45:00.000Z");

describe("summaryMessage", () => {
  it("lists a few held failures as they are, and says first how many were held when it lists only the first", () => {
    const few = summaryMessage("show", { items: [failure(1), failure(2)], count: 2, since });
    expect(few.subject).toBe("ayon-sg: 2 more jobs failed in project show since 2026-12-06T09:45:00.000Z");
    expect(few.body.split("\n")).toEqual(["- shotgrid.event (update), job job1: refused 1", "- shotgrid.event (update), job job2: refused 2"]);
    const many = summaryMessage("show", { items: [failure(1)], count: 200, since });
    expect(many.body.split("\n")).toEqual(["The first 1 of 200:", "- shotgrid.event (update), job job1: refused 1"]);
  });
});
