// Create / update / retire / revive with a real site's rules and event log rows. Every value is
// validated before anything is stored, and each operation runs inside a journal transaction, so a failure
// leaves no trace (and a batch can roll back several of them at once).
import { badRequest, recordError, rowNotFound } from "../errors.js";
import type { FieldDef } from "../schema/field-def.js";
import type { EntityTypeDef, ShotgridSchema } from "../schema/schema.js";
import type { Actor, FieldChange } from "./changes.js";
import { canonicalDateTime } from "./dates.js";
import type { EventLog } from "./event-log.js";
import type { FieldWriter } from "./field-writer.js";
import type { RowData } from "./row-data.js";
import { Row } from "./rows.js";
import { ValueCoercer, type LinkResolver, type WriteOp } from "./write-values.js";

export interface WriteOptions {
  actor: Actor;
  /** false = bulk seeding: no event log rows. */
  log?: boolean;
}

/** A new Project's `tracking_settings`: the parent field of each type, which the sync reads to build the
 *  hierarchy. The real default depends on the site's project template; this is the common VFX one. */
export const DEFAULT_TRACKING_SETTINGS = {
  navchains: {
    Shot: "Shot.sg_sequence",
    Sequence: "Sequence.episode",
    Asset: "Asset.sg_asset_type",
    Episode: "__flat__",
    Task: "Task.entity",
  },
};

/** Fields the server fills itself; writing them by hand is never logged. */
const BOOKKEEPING = new Set(["created_at", "updated_at", "created_by", "updated_by", "cached_display_name"]);

export class WriteEngine {
  private readonly defaultsByType = new Map<string, Array<[FieldDef, unknown]>>();
  private readonly uniqueByType = new Map<string, FieldDef[]>();

  constructor(
    private readonly data: RowData,
    private readonly schema: ShotgridSchema,
    private readonly resolver: LinkResolver,
    private readonly writer: FieldWriter,
    private readonly events: EventLog,
    private readonly now: () => Date,
  ) {}

  requireType(name: string): EntityTypeDef {
    const type = this.schema.type(name);
    if (!type) throw badRequest(`Invalid entity type '${name}'`, { entity: name });
    return type;
  }

  /** The live row, or the 404 a write gets. */
  liveRow(type: EntityTypeDef, id: number): Row {
    const row = this.data.get(type.name, id);
    if (!row || row.retired) throw rowNotFound(type.name, id, "write");
    return row;
  }

  create(type: EntityTypeDef, body: unknown, opts: WriteOptions): { row: Row; sent: string[] } {
    const values = this.validate(type, body, "create");
    if (type.projectScoped && !values.get("project")?.[1]) {
      throw badRequest(`API create() missing 'project' attribute: ${safeEcho(body)}`, { project: "missing" });
    }
    return this.data.journal.run(() => {
      const id = this.data.table(type.name).allocateId();
      const row = new Row(type.name, id);
      const now = canonicalDateTime(this.now());
      for (const field of ["created_at", "updated_at"]) if (type.field(field)) row.v[field] = now;
      for (const field of ["created_by", "updated_by"]) if (type.field(field)) row.v[field] = opts.actor.row;
      // The project link goes in before the row is indexed, so the per-project index sees it.
      const project = values.get("project");
      if (project) row.v.project = project[1];
      this.data.insert(row);
      const changes: FieldChange[] = [];
      if (project && project[1]) changes.push({ row, field: "project", dataType: "entity", old: null, new: project[1], inCreate: true });
      for (const [name, [def, value]] of values) {
        if (name === "project") continue;
        if (BOOKKEEPING.has(name)) row.v[name] = value;
        else this.writer.apply(row, def, value, changes, true);
      }
      for (const [def, value] of this.defaultsOf(type)) {
        if (!values.has(def.name)) this.writer.apply(row, def, typeof value === "object" ? structuredClone(value) : value, changes, true);
      }
      const identity = type.identityField ? type.field(type.identityField) : undefined;
      if (identity && row.v[identity.name] == null && type.name !== "EventLogEntry") {
        this.writer.apply(row, identity, `New ${type.displayName} ${id}`, changes, true);
      }
      this.checkUnique(type, row);
      if (opts.log !== false && type.name !== "EventLogEntry") {
        this.events.recordCreate(row, changes.sort(byCreateOrder(row)), opts.actor);
      }
      return { row, sent: [...values.keys()] };
    });
  }

  update(type: EntityTypeDef, id: number, body: unknown, opts: WriteOptions): Row {
    const row = this.liveRow(type, id);
    if (type.name === "EventLogEntry") throw recordError("API update() EventLogEntry rows cannot be updated (permission denied)");
    const values = this.validate(type, body, "update");
    return this.data.journal.run(() => {
      const changes: FieldChange[] = [];
      for (const [, [def, value]] of values) {
        if (def.name === "cached_display_name") continue; // accepted and discarded
        this.writer.apply(row, def, value, changes);
      }
      if (values.size > 0) this.checkUnique(type, row);
      if (changes.length > 0) {
        if (type.field("updated_at")) this.data.set(row, "updated_at", canonicalDateTime(this.now()));
        if (type.field("updated_by")) this.data.set(row, "updated_by", opts.actor.row);
        if (opts.log !== false) this.events.recordChanges(changes, opts.actor);
      }
      return row;
    });
  }

