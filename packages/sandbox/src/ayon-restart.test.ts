// Restarting AYON until the wanted server is back: a real server replaces its process and records each start
// as a server.started event, finished only when that start completed (an addon's setup may cut it short and
// ask for another restart); the emulator restarts in place and records none.
import { describe, expect, it } from "@jest/globals";
import { startAyonEmulator } from "@ayon-sg/testkit";
import { AyonAdmin } from "./ayon-admin.js";
import { restartAyon } from "./ayon-restart.js";

type Start = { id: string; status: string } | null | "down";

/** A server seen through its newest server.started event: each look takes the next answer, the last repeats. */
function scriptedServer(starts: Start[]) {
  const calls: string[] = [];
  let at = 0;
  return {
    calls,
    admin: {
      async call(method: string, path: string) {
        if (path !== "/graphql") {
          calls.push(`${method} ${path}`);
          return null;
        }
        const start = starts[Math.min(at, starts.length - 1)]!;
        at += 1;
        if (start === "down") throw new Error("fetch failed");
        return { data: { events: { edges: start ? [{ node: start }] : [] } } };
      },
      async probe() {
        return null;
      },
    },
  };
}

describe("restartAyon", () => {
  it("waits through a start an addon's setup cut short, for the next start that finished", async () => {
    const server = scriptedServer([
      { id: "s1", status: "finished" }, // before the restart
      { id: "s1", status: "finished" }, // the old process still answers
      "down",
      { id: "s2", status: "pending" }, // the addon's setup asks for another restart
      "down",
      { id: "s3", status: "pending" },
      { id: "s3", status: "finished" },
    ]);
    let readyAsked = 0;
    await restartAyon(server.admin, async () => ++readyAsked >= 2, "ready", { pollMs: 1, graceMs: 60_000, timeoutMs: 30_000 });
    expect(server.calls).toEqual(["POST /api/system/restart"]);
    expect(readyAsked).toBe(2); // only on the finished new start, twice because the first answer was no
  });

  it("never takes the server from before the restart for the restarted one", async () => {
    const server = scriptedServer([{ id: "s1", status: "finished" }]);
    let readyAsked = 0;
    await expect(
      restartAyon(server.admin, async () => (readyAsked += 1) > 0, "with the addon loaded", { pollMs: 1, graceMs: 0, timeoutMs: 200 }),
    ).rejects.toThrow(/AYON did not come back with the addon loaded within 0 s after a restart \(still the server from before the restart\)/);
    expect(readyAsked).toBe(0);
  });

  it("on the emulator (restart in place, no start events), returns once the condition holds after the grace time, and names what it waited for when it never does", async () => {
    const KEY = "restarttestservicekey0123456789ab";
    const ayon = await startAyonEmulator({ apiKey: KEY });
    try {
      const admin = new AyonAdmin(ayon.url, KEY);
      await expect(restartAyon(admin, async () => true, "ready", { pollMs: 10, graceMs: 0 })).resolves.toMatchObject({ ms: expect.any(Number) });
      await expect(restartAyon(admin, async () => false, "with addon nothing 1.0.0 loaded", { pollMs: 10, graceMs: 0, timeoutMs: 200 })).rejects.toThrow(
        /did not come back with addon nothing 1\.0\.0 loaded within 0 s after a restart \(not yet with addon nothing 1\.0\.0 loaded\)/,
      );
    } finally {
      await ayon.close();
    }
  });
});
