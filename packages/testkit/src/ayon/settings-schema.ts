// Addon settings schemas (ayon-backend api/addons/studio_settings.py). A real server builds them from the addon's
// Python settings model (pydantic `schema()` plus its post-processing), which the emulator cannot run: it answers what
// the real server answers without a model ({}), and 501 where a model would be needed.
import { jsonReply } from "../http/index.js";
import { AyonError, notFound } from "./errors.js";
import { siteIdOf } from "./all-settings.js";
import type { AyonRequest, AyonRoutes } from "./request.js";

const BASE = "/api/addons/{addonName}/{addonVersion}";

function schemaReply(req: AyonRequest) {
  const addon = req.state.addons.require(req.params.addonName!, req.params.addonVersion!);
  // ayon-backend api/addons/studio_settings.py get_addon_settings_schema: no settings model, {}.
  if (!addon.hasSettings) return jsonReply({});
  throw new AyonError(501, `The settings schema of ${addon.name} ${addon.version} comes from its Python settings model, which the emulator does not run`);
}

export function registerSettingsSchemaRoutes(routes: AyonRoutes): void {
  routes.get(`${BASE}/schema`, (req) => {
    void req.principal;
    return schemaReply(req);
  });

  routes.get(`${BASE}/schema/{projectName}`, (req) => {
    void req.principal;
    // ayon-backend api/addons/project_settings.py: its ProjectName dependency (any letter case), then SiteID.
    if (!req.state.project(req.params.projectName!)) throw notFound(`Project ${req.params.projectName} not found`);
    siteIdOf(req);
    return schemaReply(req);
  });

  // ayon-backend api/addons/site_settings.py: an addon without a site settings model answers {}.
  routes.get(`${BASE}/siteSettings/schema`, (req) => {
    void req.principal;
    req.state.addons.require(req.params.addonName!, req.params.addonVersion!);
    return jsonReply({});
  });
}
