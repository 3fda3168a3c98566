// The world the binary-based scenarios run in: an AYON emulator and a ShotGrid emulator in this process,
// configured like a deployment (addon installed with its settings saved through AYON's settings API, the
// ShotGrid script key in an AYON secret, the sync attributes active), studio directories that link the real
// plugin packages, and the real `ayon-sg-runtime run` binary started and killed at will. Everything the
// binaries print and everything AYON stores is captured for the secret scan.
import { join } from "node:path";
import { AyonClient, AyonUnavailableError } from "@ayon-sg/core";
import { CORE_PACKAGE_DIR, createStudioDir, startBinary, type FakePackage, type RunningBinary } from "@ayon-sg/testing";
import { ensureAyonAttributes, ShotgridClient, shotgridSettingsDefaults } from "@ayon-sg/shotgrid";
import {
  startAyonEmulator, startShotgridEmulator, type AyonEmulator, type AyonEmulatorOptions, type ShotgridEmulator, type ShotgridEmulatorOptions,
} from "@ayon-sg/testkit";
import { Capture } from "./capture.js";
import { LEDGER_PLUGIN_SOURCE } from "./ledger.js";
import type { NamedSecret } from "./secret-scan.js";

export const ADDON = { name: "shotgrid", version: "0.1.0" } as const;
/** Distinctive values, so a leak cannot hide behind a common word. */
export const AYON_KEY = "RelAyonKey7f3c9a1e5b2d8c4f6a0e9b3d";
export const SCRIPT = { name: "ayon-sg", key: "RelSgScriptKey_4e8b2c6d0a9f1e3b" };
export const SCRIPT_KEY_SECRET = "sg_script_key";

const PACKAGES_DIR = join(CORE_PACKAGE_DIR, "..");

export type PluginChoice = "ledger" | "leecher" | "sync" | "project-sync" | "update" | "push";

const PLUGIN_PACKAGES: Record<Exclude<PluginChoice, "ledger">, [string, string]> = {
  leecher: ["@ayon-sg/leecher", "leecher"],
  sync: ["@ayon-sg/handler-sync-from-shotgrid", "handler-sync-from-shotgrid"],
  "project-sync": ["@ayon-sg/handler-project-sync", "handler-project-sync"],
  update: ["@ayon-sg/handler-update-from-shotgrid", "handler-update-from-shotgrid"],
  push: ["@ayon-sg/handler-update-from-ayon", "handler-update-from-ayon"],
};

export interface WorldOptions {
  ayon?: AyonEmulatorOptions;
  shotgrid?: ShotgridEmulatorOptions;
  /** Addon settings saved on top of the defaults (service_settings and the site URL are filled in). */
  settings?: Record<string, unknown>;
}

export class World {
  readonly capture = new Capture();
  readonly runs: Array<{ label: string; run: RunningBinary }> = [];

  private constructor(
    readonly ayonEmu: AyonEmulator,
    readonly sgEmu: ShotgridEmulator,
    /** The test's own clients (quick retries: a test wants to see failures, not wait them out). */
    readonly ayon: AyonClient,
    readonly sg: ShotgridClient,
  ) {}

  static async start(options: WorldOptions = {}): Promise<World> {
    const [ayonEmu, sgEmu] = await Promise.all([
      startAyonEmulator({ apiKey: AYON_KEY, addons: [{ ...ADDON, defaults: shotgridSettingsDefaults() as Record<string, unknown> }], ...options.ayon }),
      startShotgridEmulator({ scripts: [SCRIPT], ...options.shotgrid }),
    ]);
    const ayon = new AyonClient({ serverUrl: ayonEmu.url, apiKey: AYON_KEY, sender: "reliability-test", senderType: "test", retry: { limit: 1, baseDelayMs: 10, maxDelayMs: 50 } });
    const sg = new ShotgridClient({ siteUrl: sgEmu.url, scriptName: SCRIPT.name, scriptKey: SCRIPT.key, retry: { limit: 1, baseDelayMs: 10, maxDelayMs: 50 } });
    const world = new World(ayonEmu, sgEmu, ayon, sg);
    await ensureAyonAttributes(ayon);
    ayonEmu.restart();
    await ayon.setSecret(SCRIPT_KEY_SECRET, SCRIPT.key);
    const { service_settings: service, ...rest } = (options.settings ?? {}) as { service_settings?: Record<string, unknown> };
    const saved = await fetch(`${ayonEmu.url}/api/addons/${ADDON.name}/${ADDON.version}/settings`, {
      method: "POST",
      headers: { "x-api-key": AYON_KEY, "content-type": "application/json" },
      body: JSON.stringify({
        shotgrid_server: sgEmu.url,
        ...rest,
        service_settings: { script_name: SCRIPT.name, script_key: SCRIPT_KEY_SECRET, polling_frequency: 1, ...service },
      }),
    });
    if (saved.status >= 300) throw new Error(`saving the addon settings failed: ${saved.status} ${await saved.text()}`);
    return world;
  }

