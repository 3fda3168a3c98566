import { describe, expect, it } from "@jest/globals";
import { pyLen, pyRepr, pyStr } from "./py-str.js";

// Expected strings printed by CPython 3.11 for the same values.
describe("pyStr / pyRepr (Python's str() and repr() of JSON values)", () => {
  it("prints strings as themselves and None/True/False as words", () => {
    expect(pyStr("Shot A")).toBe("Shot A");
    expect(pyStr(null)).toBe("None");
    expect(pyStr(true)).toBe("True");
    expect(pyStr(false)).toBe("False");
    expect(pyStr(12)).toBe("12");
  });

  it("prints lists and dicts with repr'd items", () => {
    expect(pyStr(["alice", "bob"])).toBe("['alice', 'bob']");
    expect(pyStr([])).toBe("[]");
    expect(pyStr({ k: 1, l: [1.5, null, false] })).toBe("{'k': 1, 'l': [1.5, None, False]}");
    expect(pyStr({})).toBe("{}");
  });

  it("quotes and escapes strings as repr does", () => {
    expect(pyRepr("it's")).toBe(`"it's"`);
    expect(pyRepr(`say "hi" it's`)).toBe(`'say "hi" it\\'s'`);
    expect(pyRepr("a\\b\tc\nd")).toBe("'a\\\\b\\tc\\nd'");
    expect(pyRepr("\x07\u200b\u{1F600}é")).toBe("'\\x07\\u200b\u{1F600}é'");
  });

  it("prints non-integral floats as Python's float repr", () => {
    expect([0.0001, 0.00001, 1.5e-7, -2.5, 123456789.125].map(pyRepr)).toEqual(["0.0001", "1e-05", "1.5e-07", "-2.5", "123456789.125"]);
  });

  it("counts length in code points", () => {
    expect(pyLen("\u{1F600}ab")).toBe(3);
  });
});
