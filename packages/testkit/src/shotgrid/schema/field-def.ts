// One field of one entity type: the schema JSON exactly as the site serves it (the schema endpoints' FieldSchema, every
// property wrapped as {value, editable}) plus the few derived facts the store needs on every write and
// filter, read once here so hot paths never dig through the JSON.

export interface Wrapped<T = unknown> {
  value: T;
  editable: boolean;
}

export interface FieldSchemaJson {
  name: Wrapped<string>;
  entity_type: Wrapped<string>;
  data_type: Wrapped<string>;
  editable: Wrapped<boolean>;
  mandatory: Wrapped<boolean>;
  unique: Wrapped<boolean>;
  visible: Wrapped<boolean>;
  ui_value_displayable?: Wrapped<boolean>;
  description: Wrapped<string>;
  custom_metadata: Wrapped<string>;
  properties: Record<string, Wrapped>;
}

/** Data types whose values are links; they always go under `relationships` on REST reads. */
export const LINK_TYPES: ReadonlySet<string> = new Set(["entity", "multi_entity"]);

/** Data types no client can write: computed by the server or upload-only (shotgun_api3 docs/reference.rst, Data Types). */
const COMPUTED_TYPES: ReadonlySet<string> = new Set([
  "summary",
  "pivot_column",
  "calculated",
  "uuid",
  "password",
  "image",
]);

/** Stock fields the server owns outright (measured on a real site: `id`, `open_notes_count`, `image_blur_hash`,
 *  `step_N` pivot columns give 400 `… is read only.`). */
const READ_ONLY_NAMES: ReadonlySet<string> = new Set(["id", "open_notes_count", "image_blur_hash", "image_source_entity"]);

export type WriteRule = "writable" | "create-only" | "read-only";

export class FieldDef {
  readonly entityType: string;
  readonly name: string;
  readonly dataType: string;
  readonly writeRule: WriteRule;
  /** A retired custom field: gone from reads and writes, but its name stays taken. */
  retired = false;

  /** `name` is the programmatic name: the schema JSON holds only the display name, the map key holds this. */
  constructor(name: string, readonly json: FieldSchemaJson) {
    this.entityType = json.entity_type.value;
    this.name = name;
    this.dataType = json.data_type.value;
    this.writeRule = deriveWriteRule(this.name, this.dataType, json.editable.value);
  }

  get isLink(): boolean {
    return LINK_TYPES.has(this.dataType);
  }

  get displayName(): string {
    return this.json.name.value;
  }

  get unique(): boolean {
    return this.json.unique.value;
  }

  get validTypes(): readonly string[] {
    return (this.json.properties.valid_types?.value as string[] | undefined) ?? [];
  }

  get validValues(): readonly string[] | null {
    return (this.json.properties.valid_values?.value as string[] | undefined) ?? null;
  }

  get defaultValue(): unknown {
    return this.json.properties.default_value?.value ?? null;
  }
}

/**
 * The schema's `editable:false` covers two different behaviours on a real site: stock bookkeeping
 * fields accept a value on create only (`created_at`, `created_by`, `Step.entity_type`, ...), while computed
 * fields are never writable. Measurements give examples of each, not the full split: every non-editable
 * field that is not computed is treated as create-only.
 */
function deriveWriteRule(name: string, dataType: string, editable: boolean): WriteRule {
  if (READ_ONLY_NAMES.has(name) || COMPUTED_TYPES.has(dataType) || /^step_\d+$/.test(name)) return "read-only";
  if (editable) return "writable";
  // A non-editable multi-entity (open_notes, sibling_tasks, contracts) is derived by the server.
  if (dataType === "multi_entity") return "read-only";
  return "create-only";
}
