// The addon's Python tests (packages/ayon-addon/tests, pytest) as part of the jest run: one jest test per
// Python test, plus one that fails with pytest's whole output when pytest itself fails.
import { describe, expect, it } from "@jest/globals";
import { ADDON_DIR } from "./packaging/paths.js";
import { runPytest } from "./python/pytest-runner.js";

const run = runPytest(ADDON_DIR);

describe("Python tests of the addon's server part (pytest)", () => {
  it("pytest runs and exits 0", () => {
    if (run.exitCode !== 0) throw new Error(`pytest (${run.python ?? "not found"}) exited ${run.exitCode}:\n${run.output}`);
    expect(run.cases.length).toBeGreaterThan(0);
  });

  for (const testCase of run.cases) {
    const name = testCase.id;
    if (testCase.outcome === "skipped") it.skip(name, () => {});
    else
      it(name, () => {
        if (testCase.outcome === "failed") throw new Error(testCase.message);
      });
  }
});
