// Bundle-wide addon settings (GET /api/settings, ayon-backend api/settings/settings.py) and an addon's site
// settings values (api/addons/site_settings.py).
// The emulator has one bundle, "emulator", the production bundle holding every registered addon
// (see /api/bundles in addons.ts); no staging, dev or project bundles, and no addon has a site
// settings model.
import { jsonReply } from "../http/index.js";
import type { AddonVersion } from "./addon-store.js";
import { AyonError, badRequest, requestValidationError } from "./errors.js";
import { NAME_REGEX } from "./naming.js";
import type { AyonRequest, AyonRoutes } from "./request.js";
import type { JsonObject } from "./types.js";
import { coerceBool, isPlainObject, validateParam } from "./validation.js";

const BUNDLE_NAME = "emulator";
// ayon-backend ayon_server/types.py PROJECT_NAME_REGEX (the query parameter allows the empty string).
const PROJECT_NAME_QUERY_REGEX = /^[a-zA-Z0-9_]*$/;
// ayon-backend ayon_server/api/dependencies.py SITE_ID_REGEX.
const SITE_ID_REGEX = /^[a-z0-9-]+$/;

/** ayon-backend ayon_server/api/dependencies.py dep_site_id: `site_id` or its alias `site`; 400 "Invalid site id: x". */
export function siteIdOf(req: AyonRequest): string | undefined {
  // dependencies.py: `param1 or param2`, so an empty value counts as no site.
  const siteId = req.query("site_id") || req.query("site");
  if (!siteId) return undefined;
  if (!SITE_ID_REGEX.test(siteId)) throw badRequest(`Invalid site id: ${siteId}`);
  return siteId;
}

function summaryOf(req: AyonRequest): boolean {
  const raw = req.query("summary");
  if (raw === undefined) return false;
  const value = coerceBool(raw);
  // FastAPI's bool query coercion, answered 400 by ayon-backend ayon_server/api/server.py.
  if (value === undefined) {
    throw requestValidationError(req.http.method, req.http.path, [{ loc: ["query", "summary"], msg: "value could not be parsed to a boolean", type: "type_error.bool" }]);
  }
  return value;
}

/** settings_addons_list.py raises NotFoundException(status_code=404, ...): the keyword lands in the body too. */
function notFoundWithStatus(detail: string): AyonError {
  return new AyonError(404, detail, undefined, { status_code: 404 });
}

/** ayon-backend api/settings/settings_addons_list.py: which bundle the request names, or 404. */
function resolveBundle(req: AyonRequest, variant: string, bundleName: string | undefined, projectName: string | undefined): { name: string; addons: Map<string, string> } {
  let projectBundle = req.query("project_bundle_name") || undefined;
  // settings_addons_list.py: a bundle name starting with "__project__" is a project bundle name.
  if (!projectBundle && bundleName?.startsWith("__project__")) {
    projectBundle = bundleName;
    bundleName = undefined;
  }
  // settings_addons_list.py: a variant other than production/staging is a dev bundle's name.
  const wanted = variant === "production" || variant === "staging" ? bundleName : variant;
  const isStudioBundle = wanted === undefined ? variant === "production" : wanted === BUNDLE_NAME;
  if (!isStudioBundle) throw notFoundWithStatus("Bundle not found");
  if (projectName && !projectBundle) {
    // settings_addons_list.py: the project row is read by its exact name.
    const project = req.state.project(projectName);
    if (!project || project.name !== projectName) throw notFoundWithStatus("Project not found");
  }
  // settings_addons_list.py: the emulator has no project bundles (detail text as the server spells it).
  if (projectBundle) throw notFoundWithStatus(`Project bundle ${projectBundle} not foundStudio ${variant} bundle is not set`);
  return { name: BUNDLE_NAME, addons: new Map(req.state.addons.productionVersion) };
}

/**
 * ayon-backend api/settings/models.py AddonSettingsItemModel, served with response_model_exclude_none
 * (api/settings/settings.py): the has*Overrides flags are only ever true or absent, `reason` is absent,
 * and `siteSettings` (None without a site settings model) comes back as its default, {}.
 */
