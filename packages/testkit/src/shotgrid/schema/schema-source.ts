// Loads the real site's schema committed under packages/testkit/data/ (92 entity types, `sg_ayon_*` present).
// The 1.4 MB field schema is stored gzipped (40 KB): measured on this machine, gunzip + JSON.parse costs the
// same ~7 ms as parsing the plain file, so the repository stays small for free. The decompressed text is
// cached per process; every emulator parses its own copy because field creation mutates it.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import type { FieldSchemaJson, Wrapped } from "./field-def.js";

export type EntitySchemaJson = { name: Wrapped<string>; visible: Wrapped<boolean> };
export type FieldsJson = Record<string, Record<string, FieldSchemaJson>>;
export type EntitiesJson = Record<string, EntitySchemaJson>;

// src/shotgrid/schema and dist/shotgrid/schema are both three levels below the package root.
const DATA_DIR = join(import.meta.dirname, "..", "..", "..", "data");

let fieldsText: string | null = null;
let entitiesText: string | null = null;

export function loadSchemaJson(): { fields: FieldsJson; entities: EntitiesJson } {
  fieldsText ??= gunzipSync(readFileSync(join(DATA_DIR, "sg-schema-fields.json.gz"))).toString("utf8");
  entitiesText ??= readFileSync(join(DATA_DIR, "sg-schema-entities.json"), "utf8");
  return { fields: JSON.parse(fieldsText) as FieldsJson, entities: JSON.parse(entitiesText) as EntitiesJson };
}
