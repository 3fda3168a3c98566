// Conversation part 1: the server, who is calling, projects and anatomy, attributes (with the restart that
// activates new ones). Request bodies are the ones packages/core/src/ayon/client.ts and the sandbox send.
import type { Step } from "./types.js";

export const PROJECT = "rr_conv";
export const MISSING_PROJECT = "rr_missing";

/** The attributes the ShotGrid addon adds (packages/shotgrid/src/sync/setup.ts SHOTGRID_ATTRIBUTES). */
const SHOTGRID_ATTRIBUTE_PUTS: Step[] = [
  ["shotgridId", ["project", "folder", "task", "version"], { type: "string", title: "ShotGrid ID", inherit: false }],
  ["shotgridType", ["project", "folder", "task", "version"], { type: "string", title: "ShotGrid Type", inherit: false }],
  ["shotgridPush", ["project"], { type: "boolean", title: "ShotGrid Push", default: false, inherit: false }],
].map(([name, scope, data], i) => ({
  name: `attribute-put-${name as string}`,
  about: `PUT /api/attributes/${name as string} as ensureAyonAttributes sends it (new attribute, pending until a restart)`,
  role: "service",
  method: "PUT",
  path: `/api/attributes/${name as string}`,
  body: { position: 100 + i, scope, data },
}));

export const ATTRIBUTE_PROBE =
  "query ShotgridAttributesProbe { projects(first: 1) { edges { node { attrib { shotgridId shotgridType shotgridPush } " +
  "folders(first: 1) { edges { node { attrib { shotgridId shotgridType } } } } " +
  "tasks(first: 1) { edges { node { attrib { shotgridId shotgridType } } } } } } } }";

