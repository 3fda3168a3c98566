// The EventLogEntry generator: every write — over HTTP or in-process — turns its field changes into
// `Shotgun_<T>_New|Change|Retirement|Revival` rows stored in the same store, so they are read and
// filtered like any entity. Back-reference changes (`Shot.tasks` when `Task.entity` is set) are logged
// too. Gap mode reserves some ids and commits their rows late, like a real site's long transactions.
import type { Actor, FieldChange } from "./changes.js";
import { canonicalDateTime, createResponseTimestamp } from "./dates.js";
import { linkDict, type DisplayNamer } from "./display-names.js";
import type { RowData } from "./row-data.js";
import { Row } from "./rows.js";
import type { ShotgridSchema } from "../schema/schema.js";

export interface GapModeOptions {
  enabled: boolean;
  /** Every n-th event id is reserved and committed late. Default 7. */
  gapEvery?: number;
  /** How long a reserved row stays invisible. Default 400 ms (the measured visibility lag was 0.3–0.4 s). */
  commitDelayMs?: number;
}

const EVENT_TYPE = "EventLogEntry";

export class EventLog {
  private allocated = 0;
  private readonly pending = new Map<number, { row: Row; timer: NodeJS.Timeout }>();

  constructor(
    private readonly data: RowData,
    private readonly schema: ShotgridSchema,
    private readonly displayName: DisplayNamer,
    private readonly now: () => Date,
    private readonly gap: GapModeOptions = { enabled: false },
  ) {}

  /** `ApiUser.generate_event_log_entries` gates a script's events; people always generate them. */
  enabledFor(actor: Actor): boolean {
    return actor.row.type !== "ApiUser" || actor.row.v.generate_event_log_entries === true;
  }

  recordCreate(row: Row, changes: readonly FieldChange[], actor: Actor): void {
    if (!this.enabledFor(actor)) return;
    const typeName = this.typeLabel(row.type);
    this.emit(row, actor, `Shotgun_${row.type}_New`, null, { type: "new_entity", entity_type: row.type, entity_id: row.id },
      `${this.actorName(actor)} created new ${typeName} ${this.quoted(row)}`);
    this.recordChanges(changes, actor);
  }

  recordChanges(changes: readonly FieldChange[], actor: Actor): void {
    if (!this.enabledFor(actor)) return;
    const ids = new Map<FieldChange, number>();
    for (const change of changes) ids.set(change, this.emitChange(change, actor, ids).id);
  }

  /** One `_Retirement` plus its `retirement_date` change per row, in the order given. */
  recordRetirements(rows: readonly Row[], actor: Actor): void {
    if (!this.enabledFor(actor)) return;
    for (const row of rows) {
      const date = createResponseTimestamp(row.retiredAt ?? canonicalDateTime(this.now()));
      this.emit(row, actor, `Shotgun_${row.type}_Retirement`, null, {
        type: "entity_retirement",
        id: row.id,
        entity_id: row.id,
        class_name: row.type,
        entity_type: row.type,
        display_name: this.displayName(row),
        retirement_date: date,
      }, `${this.actorName(actor)} retired ${this.typeLabel(row.type)} ${this.quoted(row)}`);
      this.emitChange({ row, field: "retirement_date", dataType: "date_time", old: null, new: date }, actor, new Map());
    }
  }

  /** The `retirement_date` → null change of every revived row (children first), then the `_Revival` of the
   *  row the caller revived. */
  recordRevival(main: Row, revivedChildrenFirst: readonly Row[], previousDates: ReadonlyMap<Row, string | null>, actor: Actor): void {
    if (!this.enabledFor(actor)) return;
    for (const row of revivedChildrenFirst) {
      const before = previousDates.get(row);
      this.emitChange({ row, field: "retirement_date", dataType: "date_time", old: before ? createResponseTimestamp(before) : null, new: null }, actor, new Map());
    }
    this.emit(main, actor, `Shotgun_${main.type}_Revival`, null, {
      type: "entity_revival",
      entity_type: main.type,
      entity_id: main.id,
      class_name: main.type,
      display_name: this.displayName(main),
    }, `${this.actorName(actor)} revived ${this.typeLabel(main.type)} ${this.quoted(main)}`);
  }

