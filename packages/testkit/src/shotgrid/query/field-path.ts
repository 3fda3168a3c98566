// Dotted field paths (`sg_sequence.Sequence.episode.Episode.code`): resolution against the schema
// once per request, and a value getter per path that follows links in memory. Retired targets, and targets
// of another type than the path names (`entity.Shot.code` on an Asset link), contribute no value.
import type { FieldDef } from "../schema/field-def.js";
import type { EntityTypeDef, ShotgridSchema } from "../schema/schema.js";
import { Row } from "../store/rows.js";

export interface Hop {
  field: FieldDef;
  targetType: string;
}

export interface ResolvedPath {
  text: string;
  hops: Hop[];
  final: FieldDef;
  throughMulti: boolean;
}

/** Null when any segment names no live field or type. */
export function resolvePath(schema: ShotgridSchema, type: EntityTypeDef, path: string): ResolvedPath | null {
  const parts = path.split(".");
  if (parts.length % 2 === 0) return null;
  const hops: Hop[] = [];
  let current: EntityTypeDef = type;
  for (let i = 0; i < parts.length - 1; i += 2) {
    const field = current.field(parts[i]!);
    const next = schema.type(parts[i + 1]!);
    if (!field?.isLink || !next) return null;
    hops.push({ field, targetType: next.name });
    current = next;
  }
  const final = current.field(parts[parts.length - 1]!);
  if (!final) return null;
  return { text: path, hops, final, throughMulti: hops.some((h) => h.field.dataType === "multi_entity") };
}

/** The values a path reaches from a row; an empty list stands for null. Links are live Rows only. */
export type ValuesGetter = (row: Row) => unknown[];

const NONE: unknown[] = [];

export function valuesGetter(path: ResolvedPath): ValuesGetter {
  const leaf = leafGetter(path.final);
  if (path.hops.length === 0) return leaf;
  const hops = path.hops;
  return (row) => {
    let current: Row[] = [row];
    for (const hop of hops) {
      const next: Row[] = [];
      for (const r of current) {
        const link = r.v[hop.field.name];
        if (link instanceof Row) {
          if (!link.retired && link.type === hop.targetType) next.push(link);
        } else if (Array.isArray(link)) {
          for (const e of link as Row[]) if (!e.retired && e.type === hop.targetType) next.push(e);
        }
      }
      if (next.length === 0) return NONE;
      current = next;
    }
    if (current.length === 1) return leaf(current[0]!);
    const out: unknown[] = [];
    for (const r of current) for (const v of leaf(r)) out.push(v);
    return out;
  };
}

function leafGetter(def: FieldDef): ValuesGetter {
  const name = def.name;
  switch (def.dataType) {
    case "entity":
      return (row) => {
        const link = row.v[name];
        return link instanceof Row && !link.retired ? [link] : NONE;
      };
    case "multi_entity":
      return (row) => {
        const list = row.v[name] as Row[] | undefined;
        if (!list || list.length === 0) return NONE;
        return list.filter((r) => !r.retired);
      };
    case "checkbox":
      // A checkbox is never null: an unset one reads false.
      return (row) => [row.v[name] === true];
    default:
      if (name === "id") return (row) => [row.id];
      return (row) => {
        const value = row.v[name];
        return value === null || value === undefined ? NONE : [value];
      };
  }
}
