/**
 * Both emulators, started in this process with fresh credentials. AYON starts the way a new server does after
 * its unattended setup: a bootstrap service user (the deployer's key) and one human admin (for the page); the
 * runtime's own service user is created later, through the API, like a deployment does it.
 */
import { randomBytes } from "node:crypto";
import { startAyonEmulator, startShotgridEmulator, type AyonEmulator, type ShotgridEmulator } from "@ayon-sg/testkit";

export interface SandboxCredentials {
  /** The bootstrap service user's key (installs the addon, saves settings, creates users). */
  deployKey: string;
  /** A human admin who opens the addon page. */
  admin: { name: string; password: string };
  /** The runtime's service user, created through PUT /api/users/{name}. */
  service: { name: string; apiKey: string };
  /** The ShotGrid API script the runtime logs in as; its key goes into an AYON secret. */
  script: { name: string; key: string; secretName: string };
  /** The ShotGrid person whose edits the leecher picks up. */
  artist: { login: string; name: string };
}

export interface Emulators {
  /** Null when the sandbox uses a real AYON server (--ayon). */
  ayon: AyonEmulator | null;
  shotgrid: ShotgridEmulator;
  credentials: SandboxCredentials;
  close(): Promise<void>;
}

/** 32 letters and digits: what AYON accepts as a service user's key. */
export function newApiKey(): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  return Array.from(randomBytes(32), (byte) => alphabet[byte % alphabet.length]).join("");
}

export function newCredentials(): SandboxCredentials {
  return {
    deployKey: newApiKey(),
    admin: { name: "admin", password: newApiKey() },
    service: { name: "ayon-sg", apiKey: newApiKey() },
    script: { name: "ayon-sg", key: newApiKey(), secretName: "shotgrid_script_key" },
    artist: { login: "artist", name: "Sandbox Artist" },
  };
}

export async function startEmulators(options: { ayonPort: number; shotgridPort: number; latencyMs: number; ayon?: boolean }): Promise<Emulators> {
  const credentials = newCredentials();
  const ayon =
    options.ayon === false
      ? null
      : await startAyonEmulator({
          host: "127.0.0.1",
          port: options.ayonPort,
          apiKey: credentials.deployKey,
          users: [{ name: credentials.admin.name, password: credentials.admin.password, isAdmin: true, isManager: true }],
          latencyMs: options.latencyMs,
        });
  let shotgrid: ShotgridEmulator;
  try {
    shotgrid = await startShotgridEmulator({
      host: "127.0.0.1",
      port: options.shotgridPort,
      scripts: [{ name: credentials.script.name, key: credentials.script.key }],
      latencyMs: options.latencyMs,
    });
  } catch (error) {
    await ayon?.close();
    throw error;
  }
  return {
    ayon,
    shotgrid,
    credentials,
    async close() {
      await Promise.allSettled([ayon?.close(), shotgrid.close()]);
    },
  };
}
