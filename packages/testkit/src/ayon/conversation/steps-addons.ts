// Conversation part 5: addons, addon settings and secrets (the sandbox's deployment calls, the runtime's
// settings and secret reads), the users part (steps-users.ts), then the project's deletion.
import { PROBE_ADDON, probeAddonZip } from "./probe-addon.js";
import { MISSING_PROJECT, PROJECT } from "./steps-server.js";
import { USER_STEPS } from "./steps-users.js";
import type { Step } from "./types.js";

const ADDON = "/api/addons/rr_missing_addon/1.0.0";
const PROBE = `/api/addons/${PROBE_ADDON.name}/${PROBE_ADDON.version}`;

/** Install the probe addon as the sandbox installs ayon-sg's, restart, then its settings as the runtime reads them. */
const PROBE_STEPS: Step[] = [
  {
    name: "addon-install", about: "POST /api/addons/install with an addon zip (sandbox installAddon)", role: "admin", method: "POST", path: "/api/addons/install",
    rawBody: { contentType: "application/zip", data: probeAddonZip() }, capture: { installEventId: "eventId" },
  },
  {
    name: "addon-install-event", about: "GET /api/events/{id} of the install event until it ends", role: "admin", method: "GET", path: "/api/events/{{installEventId}}",
    until: { path: "status", oneOf: ["finished", "failed", "aborted"] },
  },
  { name: "addon-restart", about: "POST /api/system/restart after the install (loads the addon's Python part)", role: "admin", method: "POST", path: "/api/system/restart", waitReady: true },
  { name: "addons-list-installed", about: "GET /api/addons with the addon installed (client.listAddons)", role: "service", method: "GET", path: "/api/addons" },
  { name: "addon-frontend-missing", about: "GET the addon's frontend page (installAddon waits for it); this addon has none", role: "anonymous", method: "GET", path: `/addons/${PROBE_ADDON.name}/${PROBE_ADDON.version}/frontend/index.html`, compare: "status" },
  { name: "addon-settings", about: "studio settings: the model's defaults (client.getAddonSettings)", role: "service", method: "GET", path: `${PROBE}/settings` },
  { name: "addon-settings-variant", about: "studio settings with ?variant=production", role: "service", method: "GET", path: `${PROBE}/settings?variant=production` },
  {
    name: "addon-settings-save", about: "POST studio settings (sandbox setup)", role: "admin", method: "POST", path: `${PROBE}/settings`,
    body: { server_url: "http://sg.studio", polling_frequency: 5 },
  },
  { name: "addon-settings-saved", about: "studio settings after the save", role: "service", method: "GET", path: `${PROBE}/settings` },
  { name: "addon-settings-invalid", about: "POST studio settings of the wrong type (validation error)", role: "admin", method: "POST", path: `${PROBE}/settings`, body: { polling_frequency: "often" } },
  { name: "addon-project-settings", about: "project settings (client.getAddonSettings with a project)", role: "service", method: "GET", path: `${PROBE}/settings/${PROJECT}` },
  { name: "addon-project-settings-save", about: "POST project settings (an override)", role: "admin", method: "POST", path: `${PROBE}/settings/${PROJECT}`, body: { polling_frequency: 7 } },
  { name: "addon-project-settings-saved", about: "project settings after the override", role: "service", method: "GET", path: `${PROBE}/settings/${PROJECT}` },
  { name: "addon-project-settings-missing-project", about: "project settings of a project that does not exist", role: "service", method: "GET", path: `${PROBE}/settings/${MISSING_PROJECT}` },
  { name: "addon-version-missing", about: "settings of a version of the addon that is not installed", role: "service", method: "GET", path: `/api/addons/${PROBE_ADDON.name}/9.9.9/settings` },
];

/** The sandbox's production bundle (packages/sandbox/src/ayon-setup.ts ensureBundle): read, made when missing. */
const BUNDLE_STEPS: Step[] = [
  { name: "bundles-list", about: "GET /api/bundles on a server without a production bundle (ensureBundle)", role: "admin", method: "GET", path: "/api/bundles" },
  {
    name: "bundle-create", about: "POST /api/bundles: a production bundle holding the addon (ensureBundle)", role: "admin", method: "POST", path: "/api/bundles",
    body: { name: "rr_bundle", addons: { [PROBE_ADDON.name]: PROBE_ADDON.version }, isProduction: true },
  },
  {
    name: "bundle-create-conflict", about: "POST /api/bundles with a name that exists", role: "admin", method: "POST", path: "/api/bundles",
    body: { name: "rr_bundle", addons: { [PROBE_ADDON.name]: PROBE_ADDON.version }, isProduction: true },
  },
  { name: "bundles-list-created", about: "GET /api/bundles with the production bundle", role: "admin", method: "GET", path: "/api/bundles" },
];

export const ADDON_STEPS: Step[] = [
  { name: "addons-list", about: "GET /api/addons (client.listAddons)", role: "service", method: "GET", path: "/api/addons" },
  { name: "addon-settings-missing", about: "studio settings of an addon that is not installed", role: "service", method: "GET", path: `${ADDON}/settings` },
  { name: "addon-project-settings-missing", about: "project settings of an addon that is not installed", role: "service", method: "GET", path: `${ADDON}/settings/${PROJECT}` },
  { name: "addon-settings-save-missing", about: "POST settings of an addon that is not installed (sandbox setup)", role: "admin", method: "POST", path: `${ADDON}/settings`, body: { shotgrid_server: "http://sg" } },
  {
    name: "addon-install-not-zip", about: "POST /api/addons/install with a body that is not a zip", role: "admin", method: "POST", path: "/api/addons/install",
    rawBody: { contentType: "application/zip", data: "this is not a zip" },
  },
  { name: "addon-install-no-admin", about: "POST /api/addons/install without credentials", role: "anonymous", method: "POST", path: "/api/addons/install", rawBody: { contentType: "application/zip", data: "x" } },

  ...PROBE_STEPS,
  ...BUNDLE_STEPS,

  { name: "secret-missing", about: "GET /api/secrets/{name} of a secret that does not exist (client.getSecret)", role: "service", method: "GET", path: "/api/secrets/rr_missing_secret" },
  { name: "secret-put", about: "PUT /api/secrets/{name} (client.setSecret)", role: "service", method: "PUT", path: "/api/secrets/rr_script_key", body: { value: "not-a-real-script-key" } },
  { name: "secret-get", about: "GET /api/secrets/{name}", role: "service", method: "GET", path: "/api/secrets/rr_script_key" },
  { name: "secret-put-no-value", about: "PUT /api/secrets/{name} without a value", role: "service", method: "PUT", path: "/api/secrets/rr_script_key", body: {} },

  ...USER_STEPS,

  { name: "project-delete", about: "DELETE /api/projects/{name} (client.deleteProject)", role: "service", method: "DELETE", path: `/api/projects/${PROJECT}` },
  { name: "project-delete-missing", about: "DELETE of a project that does not exist", role: "service", method: "DELETE", path: `/api/projects/${MISSING_PROJECT}` },
  { name: "project-gone", about: "GET /api/projects/{name} after the delete", role: "service", method: "GET", path: `/api/projects/${PROJECT}` },
];
