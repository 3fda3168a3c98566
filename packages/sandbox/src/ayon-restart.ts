/**
 * Restarts AYON and waits until the server that comes back is the one wanted. On a real server the restart
 * replaces the process (ayon-backend ayon_server/api/system.py), and each process start records a
 * `server.started` event that it sets finished only once it is ready (ayon_server/api/lifespan.py); a start
 * cut short because an addon's setup asked for another restart (the shotgrid addon does after creating its
 * attributes) leaves its event pending, and the next process records a new one. So "settled" is: a
 * `server.started` newer than the restart request is finished, and the caller's condition holds. A server
 * that records no such events (the emulator, which restarts in place) is waited for a grace time instead.
 */
import { sleep } from "@ayon-sg/core";
import type { AyonAdmin } from "./ayon-admin.js";

type Admin = Pick<AyonAdmin, "call" | "probe">;

interface ServerStart {
  id: string;
  status: string;
}

const SERVER_STARTS = 'query ServerStarts { events(topics: ["server.started"], last: 1) { edges { node { id status } } } }';

/** The newest server.started event (null: none recorded), or "down" when the server does not answer. */
async function latestStart(admin: Admin): Promise<ServerStart | null | "down"> {
  try {
    const reply = (await admin.call("POST", "/graphql", { query: SERVER_STARTS })) as {
      data?: { events?: { edges?: Array<{ node?: { id?: string; status?: string } | null }> } | null } | null;
    } | null;
    const node = reply?.data?.events?.edges?.at(-1)?.node;
    return node?.id && node.status ? { id: node.id, status: node.status } : null;
  } catch {
    return "down";
  }
}

export async function restartAyon(
  admin: Admin,
  ready: () => Promise<boolean>,
  what: string,
  options: { timeoutMs?: number; pollMs?: number; graceMs?: number } = {},
): Promise<{ ms: number }> {
  const before = await latestStart(admin);
  const beforeId = before !== null && before !== "down" ? before.id : null;
  const started = Date.now();
  await admin.call("POST", "/api/system/restart");
  const deadline = started + (options.timeoutMs ?? 180_000);
  let last = "no answer yet";
  for (;;) {
    await sleep(options.pollMs ?? 500);
    const start = await latestStart(admin);
    const elapsed = Date.now() - started;
    if (start === "down") {
      last = "the server does not answer (restarting)";
    } else if (start !== null && start.id !== beforeId) {
      if (start.status === "finished" && (await ready().catch(() => false))) return { ms: Date.now() - started };
      last = start.status === "finished" ? `started again, but not yet ${what}` : `starting again (server.started ${start.status})`;
    } else if (start === null && beforeId === null && elapsed >= (options.graceMs ?? 5000)) {
      if (await ready().catch(() => false)) return { ms: Date.now() - started };
      last = `not yet ${what}`;
    } else {
      last = "still the server from before the restart";
    }
    if (Date.now() > deadline) throw new Error(`AYON did not come back ${what} within ${Math.round((deadline - started) / 1000)} s after a restart (${last})`);
  }
}

/** Whether GET /api/addons lists this addon version (it is loaded). */
export async function addonLoaded(admin: Pick<AyonAdmin, "probe">, name: string, version: string): Promise<boolean> {
  const reply = await admin.probe("/api/addons");
  if (reply?.status !== 200) return false;
  const addons = (reply.body as { addons?: Array<{ name?: string; versions?: Record<string, unknown> | null }> } | null)?.addons ?? [];
  return addons.some((a) => a.name === name && a.versions != null && version in a.versions);
}
