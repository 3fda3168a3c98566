import { describe, expect, it } from "@jest/globals";
import { backoffDelayMs, classifyNetworkError, failureClassOfStatus, mayRetry } from "./retry-policy.js";

const settings = { limit: 5, baseDelayMs: 100, maxDelayMs: 1000 };

describe("backoffDelayMs (capped, jittered exponential)", () => {
  it("doubles per retry at the top of the jitter range", () => {
    expect([1, 2, 3, 4].map((n) => backoffDelayMs(n, settings, () => 1))).toEqual([100, 200, 400, 800]);
  });

  it("never waits less than half the exponential step", () => {
    expect([1, 2, 3, 4].map((n) => backoffDelayMs(n, settings, () => 0))).toEqual([50, 100, 200, 400]);
  });

  it("is capped at maxDelayMs however many retries", () => {
    expect(backoffDelayMs(5, settings, () => 1)).toBe(1000);
    expect(backoffDelayMs(40, settings, () => 1)).toBe(1000);
    expect(backoffDelayMs(40, settings, () => 0)).toBe(500);
  });

  it("spreads delays randomly within the range", () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelayMs(3, settings)));
    expect(delays.size).toBeGreaterThan(5);
    for (const d of delays) {
      expect(d).toBeGreaterThanOrEqual(200);
      expect(d).toBeLessThanOrEqual(400);
    }
  });
});

describe("failure classes", () => {
  it("retries 502/503/504 only, 503 as busy", () => {
    expect(failureClassOfStatus(502)).toBe("ambiguous");
    expect(failureClassOfStatus(503)).toBe("busy");
    expect(failureClassOfStatus(504)).toBe("ambiguous");
    for (const status of [400, 401, 403, 404, 409, 500, 501]) expect(failureClassOfStatus(status)).toBeNull();
  });

  it("lets if-not-sent calls retry only what never reached the server", () => {
    expect(mayRetry("if-not-sent", "not-sent")).toBe(true);
    expect(mayRetry("if-not-sent", "ambiguous")).toBe(false);
    expect(mayRetry("if-not-sent", "busy")).toBe(false);
    expect(mayRetry("idempotent", "ambiguous")).toBe(true);
    expect(mayRetry("idempotent", "busy")).toBe(true);
  });

  const fetchFailed = (code: string) =>
    Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new Error(`connect ${code} 127.0.0.1:1`), { code }) });

  it("reads the socket error code through the cause chain", () => {
    const wrapped = Object.assign(new Error("Request failed due to a network error"), { name: "NetworkError", cause: fetchFailed("ECONNREFUSED") });
    expect(classifyNetworkError(wrapped, false, 1000)).toEqual({ failure: "not-sent", code: "ECONNREFUSED", description: "connection refused" });
    expect(classifyNetworkError(fetchFailed("ECONNRESET"), false, 1000)?.failure).toBe("ambiguous");
    expect(classifyNetworkError(new TypeError("terminated"), false, 1000)?.failure).toBe("ambiguous");
  });

  it("calls a timeout ambiguous and leaves programming errors alone", () => {
    expect(classifyNetworkError(new Error("aborted"), true, 250)).toEqual({ failure: "ambiguous", code: "TIMEOUT", description: "no answer within 250 ms" });
    expect(classifyNetworkError(new RangeError("bad"), false, 250)).toBeNull();
    expect(classifyNetworkError("not an error", false, 250)).toBeNull();
  });
});
