// create / update / delete / revive / batch through the REST door's write engine (same validation, reverse
// links and event log rows), in shotgun_api3's shapes: `fields: [{field_name, value}]` in, flat records out.
import { badRequest } from "../errors.js";
import {
  entityType,
  fieldsToBody,
  flatRecord,
  objectParams,
  recordId,
  stringList,
  type Api3Call,
  type Params,
} from "./params.js";

/** shotgun_api3 `create`: the result is a list whose first record (`first=True`) has `type`, `id`, the fields
 *  sent and the `return_fields` (docs of `create`). */
function createOne(params: Params, call: Api3Call, method: string): unknown {
  const type = entityType(call, params.type);
  const body = fieldsToBody(params.fields, method);
  const { row } = call.services.store.engine.create(type, body, { actor: call.actor });
  return flatRecord(call, row, [...Object.keys(body), ...stringList(params.return_fields)]);
}

/** shotgun_api3 `update`: the record with `type`, `id` and the fields that were set (docs of `update`). */
function updateOne(params: Params, call: Api3Call, method: string): unknown {
  const type = entityType(call, params.type);
  const id = recordId(params.id, type, method);
  const body = fieldsToBody(params.fields, method);
  const row = call.services.store.engine.update(type, id, body, { actor: call.actor });
  return flatRecord(call, row, Object.keys(body));
}

/** shotgun_api3 `delete` docs: True when retired, False when it already was; a Fault when it never existed. */
function deleteOne(params: Params, call: Api3Call, method: string): boolean {
  const type = entityType(call, params.type);
  const id = recordId(params.id, type, method);
  const row = call.services.store.row(type.name, id);
  if (row?.retired) return false;
  call.services.store.engine.retire(type, id, { actor: call.actor });
  return true;
}

export function create(raw: unknown, call: Api3Call): unknown {
  return [createOne(objectParams(raw, "create"), call, "create")];
}

export function update(raw: unknown, call: Api3Call): unknown {
  return updateOne(objectParams(raw, "update"), call, "update");
}

export function remove(raw: unknown, call: Api3Call): boolean {
  return deleteOne(objectParams(raw, "delete"), call, "delete");
}

/** shotgun_api3 `revive` docs: True when revived, False when the entity was not retired. */
export function revive(raw: unknown, call: Api3Call): boolean {
  const params = objectParams(raw, "revive");
  const type = entityType(call, params.type);
  return call.services.store.engine.revive(type, recordId(params.id, type, "revive"), { actor: call.actor });
}

/**
 * shotgun_api3 `batch`: "All requests are performed within a transaction, so either all will complete or
 * none will." Requests are `{request_type, type, fields, return_fields}` (create), `{request_type, type, id,
 * fields}` (update), `{request_type, type, id}` (delete); the results are the records, and `true` per delete.
 */
export function batch(raw: unknown, call: Api3Call): unknown[] {
  if (!Array.isArray(raw)) throw badRequest("API batch() expects an Array of requests");
  return call.services.store.transaction(() =>
    raw.map((item: unknown, index: number) => {
      const request = objectParams(item, "batch");
      switch (request.request_type) {
        case "create":
          return createOne(request, call, "batch");
        case "update":
          return updateOne(request, call, "batch");
        case "delete":
          return deleteOne(request, call, "batch");
        default:
          throw badRequest(`API batch() request ${index}: invalid request_type ${JSON.stringify(request.request_type ?? null)}`);
      }
    }),
  );
}
