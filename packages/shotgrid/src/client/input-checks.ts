/**
 * Checks on what callers pass, made before anything is sent, each with a message naming the bad input.
 */
import { ShotgridInputError } from "./errors.js";
import type { EnsureFieldSpec } from "./schema.js";

export const MAX_PAGE_SIZE = 5000;

/** The site root as a URL ending in "/", from any of: origin, origin/, origin/api/v1, origin/api/v1.1/. */
export function parseSiteUrl(siteUrl: unknown): URL {
  let url: URL | null = null;
  if (typeof siteUrl === "string") {
    try {
      url = new URL(siteUrl.trim());
    } catch {
      url = null;
    }
  }
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) {
    throw new ShotgridInputError("siteUrl must be the http(s) address of the ShotGrid site, e.g. https://studio.shotgrid.autodesk.com.");
  }
  const path = url.pathname.replace(/\/+$/, "").replace(/\/api\/v1(\.\d+)?$/, "");
  return new URL(`${url.origin}${path}/`);
}

export function checkPageSize(size: number, name: string): number {
  if (!Number.isSafeInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw new ShotgridInputError(`${name} must be a whole number from 1 to ${MAX_PAGE_SIZE}, got ${size}.`);
  }
  return size;
}

export function checkId(id: number): number {
  if (!Number.isSafeInteger(id) || id <= 0) throw new ShotgridInputError(`A ShotGrid record id must be a positive integer, got ${JSON.stringify(id)}.`);
  return id;
}

export function checkData(data: Record<string, unknown>): Record<string, unknown> {
  if (!data || typeof data !== "object" || Array.isArray(data)) throw new ShotgridInputError("Record data must be an object of field values.");
  return data;
}

export function checkFieldCode(field: string): string {
  if (typeof field !== "string" || !/^[A-Za-z0-9_]+$/.test(field)) throw new ShotgridInputError(`${JSON.stringify(field)} is not a ShotGrid field code.`);
  return field;
}

export function checkFieldSpec(spec: EnsureFieldSpec): void {
  if (!spec || typeof spec.displayName !== "string" || spec.displayName.trim() === "") {
    throw new ShotgridInputError("ensureField needs a non-empty displayName.");
  }
  if (typeof spec.dataType !== "string" || spec.dataType === "") throw new ShotgridInputError("ensureField needs a dataType.");
  if (spec.dataType === "entity" || spec.dataType === "multi_entity") {
    const valid = spec.properties?.valid_types;
    if (!Array.isArray(valid) || valid.length !== 1) {
      // ShotGrid refuses entity fields with any other number of valid_types (schema field create).
      throw new ShotgridInputError(`An ${spec.dataType} field needs properties.valid_types with exactly one entity type.`);
    }
  }
}
