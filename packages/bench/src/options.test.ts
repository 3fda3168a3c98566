import { describe, expect, it } from "@jest/globals";
import { parseBenchArgs, UsageError } from "./options.js";

describe("pnpm bench options", () => {
  it("defaults to the issue's run: 20 ms, every scenario, full scale", () => {
    expect(parseBenchArgs([])).toEqual({ latencyMs: 20, scenarios: [1, 2, 3, 6], scale: 1, jsonPath: ".artifacts/bench.json", cpuProfileDir: null, logDir: null, editRate: 220 });
  });

  it("reads each option, in both spellings", () => {
    expect(parseBenchArgs(["--latency-ms", "5", "--scenario=3,1", "--scale", "0.1", "--json", "out.json", "--cpu-prof=prof", "--logs", "logs", "--edit-rate", "80"])).toEqual({
      latencyMs: 5, scenarios: [1, 3], scale: 0.1, jsonPath: "out.json", cpuProfileDir: "prof", logDir: "logs", editRate: 80,
    });
  });

  it("takes the ceiling run, scenario 5, and the push run, scenario 4, alone or with the others", () => {
    expect(parseBenchArgs(["--scenario", "5,3"]).scenarios).toEqual([3, 5]);
    expect(parseBenchArgs(["--scenario", "4"]).scenarios).toEqual([4]);
  });

  it.each([
    [["--latency-ms", "-1"], /--latency-ms must be a whole number/],
    [["--latency-ms", "1.5"], /--latency-ms must be a whole number/],
    [["--scenario", "7"], /--scenario takes a list of 1 to 6/],
    [["--scale", "0"], /--scale must be a number above 0/],
    [["--scale", "2"], /--scale must be a number above 0 and at most 1/],
    [["--json"], /--json needs a value/],
    [["--edit-rate", "0"], /--edit-rate must be a number of edits per second/],
    [["--fast"], /unknown option '--fast'/],
  ])("refuses %j with a clear message", (argv, message) => {
    expect(() => parseBenchArgs(argv)).toThrow(message);
    expect(() => parseBenchArgs(argv)).toThrow(UsageError);
  });
});
