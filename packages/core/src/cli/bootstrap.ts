import { join } from "node:path";
import { AyonClient } from "../ayon/client.js";
import { loadDotenvFiles } from "../config/dotenv.js";
import { readRuntimeEnv, type RuntimeEnv } from "../config/env.js";
import { readStudioManifest, type StudioManifest } from "../config/studio-config.js";
import { UserError } from "../config/user-error.js";
import type { Logger } from "../logging/logger.js";
import { Redactor } from "../logging/redactor.js";
import { WinstonLogger } from "../logging/winston-logger.js";
import { discoverPlugins, inactivePluginIds, loadedPlugins, type PluginReport } from "../plugin/discovery.js";
import { describeError } from "../plugin/errors.js";
import { AddonSettings, RuntimeInfo } from "../runtime/tokens.js";
import type { RuntimeOptions } from "../runtime/runtime.js";
import { queueOverrides } from "../config/studio-config.js";
import { CORE_VERSION } from "../version.js";
import { AddonNameConflictError, addonNameFor } from "../runtime/addon-name.js";

export interface Bootstrapped {
  env: RuntimeEnv;
  logger: Logger;
  redactor: Redactor;
  manifest: StudioManifest;
  reports: PluginReport[];
}

/** Environment (+ .env), logger with redaction, studio manifest and plugin discovery: what every command needs. */
export async function bootstrap(options: { studioDir?: string; requireAyon?: boolean; processEnv?: NodeJS.ProcessEnv; stream?: NodeJS.WritableStream }): Promise<Bootstrapped> {
  const base = options.processEnv ?? process.env;
  const studioGuess = options.studioDir ?? base.AYON_SG_STUDIO_DIR ?? process.cwd();
  const merged = loadDotenvFiles([join(studioGuess, ".env")], base);
  const env = readRuntimeEnv(merged, { requireAyon: options.requireAyon, studioDir: options.studioDir });
  const redactor = new Redactor();
  redactor.add(env.apiKey);
  const format = env.logFormat === "auto" ? ((options.stream ?? process.stdout) as NodeJS.WriteStream).isTTY ? "pretty" : "json" : env.logFormat;
  const logger = WinstonLogger.create({ level: env.logLevel, format, redactor, stream: options.stream }).child({ service: env.serviceName });
  const manifest = readStudioManifest(env.studioDir);
  const reports = await discoverPlugins(manifest);
  let addonName: string | null;
  try {
    addonName = addonNameFor(loadedPlugins(reports), env.addonName);
  } catch (error) {
    if (error instanceof AddonNameConflictError) throw new UserError(`${error.message}.`);
    throw error;
  }
  return { env: { ...env, addonName }, logger, redactor, manifest, reports };
}

/**
 * The runtime options a studio deployment gives, the same for `run`, `check` and `jobs`: the loaded plugins and
 * the inactive ones, their config, the queue settings and who this process is. `run` adds its own parts.
 */
export function studioRuntimeOptions(
  { env, manifest, reports }: Bootstrapped,
  ayon: AyonClient,
  logger: Logger,
  settings: AddonSettings,
): Pick<RuntimeOptions, "plugins" | "ayon" | "logger" | "settings" | "info" | "queue" | "pluginConfig" | "inactivePluginIds"> {
  return {
    plugins: loadedPlugins(reports),
    ayon,
    logger,
    settings,
    info: new RuntimeInfo(env.serviceName, env.instanceName, CORE_VERSION, env.studioDir),
    queue: queueOverrides(manifest.config),
    pluginConfig: manifest.config.config,
    inactivePluginIds: inactivePluginIds(reports),
  };
}

/** X-Sender-Type of the runtime's own requests (settings, the event feed, the stuck-job reaper). */
export const RUNTIME_SENDER_TYPE = "ayon-sg";

export function createAyonClient(env: RuntimeEnv, logger: Logger, onRequest?: (info: { method: string; route: string; status: number; ms: number }) => void): AyonClient {
  // The runtime's own requests; each plugin's go out with its order group's sender type (runtime.ts).
  // The reply cap is the ayon client's option, so plugins' services read it there (ServiceContext.maxReplyBytes).
  const maxReplyBytes = env.maxReplyMiB === null ? undefined : env.maxReplyMiB * 1024 * 1024;
  return new AyonClient({ serverUrl: env.serverUrl, apiKey: env.apiKey, sender: env.instanceName, senderType: RUNTIME_SENDER_TYPE, logger, onRequest, maxReplyBytes });
}

/**
 * Checks AYON answers and accepts the key, turning failures into one sentence a TD can act on.
 * Returns the server version and the user name.
 */
export async function connectToAyon(ayon: AyonClient, env: RuntimeEnv): Promise<{ version: string; user: string; isService: boolean }> {
  let version: string;
  try {
    version = (await ayon.info()).version;
  } catch (error) {
    throw new UserError(`cannot reach AYON at ${env.serverUrl}: ${describeError(error)}. Check AYON_SERVER_URL and that the server is running.`);
  }
  try {
    const me = await ayon.me();
    return { version, user: me.name, isService: me.data?.isService === true };
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status === 401 || status === 403) {
      throw new UserError(`AYON at ${env.serverUrl} rejected the API key (${status}): check AYON_API_KEY; it must be the key of a service user.`);
    }
    throw new UserError(`AYON at ${env.serverUrl} did not confirm the API key: ${describeError(error)}.`);
  }
}

/**
 * The addon's studio settings. The version comes from AYON_ADDON_VERSION (set by AYON's service host) or, when
 * absent, from the production bundle (else the newest installed version). An addon that is not installed at
 * all gives empty settings: plugins that need them say so when they start.
 */
export async function loadAddonSettings(ayon: AyonClient, env: RuntimeEnv, logger: Logger): Promise<AddonSettings> {
  if (env.addonName === null) {
    logger.info("no plugin declares an addon and AYON_ADDON_NAME is not set: no addon settings are loaded");
    return new AddonSettings("", null, {}, ayon);
  }
  const addonName = env.addonName;
  let version = env.addonVersion;
  if (!version) {
    const addon = (await ayon.listAddons().catch(() => [])).find((a) => a.name === addonName);
    version = addon?.productionVersion ?? [...(addon?.versions ?? [])].sort(compareVersions).at(-1) ?? null;
    if (!version) {
      logger.info(`the '${addonName}' addon is not installed on AYON: its settings are not loaded`);
      return new AddonSettings(addonName, null, {}, ayon);
    }
  }
  try {
    const studio = await ayon.getAddonSettings(addonName, version, { variant: env.settingsVariant });
    return new AddonSettings(addonName, version, studio, ayon);
  } catch (error) {
    if ((error as { status?: number }).status === 404) {
      throw new UserError(`the addon '${addonName}' version '${version}' is not installed on AYON (check AYON_ADDON_NAME / AYON_ADDON_VERSION).`);
    }
    throw new UserError(`cannot read the '${addonName}' addon settings from AYON: ${describeError(error)}.`);
  }
}

/** Orders "1.2.10" after "1.2.9" (numeric parts compared as numbers). */
function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.+-]/).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  const pb = b.split(/[.+-]/).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? 0;
    const y = pb[i] ?? 0;
    if (x === y) continue;
    if (typeof x === "number" && typeof y === "number") return x - y;
    return String(x).localeCompare(String(y));
  }
  return 0;
}
