import { describe, it, expect, beforeAll, afterAll } from "@jest/globals";
import type { ValidationIssue } from "./errors.js";
import { EVENT_COLUMNS } from "./events.js";
import { compileQueryFilter, FilterError, parseQueryFilter } from "./query-filter.js";
import { startTestAyon, type TestAyon } from "./emulator.test-helpers.js";
import type { EventRecord } from "./types.js";

function event(over: Partial<EventRecord>): EventRecord {
  return {
    id: "1".repeat(32), hash: "h", topic: "shotgrid.event", sender: null, senderType: "api", project: "demo", user: "service",
    dependsOn: null, status: "finished", retries: 0, description: "", summary: {}, payload: {}, createdAt: 1000, updatedAt: 1000,
    creationOrder: 1, ...over,
  };
}

function matcher(raw: unknown) {
  const issues: ValidationIssue[] = [];
  const filter = parseQueryFilter(raw, ["filter"], issues);
  if (issues.length) throw new Error(JSON.stringify(issues));
  return compileQueryFilter(filter, EVENT_COLUMNS);
}

const cond = (key: string, value: unknown, operator = "eq") => ({ conditions: [{ key, value, operator }] });

describe("QueryFilter evaluation", () => {
  it("walks JSON paths separated by / or . and compares jsonb values type-sensitively", () => {
    const e = event({ summary: { entityType: "task", nested: { n: 5 } } });
    expect(matcher(cond("summary/entityType", "task"))(e)).toBe(true);
    expect(matcher(cond("summary.nested.n", 5))(e)).toBe(true);
    expect(matcher(cond("summary.nested.n", "5"))(e)).toBe(false);
    expect(matcher(cond("summary/nested/n", 4, "gt"))(e)).toBe(true);
  });

  it("converts camelCase columns to snake_case and maps project/user", () => {
    const e = event({ senderType: "shotgrid", project: "p1", user: "u1" });
    expect(matcher(cond("senderType", "shotgrid"))(e)).toBe(true);
    expect(matcher(cond("project", "p1"))(e)).toBe(true);
    expect(matcher(cond("user", "u1"))(e)).toBe(true);
  });

  it("never lets a NULL satisfy eq, ne, in, notin or like; only isnull", () => {
    const e = event({ summary: {} });
    for (const [value, op] of [["x", "eq"], ["x", "ne"], [["x"], "in"], [["x"], "notin"], ["%", "like"]] as const) {
      expect(matcher(cond("summary/missing", value, op))(e)).toBe(false);
    }
    expect(matcher(cond("summary/missing", null, "isnull"))(e)).toBe(true);
    expect(matcher(cond("summary/missing", null, "notnull"))(e)).toBe(false);
    expect(matcher(cond("sender", "x", "ne"))(event({ sender: null }))).toBe(false);
  });

  it("treats an explicit JSON null as a value, not as SQL NULL", () => {
    const e = event({ summary: { k: null } });
    expect(matcher(cond("summary/k", null, "isnull"))(e)).toBe(false);
    expect(matcher(cond("summary/k", null, "notnull"))(e)).toBe(true);
  });

  it("fails the statement for an empty `in`/`notin`, on a column or a JSON path, even beside isnull (sqlfilter.py)", () => {
    for (const op of ["in", "notin"]) {
      for (const key of ["project", "topic", "id", "summary/entityType"]) {
        const filter = { operator: "or", conditions: [{ key: "project", operator: "isnull" }, { key, operator: op, value: [] }] };
        expect(() => matcher(filter)).toThrow(new FilterError("cannot determine type of empty array", "sql"));
      }
    }
  });

  it("reads `eq true` on a JSON path as coalesce(x, false)", () => {
    expect(matcher(cond("payload/flag", true))(event({ payload: { flag: true } }))).toBe(true);
    expect(matcher(cond("payload/flag", false))(event({ payload: {} }))).toBe(true);
    expect(matcher(cond("payload/flag", true))(event({ payload: {} }))).toBe(false);
  });

  it("implements like as case-insensitive ILIKE with % and _", () => {
    const e = event({ description: "Convert Shot SH010" });
    expect(matcher(cond("description", "%shot sh0_0", "like"))(e)).toBe(true);
    expect(matcher(cond("description", "shot%", "like"))(e)).toBe(false);
    expect(matcher(cond("summary/name", "ab%", "LIKE"))(event({ summary: { name: "ABC" } }))).toBe(true);
  });

  it("supports in/notin on columns and JSON paths, and the list operators on JSON arrays", () => {
    const e = event({ status: "failed", summary: { tags: ["a", "b"], kind: "x" } });
    expect(matcher(cond("status", ["failed", "aborted"], "in"))(e)).toBe(true);
    expect(matcher(cond("status", ["failed"], "not_in"))(e)).toBe(false);
    expect(matcher(cond("summary/kind", ["x", "y"], "in"))(e)).toBe(true);
    expect(matcher(cond("summary/tags", "a", "includes"))(e)).toBe(true);
    expect(matcher(cond("summary/tags", "z", "excludes"))(e)).toBe(true);
    expect(matcher(cond("summary/tags", ["a", "b"], "includesall"))(e)).toBe(true);
    expect(matcher(cond("summary/tags", ["a", "z"], "includesall"))(e)).toBe(false);
    expect(matcher(cond("summary/tags", ["z", "b"], "includesany"))(e)).toBe(true);
    expect(matcher(cond("summary/tags", ["z"], "excludesany"))(e)).toBe(true);
  });

  it("compares integer and timestamp columns", () => {
    const e = event({ retries: 2, createdAt: Date.parse("2026-01-02T00:00:00Z") });
    expect(matcher(cond("retries", 1, "gt"))(e)).toBe(true);
    expect(matcher(cond("retries", 2, "lte"))(e)).toBe(true);
    expect(matcher(cond("createdAt", "2026-01-01T00:00:00+00:00", "gte"))(e)).toBe(true);
  });

  it("combines nested groups with and/or", () => {
    const f = matcher({
      operator: "or",
      conditions: [
        { key: "topic", value: "nope" },
        { operator: "and", conditions: [{ key: "status", value: "finished" }, { key: "retries", value: 0 }] },
      ],
    });
    expect(f(event({}))).toBe(true);
    expect(f(event({ retries: 1 }))).toBe(false);
  });

  it("matches everything with no conditions", () => {
    expect(matcher({ conditions: [] })(event({}))).toBe(true);
  });

  it("fails like the server (FilterError → 500) on invalid keys, unknown columns and bad casts", () => {
    expect(() => matcher(cond("summary/bad-key", "x"))).toThrow(FilterError);
    expect(() => matcher(cond("nosuchcolumn", "x"))).toThrow(FilterError);
    expect(() => matcher(cond("summary", "x"))).toThrow(FilterError);
    expect(() => matcher(cond("topic/sub", "x"))).toThrow(FilterError);
    expect(() => matcher(cond("dependsOn", "not-a-uuid"))).toThrow(FilterError);
    const cast = matcher(cond("payload/flag", true));
    expect(() => cast(event({ payload: { flag: "yes" } }))).toThrow(FilterError);
  });

  it("rejects malformed filters at validation time (400 material)", () => {
    const issues: ValidationIssue[] = [];
    parseQueryFilter({ conditions: [{ key: "topic", value: "x", operator: "almost" }, { key: "topic", operator: "in", value: "x" }, { key: "topic" }] }, ["f"], issues);
    expect(issues.map((i) => i.msg)).toEqual([
      expect.stringContaining("unexpected value"),
      "Value must be a list",
      "Value cannot be null",
    ]);
  });
});

