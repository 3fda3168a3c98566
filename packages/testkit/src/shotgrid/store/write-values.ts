// Validation and coercion of one written value per data type (shotgun_api3 docs/reference.rst, Data Types). Runs before
// anything is stored, so a bad field rejects the whole write. Stored forms: text trimmed (never ""), number int32,
// float number, checkbox boolean, date/date_time canonical strings, entity Row|null, multi_entity Row[].
import { badRequest, recordError } from "../errors.js";
import type { FieldDef } from "../schema/field-def.js";
import type { EntityTypeDef, ShotgridSchema } from "../schema/schema.js";
import { parseDate, parseDateTime } from "./dates.js";
import type { Row } from "./rows.js";

export type WriteOp = "create" | "update";

export interface LinkResolver {
  readonly schema: ShotgridSchema;
  /** A live or retired row; callers check `retired`. */
  lookup(type: string, id: number): Row | undefined;
}

export type MultiMode = "set" | "add" | "remove";
export interface MultiWrite {
  mode: MultiMode;
  rows: Row[];
}

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/** Entity fields whose valid_types the server enforces; on every other entity field they are advisory
 *  (measured: `Shot.sg_sequence` accepted a Shot; `Sequence.episode`, `*.project`, `task_template` refused). */
function enforcesValidTypes(def: FieldDef): boolean {
  return def.name === "project" || def.name === "task_template" || (def.entityType === "Sequence" && def.name === "episode");
}

export function rubyClassOf(value: unknown): string {
  if (value === null || value === undefined) return "NilClass";
  if (typeof value === "string") return "String";
  if (typeof value === "number") return Number.isInteger(value) ? "Integer" : "Float";
  if (typeof value === "boolean") return value ? "TrueClass" : "FalseClass";
  if (Array.isArray(value)) return "Array";
  return "Hash";
}

export class ValueCoercer {
  constructor(
    private readonly resolver: LinkResolver,
    private readonly op: WriteOp,
  ) {}

  private fail(def: FieldDef, message: string): never {
    throw badRequest(`API ${this.op}() ${def.entityType}.${def.name} ${message}`, {
      [`${def.entityType}.${def.name}`]: message,
    });
  }

  private wrongClass(def: FieldDef, expected: string, value: unknown): never {
    this.fail(def, `expected [${expected}] data type(s) but got ${rubyClassOf(value)}`);
  }

  coerce(type: EntityTypeDef, def: FieldDef, raw: unknown): unknown {
    if (raw === undefined) this.wrongClass(def, "value", raw);
    // "" is refused. null is refused on update too; on create it means "omitted" (New Shot <id>).
    const blank = (typeof raw === "string" && raw.trim() === "") || (raw === null && this.op === "update");
    if (def.name === type.identityField && blank && type.name !== "EventLogEntry") {
      throw recordError(`Cannot set identifier field to empty. (${type.name})`, { [def.name]: "empty" });
    }
    switch (def.dataType) {
      case "text":
      case "color":
        if (raw === null) return null;
        if (typeof raw !== "string") this.wrongClass(def, "String, NilClass", raw);
        return raw.trim() === "" ? null : raw.trim();
      case "number":
      case "percent":
      case "duration":
      case "timecode":
        return this.integer(def, raw);
      case "float":
        return this.float(def, raw);
      case "checkbox":
        if (raw === true || raw === "true") return true;
        if (raw === false || raw === "false") return false;
        return this.wrongClass(def, "TrueClass, FalseClass", raw);
      case "date":
        if (raw === null) return null;
        if (typeof raw === "string" && parseDate(raw)) return raw;
        return this.fail(def, `Invalid date format ${JSON.stringify(raw)}. Correct format is: 2011-01-21`);
      case "date_time": {
        if (raw === null) return null;
        const parsed = typeof raw === "string" ? parseDateTime(raw) : null;
        if (parsed) return parsed;
        return this.fail(def, `Invalid date_time format ${JSON.stringify(raw)}. Correct format is: 2011-01-21T19:47:33Z`);
      }
      case "list":
      case "status_list":
        return this.listValue(def, raw);
      case "entity":
        return this.entity(def, raw);
      case "multi_entity":
        return this.multiEntity(def, raw);
      case "entity_type":
        if (raw === null) return null;
        if (typeof raw === "string" && this.resolver.schema.type(raw)) return raw;
        return this.fail(def, `${JSON.stringify(raw)} is not a valid entity type`);
      case "url":
        // Only the read shape is documented; a bare string is taken as a web link.
        if (raw === null) return null;
        if (typeof raw === "string") return { content_type: null, link_type: "web", name: raw, url: raw };
        if (typeof raw === "object" && !Array.isArray(raw)) return structuredClone(raw);
        return this.wrongClass(def, "Hash, String, NilClass", raw);
      default:
        // serializable and the few exotic types: any JSON value, copied so the caller's object stays theirs.
        return raw === null || typeof raw !== "object" ? raw : structuredClone(raw);
    }
  }

