// Talks to the api3 door as shotgun_api3 does on the wire (`_call_rpc` / `_build_payload`): one POST to
// /api3/json with `{"method_name", "params": [auth, payload]}` and `content-type: application/json;
// charset=utf-8`. The payload builders below produce the exact shapes the client sends (captured from
// shotgun_api3 3.10.0 run against this emulator); tests spell other payloads out literally.
import type { TestSite } from "../rest/sg-http.test-helpers.js";

export const SCRIPT_AUTH = { script_name: "ayon-sg", script_key: "sg-key" };

export interface RpcReply {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** `info` goes without auth (`include_auth_params=False`); a missing payload is left out, as for None. */
export async function rpc(site: TestSite, method: string, payload?: unknown, auth: unknown = SCRIPT_AUTH): Promise<RpcReply> {
  const params = method === "info" ? [] : payload === undefined ? [auth] : [auth, payload];
  return rawRpc(site, { method_name: method, params });
}

export async function rawRpc(site: TestSite, body: unknown): Promise<RpcReply> {
  const res = await fetch(`${site.url}/api3/json`, {
    method: "POST",
    headers: { "content-type": "application/json; charset=utf-8", connection: "keep-alive" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

/** The `results` of a call that must succeed. */
export async function results(site: TestSite, method: string, payload?: unknown, auth?: unknown): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const reply = await rpc(site, method, payload, auth);
  if (reply.status !== 200 || reply.body?.exception) throw new Error(`${method} failed: ${JSON.stringify(reply.body)}`);
  return reply.body.results;
}

/** The exception envelope of a call that must fail (always HTTP 200, `_response_errors`). */
export async function fault(site: TestSite, method: string, payload?: unknown, auth?: unknown): Promise<{ exception: true; message: string; error_code?: number }> {
  const reply = await rpc(site, method, payload, auth);
  if (reply.status !== 200 || reply.body?.exception !== true) throw new Error(`${method} did not fail: ${JSON.stringify(reply.body)}`);
  return reply.body;
}

/** `find` with a list of filters: `_translate_filters` wraps them as `{logical_operator, conditions}` and each
 *  `[path, relation, v...]` as `{path, relation, values}` (one list argument flattened into `values`). */
export function conditions(filters: unknown[][], operator: "and" | "or" = "and"): { logical_operator: string; conditions: unknown[] } {
  return {
    logical_operator: operator,
    conditions: filters.map(([path, relation, ...rest]) => ({
      path,
      relation,
      values: rest.length === 1 && Array.isArray(rest[0]) ? rest[0] : rest,
    })),
  };
}

/** A `read` payload as `find` builds it (`_construct_read_parameters` plus its paging flags). */
export function findPayload(
  type: string,
  filters: unknown,
  fields: string[] = ["id"],
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    type,
    return_fields: fields,
    filters,
    return_only: "active",
    paging: { entities_per_page: 500, current_page: 1 },
    api_return_image_urls: true,
    return_paging_info_without_counts: true,
    ...extra,
  };
}

/** `create`'s payload: `_dict_to_list(data)` and `return_fields` (default `["id"]`). */
export function createPayload(type: string, data: Record<string, unknown>, returnFields: string[] = ["id"]): Record<string, unknown> {
  return { type, fields: Object.entries(data).map(([field_name, value]) => ({ field_name, value })), return_fields: returnFields };
}