function addonItem(req: AyonRequest, addon: AddonVersion, variant: string, projectName: string | undefined, summary: boolean): JsonObject {
  const store = req.state.addons;
  const item: JsonObject = {
    name: addon.name,
    version: addon.version,
    title: addon.title || addon.name,
    // settings.py: a settings model whose fields keep the default scope (studio, project).
    hasSettings: addon.hasSettings,
    hasProjectSettings: addon.hasSettings,
    hasProjectSiteSettings: false,
    hasSiteSettings: false,
  };
  let settings: JsonObject = {};
  if (addon.hasSettings) {
    // ayon_server/addons/addon.py get_studio_settings/get_project_settings: a flag is set only when overrides are
    // non-empty.
    if (Object.keys(store.studioOverridesOf(addon, variant)).length > 0) item.hasStudioOverrides = true;
    if (projectName && Object.keys(store.projectOverridesOf(addon, variant, projectName)).length > 0) item.hasProjectOverrides = true;
    settings = projectName ? store.projectSettings(addon, variant, projectName) : store.studioSettings(addon, variant);
  }
  item.settings = summary ? {} : settings;
  item.siteSettings = {};
  item.isBroken = false;
  item.isProjectBundle = false;
  return item;
}

/** orjson OPT_SORT_KEYS (ayon-backend ayon_server/utils/json.py json_dumps): every object's keys sorted. */
function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (!isPlainObject(value)) return value;
  const keys = Object.keys(value).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(keys.map((k) => [k, sortedKeys(value[k])]));
}

export function registerAllSettingsRoutes(routes: AyonRoutes): void {
  // ayon-backend api/settings/settings.py get_all_settings (AllSettingsResponseModel, nulls left out).
  routes.get("/api/settings", (req) => {
    void req.principal;
    // settings.py: the SiteID dependency is checked before the query parameters.
    const siteId = siteIdOf(req);
    const bundleRaw = req.query("bundle_name");
    const bundleName = bundleRaw ? validateParam("bundle_name", "query", bundleRaw, NAME_REGEX, req.vctx) : undefined;
    const projectRaw = req.query("project_name");
    const projectName = projectRaw !== undefined ? validateParam("project_name", "query", projectRaw, PROJECT_NAME_QUERY_REGEX, req.vctx) || undefined : undefined;
    const variant = req.query("variant") || "production";
    const summary = summaryOf(req);
    const bundle = resolveBundle(req, variant, bundleName, projectName);
    const addons: JsonObject[] = [];
    for (const [name, version] of bundle.addons) {
      const addon = req.state.addons.addons.get(name)?.get(version);
      if (addon) addons.push(addonItem(req, addon, variant, projectName, summary));
    }
    // settings.py: the addons are sorted by lower-cased title.
    addons.sort((a, b) => {
      const [x, y] = [String(a.title).toLowerCase(), String(b.title).toLowerCase()];
      return x < y ? -1 : x > y ? 1 : 0;
    });
    // settings.py: an answer is cached (1 h) as JSON with sorted keys and read back into the model, so
    // a repeated request gets the model's fields in order but the keys of `settings` and
    // `siteSettings` (plain dicts) sorted; the first request after a change gets the model's order.
    const cacheKey = JSON.stringify([bundleName ?? null, projectName ?? null, req.query("project_bundle_name") ?? null, variant, req.principal.user.name, siteId ?? null, summary]);
    if (req.state.addons.allSettingsCache.has(cacheKey)) {
      for (const item of addons) {
        item.settings = sortedKeys(item.settings) as JsonObject;
        item.siteSettings = sortedKeys(item.siteSettings) as JsonObject;
      }
    }
    req.state.addons.allSettingsCache.add(cacheKey);
    const out: JsonObject = {};
    if (projectName) out.projectName = projectName;
    out.bundleName = bundle.name;
    out.addons = addons;
    out.inheritedAddons = [];
    return jsonReply(out);
  });

  // ayon-backend api/addons/site_settings.py: an addon without a site settings model answers {}.
  routes.get("/api/addons/{addonName}/{addonVersion}/siteSettings", (req) => {
    void req.principal;
    siteIdOf(req);
    req.state.addons.require(req.params.addonName!, req.params.addonVersion!);
    return jsonReply({});
  });
}
