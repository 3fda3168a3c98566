/**
 * Restarts AYON and waits until the server that comes back is the one wanted. On a real server
 * (ayon-backend ayon_server/api/system.py) the restart replaces the process: it stops answering, starts
 * again, loads the installed addons and runs their setup, which may ask for one more restart (the addon's
 * own server part does, after creating its attributes, ayon_server/api/lifespan.py). So "settled" is: the
 * condition the caller waits for holds, on a new process that has been up for a few seconds (GET /api/info
 * `uptime`, seconds since its process started), not on the one about to be replaced.
 */
import { sleep } from "@ayon-sg/core";
import type { AyonAdmin } from "./ayon-admin.js";

/** How long a server must have been up before it counts as settled (a setup's own restart comes sooner). */
export const SETTLED_UPTIME_S = 3;

export async function restartAyon(
  admin: Pick<AyonAdmin, "call" | "probe">,
  ready: () => Promise<boolean>,
  what: string,
  options: { timeoutMs?: number; pollMs?: number; graceMs?: number } = {},
): Promise<{ ms: number }> {
  const before = uptimeOf(await admin.probe("/api/info"));
  const started = Date.now();
  await admin.call("POST", "/api/system/restart");
  const deadline = started + (options.timeoutMs ?? 180_000);
  // Proof that the process was replaced: it stopped answering, or its uptime went back. A server that
  // restarts in place (no new process, e.g. the emulator) gives none: it counts once the grace time is over.
  let replaced = false;
  let last = "no answer yet";
  for (;;) {
    await sleep(options.pollMs ?? 500);
    const info = await admin.probe("/api/info");
    const uptime = uptimeOf(info);
    const elapsed = Date.now() - started;
    if (uptime === null || (before !== null && uptime < before + elapsed / 1000 - 1)) replaced = true;
    if (uptime !== null && uptime >= SETTLED_UPTIME_S && (replaced || elapsed >= (options.graceMs ?? 5000))) {
      if (await ready().catch(() => false)) return { ms: Date.now() - started };
      last = `up for ${Math.round(uptime)} s, but not yet ${what}`;
    } else {
      last = info ? `GET /api/info answered ${info.status}${uptime === null ? "" : ` (up for ${uptime.toFixed(1)} s)`}` : "the server does not answer (restarting)";
    }
    if (Date.now() > deadline) throw new Error(`AYON did not come back ${what} within ${Math.round((deadline - started) / 1000)} s after a restart (${last})`);
  }
}

/** GET /api/info's `uptime` when it answered 200, else null. */
function uptimeOf(info: { status: number; body: unknown } | null): number | null {
  const uptime = (info?.body as { uptime?: unknown } | null)?.uptime;
  return info?.status === 200 && typeof uptime === "number" ? uptime : null;
}

/** Whether GET /api/addons lists this addon version (it is loaded). */
export async function addonLoaded(admin: Pick<AyonAdmin, "probe">, name: string, version: string): Promise<boolean> {
  const reply = await admin.probe("/api/addons");
  if (reply?.status !== 200) return false;
  const addons = (reply.body as { addons?: Array<{ name?: string; versions?: Record<string, unknown> | null }> } | null)?.addons ?? [];
  return addons.some((a) => a.name === name && a.versions != null && version in a.versions);
}
