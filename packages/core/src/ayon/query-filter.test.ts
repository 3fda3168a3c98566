import { describe, expect, it } from "@jest/globals";
import { andFilter, simplifyQueryFilter } from "./query-filter.js";
import type { QueryFilter } from "./types.js";

const isnull = { key: "project", operator: "isnull" as const };
const eq = { key: "topic", operator: "eq" as const, value: "x" };

describe("simplifyQueryFilter (no empty in/notin list ever reaches AYON's filter builder)", () => {
  it("keeps a filter without empty lists as it is", () => {
    const filter: QueryFilter = { operator: "or", conditions: [isnull, { key: "project", operator: "notin", value: ["a"] }] };
    expect(simplifyQueryFilter(filter)).toEqual(filter);
  });

  it("resolves an empty notin as true and an empty in as false, inside and/or groups", () => {
    expect(simplifyQueryFilter({ operator: "or", conditions: [isnull, { key: "project", operator: "notin", value: [] }] })).toBe(true);
    expect(simplifyQueryFilter({ operator: "and", conditions: [eq, { key: "project", operator: "notin", value: [] }] })).toEqual({ operator: "and", conditions: [eq] });
    expect(simplifyQueryFilter({ conditions: [eq, { key: "project", operator: "in", value: [] }] })).toBe(false);
    expect(simplifyQueryFilter({ operator: "or", conditions: [eq, { key: "project", operator: "in", value: [] }] })).toEqual({ operator: "or", conditions: [eq] });
    expect(simplifyQueryFilter({ operator: "or", conditions: [{ key: "project", operator: "in", value: [] }] })).toBe(false);
  });

  it("carries nested results up and skips empty groups as the server does", () => {
    const nested: QueryFilter = { conditions: [eq, { operator: "or", conditions: [{ key: "id", operator: "in", value: [] }] }] };
    expect(simplifyQueryFilter(nested)).toBe(false);
    expect(simplifyQueryFilter({ operator: "or", conditions: [{ conditions: [] }, eq] })).toEqual({ operator: "or", conditions: [eq] });
    expect(simplifyQueryFilter({ conditions: [] })).toBe(true);
  });
});

describe("andFilter", () => {
  it("adds to an and filter's own conditions, wraps an or filter, and makes a filter of one item", () => {
    const project = { key: "project", operator: "eq" as const, value: "p" };
    expect(andFilter({ conditions: [project] }, eq)).toEqual({ operator: "and", conditions: [project, eq] });
    const either: QueryFilter = { operator: "or", conditions: [isnull, project] };
    expect(andFilter(either, eq)).toEqual({ operator: "and", conditions: [either, eq] });
    expect(andFilter(undefined, either)).toEqual({ operator: "and", conditions: [either] });
  });
});
