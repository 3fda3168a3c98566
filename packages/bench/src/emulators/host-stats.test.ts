import { describe, expect, it } from "@jest/globals";
import { withoutOwnRequests } from "./host-stats.js";

describe("the emulator's counts without the host's own requests", () => {
  it("takes the coordinator's REST writes off their routes, whatever the placeholders are named", () => {
    const stats = {
      requests: 10, bytesIn: 1, bytesOut: 2, cpuMs: 3, peakRssBytes: 4,
      byRoute: {
        "PATCH /api/projects/{projectName}/folders/{folderId}": { count: 4, totalMs: 80, maxBytesOut: 0 },
        "POST /api/projects/{projectName}/tasks": { count: 1, totalMs: 20, maxBytesOut: 9 },
        "POST /api/enroll": { count: 5, totalMs: 100, maxBytesOut: 5 },
      },
    };
    const left = withoutOwnRequests(stats, { "PATCH /api/projects/{project}/folders/{id}": 3, "POST /api/projects/{project}/tasks": 1 });
    expect(left.requests).toBe(6);
    expect(left.byRoute).toEqual({
      "PATCH /api/projects/{projectName}/folders/{folderId}": { count: 1, totalMs: 80, maxBytesOut: 0 },
      "POST /api/enroll": { count: 5, totalMs: 100, maxBytesOut: 5 },
    });
    expect(withoutOwnRequests(stats, {})).toEqual(stats);
  });
});
