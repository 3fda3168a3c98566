// AYON entity and event ids: uuid1().hex on the server, i.e. 32 lowercase hex characters without dashes
// (ayon-backend ayon_server/utils/hashing.py create_uuid, ayon_server/types.py ENTITY_ID_REGEX). Clients may choose
// them on create, which is what makes creates safe to retry.
import { randomUUID } from "node:crypto";

export const AYON_ID_REGEX = /^[0-9a-f]{32}$/;

/** A new random id in AYON's format (a v4 uuid without dashes; the server accepts any 32 hex). */
export function newAyonId(): string {
  return randomUUID().replace(/-/g, "");
}
