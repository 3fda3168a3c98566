/**
 * The `compatibility_settings.custom_attribs_map` of the addon settings: which ShotGrid field feeds which AYON
 * attribute, for which ShotGrid entity types. Same shape and defaults as the Python addon (ayon-shotgrid 0.6.19,
 * server/settings/main.py `AttributesMappingModel`, `get_default_folder_attributes`): one row per AYON folder
 * attribute, `sg` empty (= not mapped), the SG field named without its `sg_` prefix. Pure: both directions use it.
 */
import { z } from "zod";
import type { FieldSchema } from "../client/index.js";

/** One row of the settings list, as stored. */
export const attribMappingRowSchema = z
  .object({
    /** AYON attribute name. */
    ayon: z.string().default(""),
    /** AYON attribute type (read-only in the Python addon's form: filled from AYON's attribute library). */
    type: z.string().default("string"),
    /** ShotGrid field code without the `sg_` prefix; empty = not mapped. */
    sg: z.string().default(""),
    /** ShotGrid entity types the row applies to. */
    scope: z.array(z.string()).default([]),
  })
  .loose();

export type AttribMappingRow = z.infer<typeof attribMappingRowSchema>;

/** The Python addon's `default_shotgrid_enabled_entities()`, which its default rows use as scope. */
const DEFAULT_SCOPE = ["Project", "Episode", "Sequence", "Shot", "Asset", "Task", "Version", "Note"];

/**
 * AYON's built-in folder attributes (ayon-backend setup/attributes.py, 1.16: scope contains F), in their
 * order, without `shotgridId`, `shotgridType` and `tools` (left out by the Python addon's default factory).
 */
const AYON_FOLDER_ATTRIBUTES: ReadonlyArray<[string, string]> = [
  ["priority", "string"],
  ["fps", "float"],
  ["resolutionWidth", "integer"],
  ["resolutionHeight", "integer"],
  ["pixelAspect", "float"],
  ["clipIn", "integer"],
  ["clipOut", "integer"],
  ["frameStart", "integer"],
  ["frameEnd", "integer"],
  ["handleStart", "integer"],
  ["handleEnd", "integer"],
  ["startDate", "datetime"],
  ["endDate", "datetime"],
  ["description", "string"],
];

/** The default rows: nothing mapped; `startDate` leaves Project out (usually not editable in ShotGrid). */
export function defaultAttribMappingRows(): AttribMappingRow[] {
  return AYON_FOLDER_ATTRIBUTES.map(([ayon, type]) => ({
    ayon,
    type,
    sg: "",
    scope: ayon === "startDate" ? DEFAULT_SCOPE.filter((t) => t !== "Project") : [...DEFAULT_SCOPE],
  }));
}

/** AYON root-level fields the Python addon maps next to the attributes (its processor adds them to the map). */
export const ROOT_LEVEL_FIELDS = { status: "status_list", tags: "tags", assignees: "task_assignees" } as const;

/** One mapped attribute, ready to read from or write to ShotGrid. */
export interface AttribMapping {
  ayon: string;
  /** AYON attribute type: string, integer, float, boolean, datetime, list_of_strings, ... */
  type: string;
  /** The field as configured (no `sg_` prefix). */
  sg: string;
  /** The ShotGrid fields that may hold it, in reading order: `sg_<sg>` first, then `<sg>` (built-in fields). */
  sgFields: [string, string];
  scope: ReadonlySet<string>;
}

/** Rows with an SG field and an AYON attribute, not the root-level fields (status, tags, assignees). */
export function activeMappings(rows: readonly AttribMappingRow[]): AttribMapping[] {
  const out: AttribMapping[] = [];
  for (const row of rows) {
    const sg = row.sg.trim();
    const ayon = row.ayon.trim();
    if (sg === "" || ayon === "" || ayon in ROOT_LEVEL_FIELDS) continue;
    const bare = sg.startsWith("sg_") ? sg.slice(3) : sg;
    out.push({ ayon, type: row.type, sg, sgFields: [`sg_${bare}`, bare], scope: new Set(row.scope) });
  }
  return out;
}

