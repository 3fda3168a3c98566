// Conversation part 5: addons, addon settings, secrets and users (the sandbox's deployment calls, the
// runtime's settings and secret reads), then the project's deletion.
import { MISSING_PROJECT, PROJECT } from "./steps-server.js";
import type { Step } from "./types.js";

const ADDON = "/api/addons/rr_missing_addon/1.0.0";

export const ADDON_STEPS: Step[] = [
  { name: "addons-list", about: "GET /api/addons (client.listAddons)", role: "service", method: "GET", path: "/api/addons" },
  { name: "addon-settings-missing", about: "studio settings of an addon that is not installed", role: "service", method: "GET", path: `${ADDON}/settings` },
  { name: "addon-project-settings-missing", about: "project settings of an addon that is not installed", role: "service", method: "GET", path: `${ADDON}/settings/${PROJECT}` },
  { name: "addon-settings-save-missing", about: "POST settings of an addon that is not installed (sandbox setup)", role: "admin", method: "POST", path: `${ADDON}/settings`, body: { shotgrid_server: "http://sg" } },
  {
    name: "addon-install-not-zip", about: "POST /api/addons/install with a body that is not a zip", role: "admin", method: "POST", path: "/api/addons/install",
    rawBody: { contentType: "application/zip", text: "this is not a zip" },
  },
  { name: "addon-install-no-admin", about: "POST /api/addons/install without credentials", role: "anonymous", method: "POST", path: "/api/addons/install", rawBody: { contentType: "application/zip", text: "x" } },

  { name: "secret-missing", about: "GET /api/secrets/{name} of a secret that does not exist (client.getSecret)", role: "service", method: "GET", path: "/api/secrets/rr_missing_secret" },
  { name: "secret-put", about: "PUT /api/secrets/{name} (client.setSecret)", role: "service", method: "PUT", path: "/api/secrets/rr_script_key", body: { value: "not-a-real-script-key" } },
  { name: "secret-get", about: "GET /api/secrets/{name}", role: "service", method: "GET", path: "/api/secrets/rr_script_key" },
  { name: "secret-put-no-value", about: "PUT /api/secrets/{name} without a value", role: "service", method: "PUT", path: "/api/secrets/rr_script_key", body: {} },

  {
    name: "user-put-service", about: "PUT /api/users/{name}: a new service user with a key (sandbox setup)", role: "admin", method: "PUT", path: "/api/users/rr_runtime",
    body: { active: true, data: { isService: true }, apiKey: "c0ffee00c0ffee00c0ffee00c0ffee00" },
  },
  { name: "user-get", about: "GET /api/users/{name} of the new service user", role: "admin", method: "GET", path: "/api/users/rr_runtime" },
  { name: "user-missing", about: "GET /api/users/{name} of a user that does not exist", role: "admin", method: "GET", path: "/api/users/rr_nobody" },

  { name: "project-delete", about: "DELETE /api/projects/{name} (client.deleteProject)", role: "service", method: "DELETE", path: `/api/projects/${PROJECT}` },
  { name: "project-delete-missing", about: "DELETE of a project that does not exist", role: "service", method: "DELETE", path: `/api/projects/${MISSING_PROJECT}` },
  { name: "project-gone", about: "GET /api/projects/{name} after the delete", role: "service", method: "GET", path: `/api/projects/${PROJECT}` },
];
