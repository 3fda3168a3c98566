import { describe, expect, it } from "@jest/globals";
import { triesOf } from "./failed-jobs.js";

describe("triesOf", () => {
  it("counts AYON's re-offers, or the count a job failed for good kept in its payload", () => {
    expect(triesOf(0, JSON.stringify({ error: "x", retryable: true }))).toBe(1);
    expect(triesOf(3, JSON.stringify({ error: "x", retryable: true }))).toBe(4);
    expect(triesOf(3, JSON.stringify({ error: "x", retryable: false, tries: 2 }))).toBe(2);
    expect(triesOf(1, null)).toBe(2);
    expect(triesOf(1, "not json")).toBe(2);
  });
});