  private integer(def: FieldDef, raw: unknown): number | null {
    if (raw === null) return null;
    let n: number;
    if (typeof raw === "number" && Number.isInteger(raw)) n = raw;
    else if (typeof raw === "string" && /^\s*-?\d+\s*$/.test(raw)) n = Number(raw);
    else return this.wrongClass(def, "Integer, NilClass", raw);
    if (n < INT32_MIN || n > INT32_MAX) throw recordError("integer out of range", { [def.name]: String(raw) });
    return n;
  }

  /** An Integer is rejected. JSON `2.0` parses to the integer 2 in JavaScript, so it is rejected too:
   *  clients send float values as strings ("2.0"). */
  private float(def: FieldDef, raw: unknown): number | null {
    if (raw === null) return null;
    if (typeof raw === "number" && Number.isFinite(raw) && !Number.isInteger(raw)) return raw;
    if (typeof raw === "string" && /^\s*-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(raw)) return Number(raw);
    return this.wrongClass(def, "Float, String, NilClass", raw);
  }

  private listValue(def: FieldDef, raw: unknown): string | null {
    if (raw === null || raw === "") return null;
    if (typeof raw !== "string") this.wrongClass(def, "String, NilClass", raw);
    const valid = def.validValues ?? [];
    if (valid.includes(raw)) return raw; // case-sensitive on write; hidden_values stay writable (measured)
    const what = def.dataType === "status_list" ? "status" : "value";
    throw recordError(
      `${def.entityType}.${def.name}: '${raw}' is not a valid ${what}. Valid ${what === "status" ? "statuses" : "values"}: ${valid.join(", ")}`,
      { [def.name]: raw },
    );
  }

  private linkTarget(def: FieldDef, raw: unknown, enforce: boolean): Row {
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) this.wrongClass(def, "Hash, NilClass", raw);
    const hash = raw as { type?: unknown; id?: unknown };
    if (typeof hash.type !== "string") this.fail(def, "invalid/missing entity hash string 'type'");
    const id = typeof hash.id === "string" && /^\d+$/.test(hash.id) ? Number(hash.id) : hash.id;
    if (typeof id !== "number" || !Number.isInteger(id)) this.fail(def, "invalid/missing entity hash integer 'id'");
    if (enforce && def.validTypes.length > 0 && !def.validTypes.includes(hash.type)) {
      throw badRequest(`Update failed for [${def.entityType}.${def.name}]: ${def.validTypes.join(" or ")} expected, got ${hash.type}`);
    }
    const target = this.resolver.schema.type(hash.type) ? this.resolver.lookup(hash.type, id) : undefined;
    if (!target || target.retired) this.fail(def, `Value is not legal. (${hash.type} ${id} does not exist)`);
    return target;
  }

  private entity(def: FieldDef, raw: unknown): Row | null {
    if (raw === null) return null;
    return this.linkTarget(def, raw, enforcesValidTypes(def));
  }

  private multiEntity(def: FieldDef, raw: unknown): MultiWrite {
    let mode: MultiMode = "set";
    let list = raw;
    if (raw === null) this.fail(def, "cannot be set to null; use [] to clear it");
    if (typeof raw === "object" && !Array.isArray(raw) && "multi_entity_update_mode" in (raw as object)) {
      const wrapper = raw as { multi_entity_update_mode?: unknown; value?: unknown };
      if (!["set", "add", "remove"].includes(wrapper.multi_entity_update_mode as string)) {
        this.fail(def, `multi_entity_update_mode must be one of add, remove, set`);
      }
      mode = wrapper.multi_entity_update_mode as MultiMode;
      list = wrapper.value;
    }
    if (!Array.isArray(list)) return this.wrongClass(def, "Array", list);
    // A multi-entity field enforces valid_types (a real site answers 400 "Value is not legal").
    const rows: Row[] = [];
    const seen = new Set<Row>();
    for (const item of list) {
      const target = this.linkTarget(def, item, false);
      if (def.validTypes.length > 0 && !def.validTypes.includes(target.type)) {
        this.fail(def, `Value is not legal. (${target.type} is not a valid type)`);
      }
      if (!seen.has(target)) rows.push(target);
      seen.add(target);
    }
    return { mode, rows };
  }
}
