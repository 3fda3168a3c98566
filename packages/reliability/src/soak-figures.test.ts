import { describe, expect, it } from "@jest/globals";
import { FAULT_KINDS, formatTally, tallySoak } from "./soak-figures.js";

const round = {
  figures: {
    "crash-live": { killsSurvived: 6, eventsChecked: 100, ayonEntitiesCompared: 50 },
    "crash-full-sync": { killsSurvived: 10 },
    "ayon-outage": { outageSeconds: 60, eventsChecked: 40 },
    "shotgrid-outage": { outageSeconds: 60, storm429s: 35 },
    "passing-faults": { "thrown.ayon500": 2, lostAyon500: 0, "thrown.shotgridHtmlPeriods": 1, "thrown.shotgrid302Periods": 1, "thrown.shotgrid500Periods": 1, eventsCheckedShotgridFaults: 25, ayonEntitiesCompared: 70 },
    "huge-reply": { "thrown.hugeReplyShotgrid": 1, "thrown.hugeReplyAyon": 1 },
    "right-project": { "thrown.eventWithoutProject": 1, lostRightProject: 1, ayonEntitiesComparedAfterMove: 30 },
  },
};

describe("tallySoak", () => {
  it("sums each fault kind over the scenarios and rounds, and the end figures", () => {
    const tally = tallySoak([round, round]);
    expect(Object.fromEntries(tally.thrown)).toEqual({
      "kills (SIGKILL of the binary)": 32,
      "AYON outage periods (503, dropped connections)": 2,
      "ShotGrid outage periods": 2,
      "ShotGrid 429 answers (storm)": 70,
      "AYON 500 on a live update": 4,
      "ShotGrid HTML-with-200 periods": 2,
      "ShotGrid 302-to-login periods": 2,
      "ShotGrid 500 periods": 2,
      "huge replies cut at the cap (ShotGrid 2 GiB, AYON 600 MB)": 4,
      "events without project": 2,
    });
    expect(tally.end).toEqual({ eventsChecked: 330, lost: 2, freshSyncComparisons: 6, ayonEntitiesCompared: 300 });
    expect(tally.missing).toEqual([]);
  });

  it("names the kinds no scenario threw, and prints them", () => {
    const tally = tallySoak([{ figures: { "crash-live": { killsSurvived: 3 } } }]);
    expect(tally.missing).toEqual(FAULT_KINDS.map((k) => k.kind).filter((k) => !k.startsWith("kills")));
    const lines = formatTally(tally);
    expect(lines).toContain("  kills (SIGKILL of the binary): 3");
    expect(lines.at(-1)).toMatch(/^faults not thrown: AYON outage periods/);
  });
});
