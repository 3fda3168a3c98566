import { describe, expect, it } from "@jest/globals";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { ADDON_DIR } from "./paths.js";
import { packagePyVersion, readAddonVersion, withPackagePyVersion } from "./version.js";

const SOURCE = `name = "shotgrid"\nversion = "0.0.9"\nservices = {"X": {"image": f"x:{version}"}}\n`;

describe("package.py version", () => {
  it("rewrites only the version line", () => {
    expect(withPackagePyVersion(SOURCE, "1.2.3")).toBe(SOURCE.replace('"0.0.9"', '"1.2.3"'));
    expect(packagePyVersion(withPackagePyVersion(SOURCE, "1.2.3-rc.1+build.5"))).toBe("1.2.3-rc.1+build.5");
  });

  it("refuses a package.py without exactly one version line, and a non-semver version", () => {
    expect(() => withPackagePyVersion('name = "x"\n', "1.0.0")).toThrow("found 0");
    expect(() => withPackagePyVersion(`${SOURCE}version = "2"\n`, "1.0.0")).toThrow("found 2");
    expect(() => withPackagePyVersion(SOURCE, "1.0")).toThrow("not a semver version");
    expect(() => withPackagePyVersion(SOURCE, '1.0.0"; import os; "')).toThrow("not a semver version");
  });

  it("the source package.py carries the workspace version (run the package script after a bump)", async () => {
    const version = await readAddonVersion(ADDON_DIR);
    const source = await readFile(join(ADDON_DIR, "package.py"), "utf8");
    expect(packagePyVersion(source)).toBe(version);
  });
});
