/**
 * Sets the AYON emulator up the way a studio sets up a real server for ayon-sg, through the same endpoints
 * (ayon-api.md §1.2, §6, §7): upload the addon zip, restart, create the runtime's service user, store the
 * ShotGrid script key as a secret and save the addon settings that name it. Nothing is poked into the
 * emulator's memory.
 */
import { AyonClient } from "@ayon-sg/core";
import { installAddon } from "@ayon-sg/ayon-addon";
import { ensureAyonAttributes } from "@ayon-sg/shotgrid";
import type { AddonZip } from "./addon-zip.js";
import type { SandboxCredentials } from "./emulators.js";

export interface AddonDeployment {
  addonName: string;
  addonVersion: string;
  /** The settings as saved (the ShotGrid part of them). */
  settings: Record<string, unknown>;
}

export async function setUpAyonLikeADeployment(options: {
  ayonUrl: string;
  shotgridUrl: string;
  credentials: SandboxCredentials;
  addon: AddonZip;
  /** Seconds between two reads of ShotGrid's event log (the addon setting; a deployment keeps 10). */
  pollingFrequency: number;
}): Promise<AddonDeployment> {
  const { ayonUrl, credentials, addon } = options;
  const admin = new AyonAdmin(ayonUrl, credentials.deployKey);

  await installAddon({ ayonUrl, apiKey: credentials.deployKey, zip: addon.zip, name: addon.name, version: addon.version });
  await admin.call("POST", "/api/system/restart");
  // On a real server the addon's Python setup() creates shotgridId/shotgridType/shotgridPush at startup and asks
  // for one more restart. The emulator runs no Python, so the sandbox does what that setup does, through the
  // attribute API, with the definitions the runtime itself checks, and restarts once more like the admin would.
  const ayon = new AyonClient({ serverUrl: ayonUrl, apiKey: credentials.deployKey, sender: "sandbox-setup" });
  const attributes = await ensureAyonAttributes(ayon);
  if (!attributes.active) await admin.call("POST", "/api/system/restart");

  await admin.call("PUT", `/api/users/${credentials.service.name}`, {
    active: true,
    data: { isService: true },
    apiKey: credentials.service.apiKey,
  });
  await ayon.setSecret(credentials.script.secretName, credentials.script.key);
  const settings = {
    shotgrid_server: options.shotgridUrl,
    service_settings: {
      script_name: credentials.script.name,
      script_key: credentials.script.secretName,
      polling_frequency: options.pollingFrequency,
    },
  };
  await admin.call("POST", `/api/addons/${addon.name}/${addon.version}/settings`, settings);
  return { addonName: addon.name, addonVersion: addon.version, settings };
}

/** Admin calls the runtime's client has no reason to offer (users, restart, settings); errors name the call, never the key. */
class AyonAdmin {
  constructor(
    private readonly url: string,
    private readonly apiKey: string,
  ) {}

  async call(method: string, path: string, body?: unknown): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(`${this.url}${path}`, {
        method,
        headers: { "x-api-key": this.apiKey, ...(body === undefined ? {} : { "content-type": "application/json" }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      throw new Error(`AYON setup: ${method} ${path} did not reach ${this.url}: ${(error as Error).message}`);
    }
    const text = await response.text();
    if (!response.ok) {
      let detail = text.slice(0, 300);
      try {
        detail = String((JSON.parse(text) as { detail?: unknown }).detail ?? detail);
      } catch {
        // not JSON: keep the text
      }
      throw new Error(`AYON setup: ${method} ${path} answered ${response.status}: ${detail}`);
    }
    return text ? (JSON.parse(text) as unknown) : null;
  }
}
