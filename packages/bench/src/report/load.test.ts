import { describe, expect, it } from "@jest/globals";
import { loadFigures, loadWarning, parseProcStat } from "./load.js";

describe("the machine's load around a run", () => {
  it("reads busy and total CPU time from /proc/stat's first line", () => {
    const text = "cpu  100 10 50 800 40 0 0 0 0 0\ncpu0 50 5 25 400 20 0 0 0 0 0\nintr 1\n";
    expect(parseProcStat(text)).toEqual({ busyMs: 1600, totalMs: 10_000 });
    expect(parseProcStat("intr 1\n")).toBeNull();
  });

  it("counts the cores ours and others kept busy over the window", () => {
    const load = loadFigures({ cores: 2, before: 0.2, samples: [1, 2, 3], wallMs: 10_000, ownCpuMs: 12_000, machineBusyMs: 15_000 });
    expect(load).toEqual({ cores: 2, before: 0.2, mean: 2, max: 3, ownCores: 1.2, otherCores: 0.3 });
  });

  it("keeps the mean at or under the max when every sample is the same", () => {
    const load = loadFigures({ cores: 2, before: 0, samples: [0.05, 0.05, 0.05], wallMs: 1000, ownCpuMs: null, machineBusyMs: null });
    expect(load.mean).toBeLessThanOrEqual(load.max);
    expect(load.mean).toBe(0.05);
  });

  it("trusts a run on a quiet machine, whatever load its own processes make", () => {
    expect(loadWarning({ cores: 2, before: 0.1, mean: 1.8, max: 2, ownCores: 1.7, otherCores: 0.2 })).toBeNull();
  });

  it("warns when the machine was busy before the run", () => {
    expect(loadWarning({ cores: 2, before: 3.05, mean: 1.8, max: 2, ownCores: 1.7, otherCores: 0.2 })).toMatch(/^WARNING: .*load average 3\.05 before the run/);
  });

  it("warns when other processes kept a core busy during the run", () => {
    expect(loadWarning({ cores: 2, before: 0.1, mean: 4, max: 5, ownCores: 1.2, otherCores: 0.8 })).toMatch(/other processes kept 0\.80 of 2 cores busy/);
  });

  it("falls back on the load average minus our own cores where /proc/stat is not there", () => {
    expect(loadWarning({ cores: 2, before: 0.1, mean: 2.5, max: 3, ownCores: 1.2, otherCores: null })).toMatch(/1\.30 more than its own processes/);
    expect(loadWarning({ cores: 2, before: 0.1, mean: 1.5, max: 3, ownCores: 1.2, otherCores: null })).toBeNull();
  });
});