export const SERVER_STEPS: Step[] = [
  { name: "root-page", about: "GET / answers 200 (ayon-python-api checks it before connecting)", role: "anonymous", method: "GET", path: "/", compare: "status" },
  { name: "info-anonymous", about: "GET /api/info without credentials", role: "anonymous", method: "GET", path: "/api/info" },
  { name: "info", about: "GET /api/info as the service user (client.info)", role: "service", method: "GET", path: "/api/info" },
  { name: "users-me", about: "GET /api/users/me as the service user (client.me)", role: "service", method: "GET", path: "/api/users/me" },
  { name: "auth-missing", about: "no credentials on an endpoint that needs them", role: "anonymous", method: "GET", path: "/api/users/me" },
  { name: "auth-bad-key", about: "an API key the server does not know", role: "badKey", method: "GET", path: "/api/users/me" },
  { name: "auth-bad-key-graphql", about: "an unknown key on POST /graphql", role: "badKey", method: "POST", path: "/graphql", body: { query: "{ projects { edges { node { name } } } }" } },
  {
    name: "login-bad-password", about: "POST /api/auth/login with a wrong password", role: "anonymous", method: "POST", path: "/api/auth/login",
    body: { name: "{{adminName}}", password: "not-the-password" },
  },
  {
    name: "login", about: "POST /api/auth/login as the admin (the addon page's login; its token authorises the admin steps)",
    role: "anonymous", method: "POST", path: "/api/auth/login", body: { name: "{{adminName}}", password: "{{adminPassword}}" }, capture: { adminToken: "token" },
  },
  { name: "admin-me", about: "GET /api/users/me with the admin's bearer token", role: "admin", method: "GET", path: "/api/users/me" },
  { name: "graphql-wrong-path", about: "POST /api/graphql (GraphQL lives at /graphql)", role: "service", method: "POST", path: "/api/graphql", body: { query: "{ projects { edges { node { name } } } }" } },

  { name: "projects-list-empty", about: "GET /api/projects on a server without projects", role: "service", method: "GET", path: "/api/projects" },
  { name: "project-missing", about: "GET /api/projects/{name} of a project that does not exist", role: "service", method: "GET", path: `/api/projects/${MISSING_PROJECT}` },
  { name: "anatomy-presets", about: "GET /api/anatomy/presets (client.listAnatomyPresets)", role: "service", method: "GET", path: "/api/anatomy/presets" },
  { name: "anatomy-builtin", about: "GET /api/anatomy/presets/__builtin__", role: "service", method: "GET", path: "/api/anatomy/presets/__builtin__" },
  { name: "anatomy-primary", about: "GET /api/anatomy/presets/__primary__", role: "service", method: "GET", path: "/api/anatomy/presets/__primary__" },
  { name: "anatomy-preset-missing", about: "GET /api/anatomy/presets/{name} of a preset that does not exist", role: "service", method: "GET", path: "/api/anatomy/presets/rr_missing_preset" },
  { name: "project-create-bad-name", about: "POST /api/projects with a name AYON refuses (validation error shape)", role: "service", method: "POST", path: "/api/projects", body: { name: "bad name!", code: "bad" } },
  { name: "project-create-no-code", about: "POST /api/projects without the required code", role: "service", method: "POST", path: "/api/projects", body: { name: "rr_nocode" } },
  { name: "project-create", about: "POST /api/projects as the import sends it (client.createProject)", role: "service", method: "POST", path: "/api/projects", body: { name: PROJECT, code: "rrconv" } },
  { name: "project-create-conflict", about: "POST /api/projects with a name that exists", role: "service", method: "POST", path: "/api/projects", body: { name: PROJECT, code: "rrconv" } },
  {
    name: "project-create-missing-preset", about: "POST /api/projects naming an anatomy preset that does not exist", role: "service", method: "POST", path: "/api/projects",
    body: { name: "rr_preset", code: "rrpreset", anatomyPreset: "rr_missing_preset" },
  },
  { name: "project-get", about: "GET /api/projects/{name} (client.getProject)", role: "service", method: "GET", path: `/api/projects/${PROJECT}` },
  {
    name: "project-patch", about: "PATCH /api/projects/{name} with attrib and data (client.updateProject)", role: "service", method: "PATCH", path: `/api/projects/${PROJECT}`,
    body: { attrib: { fps: 24, resolutionWidth: 2048 }, data: { rrConversation: true } },
  },
  { name: "project-patch-missing", about: "PATCH of a project that does not exist", role: "service", method: "PATCH", path: `/api/projects/${MISSING_PROJECT}`, body: { attrib: { fps: 24 } } },
  { name: "project-get-patched", about: "GET /api/projects/{name} after the patch", role: "service", method: "GET", path: `/api/projects/${PROJECT}` },
  { name: "projects-list", about: "GET /api/projects (client.listProjects)", role: "service", method: "GET", path: "/api/projects" },
  { name: "projects-list-filtered", about: "GET /api/projects?active=true&library=false", role: "service", method: "GET", path: "/api/projects?active=true&library=false" },

  { name: "attributes-list", about: "GET /api/attributes (client.listAttributes; every model field, nulls included)", role: "service", method: "GET", path: "/api/attributes" },
  { name: "attribute-get", about: "GET /api/attributes/{name} (client.getAttribute)", role: "service", method: "GET", path: "/api/attributes/fps" },
  { name: "attribute-missing", about: "GET /api/attributes/{name} of an attribute that does not exist", role: "service", method: "GET", path: "/api/attributes/rrMissing" },
  ...SHOTGRID_ATTRIBUTE_PUTS,
  {
    name: "attribute-put-invalid", about: "PUT /api/attributes/{name} with a position that is not a number (validation error)", role: "service", method: "PUT",
    path: "/api/attributes/rrInvalid", body: { position: "last", scope: ["folder"], data: { type: "string", title: "x" } },
  },
  { name: "graphql-probe-before-restart", about: "the attribute probe before AYON restarted (attributes not in the schema yet)", role: "service", method: "POST", path: "/graphql", body: { query: ATTRIBUTE_PROBE, variables: {} } },
  { name: "restart-required", about: "GET /api/system/restartRequired after new attributes", role: "admin", method: "GET", path: "/api/system/restartRequired" },
  { name: "restart", about: "POST /api/system/restart (sandbox setup; activates the new attributes)", role: "admin", method: "POST", path: "/api/system/restart", waitReady: true },
  { name: "attributes-list-after-restart", about: "GET /api/attributes with the ShotGrid attributes", role: "service", method: "GET", path: "/api/attributes" },
  { name: "graphql-probe", about: "the attribute probe after the restart (ensureAyonAttributes)", role: "service", method: "POST", path: "/graphql", body: { query: ATTRIBUTE_PROBE, variables: {} } },
  {
    name: "project-patch-shotgrid", about: "PATCH the project's ShotGrid attributes", role: "service", method: "PATCH", path: `/api/projects/${PROJECT}`,
    body: { attrib: { shotgridId: "70", shotgridType: "Project", shotgridPush: true } },
  },
];