  /** Reserved rows not committed yet (gap mode). */
  pendingIds(): number[] {
    return [...this.pending.keys()].sort((a, b) => a - b);
  }

  /** Commits every reserved row now (tests use it to close gaps without waiting). */
  flushPending(): void {
    for (const [id, entry] of [...this.pending]) {
      clearTimeout(entry.timer);
      this.commitReserved(id);
    }
  }

  /** Drops the timers (server shutdown); reserved rows then never appear, like a failed transaction. */
  dispose(): void {
    for (const entry of this.pending.values()) clearTimeout(entry.timer);
    this.pending.clear();
  }

  private emitChange(change: FieldChange, actor: Actor, ids: ReadonlyMap<FieldChange, number>): Row {
    const { row, field } = change;
    const origin = change.origin;
    const meta: Record<string, unknown> = {
      type: "attribute_change",
      attribute_name: field,
      // On a back-reference change, entity_type/entity_id/field_data_type describe the referrer.
      entity_type: origin ? origin.row.type : row.type,
      entity_id: origin ? origin.row.id : row.id,
      field_data_type: origin ? origin.dataType : change.dataType,
    };
    if (change.added || change.removed) {
      meta.added = (change.added ?? []).map((r) => linkDict(r, this.displayName));
      meta.removed = (change.removed ?? []).map((r) => linkDict(r, this.displayName));
    } else {
      meta.old_value = this.metaValue(change.old);
      meta.new_value = this.metaValue(change.new);
    }
    if (change.inCreate) meta.in_create = true;
    if (origin && ids.has(origin)) meta.original_event_log_entry_id = ids.get(origin);
    const fieldLabel = this.schema.type(row.type)?.field(field)?.displayName ?? field;
    return this.emit(row, actor, `Shotgun_${row.type}_Change`, field, meta,
      `${this.actorName(actor)} changed "${fieldLabel}" on ${this.typeLabel(row.type)} ${this.quoted(row)}`);
  }

  private emit(entity: Row, actor: Actor, eventType: string, attribute: string | null, meta: Record<string, unknown>, description: string): Row {
    const table = this.data.table(EVENT_TYPE);
    const id = table.allocateId();
    const project = entity.type === "Project" ? entity : entity.v.project instanceof Row ? entity.v.project : null;
    const row = new Row(EVENT_TYPE, id, {
      event_type: eventType,
      attribute_name: attribute,
      meta,
      entity,
      project,
      user: actor.row,
      session_uuid: actor.sessionUuid,
      created_at: canonicalDateTime(this.now()),
      description,
    });
    this.allocated++;
    const every = Math.max(2, this.gap.gapEvery ?? 7);
    if (this.gap.enabled && this.allocated % every === 0) this.reserve(row);
    else this.data.insert(row);
    return row;
  }

  /** The row becomes visible only `commitDelayMs` after its transaction commits; a rollback drops it and
   *  leaves a gap that never fills (a failed transaction on a real site). */
  private reserve(row: Row): void {
    this.data.journal.onCommit(() => {
      const timer = setTimeout(() => this.commitReserved(row.id), this.gap.commitDelayMs ?? 400);
      timer.unref?.();
      this.pending.set(row.id, { row, timer });
    });
  }

  private commitReserved(id: number): void {
    const entry = this.pending.get(id);
    if (!entry) return;
    this.pending.delete(id);
    this.data.insert(entry.row);
  }

  private metaValue(value: unknown): unknown {
    if (value instanceof Row) return linkDict(value, this.displayName);
    return value ?? null;
  }

  private typeLabel(type: string): string {
    return this.schema.type(type)?.displayName ?? type;
  }

  private quoted(row: Row): string {
    const name = this.displayName(row);
    return name === null ? `#${row.id}` : `"${name}"`;
  }

  private actorName(actor: Actor): string {
    return this.displayName(actor.row) ?? `${actor.row.type} #${actor.row.id}`;
  }
}
