// The data layer under the store: tables by type and the only three primitive mutations (insert a row,
// set one value, flip retirement). Each keeps the indexes right, journals its inverse for rollback and
// bumps `version`, which the query cache uses to know when a cached result went stale.
import { Journal } from "./journal.js";
import { Row, Table } from "./rows.js";

export class RowData {
  readonly journal = new Journal();
  private readonly tables = new Map<string, Table>();
  /** Incremented by every mutation, committed or not. */
  version = 0;

  table(type: string): Table {
    let table = this.tables.get(type);
    if (!table) this.tables.set(type, (table = new Table(type)));
    return table;
  }

  get(type: string, id: number): Row | undefined {
    return this.tables.get(type)?.all.get(id);
  }

  insert(row: Row): void {
    const table = this.table(row.type);
    table.noteId(row.id);
    table.all.add(row);
    table.indexProject(row, projectIdOf(row.v.project), true);
    this.version++;
    this.journal.record(() => {
      table.all.delete(row);
      table.indexProject(row, projectIdOf(row.v.project), false);
      this.version++;
    });
  }

  set(row: Row, field: string, value: unknown): void {
    const had = Object.prototype.hasOwnProperty.call(row.v, field);
    const old = row.v[field];
    if (had && old === value) return;
    this.assign(row, field, value);
    this.journal.record(() => {
      if (had) this.assign(row, field, old);
      else {
        this.reindexProject(row, field, row.v[field], undefined);
        delete row.v[field];
      }
    });
  }

  setRetired(row: Row, retired: boolean, at: string | null, retiredWith: Row | null): void {
    const before = { retired: row.retired, at: row.retiredAt, with: row.retiredWith };
    row.retired = retired;
    row.retiredAt = at;
    row.retiredWith = retiredWith;
    this.version++;
    this.journal.record(() => {
      row.retired = before.retired;
      row.retiredAt = before.at;
      row.retiredWith = before.with;
      this.version++;
    });
  }

  private assign(row: Row, field: string, value: unknown): void {
    this.reindexProject(row, field, row.v[field], value);
    row.v[field] = value;
    this.version++;
  }

  private reindexProject(row: Row, field: string, oldValue: unknown, newValue: unknown): void {
    if (field !== "project") return;
    const table = this.table(row.type);
    if (!table.all.get(row.id)) return; // not inserted yet: insert() indexes it
    table.indexProject(row, projectIdOf(oldValue), false);
    table.indexProject(row, projectIdOf(newValue), true);
  }
}

function projectIdOf(value: unknown): number | null {
  return value instanceof Row ? value.id : null;
}
