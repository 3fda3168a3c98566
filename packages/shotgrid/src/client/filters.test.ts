import { describe, expect, it } from "@jest/globals";
import { ShotgridInputError } from "./errors.js";
import { and, or, toHashFilter } from "./filters.js";

describe("api3_hash filters", () => {
  const project = { type: "Project", id: 70 };

  it("turns an array of triples into an AND group", () => {
    expect(toHashFilter([["project", "is", project], ["sg_status_list", "in", ["ip", "fin"]]])).toEqual({
      logical_operator: "and",
      conditions: [["project", "is", project], ["sg_status_list", "in", ["ip", "fin"]]],
    });
  });

  it("treats no filters as an empty AND group", () => {
    expect(toHashFilter(undefined)).toEqual({ logical_operator: "and", conditions: [] });
  });

  it("nests and()/or() groups", () => {
    const f = and(["project", "is", project], or(["code", "starts_with", "sh0"], ["code", "is", null]));
    expect(toHashFilter(f)).toEqual({
      logical_operator: "and",
      conditions: [
        ["project", "is", project],
        { logical_operator: "or", conditions: [["code", "starts_with", "sh0"], ["code", "is", null]] },
      ],
    });
  });

  it("names the bad spot of a malformed filter", () => {
    expect(() => toHashFilter([["code", "is"] as never])).toThrow("filters.conditions[0] must be a [field, relation, value] triple, got 2 element(s).");
    expect(() => toHashFilter({ logical_operator: "AND" as never, conditions: [] })).toThrow(/lowercase/);
    expect(() => toHashFilter(and(or(["code", "IS", "x"])))).toThrow(/filters.conditions\[0\].conditions\[0\]: the relation/);
    expect(() => toHashFilter([["", "is", 1]])).toThrow(/non-empty string/);
    expect(() => toHashFilter([["code", "is", undefined]])).toThrow(/use null/);
    expect(() => toHashFilter({ logical_operator: "or" } as never)).toThrow(ShotgridInputError);
  });

  it("refuses nesting deeper than the server can take", () => {
    let deep = and(["id", "is", 1]);
    for (let i = 0; i < 250; i += 1) deep = and(deep);
    expect(() => toHashFilter(deep)).toThrow(/deeper than 200/);
  });
});
