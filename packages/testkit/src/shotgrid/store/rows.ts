// In-memory rows and the id-ordered sets that index them. A link value is the target Row object itself
// (rows are retired, never erased), so following a link, reading its display name or checking whether it
// is retired costs no lookup at all.

export class Row {
  retired = false;
  /** Canonical UTC date_time of the retirement, null while alive. */
  retiredAt: string | null = null;
  /** The row whose retirement retired this one (Tasks retired with their Shot/Asset), for a joint revive. */
  retiredWith: Row | null = null;

  constructor(
    readonly type: string,
    readonly id: number,
    /** Field values by programmatic name. `entity` fields hold a Row or null, `multi_entity` fields a Row[]. */
    readonly v: Record<string, unknown> = {},
  ) {}
}

/** A set of rows kept in id-ascending order (the default order of every read). Ids mostly arrive
 *  in increasing order (an append); late commits and rollbacks use a binary-searched splice. */
export class OrderedRowSet {
  private readonly members = new Map<number, Row>();
  private readonly ordered: Row[] = [];

  get size(): number {
    return this.members.size;
  }

  add(row: Row): void {
    if (this.members.has(row.id)) return;
    this.members.set(row.id, row);
    const last = this.ordered[this.ordered.length - 1];
    if (last === undefined || last.id < row.id) this.ordered.push(row);
    else this.ordered.splice(lowerBound(this.ordered, row.id), 0, row);
  }

  delete(row: Row): void {
    if (!this.members.delete(row.id)) return;
    const at = lowerBound(this.ordered, row.id);
    if (this.ordered[at] === row) this.ordered.splice(at, 1);
  }

  get(id: number): Row | undefined {
    return this.members.get(id);
  }

  /** Id-ascending; the returned array is shared: callers must not mutate it. */
  rows(): readonly Row[] {
    return this.ordered;
  }
}

/** Index of the first row whose id is >= `id`. */
export function lowerBound(rows: readonly Row[], id: number): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (rows[mid]!.id < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** All rows of one entity type, with a per-project index for project-scoped types. */
export class Table {
  readonly all = new OrderedRowSet();
  readonly byProject = new Map<number, OrderedRowSet>();
  private lastId = 0;

  constructor(readonly type: string) {}

  allocateId(): number {
    return ++this.lastId;
  }

  /** Seeding with explicit ids must not let the counter hand the same id out again. */
  noteId(id: number): void {
    if (id > this.lastId) this.lastId = id;
  }

  indexProject(row: Row, projectId: number | null, present: boolean): void {
    if (projectId === null) return;
    let bucket = this.byProject.get(projectId);
    if (present) {
      if (!bucket) this.byProject.set(projectId, (bucket = new OrderedRowSet()));
      bucket.add(row);
    } else {
      bucket?.delete(row);
    }
  }
}
