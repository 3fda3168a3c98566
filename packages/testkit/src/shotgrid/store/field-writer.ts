// Applies validated values to a row and keeps the paired reverse links in sync: setting
// `Shot.sg_sequence` adds the Shot to the new Sequence's `shots` and removes it from the old one; adding a
// Shot to a Sequence's `shots` moves it out of its previous Sequence. Every change — direct or derived —
// is appended to `out` for the event log; derived ones point at the change that caused them.
import type { FieldDef } from "../schema/field-def.js";
import type { ShotgridSchema } from "../schema/schema.js";
import type { FieldChange } from "./changes.js";
import type { FieldRef, LinkPairs } from "./link-pairs.js";
import type { RowData } from "./row-data.js";
import { Row } from "./rows.js";
import type { MultiWrite } from "./write-values.js";

export class FieldWriter {
  constructor(
    private readonly data: RowData,
    private readonly schema: ShotgridSchema,
    private readonly pairs: LinkPairs,
  ) {}

  /** Stores a coerced value (Row|null for entity, MultiWrite for multi_entity, anything else as is). */
  apply(row: Row, def: FieldDef, value: unknown, out: FieldChange[], inCreate = false): void {
    if (def.dataType === "entity") this.setEntity(row, def, value as Row | null, out, inCreate);
    else if (def.dataType === "multi_entity") this.setMulti(row, def, value as MultiWrite, out, inCreate);
    else this.setScalar(row, def, value, out, inCreate);
  }

  private setScalar(row: Row, def: FieldDef, value: unknown, out: FieldChange[], inCreate: boolean): void {
    // An unset checkbox reads false, so writing false to it changes nothing.
    const old = def.dataType === "checkbox" ? row.v[def.name] === true : (row.v[def.name] ?? null);
    if (sameScalar(old, value)) return;
    this.data.set(row, def.name, value);
    out.push({ row, field: def.name, dataType: def.dataType, old, new: value, inCreate: inCreate || undefined });
  }

  private setEntity(row: Row, def: FieldDef, target: Row | null, out: FieldChange[], inCreate: boolean): void {
    const old = (row.v[def.name] as Row | null | undefined) ?? null;
    if (old === target) return;
    this.data.set(row, def.name, target);
    const change: FieldChange = { row, field: def.name, dataType: "entity", old, new: target, inCreate: inCreate || undefined };
    out.push(change);
    if (!this.pairs.isPaired(row.type, def.name)) return;
    if (old) this.mirrorRemove(old, this.pairs.pairOf(row.type, def.name, old.type), row, change, out);
    if (target) this.mirrorAdd(target, this.pairs.pairOf(row.type, def.name, target.type), row, change, out);
  }

  private setMulti(row: Row, def: FieldDef, write: MultiWrite, out: FieldChange[], inCreate: boolean): void {
    const current = (row.v[def.name] as Row[] | undefined) ?? [];
    let next: Row[];
    if (write.mode === "set") next = write.rows;
    else if (write.mode === "add") {
      const have = new Set(current);
      next = current.concat(write.rows.filter((r) => !have.has(r)));
    } else {
      const drop = new Set(write.rows);
      next = current.filter((r) => !drop.has(r));
    }
    const before = new Set(current);
    const after = new Set(next);
    const added = next.filter((r) => !before.has(r));
    const removed = current.filter((r) => !after.has(r));
    if (added.length === 0 && removed.length === 0 && sameOrder(current, next)) return;
    this.data.set(row, def.name, next);
    if (added.length === 0 && removed.length === 0) return; // a reorder is not logged
    const change: FieldChange = { row, field: def.name, dataType: "multi_entity", added, removed, inCreate: inCreate || undefined };
    out.push(change);
    if (!this.pairs.isPaired(row.type, def.name)) return;
    for (const r of removed) this.mirrorRemove(r, this.pairs.pairOf(row.type, def.name, r.type), row, change, out);
    for (const a of added) this.mirrorAdd(a, this.pairs.pairOf(row.type, def.name, a.type), row, change, out);
  }

  /** `target.pair` gains `item`. */
  private mirrorAdd(target: Row, pair: FieldRef | undefined, item: Row, origin: FieldChange, out: FieldChange[]): void {
    if (!pair) return;
    const pairDef = this.schema.type(pair.type)?.field(pair.field);
    if (!pairDef) return;
    if (pairDef.dataType === "multi_entity") {
      const list = (target.v[pair.field] as Row[] | undefined) ?? [];
      if (list.includes(item)) return;
      this.data.set(target, pair.field, [...list, item]);
      out.push({ row: target, field: pair.field, dataType: "multi_entity", added: [item], removed: [], origin });
      return;
    }
    // The paired side is a single link: it now points at `item`, which takes it away from its previous owner
    // ("adding a Shot to a second Sequence's shots silently removes it from the first").
    const previous = (target.v[pair.field] as Row | null | undefined) ?? null;
    if (previous === item) return;
    this.data.set(target, pair.field, item);
    out.push({ row: target, field: pair.field, dataType: "entity", old: previous, new: item, origin });
    if (previous) {
      const back = this.pairs.pairOf(target.type, pair.field, previous.type);
      if (back) this.dropFromList(previous, back.field, target, origin, out);
    }
  }

  /** `target.pair` loses `item`. */
  private mirrorRemove(target: Row, pair: FieldRef | undefined, item: Row, origin: FieldChange, out: FieldChange[]): void {
    if (!pair) return;
    const pairDef = this.schema.type(pair.type)?.field(pair.field);
    if (!pairDef) return;
    if (pairDef.dataType === "multi_entity") {
      this.dropFromList(target, pair.field, item, origin, out);
      return;
    }
    if (target.v[pair.field] !== item) return;
    this.data.set(target, pair.field, null);
    out.push({ row: target, field: pair.field, dataType: "entity", old: item, new: null, origin });
  }

  private dropFromList(target: Row, field: string, item: Row, origin: FieldChange, out: FieldChange[]): void {
    const list = (target.v[field] as Row[] | undefined) ?? [];
    if (!list.includes(item)) return;
    this.data.set(target, field, list.filter((r) => r !== item));
    out.push({ row: target, field, dataType: "multi_entity", added: [], removed: [item], origin });
  }
}

function sameScalar(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (a instanceof Row || b instanceof Row) return false;
  return JSON.stringify(a) === JSON.stringify(b); // serializable/url values: compare by content
}

function sameOrder(a: readonly Row[], b: readonly Row[]): boolean {
  return a.length === b.length && a.every((r, i) => r === b[i]);
}
