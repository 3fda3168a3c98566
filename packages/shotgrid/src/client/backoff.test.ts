import { describe, expect, it } from "@jest/globals";
import { backoffDelay, parseRetryAfter, retryWait } from "./backoff.js";

const policy = { limit: 5, baseDelayMs: 100, maxDelayMs: 1000 };

describe("capped, jittered exponential backoff", () => {
  it("doubles per retry and stays within [50 %, 100 %] of the step", () => {
    expect(backoffDelay(policy, 1, () => 0)).toBe(50);
    expect(backoffDelay(policy, 1, () => 1)).toBe(100);
    expect(backoffDelay(policy, 3, () => 1)).toBe(400);
    expect(backoffDelay(policy, 3, () => 0)).toBe(200);
  });

  it("never exceeds maxDelayMs", () => {
    for (let retry = 1; retry <= 30; retry += 1) expect(backoffDelay(policy, retry)).toBeLessThanOrEqual(1000);
    expect(backoffDelay(policy, 30, () => 1)).toBe(1000);
  });

  it("reads Retry-After as seconds or as an HTTP date", () => {
    expect(parseRetryAfter("3")).toBe(3000);
    expect(parseRetryAfter("0.5")).toBe(500);
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter("soon")).toBeNull();
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:00:05 GMT", now)).toBe(5000);
  });

  it("honours Retry-After but caps it", () => {
    expect(retryWait(policy, 1, 700)).toBe(700);
    expect(retryWait(policy, 1, 120_000)).toBe(1000);
    expect(retryWait(policy, 1, null)).toBeLessThanOrEqual(100);
  });
});
