import { describe, expect, test } from "@jest/globals";
import { jsonDumps, jsonDumpsOrder } from "./json-dumps.js";

describe("jsonDumps", () => {
  test("sorts keys by their bytes at every depth, arrays kept in order", () => {
    expect(jsonDumps({ id: 2001, entity: "Shot", nested: { b: 1, B: 2, a: [{ y: 1, x: 2 }] } })).toBe('{"entity":"Shot","id":2001,"nested":{"B":2,"a":[{"x":2,"y":1}],"b":1}}');
  });

  test("jsonDumpsOrder gives the same order as an object", () => {
    expect(Object.keys(jsonDumpsOrder({ isService: true, apiKey: "k", accessGroups: {} }))).toEqual(["accessGroups", "apiKey", "isService"]);
  });
});
