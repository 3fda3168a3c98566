// Server information and lifecycle: GET /api/info (public, richer when authenticated), the restart
// that activates pending attribute definitions (ayon-backend api/attributes/attributes.py), and its "required" flag.
import { emptyReply, jsonReply, rawReply } from "../http/index.js";
import type { AyonRoutes } from "./request.js";
import { attributeModel } from "./attribute-model.js";
import { userModel } from "./users.js";

export const SERVER_VERSION = "1.16.0";

/** A stand-in for the web app the real server serves at `/`. */
const WEB_APP_PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>AYON</title></head>
<body><p>AYON server emulator ${SERVER_VERSION}: the API is under /api and /graphql.</p></body></html>
`;

export function registerSystemRoutes(routes: AyonRoutes): void {
  // The real server answers GET / with its web app (200, HTML, no login needed); ayon-python-api checks that
  // the URL answers before it connects (ayon-python-api utils.py validate_url / _try_connect_to_server).
  routes.get("/", () => rawReply(WEB_APP_PAGE, "text/html; charset=utf-8"));

  routes.get("/api/info", (req) => {
    const { state } = req;
    const info: Record<string, unknown> = {
      version: SERVER_VERSION,
      releaseInfo: { version: SERVER_VERSION, buildDate: "20260724", buildTime: "000000", frontendBranch: "main", backendBranch: "main" },
      uptime: (state.now() - state.startedAt) / 1000,
    };
    const principal = req.optionalPrincipal;
    if (principal) {
      // ayon-backend api/system/info.py get_site_info: uiExposureLevel only for non-service users.
      info.user = userModel(state, principal.user, !principal.isService);
      // api/system/info.py get_attributes: AttributeModel items (attributes/models.py), in an answer that
      // leaves out none values at every depth.
      info.attributes = state.attributes.activeList().map((d) => withoutNone(attributeModel(d)));
      info.sites = [];
      info.ssoOptions = [];
      // ayon-backend api/system/info.py: frontend_flags is a list of strings (server config, empty by default).
      info.frontendFlags = [];
      info.extras = "";
      // ayon-backend api/system/info.py get_additional_info: false online (show_changelog_to_users defaults on).
      info.disableChangelog = false;
    }
    return jsonReply(info);
  });

  routes.post("/api/system/restart", (req) => {
    req.requireManager("Only managers can restart the server");
    req.services.restart();
    return emptyReply(204);
  });

  routes.get("/api/system/restartRequired", (req) => {
    void req.principal;
    return jsonReply({ required: req.state.restart.required, reason: req.state.restart.reason });
  });
}

/** pydantic exclude_none: null values left out at every depth (list items kept). */
function withoutNone(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNone);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null).map(([k, v]) => [k, withoutNone(v)]));
  }
  return value;
}
