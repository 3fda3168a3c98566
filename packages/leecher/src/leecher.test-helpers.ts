// A ShotGrid emulator and an AYON emulator set up like a linked studio, plus an independent statement of
// which EventLogEntry rows must reach AYON, for the leecher's integration and end-to-end tests.
import { AyonClient } from "@ayon-sg/core";
import {
  startAyonEmulator, startShotgridEmulator, type AyonEmulator, type AyonEmulatorOptions, type ShotgridEmulator, type ShotgridEmulatorOptions,
} from "@ayon-sg/testkit";
import { ShotgridClient } from "@ayon-sg/shotgrid";

export const AYON_KEY = "LeecherTestKey0123456789abcdefgh";
export const SCRIPT = { name: "ayon-sg", key: "sg-key" };
export const ENABLED = ["Project", "Episode", "Sequence", "Shot", "Asset", "Task"];

export interface World {
  sgEmu: ShotgridEmulator;
  ayonEmu: AyonEmulator;
  sg: ShotgridClient;
  ayon: AyonClient;
  /** The leecher's own ApiUser (its writes must be dropped). */
  script: { type: "ApiUser"; id: number };
  artist: { type: "HumanUser"; id: number };
  close(): Promise<void>;
}

export async function startWorld(sgOptions: ShotgridEmulatorOptions = {}, ayonOptions: AyonEmulatorOptions = {}): Promise<World> {
  // The leecher's script logs its writes (off by default, as on a real site) so the echo rule meets them.
  const sgEmu = await startShotgridEmulator({ scripts: [{ ...SCRIPT, generateEventLogEntries: true }], ...sgOptions });
  const ayonEmu = await startAyonEmulator({ apiKey: AYON_KEY, ...ayonOptions });
  const sg = new ShotgridClient({ siteUrl: sgEmu.url, scriptName: SCRIPT.name, scriptKey: SCRIPT.key, retry: { limit: 1, baseDelayMs: 10, maxDelayMs: 50 } });
  const ayon = new AyonClient({ serverUrl: ayonEmu.url, apiKey: AYON_KEY, sender: "leecher-test", senderType: "shotgrid", retry: { limit: 1, baseDelayMs: 10, maxDelayMs: 50 } });
  await ayon.setAttribute({ name: "shotgridId", position: 100, scope: ["project", "folder", "task"], data: { type: "string", title: "ShotGrid ID", inherit: false } });
  ayonEmu.restart();
  const script = sgEmu.script(SCRIPT.name) as { type: "ApiUser"; id: number };
  const artist = sgEmu.humanUser("ann", "Ann Artist");
  return {
    sgEmu,
    ayonEmu,
    sg,
    ayon,
    script,
    artist,
    async close() {
      await Promise.all([sgEmu.close(), ayonEmu.close()]);
    },
  };
}

/** A ShotGrid project (auto-sync as given) and, when `ayonName` is set, the AYON project linked to it. */
export async function linkedProject(world: World, code: string, opts: { autoSync?: boolean; ayonName?: string | null } = {}): Promise<{ id: number; ayonName: string | null }> {
  const project = world.sgEmu.store.create("Project", { name: `Project ${code}`, code, sg_ayon_auto_sync: opts.autoSync ?? true });
  const ayonName = opts.ayonName === undefined ? code : opts.ayonName;
  if (ayonName !== null) {
    await world.ayon.createProject({ name: ayonName, code: ayonName });
    await world.ayon.updateProject(ayonName, { attrib: { shotgridId: String(project.id) } });
  }
  return { id: project.id, ayonName };
}

/**
 * The EventLogEntry ids that must reach AYON, written out again from the rules in the issue (not from the
 * leecher's code): `Shotgun_<T>_{New,Change,Retirement,Revival}` of an enabled type, in a linked project (a
 * Project event's project is the Project itself), not by the leecher's ApiUser, and no `_Change` with
 * `meta.in_create`.
 */
export function expectedEventIds(world: World, opts: { after: number; projectIds: number[]; upTo?: number }): number[] {
  const rows = world.sgEmu.store.find("EventLogEntry", [["id", "greater_than", opts.after]], {
    fields: ["event_type", "meta", "user", "project", "entity"],
    sort: "id",
  });
  const linked = new Set(opts.projectIds);
  const out: number[] = [];
  for (const row of rows) {
    if (opts.upTo !== undefined && row.id > opts.upTo) continue;
    const m = /^Shotgun_(.+)_(New|Change|Retirement|Revival)$/.exec(String(row.event_type));
    if (!m || !ENABLED.includes(m[1]!)) continue;
    const user = row.user as { type: string; id: number } | null;
    if (user?.type === "ApiUser" && user.id === world.script.id) continue;
    const meta = (row.meta ?? {}) as { in_create?: boolean; entity_id?: number; entity_type?: string };
    if (m[2] === "Change" && meta.in_create === true) continue;
    // A back-reference row (Sequence.shots when a Shot's sg_sequence is set) describes the referrer in its meta;
    // no test maps such a reverse field, so none is leeched.
    const entityId = (row.entity as { id: number } | null)?.id;
    if (m[2] === "Change" && meta.entity_type !== undefined && (meta.entity_type !== m[1] || (entityId !== undefined && meta.entity_id !== entityId))) continue;
    const project = m[1] === "Project" ? ((row.entity as { id: number } | null)?.id ?? meta.entity_id) : (row.project as { id: number } | null)?.id;
    if (project === undefined || !linked.has(project)) continue;
    out.push(row.id);
  }
  return out;
}

