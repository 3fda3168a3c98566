// The cursor's bookkeeping (EventLogEntry ids are reserved ahead and commit late): low-water mark, holes, gap expiry,
// snapshots.
import { describe, expect, it } from "@jest/globals";
import { EventCursor } from "./cursor.js";

type Step =
  | ["extend", number]
  | ["settle", ...number[]]
  | ["missing", number, number]
  | ["expire", number[], number, number, number[]];

/** Runs the steps on a cursor at `start` and returns what it looks like afterwards. */
function run(start: number, steps: Step[]) {
  const cursor = EventCursor.at(start);
  for (const step of steps) {
    switch (step[0]) {
      case "extend":
        cursor.extendTo(step[1]);
        break;
      case "settle":
        for (const id of step.slice(1) as number[]) cursor.settle(id);
        break;
      case "missing":
        cursor.markMissing(step[1], step[2]);
        break;
      case "expire":
        expect(cursor.expireGaps(step[1], step[2], step[3])).toEqual(step[4]);
        break;
    }
  }
  return { lowWater: cursor.lowWater, scanned: cursor.scanned, holes: cursor.holes() };
}

describe("low-water mark and holes", () => {
  it.each<[string, number, Step[], { lowWater: number; scanned: number; holes: number[] }]>([
    ["a fresh cursor has nothing open", 100, [], { lowWater: 100, scanned: 100, holes: [] }],
    ["a read window is open until settled", 100, [["extend", 105]], { lowWater: 100, scanned: 105, holes: [101, 102, 103, 104, 105] }],
    ["settling everything moves the low-water mark to the top", 100, [["extend", 103], ["settle", 101, 102, 103]], { lowWater: 103, scanned: 103, holes: [] }],
    ["a gap holds the low-water mark below it", 100, [["extend", 105], ["settle", 101, 102, 104, 105]], { lowWater: 102, scanned: 105, holes: [103] }],
    ["reading on past a gap keeps it open", 100, [["extend", 103], ["settle", 101, 103], ["extend", 106], ["settle", 104, 105, 106]], { lowWater: 101, scanned: 106, holes: [102] }],
    ["a gap filled late releases the mark", 100, [["extend", 103], ["settle", 101, 103], ["settle", 102]], { lowWater: 103, scanned: 103, holes: [] }],
    ["settling an id twice or outside the window changes nothing", 100, [["extend", 102], ["settle", 101, 101, 50, 999]], { lowWater: 101, scanned: 102, holes: [102] }],
    ["extending backwards does not move scanned", 100, [["extend", 103], ["settle", 101, 102, 103], ["extend", 99]], { lowWater: 103, scanned: 103, holes: [] }],
  ])("%s", (_name, start, steps, expected) => {
    expect(run(start, steps)).toEqual(expected);
  });
});

describe("gaps expire after the settle time, counted from when they were first found missing", () => {
  it.each<[string, Step[], number[]]>([
    ["not yet", [["extend", 102], ["settle", 101], ["missing", 102, 1000], ["expire", [102], 1999, 1000, []]], [102]],
    ["exactly at the settle time", [["extend", 102], ["settle", 101], ["missing", 102, 1000], ["expire", [102], 2000, 1000, [102]]], []],
    ["the clock starts at the first sighting only", [["extend", 102], ["settle", 101], ["missing", 102, 1000], ["missing", 102, 1900], ["expire", [102], 2000, 1000, [102]]], []],
    ["only ids looked for in this poll expire", [["extend", 102], ["settle", 101], ["missing", 102, 1000], ["expire", [], 9000, 1000, []]], [102]],
    ["a hole never found missing (failed dispatch) never expires", [["extend", 102], ["settle", 101], ["expire", [102], 9000, 1000, []]], [102]],
    ["several expire together, ascending", [["extend", 104], ["missing", 103, 0], ["missing", 101, 0], ["settle", 102], ["expire", [103, 101, 104], 500, 100, [101, 103]]], [104]],
  ])("%s", (_name, steps, holes) => {
    expect(run(100, steps).holes).toEqual(holes);
  });
});

describe("snapshots", () => {
  it("round-trips scanned and holes, and restarts every gap clock", () => {
    const cursor = EventCursor.at(10);
    cursor.extendTo(20);
    for (let id = 11; id <= 20; id++) if (id !== 13 && id !== 17) cursor.settle(id);
    cursor.markMissing(13, 5);
    const snapshot = cursor.snapshot();
    expect(snapshot).toEqual({ scanned: 20, holes: [13, 17] });
    const restored = EventCursor.fromSnapshot(snapshot);
    expect(restored.lowWater).toBe(12);
    expect(restored.missingSince(13)).toBeNull();
    expect(restored.isSettled(12)).toBe(true);
    expect(restored.isSettled(13)).toBe(false);
    expect(restored.isSettled(21)).toBe(false);
  });

  it.each([
    [{ scanned: 10, holes: [11] }, /outside/],
    [{ scanned: 10, holes: [0] }, /outside/],
    [{ scanned: -1, holes: [] }, /whole number/],
    [{ scanned: 10, holes: [2.5] }, /whole number/],
  ])("refuses %p", (snapshot, message) => {
    expect(() => EventCursor.fromSnapshot(snapshot)).toThrow(message);
  });

  it("lists only the smallest holes when asked for a limited number", () => {
    const cursor = EventCursor.at(0);
    cursor.extendTo(10);
    expect(cursor.holes(3)).toEqual([1, 2, 3]);
    expect(cursor.holeCount).toBe(10);
  });
});
