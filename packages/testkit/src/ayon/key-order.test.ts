import { describe, expect, it } from "@jest/globals";
import { utf8Compare, utf8Length, withSortedKeys } from "./key-order.js";

const byBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));

describe("utf8Compare", () => {
  it("orders like the UTF-8 bytes, where UTF-16 order differs too (U+FFFD after U+1F600 in UTF-16, before it in UTF-8)", () => {
    const keys = ["b", "a", "ab", "A", "_x", "z9", "é", "e\u0301", "\uFFFD", "\u{1F600}", "\uE000", "a\u{1F600}", "a\uFFFD", "", "10", "9"];
    expect([...keys].sort(utf8Compare)).toEqual([...keys].sort(byBytes));
    // The case plain string comparison gets wrong: a character above U+FFFF against one in U+E000–U+FFFF.
    expect(utf8Compare("\u{1F600}", "\uFFFD")).toBeGreaterThan(0);
    expect("\u{1F600}" < "\uFFFD").toBe(true);
    expect(utf8Compare("same", "same")).toBe(0);
  });

  it("utf8Length counts bytes", () => {
    for (const text of ["", "abc", "é", "\u{1F600}x", "\uFFFD"]) expect(utf8Length(text)).toBe(Buffer.byteLength(text, "utf8"));
  });
});

describe("withSortedKeys", () => {
  it("copies with every object's keys in order, arrays in theirs, and leaves the input alone", () => {
    const input = { b: 1, a: [{ d: 1, c: 2 }, 3], c: { z: null, y: "x" } };
    const out = withSortedKeys(input, utf8Compare);
    expect(JSON.stringify(out)).toBe('{"a":[{"c":2,"d":1},3],"b":1,"c":{"y":"x","z":null}}');
    expect(JSON.stringify(input)).toBe('{"b":1,"a":[{"d":1,"c":2},3],"c":{"z":null,"y":"x"}}');
  });

  it("keeps a __proto__ key as a key", () => {
    const out = withSortedKeys(JSON.parse('{"__proto__": {"x": 1}, "a": 2}') as object, utf8Compare);
    expect(JSON.stringify(out)).toBe('{"__proto__":{"x":1},"a":2}');
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
  });
});
