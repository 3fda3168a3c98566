// Wires the AYON route modules into the shared HTTP pipeline: route lookup, the server's 404/405
// shapes for unknown routes, X-Request-ID on every response, and the mapping of thrown errors to
// `{code, detail}` bodies.
import { BodyReadError, jsonReply, type HttpContext, type HttpReply } from "../http/index.js";
import { registerActivityRoutes } from "./activities.js";
import { registerAddonRoutes } from "./addons.js";
import { registerAttributeRoutes } from "./attributes.js";
import { registerAuthRoutes, resolveAuth } from "./auth.js";
import { registerEnrollRoutes } from "./enroll.js";
import { registerEntityRoutes } from "./entity-routes.js";
import { AyonError } from "./errors.js";
import { registerEventRoutes } from "./events.js";
import { registerLinkRoutes } from "./links.js";
import { GraphqlService, registerGraphqlRoutes } from "./graphql/service.js";
import { newRequestId } from "./ids.js";
import { registerOperationRoutes } from "./operations.js";
import { registerProjectRoutes } from "./projects.js";
import { registerPublishedRoutes } from "./published-routes.js";
import { AyonRequest, AyonRoutes, type EmulatorServices } from "./request.js";
import { registerSecretRoutes } from "./secrets.js";
import { registerSettingsRoutes } from "./settings.js";
import { registerAllSettingsRoutes } from "./all-settings.js";
import { registerSettingsSchemaRoutes } from "./settings-schema.js";
import type { AyonState } from "./state.js";
import { registerSystemRoutes } from "./system.js";
import { registerThumbnailRoutes } from "./thumbnails.js";
import { registerUserRoutes } from "./users.js";

export interface AyonHandlers {
  handle(ctx: HttpContext): Promise<HttpReply>;
  onError(err: unknown, ctx: HttpContext): HttpReply;
  faultBody(status: number): unknown;
  commonHeaders(): Record<string, string>;
  graphql: GraphqlService;
}

export function createAyonHandlers(state: AyonState, services: EmulatorServices): AyonHandlers {
  const routes = new AyonRoutes();
  const graphql = new GraphqlService(state);
  registerSystemRoutes(routes);
  registerAuthRoutes(routes);
  registerUserRoutes(routes);
  registerEventRoutes(routes);
  registerEnrollRoutes(routes);
  registerProjectRoutes(routes);
  registerEntityRoutes(routes);
  registerOperationRoutes(routes);
  registerPublishedRoutes(routes);
  registerThumbnailRoutes(routes);
  registerActivityRoutes(routes);
  registerLinkRoutes(routes);
  registerAttributeRoutes(routes);
  registerSettingsRoutes(routes);
  registerAllSettingsRoutes(routes);
  registerSettingsSchemaRoutes(routes);
  registerSecretRoutes(routes);
  registerAddonRoutes(routes);
  registerGraphqlRoutes(routes, graphql);

  return {
    graphql,
    async handle(ctx) {
      const found = routes.router.lookup(ctx.method, ctx.path);
      if (found.kind === "not-found") {
        // ayon-backend ayon_server/api/frontend.py: the web app is mounted at "/" as static files, so an
        // unrouted non-GET request ends there and gets starlette's 405 (e.g. POST /api/graphql).
        if (ctx.method !== "GET" && ctx.method !== "HEAD") return jsonReply({ detail: "Method Not Allowed" }, 405);
        // ayon-backend ayon_server/api/server.py not_found_handler.
        return jsonReply({ code: 404, detail: `API endpoint ${ctx.path} not found`, path: ctx.path }, 404);
      }
      if (found.kind === "method-not-allowed") {
        // FastAPI's router answer for a known path with another method (no `code`).
        return jsonReply({ detail: "Method Not Allowed" }, 405, { allow: found.allowed.join(", ") });
      }
      ctx.route = found.match.template;
      const req = new AyonRequest(ctx, found.match.params, state, () => resolveAuth(state, ctx), services);
      return found.match.handler(req);
    },
    onError(err, ctx) {
      if (err instanceof AyonError) return err.toReply();
      if (err instanceof BodyReadError) {
        // A test harness guard (see http/body.ts): ayon-backend itself sets no request body limit.
        if (err.kind === "too-large") return jsonReply({ code: 413, detail: err.message }, 413);
        return jsonReply({ code: 400, detail: err.message }, 400);
      }
      const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      return jsonReply({ code: 500, detail: message, path: ctx.path, file: "emulator", function: ctx.route, line: 0 }, 500);
    },
    faultBody(status) {
      return { code: status, detail: `Emulated fault (HTTP ${status})` };
    },
    commonHeaders() {
      return { "x-request-id": newRequestId() };
    },
  };
}
