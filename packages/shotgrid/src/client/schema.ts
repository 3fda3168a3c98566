/**
 * Schema endpoint shapes (ShotGrid REST API v1 `/schema/...`). ShotGrid wraps every property as `{value, editable}`;
 * the client hands out the unwrapped values.
 */
import { z } from "zod";
import { ShotgridError } from "./errors.js";

const wrapped = z.object({ value: z.unknown() }).loose();

const wireFieldSchema = z
  .object({
    name: wrapped.optional(),
    entity_type: wrapped.optional(),
    data_type: wrapped.optional(),
    editable: wrapped.optional(),
    mandatory: wrapped.optional(),
    unique: wrapped.optional(),
    visible: wrapped.optional(),
    description: wrapped.optional(),
    properties: z.record(z.string(), wrapped).optional(),
  })
  .loose();

export const schemaFieldsResponseSchema = z.object({ data: z.record(z.string(), wireFieldSchema) }).loose();
export const schemaFieldResponseSchema = z.object({ data: wireFieldSchema }).loose();
export const schemaEntitiesResponseSchema = z
  .object({ data: z.record(z.string(), z.object({ name: wrapped.optional(), visible: wrapped.optional() }).loose()) })
  .loose();
export const fieldCreateResponseSchema = z
  .object({ data: wireFieldSchema.optional(), links: z.object({ self: z.string() }).loose().optional() })
  .loose();

/** One field of an entity type. */
export interface FieldSchema {
  /** The programmatic name, e.g. `sg_ayon_id`. */
  code: string;
  /** The display name, e.g. "Ayon Id". */
  name: string;
  entityType: string;
  /** `text`, `number`, `float`, `checkbox`, `entity`, `multi_entity`, `status_list`, ... */
  dataType: string;
  editable: boolean;
  mandatory: boolean;
  unique: boolean;
  visible: boolean;
  description: string;
  /** Unwrapped properties: `default_value`, `valid_values`, `valid_types`, `display_values`, ... */
  properties: Record<string, unknown>;
}

/** One enabled entity type of the site. */
export interface EntitySchema {
  /** The schema name used in bodies, e.g. `CustomEntity01`. */
  type: string;
  /** The display name, e.g. "Disk Location". */
  name: string;
  visible: boolean;
}

/** Options of `ensureField`. */
export interface EnsureFieldSpec {
  displayName: string;
  dataType: string;
  /** Extra properties (`default_value`, `valid_values`, `valid_types`, `description`, ...). */
  properties?: Record<string, unknown>;
}

export function toFieldSchema(code: string, entityType: string, raw: z.infer<typeof wireFieldSchema>): FieldSchema {
  const properties: Record<string, unknown> = {};
  for (const [key, prop] of Object.entries(raw.properties ?? {})) properties[key] = prop.value;
  return {
    code,
    name: str(raw.name?.value, code),
    entityType: str(raw.entity_type?.value, entityType),
    dataType: str(raw.data_type?.value, "unknown"),
    editable: raw.editable?.value !== false,
    mandatory: raw.mandatory?.value === true,
    unique: raw.unique?.value === true,
    visible: raw.visible?.value !== false,
    description: str(raw.description?.value, ""),
    properties,
  };
}

function str(value: unknown, fallback: string): string {
  return typeof value === "string" ? value : fallback;
}

/**
 * The code ShotGrid derives from a display name: `sg_` + lowercase, every non-alphanumeric character
 * turned into `_` ("Ayon Id" → `sg_ayon_id`, "sg_foo" → `sg_sg_foo`; measured on a real site).
 */
export function fieldCodeFor(displayName: string): string {
  return `sg_${displayName.toLowerCase().replace(/[^a-z0-9]/g, "_")}`;
}

/** The wire body of a field creation: `{data_type, properties: [{property_name, value}]}`. */
export function fieldCreateBody(spec: EnsureFieldSpec): Record<string, unknown> {
  const props: Record<string, unknown> = { ...(spec.properties ?? {}) };
  // Without a default a checkbox creation fails with a 500 "Only true or false allowed in checkbox".
  if (spec.dataType === "checkbox" && props.default_value === undefined) props.default_value = false;
  const properties: Array<{ property_name: string; value: unknown }> = [{ property_name: "name", value: spec.displayName }];
  for (const [property_name, value] of Object.entries(props)) {
    if (property_name !== "name") properties.push({ property_name, value });
  }
  return { data_type: spec.dataType, properties };
}

/** The existing field's code when its data type is the one asked for; a clear error otherwise. */
export function sameDataType(field: FieldSchema, spec: EnsureFieldSpec): string {
  if (field.dataType !== spec.dataType) {
    throw new ShotgridError(
      `Field ${field.entityType}.${field.code} already exists as ${field.dataType}, not ${spec.dataType}; rename one of them.`,
    );
  }
  return field.code;
}
