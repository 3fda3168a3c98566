import { hostname } from "node:os";
import { resolve } from "node:path";
import { UserError } from "./user-error.js";

/** What the runtime reads from its environment (AYON's service conventions, plus ayon-sg's own). */
export interface RuntimeEnv {
  serverUrl: string;
  apiKey: string;
  /** AYON_ADDON_NAME (set by AYON's service host); when absent, the addon the plugins declare (bootstrap.ts). */
  addonName: string | null;
  addonVersion: string | null;
  settingsVariant: string;
  serviceName: string;
  instanceName: string;
  studioDir: string;
  logLevel: "error" | "warn" | "info" | "debug";
  logFormat: "auto" | "pretty" | "json";
  concurrency: number | null;
  metricsPort: number | null;
  /** AYON_SG_MAX_REPLY_MIB: the most MiB one answer of AYON or ShotGrid may have (null: the clients' 256 MiB). */
  maxReplyMiB: number | null;
  /** Interface of /healthz and /metrics (AYON_SG_METRICS_HOST, default all interfaces). */
  metricsHost: string;
}

const NAME_REGEX = /^[a-zA-Z0-9_]([a-zA-Z0-9_.-]*[a-zA-Z0-9_])?$/;

/** Turns any host name into a valid AYON sender name. */
export function toSenderName(text: string): string {
  const cleaned = text.replace(/[^a-zA-Z0-9_.-]/g, "_").replace(/^[.-]+|[.-]+$/g, "");
  return cleaned || "ayon-sg";
}

/**
 * Reads and checks the environment. Missing or malformed values raise a UserError naming the variable and
 * where to set it; the API key is never echoed.
 */
export function readRuntimeEnv(env: NodeJS.ProcessEnv, options: { requireAyon?: boolean; studioDir?: string } = {}): RuntimeEnv {
  const requireAyon = options.requireAyon ?? true;
  const studioDir = resolve(options.studioDir ?? env.AYON_SG_STUDIO_DIR ?? process.cwd());
  const where = `the environment or ${studioDir}/.env`;

  const serverUrl = (env.AYON_SERVER_URL ?? "").trim().replace(/\/+$/, "");
  const apiKey = (env.AYON_API_KEY ?? "").trim();
  if (requireAyon && !serverUrl) throw new UserError(`AYON_SERVER_URL is not set: put the AYON server address (e.g. http://ayon:5000) in ${where}.`);
  if (serverUrl && !/^https?:\/\/[^/\s]+/.test(serverUrl)) throw new UserError(`AYON_SERVER_URL '${serverUrl}' is not an http(s) URL.`);
  if (requireAyon && !apiKey) throw new UserError(`AYON_API_KEY is not set: put the API key of an AYON service user in ${where}.`);

  const logLevel = (env.LOG_LEVEL ?? "info").toLowerCase();
  if (!["error", "warn", "info", "debug"].includes(logLevel)) throw new UserError(`LOG_LEVEL '${env.LOG_LEVEL}' must be one of error, warn, info, debug.`);
  const logFormat = (env.LOG_FORMAT ?? "auto").toLowerCase();
  if (!["auto", "pretty", "json"].includes(logFormat)) throw new UserError(`LOG_FORMAT '${env.LOG_FORMAT}' must be one of auto, pretty, json.`);

  const instanceName = env.AYON_SG_INSTANCE?.trim() || toSenderName(`${hostname()}-${process.pid}`);
  if (!NAME_REGEX.test(instanceName)) throw new UserError(`AYON_SG_INSTANCE '${instanceName}' may only contain letters, digits, '_', '.' and '-'.`);

  return {
    serverUrl,
    apiKey,
    addonName: env.AYON_ADDON_NAME || env.AY_ADDON_NAME || null,
    addonVersion: env.AYON_ADDON_VERSION || env.AY_ADDON_VERSION || null,
    settingsVariant: env.AYON_DEFAULT_SETTINGS_VARIANT || "production",
    serviceName: env.AYON_SERVICE_NAME || "ayon-sg",
    instanceName,
    studioDir,
    logLevel: logLevel as RuntimeEnv["logLevel"],
    logFormat: logFormat as RuntimeEnv["logFormat"],
    concurrency: optionalInt(env, "AYON_SG_CONCURRENCY", 1, 256),
    metricsPort: optionalInt(env, "AYON_SG_METRICS_PORT", 0, 65535),
    metricsHost: env.AYON_SG_METRICS_HOST || "0.0.0.0",
    maxReplyMiB: optionalInt(env, "AYON_SG_MAX_REPLY_MIB", 1, 65536),
  };
}

function optionalInt(env: NodeJS.ProcessEnv, name: string, min: number, max: number): number | null {
  const raw = env[name];
  if (raw === undefined || raw === "") return null;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new UserError(`${name} '${raw}' must be a whole number from ${min} to ${max}.`);
  return value;
}