  /**
   * Retires the row. Like a real site retiring linked rows (it retires a Shot's Versions), the
   * emulator also retires the live Tasks linked through `entity`, remembering who took them along so a
   * revive brings back exactly those. Events: each Task's, then the row's own.
   */
  retire(type: EntityTypeDef, id: number, opts: WriteOptions): Row {
    const row = this.liveRow(type, id);
    if (type.name === "EventLogEntry") throw recordError("API delete() EventLogEntry rows cannot be deleted (permission denied)");
    return this.data.journal.run(() => {
      const at = canonicalDateTime(this.now());
      const children = this.linkedTasks(row).filter((t) => !t.retired);
      for (const task of children) this.data.setRetired(task, true, at, row);
      this.data.setRetired(row, true, at, null);
      if (opts.log !== false) this.events.recordRetirements([...children, row], opts.actor);
      return row;
    });
  }

  /** Revives a retired row and the Tasks retired with it. False when the row was alive. */
  revive(type: EntityTypeDef, id: number, opts: WriteOptions): boolean {
    const row = this.data.get(type.name, id);
    if (!row) throw rowNotFound(type.name, id, "write");
    if (!row.retired) return false;
    return this.data.journal.run(() => {
      const children = this.linkedTasks(row).filter((t) => t.retired && t.retiredWith === row);
      const previous = new Map<Row, string | null>();
      for (const r of [...children, row]) {
        previous.set(r, r.retiredAt);
        this.data.setRetired(r, false, null, null);
      }
      if (opts.log !== false) this.events.recordRevival(row, [...children, row], previous, opts.actor);
      return true;
    });
  }

  private linkedTasks(row: Row): Row[] {
    const tasks = row.v.tasks;
    if (!Array.isArray(tasks)) return [];
    return (tasks as Row[]).filter((t) => t.type === "Task" && t.v.entity === row);
  }

  /** Every key checked and coerced before the first write; insertion order kept for the event log. */
  private validate(type: EntityTypeDef, body: unknown, op: WriteOp): Map<string, [FieldDef, unknown]> {
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
      throw badRequest(`API ${op}() expected a JSON object of fields but got ${Array.isArray(body) ? "Array" : String(body)}`);
    }
    const coercer = new ValueCoercer(this.resolver, op);
    const out = new Map<string, [FieldDef, unknown]>();
    for (const [name, raw] of Object.entries(body)) {
      if (name === "type" && raw === type.name) continue; // a JSON-RPC-style record may echo its type
      const def = type.field(name);
      if (!def) throw badRequest(`API ${op}() ${type.name}.${name} doesn't exist.`, { [name]: "unknown field" });
      if (def.writeRule === "read-only") throw badRequest(`API ${op}() ${type.name}.${name} is read only.`, { [name]: "read only" });
      if (def.writeRule === "create-only" && op === "update") {
        throw badRequest(`API update() ${type.name}.${name} is editable on create only.`, { [name]: "create only" });
      }
      out.set(name, [def, coercer.coerce(type, def, raw)]);
    }
    return out;
  }

  /** Schema defaults a create fills in (the event log counts them as populated fields). A checkbox default of false is
   *  not a value being set — checkboxes are never null — so it is not logged either. */
  private defaultsOf(type: EntityTypeDef): Array<[FieldDef, unknown]> {
    let list = this.defaultsByType.get(type.name);
    if (!list) {
      list = [];
      for (const def of type.liveFields()) {
        const value = def.defaultValue;
        if (value === null || value === "" || value === false || def.writeRule === "read-only") continue;
        if (def.isLink || BOOKKEEPING.has(def.name)) continue;
        list.push([def, value]);
      }
      const tracking = type.name === "Project" ? type.field("tracking_settings") : undefined;
      if (tracking) list.push([tracking, DEFAULT_TRACKING_SETTINGS]);
      this.defaultsByType.set(type.name, list);
    }
    return list;
  }

  /** Fields flagged unique in the schema (Project.name, Project.code, HumanUser.login). How a real site
   *  refuses a duplicate was not measured: a 400 code 104 naming the field. */
  private checkUnique(type: EntityTypeDef, row: Row): void {
    let unique = this.uniqueByType.get(type.name);
    if (!unique) this.uniqueByType.set(type.name, (unique = type.liveFields().filter((d) => d.unique && d.dataType === "text")));
    for (const def of unique) {
      const value = row.v[def.name];
      if (value == null) continue;
      for (const other of this.data.table(type.name).all.rows()) {
        if (other !== row && !other.retired && other.v[def.name] === value) {
          throw recordError(`${type.name}.${def.name} '${String(value)}' is not unique`, { [def.name]: value });
        }
      }
    }
  }

  /** Drops the caches derived from the schema (after a field was created, changed or removed). */
  schemaChanged(): void {
    this.defaultsByType.clear();
    this.uniqueByType.clear();
  }
}

/** In-create changes: the row's own fields first, in write order; back-references after. */
function byCreateOrder(row: Row): (a: FieldChange, b: FieldChange) => number {
  return (a, b) => Number(a.row !== row) - Number(b.row !== row);
}

/** The offending body in an error title, minus anything that could be a secret. */
function safeEcho(body: unknown): string {
  const text = JSON.stringify(body, (key, value) => (/password|secret|key|token/i.test(key) ? "[hidden]" : value));
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

