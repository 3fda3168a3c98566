// Identifiers and hashes in the shapes the AYON server uses.
import { createHash, randomBytes, randomUUID } from "node:crypto";

/** Entity/event id: 32 lowercase hex characters (the server uses uuid1().hex). */
export function newEntityId(): string {
  return randomUUID().replace(/-/g, "");
}

export const ENTITY_ID_REGEX = /^[0-9a-f]{32}$/;

const SHORTUUID_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/** X-Request-ID: 16 characters from the shortuuid alphabet. */
export function newRequestId(): string {
  // A correlation id on every answer: it needs no unpredictability, so no crypto call per request.
  let out = "";
  for (let i = 0; i < 16; i++) out += SHORTUUID_ALPHABET[Math.floor(Math.random() * SHORTUUID_ALPHABET.length)];
  return out;
}

/** Login token: 64 hex characters (secrets.token_hex(32)). */
export function newAccessToken(): string {
  return randomBytes(32).toString("hex");
}

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** Compact JSON with sorted object keys, as the server's hash_data produces before hashing. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

/** sha256 of canonical JSON, e.g. an enroll target hash: hashData(["shotgrid.proc", sourceId]). */
export function hashData(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}

/** How PostgreSQL prints a value of a uuid column in an error detail: 32 hex digits get their dashes. */
export function pgValue(value: string): string {
  return /^[0-9a-f]{32}$/i.test(value)
    ? `${value.slice(0, 8)}-${value.slice(8, 12)}-${value.slice(12, 16)}-${value.slice(16, 20)}-${value.slice(20)}`.toLowerCase()
    : value;
}
