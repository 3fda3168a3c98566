import { describe, expect, it } from "@jest/globals";
import { ClaimBackoff } from "./claim-backoff.js";

describe("ClaimBackoff", () => {
  it("doubles the quiet window while a lane keeps answering 204 to announced work, up to the cap", () => {
    const backoff = new ClaimBackoff(1000, 8000);
    expect([1, 2, 3, 4, 5].map(() => backoff.heldElsewhere("a"))).toEqual([1000, 2000, 4000, 8000, 8000]);
  });

  it("starts over once the lane handed out a job (or this process drained it), and keeps lanes apart", () => {
    const backoff = new ClaimBackoff(500, 60_000);
    backoff.heldElsewhere("a");
    backoff.heldElsewhere("a");
    expect(backoff.heldElsewhere("b")).toBe(500);
    backoff.served("a");
    expect(backoff.heldElsewhere("a")).toBe(500);
  });

  it("offers a lane held a while by a slot that is behind, only once other processes were seen at work lately", () => {
    let now = 1_000_000;
    const backoff = new ClaimBackoff(1000, 2000, () => now);
    expect(backoff.offerLane(5000, 3000)).toBe(false); // alone, as far as this process can tell
    backoff.heldElsewhere("b");
    expect(backoff.offerLane(5000, 3000)).toBe(true);
    expect(backoff.offerLane(1000, 3000)).toBe(false); // not held long enough
    expect(backoff.offerLane(5000, 200)).toBe(false); // keeping up
    now += 61_000;
    expect(backoff.offerLane(5000, 3000)).toBe(false); // the others have not been seen for a minute
  });
});
