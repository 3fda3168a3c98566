// The REST record envelope (JSON:API style): scalars under `attributes`, every entity/multi-entity field under
// `relationships` (`{}` when none was asked for), dotted fields as flat typed attribute keys (dropped
// through multi-entity links), retired targets gone from links, floats as strings. A plan per
// (type, fields) is built once and reused for every row of a page.
import type { FieldDef } from "../schema/field-def.js";
import type { EntityTypeDef } from "../schema/schema.js";
import { resolvePath, valuesGetter } from "../query/field-path.js";
import { createResponseTimestamp } from "../store/dates.js";
import { formatFloat, readField, readLink, readMulti } from "../store/read-values.js";
import { Row } from "../store/rows.js";
import type { ShotgridStore } from "../store/store.js";

type AttrReader = (row: Row) => unknown;

export interface RecordPlan {
  type: EntityTypeDef;
  attributes: Array<[string, AttrReader]>;
  relationships: FieldDef[];
}

export interface RestRecord {
  type: string;
  id: number;
  attributes: Record<string, unknown>;
  relationships: Record<string, unknown>;
  links: { self: string };
}

const PLAN_CACHE_LIMIT = 256;

export class RecordSerializer {
  private readonly plans = new Map<string, RecordPlan>();

  constructor(private readonly store: ShotgridStore) {}

  reset(): void {
    this.plans.clear();
  }

  /** `fields` null or containing `*` = every field (omitted means all). Unknown names are dropped. */
  plan(type: EntityTypeDef, fields: readonly string[] | null): RecordPlan {
    const all = fields === null || fields.includes("*");
    const key = `${type.name}|${all ? "*" : fields.join(",")}`;
    let plan = this.plans.get(key);
    if (plan) return plan;
    plan = { type, attributes: [], relationships: [] };
    const names = all ? type.liveFields().map((f) => f.name) : [...new Set(fields)];
    for (const name of names) this.addField(plan, name);
    if (this.plans.size >= PLAN_CACHE_LIMIT) this.plans.clear(); // schema edits or odd clients: start over
    this.plans.set(key, plan);
    return plan;
  }

  /** The thin record of a create response: the sent fields, server defaults and bookkeeping
   *  attributes (with `created_at` spelled `YYYY-MM-DD HH:MM:SS UTC`), and every link field. */
  createPlan(type: EntityTypeDef, sent: readonly string[], row: Row): RecordPlan {
    const plan: RecordPlan = { type, attributes: [], relationships: [] };
    const attrs = new Set<string>();
    for (const name of sent) attrs.add(name);
    for (const def of type.liveFields()) {
      if (!def.isLink && def.defaultValue !== null && def.defaultValue !== "" && row.v[def.name] != null) attrs.add(def.name);
    }
    if (type.identityField) attrs.add(type.identityField);
    for (const name of ["cached_display_name", "created_at", "updated_at", "open_notes_count"]) attrs.add(name);
    for (const name of attrs) {
      const def = type.field(name);
      if (!def || def.isLink) continue;
      if (name === "created_at") plan.attributes.push([name, (r) => (typeof r.v.created_at === "string" ? createResponseTimestamp(r.v.created_at) : null)]);
      else this.addField(plan, name);
    }
    plan.relationships = type.liveFields().filter((f) => f.isLink);
    return plan;
  }

  private addField(plan: RecordPlan, name: string): void {
    const { type } = plan;
    const def = type.field(name);
    const namer = this.store.displayName;
    if (def) {
      if (def.isLink) plan.relationships.push(def);
      else if (def.dataType === "float") plan.attributes.push([name, (row) => formatFloat(row.v[name])]);
      else plan.attributes.push([name, (row) => readField(row, def, namer)]);
      return;
    }
    if (!name.includes(".")) return; // unknown names are silently dropped (measured on a real site)
    const path = resolvePath(this.store.schema, type, name);
    if (!path || path.throughMulti) return; // dotted reads through multi_entity are dropped
    const get = valuesGetter(path);
    const final = path.final;
    plan.attributes.push([
      name,
      (row) => {
        const found = get(row);
        if (final.dataType === "multi_entity") return readMulti(found, namer);
        const value = found[0];
        if (value instanceof Row) return readLink(value, namer);
        if (final.dataType === "float") return formatFloat(value);
        if (final.dataType === "checkbox") return found.length === 0 ? null : value === true;
        return value ?? null;
      },
    ]);
  }

  record(row: Row, plan: RecordPlan, base: string): RestRecord {
    const self = `${base}/entity/${plan.type.slug}/${row.id}`;
    const attributes: Record<string, unknown> = {};
    for (const [key, read] of plan.attributes) attributes[key] = read(row);
    const relationships: Record<string, unknown> = {};
    const namer = this.store.displayName;
    for (const def of plan.relationships) {
      const links: Record<string, string> = { self: `${self}/relationships/${def.name}` };
      if (def.dataType === "multi_entity") {
        relationships[def.name] = { data: readMulti(row.v[def.name], namer), links };
        continue;
      }
      const target = readLink(row.v[def.name], namer);
      if (target) links.related = `${base}/entity/${this.store.requireType(target.type).slug}/${target.id}`;
      relationships[def.name] = { data: target, links };
    }
    return { type: row.type, id: row.id, attributes, relationships, links: { self } };
  }
}
