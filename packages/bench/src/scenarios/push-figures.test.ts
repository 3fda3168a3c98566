import { describe, expect, it } from "@jest/globals";
import { pushBaseline, pushChanges } from "./push-figures.js";

describe("scenario 4's per-edit timing", () => {
  it("times a marked edit by its marker and a status or assignee edit by the first matching write after it", () => {
    const edits = {
      "1": { at: 1000, expect: { marker: "1" } },
      "2": { at: 2000, expect: { key: "Shot:7:sg_status_list=ip" } },
      "3": { at: 3000, expect: { key: "Task:9:task_assignees+HumanUser:4" } },
      "4": { at: 4000, expect: { marker: "4" } },
    };
    const writes = {
      markers: { "1": 1400, "99": 50 },
      // A write of the same value before the edit (another edit's, or the import) does not count.
      keyed: { "Shot:7:sg_status_list=ip": [1500, 2600], "Task:9:task_assignees+HumanUser:4": [3300] },
    };
    expect(pushChanges(edits, writes)).toEqual({ "1": 1400, "2": 2600, "3": 3300 });
  });

  it("compares our p50 with the Python addon's minute for a Shot with 9 Tasks", () => {
    expect(pushBaseline(500)).toEqual({ pythonMsPerEntity: 6000, oursMsPerEntity: 500, ratio: 12 });
    expect(pushBaseline(0).ratio).toBe(0);
  });
});