describe("POST /api/query", () => {
  let t: TestAyon;
  beforeAll(async () => {
    t = await startTestAyon();
    for (let i = 0; i < 5; i++) await t.service.post("/api/events", { topic: "shotgrid.event", summary: { sg_event_id: i } });
    await t.service.post("/api/events", { topic: "other.topic" });
  });
  afterAll(() => t.emu.close());

  it("returns snake_case events, newest first, with limit and offset", async () => {
    const res = await t.service.post("/api/query", {
      entity: "event",
      filter: { conditions: [{ key: "topic", value: "shotgrid.event" }] },
      limit: 2,
      offset: 1,
    });
    expect(res.status).toBe(200);
    expect(res.body.map((e: { summary: { sg_event_id: number } }) => e.summary.sg_event_id)).toEqual([3, 2]);
    expect(Object.keys(res.body[0])).toEqual(expect.arrayContaining(["sender_type", "depends_on", "created_at", "updated_at"]));
  });

  it("filters on summary values", async () => {
    const res = await t.service.post("/api/query", { entity: "event", filter: { conditions: [{ key: "summary/sg_event_id", value: 4 }] }, limit: 1 });
    expect(res.body).toHaveLength(1);
    expect(res.body[0].summary).toEqual({ sg_event_id: 4 });
  });

  it("is admin-only, supports only events (500 otherwise), and answers an invalid key with 500", async () => {
    expect((await t.manager.post("/api/query", { entity: "event" })).status).toBe(403);
    expect((await t.service.post("/api/query", { entity: "folder" })).status).toBe(500);
    expect((await t.service.post("/api/query", { entity: "event", filter: { conditions: [{ key: "a-b", value: 1 }] } })).status).toBe(500);
    expect((await t.service.post("/api/query", { entity: "event", filter: { conditions: [{ key: "topic", operator: "in", value: "x" }] } })).status).toBe(400);
  });
});