/**
 * Whether every id of `expected` has reached AYON. One count for the whole list: a polled wait that counted again
 * per id cost O(ids × events) per poll, seconds of the test process's event loop, which also runs the emulators.
 */
export function allLeeched(world: World, expected: readonly number[]): boolean {
  const counts = leechedCounts(world);
  return expected.every((id) => counts.has(id));
}

/** `sg_event_id` → how many `shotgrid.event`s AYON holds for it (read from the emulator's state). */
export function leechedCounts(world: World): Map<number, number> {
  const counts = new Map<number, number>();
  for (const event of world.ayonEmu.state.events.ofTopic("shotgrid.event")) {
    const id = (event.summary as { sg_event_id?: unknown }).sg_event_id;
    if (typeof id === "number") counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

/** The `sync-from-shotgrid` requests in AYON, as [AYON project, reason]. */
export function syncRequests(world: World): Array<[string | null, unknown]> {
  return world.ayonEmu.state.events
    .ofTopic("shotgrid.event")
    .filter((e) => (e.payload as { action?: unknown }).action === "sync-from-shotgrid")
    .map((e) => [e.project, (e.payload as { reason?: unknown }).reason]);
}

/** Compares what AYON holds with what it must hold; an empty object means exactly once, nothing missing. */
export function deliveryProblems(expected: readonly number[], counts: ReadonlyMap<number, number>): { missing?: number[]; duplicated?: number[]; unexpected?: number[] } {
  const want = new Set(expected);
  const missing = expected.filter((id) => !counts.has(id));
  const duplicated = [...counts].filter(([, n]) => n > 1).map(([id]) => id);
  const unexpected = [...counts.keys()].filter((id) => !want.has(id));
  const out: { missing?: number[]; duplicated?: number[]; unexpected?: number[] } = {};
  if (missing.length) out.missing = missing;
  if (duplicated.length) out.duplicated = duplicated;
  if (unexpected.length) out.unexpected = unexpected;
  return out;
}

/**
 * A stream of `total` ShotGrid writes spread over the given projects: creates (Shots, Assets, Tasks on Shots),
 * updates, retirements and revivals by an artist, plus some echoes written by the leecher's own script and
 * some Project changes. `chunk` writes every `pauseMs`, so a leecher can be killed in the middle of it.
 */
export async function writeStream(
  w: World,
  projectIds: readonly number[],
  total: number,
  opts: { chunk: number; pauseMs: number; tag: string; onProgress?: (done: number) => void },
): Promise<void> {
  const store = w.sgEmu.store;
  const live = projectIds.map(() => [] as Array<{ type: string; id: number }>);
  const retired = projectIds.map(() => [] as Array<{ type: string; id: number }>);
  for (let i = 0; i < total; i++) {
    const p = i % projectIds.length;
    const project = { type: "Project", id: projectIds[p]! };
    const slot = Math.floor(i / projectIds.length) % 10;
    const as = i % 25 === 24 ? w.script : w.artist;
    const pool = live[p]!;
    if (i % 50 === 49) {
      store.update("Project", project.id, { sg_description: `${opts.tag} ${i}` }, { as });
    } else if (slot <= 2 || pool.length < 2) {
      const kind = i % 3;
      const liveShots = pool.filter((t) => t.type === "Shot");
      if (kind === 0 || (kind === 2 && liveShots.length === 0)) {
        pool.push({ type: "Shot", id: store.create("Shot", { project, code: `${opts.tag}_sh${i}` }, { as }).id });
      } else if (kind === 1) {
        pool.push({ type: "Asset", id: store.create("Asset", { project, code: `${opts.tag}_as${i}`, sg_asset_type: "Prop" }, { as }).id });
      } else {
        store.create("Task", { project, content: `${opts.tag}_task${i}`, entity: { type: "Shot", id: liveShots[i % liveShots.length]!.id } }, { as });
      }
    } else if (slot <= 7) {
      const target = pool[i % pool.length]!;
      store.update(target.type, target.id, { description: `${opts.tag} ${i}` }, { as });
    } else if (slot === 8) {
      const target = pool.splice(i % pool.length, 1)[0]!;
      store.retire(target.type, target.id, { as });
      retired[p]!.push(target);
    } else {
      const target = retired[p]!.shift();
      if (target) {
        store.revive(target.type, target.id, { as });
        pool.push(target);
      } else {
        store.update(pool[0]!.type, pool[0]!.id, { description: `${opts.tag} revive-less ${i}` }, { as });
      }
    }
    if ((i + 1) % opts.chunk === 0) {
      opts.onProgress?.(i + 1);
      await new Promise((resolve) => setTimeout(resolve, opts.pauseMs));
    }
  }
  opts.onProgress?.(total);
}

/** Waits until `check` returns true (polling every 25 ms) or fails with `what`. */
export async function waitUntil(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
