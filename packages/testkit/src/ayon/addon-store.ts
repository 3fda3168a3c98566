// Installed addons and their settings: defaults per version, studio overrides and project overrides
// per settings variant (production, staging, dev bundle names). Resolution is a deep merge where
// objects merge key by key and anything else (lists included) replaces.
import { isPlainObject } from "./validation.js";
import type { JsonObject } from "./types.js";
import { AyonError } from "./errors.js";
import { extractOverrides, readPostedSettings } from "./settings-overrides.js";

export interface AddonVersion {
  name: string;
  version: string;
  title: string;
  description: string;
  addonType: "server" | "pipeline";
  /** package.py `ayon_version` (the server version the addon needs), when it says one. */
  ayonVersion?: string;
  /** Settings model defaults (a real server computes them from the Python settings model). */
  defaults: JsonObject;
  hasSettings: boolean;
  /** In-memory files of an uploaded zip, keyed by path inside the addon ("frontend/dist/index.html"). */
  files: Map<string, Buffer> | null;
  /** Directory on disk served as the addon's `frontend/` (the `frontendDir` option). */
  frontendDir: string | null;
  services: JsonObject;
}

export class AddonStore {
  readonly addons = new Map<string, Map<string, AddonVersion>>();
  private readonly studioOverrides = new Map<string, JsonObject>();
  private readonly projectOverrides = new Map<string, JsonObject>();
  /** Versions the production/staging "bundles" point at: the last registered/installed one. */
  readonly productionVersion = new Map<string, string>();
  /**
   * Request keys of GET /api/settings answered since the settings last changed (ayon-backend
   * api/settings/settings.py caches each answer in Redis; ayon_server/events/default_hooks.py and
   * addons/library.py clear the cache on settings.changed and addon list changes).
   */
  readonly allSettingsCache = new Set<string>();

  register(addon: AddonVersion): void {
    let versions = this.addons.get(addon.name);
    if (!versions) this.addons.set(addon.name, (versions = new Map()));
    versions.set(addon.version, addon);
    this.productionVersion.set(addon.name, addon.version);
    this.allSettingsCache.clear();
  }

  /** The addon version, or 404 with the server's wording. */
  require(name: string, version: string): AddonVersion {
    const versions = this.addons.get(name);
    if (!versions) throw new AyonError(404, `Addon ${name} does not exist`);
    const addon = versions.get(version);
    if (!addon) throw new AyonError(404, `Addon ${name} version ${version} does not exist`);
    return addon;
  }

  studioSettings(addon: AddonVersion, variant: string): JsonObject {
    return deepMerge(addon.defaults, this.studioOverrides.get(key(addon, variant)) ?? {});
  }

  projectSettings(addon: AddonVersion, variant: string, project: string): JsonObject {
    const studio = this.studioSettings(addon, variant);
    return deepMerge(studio, this.projectOverrides.get(key(addon, variant, project)) ?? {});
  }

  studioOverridesOf(addon: AddonVersion, variant: string): JsonObject {
    return structuredClone(this.studioOverrides.get(key(addon, variant)) ?? {});
  }

  projectOverridesOf(addon: AddonVersion, variant: string, project: string): JsonObject {
    return structuredClone(this.projectOverrides.get(key(addon, variant, project)) ?? {});
  }

  /** ayon-backend api/addons/studio_settings.py: the body is the whole model; see settings-overrides.ts. */
  saveStudioOverrides(addon: AddonVersion, variant: string, body: JsonObject): void {
    this.allSettingsCache.clear();
    const k = key(addon, variant);
    const posted = readPostedSettings(addon.defaults, body);
    this.studioOverrides.set(k, extractOverrides(this.studioSettings(addon, variant), posted, this.studioOverrides.get(k) ?? {}));
  }

  /** ayon-backend api/addons/project_settings.py: the body is the whole model (defaults, not studio values, fill it). */
  saveProjectOverrides(addon: AddonVersion, variant: string, project: string, body: JsonObject): void {
    this.allSettingsCache.clear();
    const k = key(addon, variant, project);
    const posted = readPostedSettings(addon.defaults, body);
    this.projectOverrides.set(k, extractOverrides(this.projectSettings(addon, variant, project), posted, this.projectOverrides.get(k) ?? {}));
  }

  deleteStudioOverrides(addon: AddonVersion, variant: string): void {
    this.allSettingsCache.clear();
    this.studioOverrides.delete(key(addon, variant));
  }

  deleteProjectOverrides(addon: AddonVersion, variant: string, project: string): void {
    this.allSettingsCache.clear();
    this.projectOverrides.delete(key(addon, variant, project));
  }
}

function key(addon: AddonVersion, variant: string, project?: string): string {
  return [addon.name, addon.version, variant, project?.toLowerCase() ?? ""].join("\u0000");
}

/** Objects merge recursively; everything else in `over` replaces. Inputs are not mutated. */
export function deepMerge(base: JsonObject, over: JsonObject): JsonObject {
  const out: JsonObject = structuredClone(base);
  for (const [k, v] of Object.entries(over)) {
    const current = out[k];
    out[k] = isPlainObject(current) && isPlainObject(v) ? deepMerge(current, v) : structuredClone(v);
  }
  return out;
}
