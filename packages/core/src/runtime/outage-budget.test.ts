import { describe, expect, it } from "@jest/globals";
import { OutageBudget } from "./outage-budget.js";

describe("OutageBudget", () => {
  const clock = { now: 0 };
  const budget = (ms: number) => new OutageBudget(ms, () => clock.now);

  it("lets an event wait until the budget since its first outage is spent, then says so once", () => {
    clock.now = 1_000;
    const b = budget(30 * 60_000);
    expect(b.met("e1", "HTTP 500")).toBeNull();
    clock.now += 29 * 60_000;
    expect(b.met("e1", "HTTP 500")).toBeNull();
    clock.now += 60_000;
    expect(b.met("e1", "ShotGrid was unavailable (HTTP 302)")).toBe(
      "a service stayed unavailable for 30 minute(s), past the outage budget of 30 minute(s) (queue setting outageBudgetMinutes): ShotGrid was unavailable (HTTP 302)",
    );
    // Its clock starts again if it ever comes back.
    expect(b.met("e1", "HTTP 500")).toBeNull();
  });

  it("measures each event on its own, and a settled event starts afresh", () => {
    clock.now = 0;
    const b = budget(60_000);
    expect(b.met("a", "x")).toBeNull();
    clock.now = 50_000;
    expect(b.met("b", "x")).toBeNull();
    b.settled("a");
    clock.now = 70_000;
    expect(b.met("a", "x")).toBeNull();
    expect(b.met("b", "x")).toBeNull();
    clock.now = 110_000;
    expect(b.met("b", "x")).not.toBeNull();
  });

  it("a budget of 0 never gives up", () => {
    clock.now = 0;
    const b = budget(0);
    expect(b.met("a", "x")).toBeNull();
    clock.now = 1e12;
    expect(b.met("a", "x")).toBeNull();
  });
});
