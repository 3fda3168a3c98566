import { describe, expect, it } from "@jest/globals";
import { summarizeProfile } from "./summarize.js";

describe("CPU profile summary", () => {
  it("ranks self time by function and by file, leaving idle time out of the busy time", () => {
    const frame = (functionName: string, url: string, lineNumber = 0) => ({ functionName, url, lineNumber });
    const profile = {
      startTime: 0,
      endTime: 10_000_000,
      nodes: [
        { id: 1, callFrame: frame("(root)", "") },
        { id: 2, callFrame: frame("(idle)", "") },
        { id: 3, callFrame: frame("encodeReply", "file:///w/packages/testkit/dist/http/reply.js", 21) },
        { id: 4, callFrame: frame("record", "file:///w/packages/testkit/dist/shotgrid/rest/record-serializer.js", 94) },
      ],
      samples: [2, 3, 3, 4, 3, 2],
      timeDeltas: [1000, 2000, 2000, 1000, 2000, 5000],
    };
    const summary = summarizeProfile(profile);
    expect(summary.totalMs).toBe(10_000);
    expect(summary.busyMs).toBe(7);
    expect(summary.functions).toEqual([
      { name: "encodeReply", location: "testkit/dist/http/reply.js:22", selfMs: 6 },
      { name: "record", location: "testkit/dist/shotgrid/rest/record-serializer.js:95", selfMs: 1 },
    ]);
    expect(summary.files.map((f) => f.file)).toEqual(["testkit/dist/http/reply.js", "testkit/dist/shotgrid/rest/record-serializer.js"]);
  });
});
