// Which fields a query selects beside the one being resolved: resolvers of the real server build their SQL
// from the selected fields (ayon-backend graphql/resolvers/*.py, FieldInfo), so some fields depend on others.
import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from "graphql";

/** True when the selection set holding the current field also selects `name` (fragments expanded). */
export function siblingSelected(info: GraphQLResolveInfo, name: string): boolean {
  const self = info.fieldNodes[0];
  if (!self) return false;
  const sets: SelectionSetNode[] = [info.operation.selectionSet, ...Object.values(info.fragments).map((f) => f.selectionSet)];
  const seen = new Set<SelectionSetNode>();
  while (sets.length > 0) {
    const set = sets.pop()!;
    if (seen.has(set)) continue;
    seen.add(set);
    if (set.selections.includes(self)) return selects(info, set, name, new Set());
    for (const s of set.selections) if (s.kind !== Kind.FRAGMENT_SPREAD && s.selectionSet) sets.push(s.selectionSet);
  }
  return false;
}

function selects(info: GraphQLResolveInfo, set: SelectionSetNode, name: string, spread: Set<string>): boolean {
  for (const s of set.selections) {
    if (s.kind === Kind.FIELD && (s as FieldNode).name.value === name) return true;
    if (s.kind === Kind.INLINE_FRAGMENT && selects(info, s.selectionSet, name, spread)) return true;
    if (s.kind === Kind.FRAGMENT_SPREAD && !spread.has(s.name.value)) {
      spread.add(s.name.value);
      const fragment = info.fragments[s.name.value];
      if (fragment && selects(info, fragment.selectionSet, name, spread)) return true;
    }
  }
  return false;
}
