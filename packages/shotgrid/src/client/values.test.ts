import { describe, expect, it } from "@jest/globals";
import { addLinks, formatShotgridTime, linkRef, parseSgFloat, parseShotgridTime, removeLinks, setLinks, sgFloat } from "./values.js";

describe("float values travel as strings", () => {
  it("encodes whole numbers with one decimal, because ShotGrid rejects integers on float fields", () => {
    expect(JSON.stringify({ sg_fps: sgFloat(24) })).toBe('{"sg_fps":"24.0"}');
    expect(JSON.stringify(sgFloat(0))).toBe('"0.0"');
    expect(JSON.stringify(sgFloat(-0))).toBe('"0.0"');
  });

  it("keeps up to 6 decimals and never uses exponent notation", () => {
    expect(sgFloat(1.5).toJSON()).toBe("1.5");
    expect(sgFloat(23.976).toJSON()).toBe("23.976");
    expect(sgFloat(1e-7).toJSON()).toBe("0.0");
    expect(sgFloat(0.0000015).toJSON()).toBe("0.000002");
    expect(sgFloat(1e21).toJSON()).toBe("1000000000000000000000.0");
    expect(sgFloat(-1e22).toJSON()).not.toMatch(/e/i);
    expect(sgFloat(-2.25).toJSON()).toBe("-2.25");
  });

  it("works inside arrays (filters such as between)", () => {
    expect(JSON.stringify(["sg_fps", "between", [sgFloat(23), sgFloat(25.5)]])).toBe('["sg_fps","between",["23.0","25.5"]]');
  });

  it("refuses NaN and infinities", () => {
    expect(() => sgFloat(Number.NaN)).toThrow(RangeError);
    expect(() => sgFloat(Infinity)).toThrow(/finite/);
  });

  it("reads float strings back into numbers", () => {
    expect(parseSgFloat("25.0")).toBe(25);
    expect(parseSgFloat("0.000002")).toBe(0.000002);
    expect(parseSgFloat(3.5)).toBe(3.5);
    expect(parseSgFloat(null)).toBeNull();
    expect(() => parseSgFloat("abc")).toThrow(/Not a ShotGrid float/);
  });
});

describe("timestamps in all three forms", () => {
  it("parses the read form 2026-01-21T19:47:33Z", () => {
    expect(parseShotgridTime("2026-01-21T19:47:33Z").toISOString()).toBe("2026-01-21T19:47:33.000Z");
  });

  it("parses the create-response form 2026-09-04 03:51:48 UTC", () => {
    expect(parseShotgridTime("2026-09-04 03:51:48 UTC").toISOString()).toBe("2026-09-04T03:51:48.000Z");
  });

  it("parses the webhook form with microseconds and no zone as UTC", () => {
    expect(parseShotgridTime("2022-02-01 20:53:08.523887").toISOString()).toBe("2022-02-01T20:53:08.523Z");
  });

  it("applies explicit offsets", () => {
    expect(parseShotgridTime("2026-01-21T21:47:33+02:00").toISOString()).toBe("2026-01-21T19:47:33.000Z");
    expect(parseShotgridTime("2026-01-21T17:47:33-0200").toISOString()).toBe("2026-01-21T19:47:33.000Z");
  });

  it("passes null through and rejects garbage and impossible dates", () => {
    expect(parseShotgridTime(null)).toBeNull();
    expect(parseShotgridTime(undefined)).toBeNull();
    expect(() => parseShotgridTime("yesterday")).toThrow(/Not a ShotGrid timestamp/);
    expect(() => parseShotgridTime("2026-02-31 10:00:00 UTC")).toThrow(/Not a valid ShotGrid timestamp/);
    expect(() => parseShotgridTime("2026-01-21T25:00:00Z")).toThrow(RangeError);
  });

  it("formats dates the way ShotGrid stores date_time", () => {
    expect(formatShotgridTime(new Date("2026-01-21T19:47:33.987Z"))).toBe("2026-01-21T19:47:33Z");
  });
});

describe("multi-entity update modes", () => {
  const links = [{ type: "Asset", id: 7, name: "charA" }, { type: "Asset", id: 9, name: null }];

  it("wraps links with the mode and strips names", () => {
    expect(addLinks(links)).toEqual({ multi_entity_update_mode: "add", value: [{ type: "Asset", id: 7 }, { type: "Asset", id: 9 }] });
    expect(removeLinks(links.slice(0, 1)).multi_entity_update_mode).toBe("remove");
    expect(setLinks([]).value).toEqual([]);
    expect(linkRef(links[0]!)).toEqual({ type: "Asset", id: 7 });
  });
});
