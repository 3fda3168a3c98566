import { describe, expect, test } from "@jest/globals";
import { ConversationError, fillTemplate, valueAt } from "./runner.js";

describe("conversation templates", () => {
  const vars = new Map<string, unknown>([["id", "abc"], ["filter", { key: "project" }]]);

  test("a whole-string reference keeps the value's type; embedded references are written in", () => {
    expect(fillTemplate({ path: "/api/events/{{id}}", filter: "{{filter}}", n: 1 }, vars)).toEqual({
      path: "/api/events/abc", filter: { key: "project" }, n: 1,
    });
  });

  test("a reference to a value no step captured is an error, not an empty string", () => {
    expect(() => fillTemplate("/x/{{nope}}", vars)).toThrow(ConversationError);
  });

  test("valueAt follows dotted paths and list indexes", () => {
    expect(valueAt({ a: { b: [{ c: 3 }] } }, "a.b.0.c")).toBe(3);
    expect(valueAt({ a: 1 }, "")).toEqual({ a: 1 });
    expect(valueAt({ a: null }, "a.b")).toBeUndefined();
  });
});
