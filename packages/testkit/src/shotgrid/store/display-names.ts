// A row's display name (its `cached_display_name`, and the `name` of every link to it): the identity
// field's value — `code` for Shot/Asset/Sequence, `content` for Task, `name` for Project, `subject` for Note —
// and `#<id>: <title>` for a Delivery. Computed at read time, so a rename shows in links at once.
import type { ShotgridSchema } from "../schema/schema.js";
import type { Row } from "./rows.js";

export type DisplayNamer = (row: Row) => string | null;

export function makeDisplayNamer(schema: ShotgridSchema): DisplayNamer {
  const identity = new Map<string, string | null>();
  return (row) => {
    let field = identity.get(row.type);
    if (field === undefined) {
      field = schema.type(row.type)?.identityField ?? null;
      identity.set(row.type, field);
    }
    const value = field === null ? null : row.v[field];
    if (row.type === "Delivery") return `#${row.id}: ${typeof value === "string" ? value : ""}`;
    return typeof value === "string" ? value : null;
  };
}

/** `{type, id, name}`: how a link reads on REST and inside event `meta`. */
export interface LinkDict {
  id: number;
  name: string | null;
  type: string;
}

export function linkDict(row: Row, displayName: DisplayNamer): LinkDict {
  return { id: row.id, name: displayName(row), type: row.type };
}
