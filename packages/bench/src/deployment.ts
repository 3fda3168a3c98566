// A studio deployment for the benchmark: both emulators in their own processes with injected latency, AYON set
// up the way an installed addon leaves it (attributes active, addon settings saved through the settings API,
// the ShotGrid script key in an AYON secret), and studio directories that link this workspace's packages.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { AyonClient } from "@ayon-sg/core";
import { createStudioDir } from "@ayon-sg/testing";
import { SHOTGRID_ATTRIBUTES, shotgridSettingsDefaults } from "@ayon-sg/shotgrid";
import { EmulatorProcess } from "./emulators/emulator-process.js";
import type { AyonHostOptions } from "./emulators/ayon-host.js";
import type { ShotgridHostOptions } from "./emulators/shotgrid-host.js";
import type { NodeArgsFor } from "./runtime/node-args.js";
import { RuntimeProcess } from "./runtime/runtime-process.js";

export const ADDON = { name: "shotgrid", version: "0.1.0" };
const AYON_KEY = "benchServiceKey0123456789abcdefgh";
const SCRIPT = { name: "ayon-sg", key: "bench-sg-script-key" };
const SECRET = "sg_script_key";
const PACKAGES_DIR = join(import.meta.dirname, "..", "..");

export type PluginPackage = "leecher" | "handler-project-sync" | "handler-sync-from-shotgrid" | "handler-update-from-shotgrid" | "handler-update-from-ayon";

export interface Deployment {
  ayon: EmulatorProcess;
  shotgrid: EmulatorProcess;
  /** The driver's own AYON client, for what a user does (trigger an import) and for setup. */
  client: AyonClient;
  /** A studio directory running the given plugin packages with the given "ayon-sg" config. */
  studio(plugins: readonly PluginPackage[], config?: Record<string, unknown>): string;
  /** Starts `ayon-sg-runtime run` on a studio directory, with the environment AYON's service host would set. */
  startRuntime(instance: string, studioDir: string): RuntimeProcess;
  close(): Promise<void>;
}

export interface DeploymentOptions {
  latencyMs: number;
  /** Node flags for the emulator processes (e.g. --cpu-prof). */
  nodeArgs?: NodeArgsFor;
  /** Names the emulator processes (`emulator-ayon-<label>`) for their CPU profiles. */
  label?: string;
  /** Keep each runtime's whole log in this directory (`<instance>.log`). */
  logDir?: string | null;
  /** Extra `service_settings` of the addon (e.g. the leecher's polling frequency). */
  serviceSettings?: Record<string, unknown>;
  /** The script's ShotGrid writes leave event log rows (ApiUser.generate_event_log_entries), for the push scenario's timing. */
  logScriptWrites?: boolean;
}

export async function startDeployment(options: DeploymentOptions): Promise<Deployment> {
  const ayonOptions: AyonHostOptions = {
    apiKey: AYON_KEY,
    latencyMs: options.latencyMs,
    addons: [{ ...ADDON, defaults: shotgridSettingsDefaults() as Record<string, unknown> }],
    attributes: SHOTGRID_ATTRIBUTES.map((a) => ({ name: a.name, scope: [...a.scope], data: a.data })),
  };
  const shotgridOptions: ShotgridHostOptions = { latencyMs: options.latencyMs, script: { ...SCRIPT, generateEventLogEntries: options.logScriptWrites === true } };
  const [ayon, shotgrid] = await Promise.all([
    EmulatorProcess.start("ayon", ayonOptions, options.nodeArgs?.(`emulator-ayon-${options.label ?? "bench"}`)),
    EmulatorProcess.start("shotgrid", shotgridOptions, options.nodeArgs?.(`emulator-shotgrid-${options.label ?? "bench"}`)),
  ]);
  const client = new AyonClient({ serverUrl: ayon.url, apiKey: AYON_KEY, sender: "bench-driver" });
  const studios: string[] = [];
  try {
    const saved = await fetch(`${ayon.url}/api/addons/${ADDON.name}/${ADDON.version}/settings`, {
      method: "POST",
      headers: { "x-api-key": AYON_KEY, "content-type": "application/json" },
      body: JSON.stringify({
        shotgrid_server: shotgrid.url,
        service_settings: { script_name: SCRIPT.name, script_key: SECRET, ...options.serviceSettings },
      }),
    });
    if (!saved.ok) throw new Error(`AYON refused the addon settings: ${saved.status} ${await saved.text()}`);
    await client.setSecret(SECRET, SCRIPT.key);
  } catch (error) {
    await Promise.all([ayon.stop(), shotgrid.stop()]);
    throw error;
  }
  return {
    ayon,
    shotgrid,
    client,
    studio(plugins, config = {}) {
      const links: Record<string, string> = {
        "@ayon-sg/core": join(PACKAGES_DIR, "core"),
        "@ayon-sg/shotgrid": join(PACKAGES_DIR, "shotgrid"),
      };
      for (const plugin of plugins) links[`@ayon-sg/${plugin}`] = join(PACKAGES_DIR, plugin);
      const dir = createStudioDir({ links, config });
      studios.push(dir);
      return dir;
    },
    startRuntime(instance, studioDir) {
      const env = {
        AYON_SERVER_URL: ayon.url,
        AYON_API_KEY: AYON_KEY,
        AYON_ADDON_NAME: ADDON.name,
        AYON_ADDON_VERSION: ADDON.version,
        AYON_SG_INSTANCE: instance,
        LOG_LEVEL: "info",
      };
      const logFile = options.logDir ? join(options.logDir, `${instance}.log`) : undefined;
      return RuntimeProcess.start({ studioDir, env, nodeArgs: options.nodeArgs?.(`runtime-${instance}`), logFile });
    },
    async close() {
      await Promise.all([ayon.stop(), shotgrid.stop()]);
      for (const dir of studios) rmSync(dir, { recursive: true, force: true });
    },
  };
}
