import { describe, expect, it } from "@jest/globals";
import { ayonToSg, dayOf, sameAttribValue, sgToAyon } from "./attrib-values.js";

const ok = (value: unknown, type: string) => {
  const r = sgToAyon(value, type);
  if (r.ok !== true) throw new Error(`expected a value for ${JSON.stringify(value)} as ${type}, got ${JSON.stringify(r)}`);
  return r.value;
};

describe("attribute values: ShotGrid → AYON → ShotGrid round trips per type", () => {
  it.each([
    // [ShotGrid value as REST sends it, AYON type, ShotGrid data_type, value ShotGrid gets back]
    ["2024-03-01", "datetime", "date", "2024-03-01"],
    ["2024-03-01T10:20:30Z", "datetime", "date_time", "2024-03-01T10:20:30Z"],
    ["25.0", "float", "float", "25.0"],
    [23.976, "float", "float", "23.976"],
    [1001, "integer", "number", 1001],
    [true, "boolean", "checkbox", true],
    [false, "boolean", "checkbox", false],
    ["Hero shot, keep grain", "string", "text", "Hero shot, keep grain"],
    ["high", "string", "list", "high"],
  ])("%j as %s (%s)", (sgValue, type, sgDataType, back) => {
    const ayon = ok(sgValue, type);
    expect(JSON.parse(JSON.stringify(ayonToSg(ayon, type, sgDataType)))).toEqual(back);
    // Reading it again gives the same AYON value: the next sync sees no change.
    expect(sameAttribValue(ayon, ok(back, type), type)).toBe(true);
  });

  it("dates become midnight UTC and compare by day, also against the Python addon's naive datetimes", () => {
    expect(ok("2024-03-01", "datetime")).toBe("2024-03-01T00:00:00+00:00");
    expect(sameAttribValue("2024-03-01T00:00:00", ok("2024-03-01", "datetime"), "datetime")).toBe(true);
    expect(sameAttribValue("2024-03-02T00:00:00+00:00", ok("2024-03-01", "datetime"), "datetime")).toBe(false);
    expect(dayOf("2024-03-01T23:30:00-02:00")).toBe("2024-03-02");
  });

  it("floats arrive as strings and integers keep their whole part", () => {
    expect(ok("24.0", "float")).toBe(24);
    expect(ok("1001.7", "integer")).toBe(1001);
    expect(sameAttribValue(25, 25.0, "float")).toBe(true);
    expect(sameAttribValue(25, 24, "float")).toBe(false);
  });

  it("entity links become names (text) or lists of names, groups and all", () => {
    expect(ok({ type: "HumanUser", id: 3, name: "Ann Lee" }, "string")).toBe("Ann Lee");
    expect(ok([{ type: "Asset", id: 1, name: "rock" }, { type: "Asset", id: 2, name: null }], "list_of_strings")).toEqual(["rock", "Asset 2"]);
    expect(ok({ type: "Asset", id: 7, name: "tree" }, "list_of_integers")).toEqual([7]);
    expect(ok("solo", "list_of_strings")).toEqual(["solo"]);
    expect(ayonToSg(["a", "b"], "list_of_strings", "text")).toBe("a, b");
    // Back to a link field: a name does not say which entity, so nothing is written.
    expect(ayonToSg("Ann Lee", "string", "entity")).toBeNull();
    expect(ayonToSg(["rock"], "list_of_strings", "multi_entity")).toBeNull();
  });

  it("null leaves AYON's value as it is, as the Python addon skips None", () => {
    expect(sgToAyon(null, "float")).toEqual({ ok: "skip" });
    expect(sgToAyon(undefined, "string")).toEqual({ ok: "skip" });
    expect(ayonToSg(null, "float", "float")).toBeNull();
  });

  it("a value that does not fit is refused with a reason, never half converted", () => {
    expect(sgToAyon("soon", "datetime")).toEqual({ ok: false, reason: '"soon" is not a date' });
    expect(sgToAyon("fast", "float").ok).toBe(false);
    expect(sgToAyon("yes", "boolean").ok).toBe(false);
    expect(sgToAyon({ a: 1 }, "string").ok).toBe(false);
  });
});
