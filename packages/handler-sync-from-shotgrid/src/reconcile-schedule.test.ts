import { describe, expect, it } from "@jest/globals";
import { describeSchedule, latestSlot, owesSlot, reconcileHash, reconcileRequest, scheduleOf } from "./reconcile-schedule.js";

const at = (iso: string) => Date.parse(iso);
const project = { sgProjectId: 70, sgProjectName: "Seventy", projectCode: "sev", projectCodeField: "code", ayonProjectName: "sev" };

describe("scheduleOf / latestSlot", () => {
  it("puts a daily slot at the time of day in UTC, today once it has passed, else yesterday", () => {
    const daily = scheduleOf("03:00");
    expect(latestSlot(daily, at("2026-12-06T09:42:00Z"))).toBe(at("2026-12-06T03:00:00Z"));
    expect(latestSlot(daily, at("2026-12-06T03:00:00Z"))).toBe(at("2026-12-06T03:00:00Z"));
    expect(latestSlot(daily, at("2026-12-06T02:59:59Z"))).toBe(at("2026-12-05T03:00:00Z"));
    expect(latestSlot(scheduleOf("23:30"), at("2026-01-01T00:10:00Z"))).toBe(at("2025-12-31T23:30:00Z"));
    expect(describeSchedule(scheduleOf("07:05"))).toBe("daily at 07:05 UTC");
  });

  it("has no slot when off, even with a short schedule configured", () => {
    expect(latestSlot(scheduleOf("off"), Date.now())).toBeNull();
    expect(latestSlot(scheduleOf("off", 5), Date.now())).toBeNull();
  });

  it("replaces the daily time with the config's short period", () => {
    const every = scheduleOf("03:00", 10);
    expect(latestSlot(every, 1_000_009_999)).toBe(1_000_000_000);
    expect(latestSlot(every, 1_000_010_000)).toBe(1_000_010_000);
    expect(describeSchedule(every)).toBe("every 10 s");
  });

  it("refuses a malformed time without repeating it", () => {
    expect(() => scheduleOf("3am")).toThrow(/not a value of 3 characters/);
  });
});

describe("the request", () => {
  it("hashes project and slot: the same slot gives one hash in every process, the next slot another", () => {
    const slot = at("2026-12-06T03:00:00Z");
    expect(reconcileHash(project, slot)).toBe(reconcileHash({ ...project }, slot));
    expect(reconcileHash(project, slot)).not.toBe(reconcileHash(project, slot + 86_400_000));
    expect(reconcileHash(project, slot)).not.toBe(reconcileHash({ ...project, ayonProjectName: "other" }, slot));
  });

  it("is a sync-from-shotgrid request with reason reconcile", () => {
    const request = reconcileRequest(project, at("2026-12-06T03:00:00Z"), scheduleOf("03:00"), "ayon-sg-1");
    expect(request).toMatchObject({
      topic: "shotgrid.event", project: "sev", finished: true,
      payload: { action: "sync-from-shotgrid", project_name: "sev", reason: "reconcile", slot: "2026-12-06T03:00:00.000Z", user_name: "ayon-sg-1" },
    });
    expect(request.description).toContain("daily at 03:00 UTC");
  });
});

describe("owesSlot", () => {
  it("owes a slot only to a project that existed at it", () => {
    const slot = at("2026-12-06T03:00:00Z");
    expect(owesSlot(slot, "2026-12-01T10:00:00Z")).toBe(true);
    expect(owesSlot(slot, "2026-12-06T03:00:00Z")).toBe(true);
    expect(owesSlot(slot, "2026-12-06T08:00:00Z")).toBe(false);
    expect(owesSlot(slot, undefined)).toBe(true);
  });
});
