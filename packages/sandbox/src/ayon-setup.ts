/**
 * Sets an AYON server up the way a studio sets one up for ayon-sg, through its public endpoints only, on the
 * emulator and on a real server alike: upload the addon zip and wait for its install event, restart until
 * the addon is loaded, make sure the shotgrid* attributes are active (the addon's Python setup creates them
 * on a real server; the emulator runs no Python, so the same definitions go through the attribute API and
 * one more restart), enable the addon in a production bundle when the server has none, create the runtime's
 * service user (unless the runtime uses the setup key's own service user), store the ShotGrid script key as a
 * secret and save the addon settings that name it. Nothing is poked into a server's memory.
 */
import { AyonClient } from "@ayon-sg/core";
import { installAddon } from "@ayon-sg/ayon-addon";
import { attributesActive, ensureAyonAttributes } from "@ayon-sg/shotgrid";
import type { AddonZip } from "./addon-zip.js";
import { AyonAdmin } from "./ayon-admin.js";
import { addonLoaded, restartAyon } from "./ayon-restart.js";

export interface AddonDeployment {
  addonName: string;
  addonVersion: string;
  /** The settings as saved (the ShotGrid part of them). */
  settings: Record<string, unknown>;
  /** One line per step, with its time, for the banner and the summary. */
  steps: string[];
}

export interface AyonSetupOptions {
  ayonUrl: string;
  /** An admin's or a service user's API key: installs, restarts, creates users, saves settings. */
  setupKey: string;
  shotgridUrl: string;
  script: { name: string; key: string; secretName: string };
  /** The runtime's service user: created with this key, or (create false) the setup key's own. */
  service: { name: string; apiKey: string; create: boolean };
  addon: AddonZip;
  /** Seconds between two reads of ShotGrid's event log (the addon setting; a deployment keeps 10). */
  pollingFrequency: number;
  /** Told before each slow step (restarts take seconds on a real server). */
  say?: (line: string) => void;
  /**
   * How long a restart that gives no sign of a new process counts as not done yet (restartAyon's graceMs).
   * 0 for the sandbox's own emulator, which restarts in place at once.
   */
  restartGraceMs?: number;
}

export const SANDBOX_BUNDLE = "ayon-sg-sandbox";

export async function setUpAyonLikeADeployment(options: AyonSetupOptions): Promise<AddonDeployment> {
  const { ayonUrl, setupKey, addon } = options;
  const say = options.say ?? (() => {});
  const admin = new AyonAdmin(ayonUrl, setupKey);
  const ayon = new AyonClient({ serverUrl: ayonUrl, apiKey: setupKey, sender: "sandbox-setup" });
  const steps: string[] = [];
  const timed = async <T>(label: string, step: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    const result = await step();
    steps.push(`${label} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    return result;
  };

  await timed(`addon ${addon.name} ${addon.version} uploaded and unpacked`, () =>
    installAddon({ ayonUrl, apiKey: setupKey, zip: addon.zip, name: addon.name, version: addon.version }),
  );
  say(`  addon ${addon.name} ${addon.version} installed; restarting AYON until it is loaded…`);
  await timed("restarted until the addon is loaded", () => restartAyon(admin, () => addonLoaded(admin, addon.name, addon.version), `with addon ${addon.name} ${addon.version} loaded`, { graceMs: options.restartGraceMs }));

  const attributes = await ensureAyonAttributes(ayon);
  if (!attributes.active) {
    say(`  attributes ${attributes.changed.join(", ") || "shotgrid*"} written; restarting AYON once more to apply them…`);
    await timed("restarted until the shotgrid attributes apply", () => restartAyon(admin, () => attributesActive(ayon), "with the shotgrid attributes active", { graceMs: options.restartGraceMs }));
  }
  steps.push(`shotgrid attributes ${attributes.changed.length > 0 ? `created (${attributes.changed.join(", ")})` : "present"}`);

  steps.push(await ensureBundle(admin, addon));

  if (options.service.create) {
    await admin.call("PUT", `/api/users/${encodeURIComponent(options.service.name)}`, {
      active: true,
      data: { isService: true },
      apiKey: options.service.apiKey,
    });
    steps.push(`service user '${options.service.name}' created`);
  } else {
    steps.push(`runtime runs as the setup key's service user '${options.service.name}'`);
  }
  await ayon.setSecret(options.script.secretName, options.script.key);
  steps.push(`ShotGrid script key stored in secret '${options.script.secretName}'`);
  const settings = {
    shotgrid_server: options.shotgridUrl,
    service_settings: {
      script_name: options.script.name,
      script_key: options.script.secretName,
      polling_frequency: options.pollingFrequency,
    },
  };
  await admin.call("POST", `/api/addons/${addon.name}/${addon.version}/settings`, settings);
  steps.push("addon settings saved");
  return { addonName: addon.name, addonVersion: addon.version, settings, steps };
}

/**
 * A server without a production bundle (a fresh one) gets one holding the addon, as an admin would make it
 * (ayon-backend api/bundles/bundles.py, POST /api/bundles). A server that has one keeps it: the sandbox does
 * not change a studio's production, and the runtime reads the settings of the version it names.
 */
async function ensureBundle(admin: AyonAdmin, addon: AddonZip): Promise<string> {
  const bundles = (await admin.call("GET", "/api/bundles")) as { productionBundle?: string | null; bundles?: Array<{ name: string; addons?: Record<string, string | null> }> };
  const production = bundles.productionBundle ?? null;
  if (production !== null) {
    const holds = bundles.bundles?.find((b) => b.name === production)?.addons?.[addon.name] === addon.version;
    return `production bundle '${production}' ${holds ? "holds the addon" : "left as it is (the addon is installed, not in it)"}`;
  }
  const name = bundles.bundles?.some((b) => b.name === SANDBOX_BUNDLE) ? `${SANDBOX_BUNDLE}-${Date.now().toString(36)}` : SANDBOX_BUNDLE;
  await admin.call("POST", "/api/bundles", { name, addons: { [addon.name]: addon.version }, isProduction: true });
  return `production bundle '${name}' created with the addon`;
}
