// What every ShotGrid route handler receives, and the small helpers they share: the entity type named by the
// URL, the record id, and a JSON body read with ShotGrid's error shapes.
import type { HttpContext, HttpReply } from "../../http/index.js";
import { BodyReadError } from "../../http/index.js";
import { badRequest, rowNotFound, SgError, unknownEntityType } from "../errors.js";
import type { EntityTypeDef } from "../schema/schema.js";
import type { Actor } from "../store/changes.js";
import type { ShotgridStore } from "../store/store.js";
import type { Authenticator } from "./auth.js";
import type { RecordSerializer } from "./record-serializer.js";

export interface SgServices {
  store: ShotgridStore;
  serializer: RecordSerializer;
  auth: Authenticator;
}

export interface SgRequest {
  ctx: HttpContext;
  params: Record<string, string>;
  /** `/api/v1` or `/api/v1.1`: links echo the prefix the client called. */
  base: string;
  /** The authenticated caller: the bearer token's user (or the person it sudoes as). */
  actor: Actor;
  services: SgServices;
}

export type SgHandler = (req: SgRequest) => HttpReply | Promise<HttpReply>;

export interface SgRoute {
  method: string;
  /** Relative to the API prefix, e.g. `/entity/{type}/{id}`. */
  template: string;
  handler: SgHandler;
}

/** The entity type of a URL segment, or the 404 code 103. */
export function typeFromUrl(req: SgRequest): EntityTypeDef {
  const segment = req.params.type ?? "";
  const type = req.services.store.schema.resolveSlug(segment);
  if (!type) throw unknownEntityType(segment);
  return type;
}

/** A record id from the URL; anything but a positive integer names no record (404 code 104). */
export function idFromUrl(req: SgRequest, type: EntityTypeDef, style: "read" | "write"): number {
  const raw = req.params.id ?? "";
  if (!/^\d+$/.test(raw)) throw rowNotFound(type.name, raw, style);
  return Number(raw);
}

/** The body as JSON; malformed JSON is a 400, an empty body `undefined`. */
export async function jsonBody(req: SgRequest): Promise<unknown> {
  try {
    return await req.ctx.json();
  } catch (err) {
    if (err instanceof BodyReadError && err.kind === "invalid-json") {
      throw badRequest("Invalid JSON body", { body: "not valid JSON" });
    }
    if (err instanceof BodyReadError && err.kind === "too-large") {
      // A test harness guard (see http/body.ts): no public ShotGrid source gives its request size limit or answer.
      throw new SgError({ status: 413, code: 103, title: "Request body too large" });
    }
    throw err;
  }
}

export function objectBody(body: unknown, what = "body"): Record<string, unknown> {
  if (body === undefined) return {};
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw badRequest(`Request Parameters invalid.`, { [what]: [`${what} must be a JSON object`] });
  }
  return body as Record<string, unknown>;
}
