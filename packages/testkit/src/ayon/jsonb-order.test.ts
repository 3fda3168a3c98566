import { describe, expect, test } from "@jest/globals";
import { jsonbOrder } from "./jsonb-order.js";

describe("jsonbOrder", () => {
  test("orders keys shorter first, then by bytes, at every depth; arrays keep their order", () => {
    const stored = jsonbOrder({ sgEventId: 1, seen: true, nested: { windows: "c", linux: "a", darwin: "b" }, list: [{ bb: 1, a: 2 }, 3], Z: 0 });
    expect(Object.keys(stored)).toEqual(["Z", "list", "seen", "nested", "sgEventId"]);
    expect(Object.keys(stored.nested)).toEqual(["linux", "darwin", "windows"]);
    expect(stored.list).toEqual([{ a: 2, bb: 1 }, 3]);
    expect(Object.keys(stored.list[0] as object)).toEqual(["a", "bb"]);
  });

  test("compares multi-byte keys by their UTF-8 length", () => {
    expect(Object.keys(jsonbOrder({ ab: 1, é: 2, c: 3 }))).toEqual(["c", "ab", "é"]);
  });
});
