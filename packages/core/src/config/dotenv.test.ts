import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "@jest/globals";
import { loadDotenvFiles, parseDotenv } from "./dotenv.js";

describe("parseDotenv", () => {
  it("reads plain, exported, quoted and commented lines", () => {
    const parsed = parseDotenv(`# comment
AYON_SERVER_URL=http://ayon:5000
export AYON_API_KEY = "abc def"  
SINGLE='x # not a comment'
TRAILING=value # comment
MULTI="a\\nb"
not a line
EMPTY=
`);
    expect(parsed).toEqual({
      AYON_SERVER_URL: "http://ayon:5000",
      AYON_API_KEY: "abc def",
      SINGLE: "x # not a comment",
      TRAILING: "value",
      MULTI: "a\nb",
      EMPTY: "",
    });
  });
});

describe("loadDotenvFiles", () => {
  it("never overrides the process environment and skips missing files", () => {
    const dir = mkdtempSync(join(tmpdir(), "ayonsg-env-"));
    writeFileSync(join(dir, ".env"), "A=from-file\nB=from-file\n");
    const env = loadDotenvFiles([join(dir, "missing.env"), join(dir, ".env")], { A: "from-env" });
    expect(env.A).toBe("from-env");
    expect(env.B).toBe("from-file");
  });
});