/** Problems a settings list has (duplicate SG fields or AYON attributes), as the Python addon's validator finds them. */
export function attribMappingProblems(rows: readonly AttribMappingRow[]): string[] {
  const problems: string[] = [];
  const sg = new Set<string>();
  const ayon = new Set<string>();
  for (const row of rows) {
    if (row.sg && sg.has(row.sg)) problems.push(`Duplicate mapped SG field: ${row.sg}`);
    if (row.ayon && ayon.has(row.ayon)) problems.push(`Duplicate mapped AYON attribute: ${row.ayon}`);
    if (row.sg) sg.add(row.sg);
    if (row.ayon) ayon.add(row.ayon);
  }
  return problems;
}

/** The AYON entity kind a ShotGrid type becomes (its attribute scope must include it). */
export function ayonKindOf(sgType: string): "project" | "folder" | "task" {
  return sgType === "Project" ? "project" : sgType === "Task" ? "task" : "folder";
}

/** What one project maps, per ShotGrid type. */
export class FieldMap {
  readonly #mappings: readonly AttribMapping[];
  /** AYON attribute name → its scope (project, folder, task...), when known. */
  readonly #ayonScopes: ReadonlyMap<string, readonly string[]> | null;

  constructor(mappings: readonly AttribMapping[], ayonScopes: ReadonlyMap<string, readonly string[]> | null = null) {
    this.#mappings = mappings;
    this.#ayonScopes = ayonScopes;
  }

  static fromRows(rows: readonly AttribMappingRow[]): FieldMap {
    return new FieldMap(activeMappings(rows));
  }

  get size(): number {
    return this.#mappings.length;
  }

  /** The mapped attributes of a ShotGrid type: rows whose scope names it (and whose AYON scope has its kind, when known). */
  forType(sgType: string): AttribMapping[] {
    const kind = ayonKindOf(sgType);
    return this.#mappings.filter((m) => m.scope.has(sgType) && (this.#ayonScopes === null || (this.#ayonScopes.get(m.ayon) ?? []).includes(kind)));
  }

  /** AYON attribute names mapped for an AYON kind (to select them when reading AYON). */
  ayonAttributes(kind?: "project" | "folder" | "task"): string[] {
    const names = this.#mappings
      .filter((m) => kind === undefined || this.#ayonScopes === null || (this.#ayonScopes.get(m.ayon) ?? []).includes(kind))
      .map((m) => m.ayon);
    return [...new Set(names)];
  }

  /** ShotGrid fields to read for a type: the mapped ones (both spellings), `tags`, and `task_assignees` on Task. */
  readFields(sgType: string): string[] {
    const fields = ["tags"];
    if (sgType === "Task") fields.push("task_assignees");
    for (const m of this.forType(sgType)) fields.push(...m.sgFields);
    return [...new Set(fields)];
  }

  /**
   * The map restricted to attributes AYON has (name → scope, from `GET /api/attributes`); `unknown` names the
   * mapped attributes AYON does not have (they are left out and reported, instead of failing every write).
   */
  withAyonAttributes(attributes: Iterable<{ name: string; scope: readonly string[]; data?: { type?: string } }>): { map: FieldMap; unknown: string[] } {
    const scopes = new Map<string, readonly string[]>();
    const types = new Map<string, string>();
    for (const a of attributes) {
      scopes.set(a.name, a.scope);
      if (typeof a.data?.type === "string") types.set(a.name, a.data.type);
    }
    const unknown = [...new Set(this.#mappings.filter((m) => !scopes.has(m.ayon)).map((m) => m.ayon))];
    // The attribute's own type wins over the row's (a row added in the form keeps the default "string").
    const known = this.#mappings.filter((m) => scopes.has(m.ayon)).map((m) => ({ ...m, type: types.get(m.ayon) ?? m.type }));
    return { map: new FieldMap(known, scopes), unknown };
  }
}

/**
 * The ShotGrid field a mapped attribute is written to (AYON → ShotGrid), from the type's field schema: the bare
 * field first (built-in ones such as `start_date`), then `sg_<field>`, editable ones only, as the Python addon's
 * `get_sg_custom_attributes_data` chooses; with its `data_type`. Null when the type has neither.
 */
export function writableSgField(
  mapping: Pick<AttribMapping, "sgFields">,
  schema: Readonly<Record<string, Pick<FieldSchema, "dataType" | "editable"> | undefined>>,
): { field: string; dataType: string } | null {
  const [prefixed, bare] = mapping.sgFields;
  for (const field of [bare, prefixed]) {
    const def = schema[field];
    if (def && def.editable) return { field, dataType: def.dataType };
  }
  return null;
}
