import { describe, expect, it } from "@jest/globals";
import { looksLikeKey, secretNameProblem } from "./secret-name.js";

describe("secretNameProblem", () => {
  it.each(["sg_script_key", "shotgrid.key-prod", "SGKEY", "sgkey2024", "a", "studio_shotgrid_script_key_for_ayon_sync"])("accepts the name %s", (name) => {
    expect(secretNameProblem(name)).toBeNull();
  });

  it.each([
    ["a 40-character hex key", "3f2a9c0d41b7e6a85c1f09d2b3e4a7c6d5f8e901"],
    ["a modern key pasted whole", "wxqkbz8vfd2hmjrnq4tuegpyc"],
    ["a key with a dash in it", "wxqkbz8vfd2hmjrnq4tuegpyc-xk"],
    ["a key behind a prefix", "sg_3f2a9c0d41b7e6a85c1f09d2b3e4a7c6"],
    ["a key with special characters", "abcdefgh$ijkl#mnop!qrs"],
    ["a value with spaces", "my key"],
    ["a leading dash", "-sg"],
    ["a very long value", "a".repeat(129)],
  ])("refuses %s without repeating it", (_what, value) => {
    const problem = secretNameProblem(value);
    expect(problem).not.toBeNull();
    expect(problem).not.toContain(value);
  });

  it("tells a key from a name by its variety, not its length alone", () => {
    expect(looksLikeKey("aaaaaaaaaaaaaaaaaaaaaaa1")).toBe(false);
    expect(looksLikeKey("x7Kp2QmZ9rT4vW8yB3nL6cF")).toBe(true);
  });
});
