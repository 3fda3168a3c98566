// Restarting AYON until the wanted server is back: a real server replaces its process (it stops answering,
// its uptime starts again, the addon's setup may ask for one more restart); the emulator restarts in place.
import { describe, expect, it } from "@jest/globals";
import { startAyonEmulator } from "@ayon-sg/testkit";
import { AyonAdmin } from "./ayon-admin.js";
import { restartAyon } from "./ayon-restart.js";

/** A server seen through GET /api/info: each poll takes the next answer (null: no answer), the last repeats. */
function scriptedServer(infos: Array<number | null>) {
  const calls: string[] = [];
  let at = 0;
  return {
    calls,
    admin: {
      async call(method: string, path: string) {
        calls.push(`${method} ${path}`);
        return null;
      },
      async probe(path: string) {
        const uptime = infos[Math.min(at, infos.length - 1)];
        at += 1;
        return uptime === null || uptime === undefined ? null : { status: 200, body: { version: "1.16.0", uptime, path } };
      },
    },
  };
}

describe("restartAyon", () => {
  it("on a server that replaces its process, waits for the new one to be up a few seconds and ready, not for the grace time", async () => {
    // before the restart: up 500 s; then the old process for one more poll, down twice, the new one from 1 s.
    const server = scriptedServer([500, 500.1, null, null, 1, 2.5, 3.2, 4]);
    let readyAsked = 0;
    const started = Date.now();
    await restartAyon(server.admin, async () => ++readyAsked >= 2, "ready", { pollMs: 1, graceMs: 60_000, timeoutMs: 30_000 });
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(server.calls).toEqual(["POST /api/system/restart"]);
    expect(readyAsked).toBe(2); // asked only once the new process was up 3 s or more
  });

  it("never takes the old process, still up, for the restarted one before the grace time", async () => {
    const server = scriptedServer([500, 500.2, 500.4]); // never goes down, uptime keeps growing
    let readyAsked = 0;
    await expect(restartAyon(server.admin, async () => (readyAsked += 1) > 0, "with the addon loaded", { pollMs: 1, graceMs: 60_000, timeoutMs: 300 })).rejects.toThrow(
      /AYON did not come back with the addon loaded within 0 s after a restart \(GET \/api\/info answered 200 \(up for 500\.4 s\)\)/,
    );
    expect(readyAsked).toBe(0);
  });

  it("on the emulator (restart in place), returns once the condition holds after the grace time, and names what it waited for when it never does", async () => {
    const KEY = "restarttestservicekey0123456789ab";
    let offsetMs = 0;
    const ayon = await startAyonEmulator({ apiKey: KEY, now: () => new Date(Date.now() + offsetMs) });
    offsetMs = 10_000; // the emulator has been up for a while
    try {
      const admin = new AyonAdmin(ayon.url, KEY);
      await expect(restartAyon(admin, async () => true, "ready", { pollMs: 10, graceMs: 0 })).resolves.toMatchObject({ ms: expect.any(Number) });
      await expect(restartAyon(admin, async () => false, "with addon nothing 1.0.0 loaded", { pollMs: 10, graceMs: 0, timeoutMs: 200 })).rejects.toThrow(
        /did not come back with addon nothing 1\.0\.0 loaded within 0 s after a restart \(up for \d+ s, but not yet with addon nothing 1\.0\.0 loaded\)/,
      );
    } finally {
      await ayon.close();
    }
  });
});
