import { describe, expect, it } from "@jest/globals";
import { utf8Compare } from "./utf8-order.js";

const byBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));

describe("utf8Compare", () => {
  it("orders like the UTF-8 bytes, where UTF-16 order differs too (U+FFFD after U+1F600 in UTF-16, before it in UTF-8)", () => {
    const keys = ["b", "a", "ab", "A", "_x", "z9", "é", "e\u0301", "\uFFFD", "\u{1F600}", "\uE000", "a\u{1F600}", "a\uFFFD", "", "10", "9"];
    const sorted = [...keys].sort(utf8Compare);
    expect(sorted).toEqual([...keys].sort(byBytes));
    // The case plain string comparison gets wrong: a character above U+FFFF against one in U+E000–U+FFFF.
    expect(utf8Compare("\u{1F600}", "\uFFFD")).toBeGreaterThan(0);
    expect("\u{1F600}" < "\uFFFD").toBe(true);
    expect(utf8Compare("same", "same")).toBe(0);
  });
});
