// The push tests' world: both emulators, imported projects, a runtime with the `update-from-ayon` plugin, and a
// person editing AYON as the web UI does (REST writes, sender type "api"); and the job of an AYON event.
import { AyonClient, type JobReport } from "@ayon-sg/core";
import type { TestRuntime } from "@ayon-sg/testing";
import { importedProject } from "@ayon-sg/handler-update-from-shotgrid/testing";
import { AYON_KEY, startSyncEnv, syncEnvRuntime, type SyncEnv } from "@ayon-sg/shotgrid/testing";
import type { GeneratedShotgridProject, ShotgridProjectSpec } from "@ayon-sg/testkit";
import plugin from "./index.js";

export interface PushWorld {
  env: SyncEnv;
  /** The runtime serving the queue (the newest one `serve` started, with `serving: false`). */
  runtime: TestRuntime;
  /** Writes to AYON as a person would (not as the sync: its events are pushed). */
  person: AyonClient;
  /** The generated ShotGrid project of each imported AYON project, by name. */
  projects: Map<string, GeneratedShotgridProject>;
  /** Stops the runtime serving the queue (events then wait in it) and starts a new one, which takes them in batches. */
  serve(): Promise<TestRuntime>;
  /** Stops the runtime; events wait in the queue until `serve`. */
  pause(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Imports `projects` (name → spec) from ShotGrid, sets `shotgridPush` (and any attributes) on those in `push`, and
 * starts the runtime with the given addon settings on top of the studio's.
 */
export async function startPushWorld(options: {
  projects: Record<string, Omit<ShotgridProjectSpec, "name">>;
  push: Record<string, Record<string, unknown>>;
  settings?: Record<string, unknown>;
}): Promise<PushWorld> {
  const env = await startSyncEnv();
  const projects = new Map<string, GeneratedShotgridProject>();
  for (const [name, spec] of Object.entries(options.projects)) projects.set(name, await importedProject(env, name, spec));
  for (const [name, attrib] of Object.entries(options.push)) await env.ayon.updateProject(name, { attrib: { shotgridPush: true, ...attrib } });
  const newRuntime = () => syncEnvRuntime(env, [plugin], { settings: { ...env.studioSettings, ...options.settings }, queue: { sweepIntervalMs: 250 } });
  let running: TestRuntime | null = await newRuntime();
  await running.start();
  const person = new AyonClient({ serverUrl: env.ayonEmulator.url, apiKey: AYON_KEY, sender: "coordinator", senderType: "api", retry: { limit: 0 } });
  const world: PushWorld = {
    env, runtime: running, person, projects,
    pause: async () => {
      await running?.stop();
      running = null;
    },
    serve: async () => {
      await world.pause();
      running = world.runtime = await newRuntime();
      await running.start();
      return running;
    },
    close: async () => {
      await world.pause();
      await env.close();
    },
  };
  return world;
}

/** The push plugin's job of the newest `topic` event about AYON entity `id` (`last` pages come newest first). */
export async function pushJob(world: PushWorld, topic: string, id: string, timeoutMs = 15_000): Promise<JobReport> {
  const event = (await world.env.ayon.queryEvents({ topics: [topic], last: 20 })).events.find((e) => e.summary.entityId === id);
  if (!event) throw new Error(`no ${topic} event for ${id}`);
  return world.runtime.waitForJob(event.id, timeoutMs, "update-from-ayon");
}
