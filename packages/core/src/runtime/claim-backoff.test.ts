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
});