  /** A studio directory with core and the chosen plugins installed; `config` is its "ayon-sg" section. */
  studio(plugins: readonly PluginChoice[], config: Record<string, unknown> = {}): string {
    const links: Record<string, string> = { "@ayon-sg/core": CORE_PACKAGE_DIR };
    const needsShotgrid = plugins.some((p) => p !== "ledger");
    if (needsShotgrid) links["@ayon-sg/shotgrid"] = join(PACKAGES_DIR, "shotgrid");
    for (const plugin of plugins) {
      if (plugin === "ledger") continue;
      const [name, dir] = PLUGIN_PACKAGES[plugin];
      links[name] = join(PACKAGES_DIR, dir);
    }
    const packages: Record<string, FakePackage> = {};
    if (plugins.includes("ledger")) packages["@studio/ledger"] = { packageJson: { "ayon-sg": { role: "handler" } }, files: { "index.js": LEDGER_PLUGIN_SOURCE } };
    return createStudioDir({ links, packages, config });
  }

  /** Starts `ayon-sg-runtime run` for the studio as `instance`, configured like a deployment. */
  launch(studio: string, instance: string, env: Record<string, string> = {}): RunningBinary {
    const run = startBinary(["run", "--studio", studio], {
      env: {
        AYON_SERVER_URL: this.ayonEmu.url,
        AYON_API_KEY: AYON_KEY,
        AYON_ADDON_NAME: ADDON.name,
        AYON_ADDON_VERSION: ADDON.version,
        AYON_SG_INSTANCE: instance,
        LOG_LEVEL: "info",
        ...env,
      },
    });
    const label = `${instance}#${this.runs.filter((r) => r.label.startsWith(`${instance}#`)).length + 1}`;
    this.runs.push({ label, run });
    return run;
  }

  /**
   * Dispatches a finished event for the scenario itself. Its client does not repeat a POST whose connection broke
   * (AYON may have stored it); here the emulator's state tells, so a lost answer neither drops nor doubles it.
   */
  async dispatch(event: { topic: string; project?: string; payload: Record<string, unknown> }): Promise<string> {
    const before = this.ayonEmu.state.events.ofTopic(event.topic).length;
    for (let attempt = 1; ; attempt++) {
      try {
        return (await this.ayon.dispatchEvent({ ...event, finished: true })).id!;
      } catch (error) {
        if (!(error instanceof AyonUnavailableError) || attempt >= 3) throw error;
        const stored = this.ayonEmu.state.events
          .ofTopic(event.topic)
          .slice(before)
          .find((e) => e.project === (event.project ?? null) && JSON.stringify(e.payload) === JSON.stringify(event.payload));
        if (stored) return stored.id;
      }
    }
  }

  /** The secrets no capture may contain: both keys and every token the ShotGrid emulator issued. */
  secrets(): NamedSecret[] {
    return [
      { name: "AYON API key", value: AYON_KEY },
      { name: "ShotGrid script key", value: SCRIPT.key },
      ...this.sgEmu.issuedTokens().map((value, i) => ({ name: `ShotGrid token #${i + 1}`, value })),
    ];
  }

  /** Adds the binaries' output and AYON's events to the capture; returns it. */
  collect(): Capture {
    for (const { label, run } of this.runs) {
      const { stdout, stderr } = run.output();
      this.capture.add(`binary ${label} stdout`, stdout);
      this.capture.add(`binary ${label} stderr`, stderr);
    }
    this.capture.addAyonEvents(this.ayonEmu);
    return this.capture;
  }

  async close(): Promise<void> {
    await Promise.all(this.runs.map(({ run }) => run.stop("SIGKILL")));
    await Promise.all([this.ayonEmu.close(), this.sgEmu.close()]);
  }
}

/** The binary's JSON log lines (non-JSON lines, e.g. a crash trace, come back as `{level:"raw"}`). */
export function logLines(run: RunningBinary): Array<{ level: string; message: string; [key: string]: unknown }> {
  return run
    .output()
    .stdout.split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => {
      try {
        return JSON.parse(line) as { level: string; message: string };
      } catch {
        return { level: "raw", message: line };
      }
    });
}

/** Waits until `check` returns true (polling every `everyMs`) or fails naming `what`. */
export async function waitUntil(check: () => boolean | Promise<boolean>, what: string, timeoutMs: number, everyMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
