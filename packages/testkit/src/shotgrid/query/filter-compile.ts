// Compiles a filter tree into one predicate over in-memory rows, validating paths and relations against
// the schema on the way (shotgun_api3 docs/reference.rst, Operators and Arguments): an unknown field or operator is a
// 400 naming the legal set; unfilterable types are refused. Negating relations are "not (positive)", which makes them
// match null rows, and a path reaching several values (through multi-entity links) matches when any value does.
import { badRequest } from "../errors.js";
import type { EntityTypeDef, ShotgridSchema } from "../schema/schema.js";
import type { DisplayNamer } from "../store/display-names.js";
import type { Row } from "../store/rows.js";
import { resolvePath, valuesGetter } from "./field-path.js";
import type { FilterNode } from "./filter-parse.js";
import { buildTest, type ValueContext } from "./filter-values.js";
import { IGNORED_IN_FILTERS, NEGATIONS, UNFILTERABLE, validRelations } from "./relations.js";

export type Predicate = (row: Row) => boolean;

export interface CompileEnv {
  schema: ShotgridSchema;
  now: () => Date;
  displayName: DisplayNamer;
}

export interface CompiledFilter {
  predicate: Predicate;
  /** True when a relative-date relation made the result depend on the clock. */
  usesClock: boolean;
}

const ALL: Predicate = () => true;

export function compileFilter(type: EntityTypeDef, node: FilterNode, env: CompileEnv): CompiledFilter {
  const state = { usesClock: false };
  const predicate = compileNode(type, node, env, state);
  return { predicate, usesClock: state.usesClock };
}

function compileNode(type: EntityTypeDef, node: FilterNode, env: CompileEnv, state: { usesClock: boolean }): Predicate {
  if (node.kind === "leaf") return compileLeaf(type, node.path, node.relation, node.value, env, state);
  const parts = node.conditions.map((c) => compileNode(type, c, env, state));
  if (parts.length === 0) return ALL; // `conditions: []` and `filters: []` match every row
  if (parts.length === 1) return parts[0]!;
  if (node.op === "and") return (row) => parts.every((p) => p(row));
  return (row) => parts.some((p) => p(row));
}

function compileLeaf(
  type: EntityTypeDef,
  path: string,
  relation: string,
  value: unknown,
  env: CompileEnv,
  state: { usesClock: boolean },
): Predicate {
  const resolved = resolvePath(env.schema, type, path);
  if (!resolved) {
    throw badRequest(`API read() ${type.name}.${path} doesn't exist.`, { [`${type.name}.${path}`]: "unknown field" });
  }
  const def = resolved.final;
  const label = `${def.entityType}.${def.name}`;
  if (IGNORED_IN_FILTERS.has(def.dataType)) return ALL;
  if (UNFILTERABLE.has(def.dataType)) {
    const message = `'${def.dataType}' data type cannot be used in a filter.`;
    throw badRequest(`API read() ${label}'s ${message}`, { [label]: message });
  }
  const valid = validRelations(def.dataType);
  if (!valid.includes(relation)) {
    throw badRequest(`API read() ${label}'s '${def.dataType}' data type doesn't support '${relation}' 'relation'`, {
      [label]: `Unsupported relation '${relation}'. Valid relations: [${valid.join(", ")}]`,
    });
  }
  const positive = NEGATIONS[relation] ?? relation;
  const negate = positive !== relation;
  const ctx: ValueContext = { def, label, relation, now: env.now, displayName: env.displayName, usesClock: false };
  const { test, nullMatches } = buildTest(positive, value, ctx);
  if (ctx.usesClock) state.usesClock = true;
  const values = valuesGetter(resolved);
  return (row) => {
    const found = values(row);
    let hit: boolean;
    if (found.length === 0) hit = nullMatches;
    else if (found.length === 1) hit = test(found[0]);
    else hit = found.some(test);
    return negate ? !hit : hit;
  };
}
