// `POST /api3/json`, the JSON-RPC door shotgun_api3 talks to (`_call_rpc`): the body is `{"method_name",
// "params": [auth, payload]}` (`_build_payload`; `info` sends no auth, a payload of None is left out), the
// answer `{"results": ...}`. Every failure is HTTP 200 `{"exception": true, "message", "error_code"}`, which
// `_response_errors` turns into AuthenticationFault (102) or Fault; the codes are the REST door's (102 auth,
// 103 bad request, 104 record). Both doors share one store, so a write through either shows in the other.
import { BodyReadError, jsonReply, type HttpContext, type HttpReply } from "../../http/index.js";
import { badRequest, SgError } from "../errors.js";
import type { SgServices } from "../rest/route-context.js";
import { api3Actor } from "./auth.js";
import type { Api3Method } from "./params.js";
import { read, API3_PAGE_SIZE } from "./read.js";
import { schemaEntityRead, schemaFieldCreate, schemaFieldDelete, schemaFieldRead, schemaFieldUpdate, schemaRead } from "./schema.js";
import { summarize } from "./summarize.js";
import { batch, create, remove, revive, update } from "./writes.js";

export const API3_PATH = "/api3/json";

/**
 * `info` needs no auth (`include_auth_params=False`). ServerCapabilities reads `version` ([major, minor,
 * patch], a 4th "Dev" item marks a dev build) and gates features on it: >= 7.4 makes `find` page on
 * `has_next_page`, >= 3.3 asks for image URLs. `api_max_entities_per_page` sets `records_per_page`.
 * The numbers are the REST door's `shotgun_version` (v8.89.0.9724).
 */
const INFO = {
  version: [8, 89, 0],
  full_version: [8, 89, 0, 9724],
  user_authentication_method: "default",
  api_max_entities_per_page: API3_PAGE_SIZE,
};

const METHODS: Record<string, Api3Method> = {
  read,
  create,
  update,
  delete: remove,
  revive,
  batch,
  summarize,
  schema_read: schemaRead,
  schema_entity_read: schemaEntityRead,
  schema_field_read: schemaFieldRead,
  schema_field_create: schemaFieldCreate,
  schema_field_update: schemaFieldUpdate,
  schema_field_delete: schemaFieldDelete,
};

/** The exception envelope of `_response_errors`; `message` is the most specific text the error has. */
function exception(err: SgError): Record<string, unknown> {
  const body: Record<string, unknown> = { exception: true, message: err.detail ?? err.title };
  if (err.code !== null) body.error_code = err.code;
  return body;
}

async function results(ctx: HttpContext, services: SgServices): Promise<unknown> {
  let body: unknown;
  try {
    body = await ctx.json();
  } catch (err) {
    if (err instanceof BodyReadError) throw badRequest(`Invalid JSON-RPC request: ${err.message}`);
    throw err;
  }
  const request = (typeof body === "object" && body !== null && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  const method = request.method_name;
  const params = Array.isArray(request.params) ? request.params : [];
  if (method === "info") return INFO;
  const handler = typeof method === "string" ? METHODS[method] : undefined;
  const actor = api3Actor(params[0], services.auth, services.store);
  if (!handler) throw badRequest(`Unknown method '${String(method)}'`);
  return handler(params[1], { services, actor });
}

/** Errors of the request are answered in the envelope; an emulator bug still goes up as the server's 500. */
export async function api3Reply(ctx: HttpContext, services: SgServices): Promise<HttpReply> {
  ctx.route = API3_PATH;
  if (ctx.method !== "POST") throw new SgError({ status: 404, code: 103, title: "Not Found", detail: `No route matches ${ctx.method} ${ctx.path}` });
  try {
    return jsonReply({ results: await results(ctx, services) });
  } catch (err) {
    if (err instanceof SgError) return jsonReply(exception(err));
    throw err;
  }
}
