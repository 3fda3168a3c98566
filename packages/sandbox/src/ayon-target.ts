/**
 * The AYON server the sandbox sets up and runs against: its own emulator, or a real server given with
 * `--ayon URL` and an admin's or service user's API key (`--ayon-key`, else AYON_API_KEY). The key is sent
 * only in headers and never printed.
 */
import { UserError } from "@ayon-sg/core";
import { AyonAdmin } from "./ayon-admin.js";
import { newApiKey, type Emulators } from "./emulators.js";

export interface AyonTarget {
  kind: "emulator" | "real";
  url: string;
  /** Installs the addon, restarts, saves settings; also posts the page's import and sync requests. */
  setupKey: string;
  /** The runtime's service user: created with this key, or (create false) the setup key's own user. */
  service: { name: string; apiKey: string; create: boolean };
  /** What the server says it is (GET /api/info `version`). */
  version: string;
}

export function emulatorTarget(emulators: Emulators): AyonTarget {
  const { ayon, credentials } = emulators;
  if (!ayon) throw new Error("emulatorTarget: the AYON emulator was not started");
  return { kind: "emulator", url: ayon.url, setupKey: credentials.deployKey, service: { ...credentials.service, create: true }, version: "emulator" };
}

/** Who the key belongs to (GET /api/users/me, ayon-backend ayon_server/entities/user.py: data.isService / isAdmin). */
interface Me {
  name?: string;
  data?: { isService?: boolean | null; isAdmin?: boolean | null } | null;
}

export async function realTarget(url: string, key: string | undefined, now = Date.now()): Promise<AyonTarget> {
  if (!key) throw new UserError("--ayon needs an admin's or service user's API key: --ayon-key KEY or AYON_API_KEY", 2);
  const admin = new AyonAdmin(url, key);
  const info = await admin.probe("/api/info");
  if (!info) throw new UserError(`--ayon ${url}: the server does not answer`, 2);
  const version = (info.body as { version?: unknown } | null)?.version;
  if (info.status !== 200 || typeof version !== "string") throw new UserError(`--ayon ${url}: GET /api/info answered ${info.status}, not an AYON server's info`, 2);
  const meReply = await admin.probe("/api/users/me");
  if (meReply?.status === 401) throw new UserError(`--ayon ${url}: the server refuses the API key (401)`, 2);
  const me = (meReply?.status === 200 ? meReply.body : null) as Me | null;
  if (!me?.name) throw new UserError(`--ayon ${url}: GET /api/users/me answered ${meReply?.status ?? "nothing"}`, 2);
  if (me.data?.isService === true) return { kind: "real", url, setupKey: key, service: { name: me.name, apiKey: key, create: false }, version };
  if (me.data?.isAdmin === true) {
    // A human admin's key: the runtime gets a service user of its own, as a deployment has (a new name per
    // run: AYON refuses to create a user that exists, and keys are not read back).
    return { kind: "real", url, setupKey: key, service: { name: `ayon-sg-sandbox-${now.toString(36)}`, apiKey: newApiKey(), create: true }, version };
  }
  throw new UserError(`--ayon ${url}: the key belongs to '${me.name}', who is neither an admin nor a service user (installing an addon needs one)`, 2);
}
