// Content-Type rules per route family, as a real site enforces them: the token endpoint takes a form, `_search` only
// the two vendor JSON types, writes and `_batch` plain JSON. A refusal is a 415 code 103 whose
// `source.content_type` lists the allowed types.
import { SgError } from "../errors.js";
import type { HttpContext } from "../../http/index.js";

export const FORM = "application/x-www-form-urlencoded";
export const JSON_TYPE = "application/json";
export const ARRAY_FILTERS = "application/vnd+shotgun.api3_array+json";
export const HASH_FILTERS = "application/vnd+shotgun.api3_hash+json";

/** The media type without parameters (`; charset=utf-8` is fine everywhere), lower-cased; "" if absent. */
export function mediaType(ctx: HttpContext): string {
  return (ctx.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
}

export function unsupportedContentType(given: string, allowed: readonly string[]): SgError {
  return new SgError({
    status: 415,
    code: 103,
    title: `Unsupported Content-Type '${given}'`,
    source: { content_type: `Content-Type must be one of: ${allowed.map((t) => `'${t}'`).join(", ")}.` },
  });
}

/** Throws the 415 unless the request's media type is one of `allowed` (an absent type passes when
 *  `allowMissing`, since a body-less request carries none). */
export function requireContentType(ctx: HttpContext, allowed: readonly string[], allowMissing = false): string {
  const type = mediaType(ctx);
  if (type === "" && allowMissing) return type;
  if (!allowed.includes(type)) throw unsupportedContentType(ctx.header("content-type") ?? "", allowed);
  return type;
}
