// Addon settings (ayon-backend api/addons/studio_settings.py, project_settings.py): studio settings (defaults ⊕ studio
// overrides) per variant, project settings (⊕ project overrides; the project is a path segment), their raw overrides,
// and POST to save overrides (the body read as the whole model, as settings-overrides.ts describes).
import { emptyReply, jsonReply } from "../http/index.js";
import { AyonError, notFound } from "./errors.js";
import type { AyonRequest, AyonRoutes } from "./request.js";
import type { AddonVersion } from "./addon-store.js";
import type { JsonObject } from "./types.js";
import { isPlainObject } from "./validation.js";
import { requestValidationError } from "./errors.js";

const BASE = "/api/addons/{addonName}/{addonVersion}";

function addonFromPath(req: AyonRequest): AddonVersion {
  return req.state.addons.require(req.params.addonName!, req.params.addonVersion!);
}

function variantOf(req: AyonRequest): string {
  return req.query("variant") || "production";
}

function projectNameFromPath(req: AyonRequest): string {
  const project = req.state.project(req.params.projectName!);
  if (!project) throw notFound(`Project ${req.params.projectName} not found`);
  return project.name;
}

async function settingsBody(req: AyonRequest): Promise<JsonObject> {
  const body = await req.json();
  if (!isPlainObject(body)) {
    throw requestValidationError(req.http.method, req.http.path, [{ loc: ["body"], msg: "value is not a valid dict", type: "type_error.dict" }]);
  }
  return body;
}

export function registerSettingsRoutes(routes: AyonRoutes): void {
  routes.get(`${BASE}/settings`, (req) => {
    void req.principal;
    const addon = addonFromPath(req);
    if (!addon.hasSettings) return jsonReply({});
    return jsonReply(req.state.addons.studioSettings(addon, variantOf(req)));
  });

  routes.post(`${BASE}/settings`, async (req) => {
    req.requireManager("Only managers can change studio settings");
    const body = await settingsBody(req);
    const addon = addonFromPath(req);
    if (!addon.hasSettings) throw new AyonError(400, `Addon ${addon.name} has no settings`);
    req.state.addons.saveStudioOverrides(addon, variantOf(req), body);
    return emptyReply(204);
  });

  routes.get(`${BASE}/settings/{projectName}`, (req) => {
    void req.principal;
    const addon = addonFromPath(req);
    const project = projectNameFromPath(req);
    if (!addon.hasSettings) throw notFound(`Addon ${addon.name} has no settings`);
    return jsonReply(req.state.addons.projectSettings(addon, variantOf(req), project));
  });

  routes.post(`${BASE}/settings/{projectName}`, async (req) => {
    req.requireManager("Only managers can change project settings");
    const body = await settingsBody(req);
    const addon = addonFromPath(req);
    const project = projectNameFromPath(req);
    if (!addon.hasSettings) throw new AyonError(400, `Addon ${addon.name} has no settings`);
    req.state.addons.saveProjectOverrides(addon, variantOf(req), project, body);
    return emptyReply(204);
  });

  // The real overrides endpoints answer a per-field structure; the emulator returns the raw
  // overrides document (what was saved), which is what clients compare against.
  routes.get(`${BASE}/overrides`, (req) => {
    void req.principal;
    return jsonReply(req.state.addons.studioOverridesOf(addonFromPath(req), variantOf(req)));
  });

  routes.delete(`${BASE}/overrides`, (req) => {
    req.requireManager("Only managers can change studio settings");
    req.state.addons.deleteStudioOverrides(addonFromPath(req), variantOf(req));
    return emptyReply(204);
  });

  routes.get(`${BASE}/overrides/{projectName}`, (req) => {
    void req.principal;
    const addon = addonFromPath(req);
    return jsonReply(req.state.addons.projectOverridesOf(addon, variantOf(req), projectNameFromPath(req)));
  });

  routes.delete(`${BASE}/overrides/{projectName}`, (req) => {
    req.requireManager("Only managers can change project settings");
    const addon = addonFromPath(req);
    req.state.addons.deleteProjectOverrides(addon, variantOf(req), projectNameFromPath(req));
    return emptyReply(204);
  });
}
