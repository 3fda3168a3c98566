// Single-record writes: create (201, thin record), partial update with PUT (200, whole record),
// delete = retire (204), and revive with `?revive=true` (200 with `meta.did_revive`).
import { emptyReply, jsonReply, type HttpReply } from "../../http/index.js";
import { invalidParameter } from "../errors.js";
import { JSON_TYPE, requireContentType } from "./content-types.js";
import { idFromUrl, jsonBody, typeFromUrl, type SgRequest, type SgRoute } from "./route-context.js";

/** Writes take plain JSON; a body-less request carries no type and is read as `{}`. The vendor filter types
 *  are refused as on `_batch`; the single-write refusals were not measured separately. */
async function writeBody(req: SgRequest): Promise<unknown> {
  requireContentType(req.ctx, [JSON_TYPE], true);
  return (await jsonBody(req)) ?? {};
}

async function create(req: SgRequest): Promise<HttpReply> {
  const type = typeFromUrl(req);
  const body = await writeBody(req);
  const { store, serializer } = req.services;
  const { row, sent } = store.engine.create(type, body, { actor: req.actor });
  const record = serializer.record(row, serializer.createPlan(type, sent, row), req.base);
  return jsonReply({ data: record, links: { self: record.links.self } }, 201);
}

async function update(req: SgRequest): Promise<HttpReply> {
  const type = typeFromUrl(req);
  const id = idFromUrl(req, type, "write");
  const body = await writeBody(req);
  const { store, serializer } = req.services;
  const row = store.engine.update(type, id, body, { actor: req.actor });
  const record = serializer.record(row, serializer.plan(type, null), req.base);
  return jsonReply({ data: record, links: { self: record.links.self } });
}

function remove(req: SgRequest): HttpReply {
  const type = typeFromUrl(req);
  const id = idFromUrl(req, type, "write");
  req.services.store.engine.retire(type, id, { actor: req.actor });
  return emptyReply(204);
}

/** `POST /entity/{type}/{id}?revive=true` (`1`/`yes` too). Any body is ignored: this is not an update. */
function revive(req: SgRequest): HttpReply {
  const type = typeFromUrl(req);
  const id = idFromUrl(req, type, "write");
  const flag = req.ctx.query.get("revive");
  if (flag === null) throw invalidParameter("revive", "revive is missing");
  if (!["true", "1", "yes"].includes(flag.toLowerCase())) throw invalidParameter("revive", "revive must be true");
  const didRevive = req.services.store.engine.revive(type, id, { actor: req.actor });
  const self = `${req.base}/entity/${type.slug}/${id}`;
  return jsonReply({ data: { type: type.name, id }, links: { self }, meta: { did_revive: didRevive } });
}

export const writeRoutes: SgRoute[] = [
  { method: "POST", template: "/entity/{type}", handler: create },
  { method: "PUT", template: "/entity/{type}/{id}", handler: update },
  { method: "DELETE", template: "/entity/{type}/{id}", handler: remove },
  { method: "POST", template: "/entity/{type}/{id}", handler: revive },
];
