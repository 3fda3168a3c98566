import { describe, expect, it } from "@jest/globals";
import { sleep } from "./sleep.js";

describe("sleep", () => {
  it("waits, and returns at once when aborted", async () => {
    const started = Date.now();
    await sleep(60);
    expect(Date.now() - started).toBeGreaterThanOrEqual(50);
    const abort = new AbortController();
    const early = Date.now();
    const waiting = sleep(10_000, abort.signal);
    abort.abort();
    await waiting;
    expect(Date.now() - early).toBeLessThan(1000);
    await sleep(10_000, abort.signal); // already aborted
  });
});
