// ShotgridStore: the emulator's site data with direct in-process access. Writes go through the same engine
// as HTTP (validation, reverse links, event log rows) and act as a chosen user; `seed` bulk-inserts
// without event log rows for fast fixture loading. Reads return flat records (JSON-RPC style:
// `{type, id, code, sg_sequence: {id,name,type}}`, floats as numbers).
import { randomUUID } from "node:crypto";
import { badRequest } from "../errors.js";
import { resolvePath, valuesGetter } from "../query/field-path.js";
import { parseArrayFilters, parseHashFilters, type FilterNode } from "../query/filter-parse.js";
import { QueryRunner } from "../query/query-runner.js";
import { parseSort } from "../query/sort.js";
import type { EntityTypeDef } from "../schema/schema.js";
import { ShotgridSchema } from "../schema/schema.js";
import type { Actor } from "./changes.js";
import { makeDisplayNamer, type DisplayNamer } from "./display-names.js";
import { EventLog, type GapModeOptions } from "./event-log.js";
import { FieldWriter } from "./field-writer.js";
import { LinkPairs } from "./link-pairs.js";
import { readField, readLink } from "./read-values.js";
import { RowData } from "./row-data.js";
import { Row } from "./rows.js";
import { WriteEngine } from "./write-engine.js";

export interface EntityRef {
  type: string;
  id: number;
}

export interface UserRef {
  type: "HumanUser" | "ApiUser";
  id: number;
}

export interface ActAs {
  /** Author of the write. Default: the site's built-in admin HumanUser. */
  as?: UserRef;
  /** Defaults: a fresh uuid for a HumanUser (a web-UI-like edit), null for an ApiUser. */
  sessionUuid?: string | null;
}

export interface FindOptions {
  /** Field names, dotted paths allowed. Default: every field. */
  fields?: string[];
  /** `code,-created_at` */
  sort?: string;
  /** Retired rows only (like `options[return_only]=retired`). */
  retired?: boolean;
  limit?: number;
}

export type FlatRecord = { type: string; id: number } & Record<string, unknown>;

export interface StoreOptions {
  freshSite?: boolean;
  now?: () => Date;
  gapMode?: GapModeOptions;
  /** Prebuilt schema (tests share one); default: loaded from the committed JSON. */
  schema?: ShotgridSchema;
}

export class ShotgridStore {
  readonly schema: ShotgridSchema;
  readonly data = new RowData();
  readonly displayName: DisplayNamer;
  readonly events: EventLog;
  readonly engine: WriteEngine;
  readonly queries: QueryRunner;
  readonly now: () => Date;
  private adminRow: Row;

  constructor(opts: StoreOptions = {}) {
    this.schema = opts.schema ?? ShotgridSchema.load({ freshSite: opts.freshSite });
    this.now = opts.now ?? (() => new Date());
    this.displayName = makeDisplayNamer(this.schema);
    const resolver = { schema: this.schema, lookup: (type: string, id: number) => this.data.get(type, id) };
    const writer = new FieldWriter(this.data, this.schema, new LinkPairs(this.schema));
    this.events = new EventLog(this.data, this.schema, this.displayName, this.now, opts.gapMode);
    this.engine = new WriteEngine(this.data, this.schema, resolver, writer, this.events, this.now);
    this.queries = new QueryRunner(this.data, { schema: this.schema, now: this.now, displayName: this.displayName });
    // The site's own administrator authors the bootstrap rows and, by default, in-process edits.
    this.adminRow = this.bootstrapAdmin();
  }

  private bootstrapAdmin(): Row {
    const type = this.requireType("HumanUser");
    const actor: Actor = { row: new Row("HumanUser", 0, { name: "Site Admin" }), sessionUuid: null };
    const { row } = this.engine.create(type, { name: "Site Admin", login: "admin" }, { actor, log: false });
    row.v.created_by = row; // it created itself: nobody existed before it
    row.v.updated_by = row;
    return row;
  }

  requireType(name: string): EntityTypeDef {
    const type = this.schema.type(name);
    if (!type) throw badRequest(`Invalid entity type '${name}'`, { entity: name });
    return type;
  }

  /** Resolves who acts; an unknown or retired user is refused. */
  actor(opts: ActAs = {}): Actor {
    const ref = opts.as;
    const row = ref ? this.data.get(ref.type, ref.id) : this.adminRow;
    if (!row || row.retired || (ref && ref.type !== "HumanUser" && ref.type !== "ApiUser")) {
      throw badRequest(`Cannot act as ${ref?.type} ${ref?.id}: unknown or retired user`);
    }
    const sessionUuid = opts.sessionUuid !== undefined ? opts.sessionUuid : row.type === "HumanUser" ? randomUUID() : null;
    return { row, sessionUuid };
  }

  create(type: string, data: Record<string, unknown>, opts?: ActAs): FlatRecord {
    const { row } = this.engine.create(this.requireType(type), data, { actor: this.actor(opts) });
    return this.flat(row);
  }

  update(type: string, id: number, data: Record<string, unknown>, opts?: ActAs): FlatRecord {
    return this.flat(this.engine.update(this.requireType(type), id, data, { actor: this.actor(opts) }));
  }

  /** Retires (deletes) a row; its linked Tasks are retired with it. */
  retire(type: string, id: number, opts?: ActAs): void {
    this.engine.retire(this.requireType(type), id, { actor: this.actor(opts) });
  }

  /** Revives a retired row (and the Tasks retired with it); false when it was alive. */
  revive(type: string, id: number, opts?: ActAs): boolean {
    return this.engine.revive(this.requireType(type), id, { actor: this.actor(opts) });
  }

  /** Bulk insert without event log rows (fixtures). Same validation and reverse links as `create`. */
  seed(type: string, rows: ReadonlyArray<Record<string, unknown>>, opts?: ActAs): number[] {
    const def = this.requireType(type);
    const actor = this.actor(opts);
    return this.data.journal.run(() => rows.map((body) => this.engine.create(def, body, { actor, log: false }).row.id));
  }

  /** Runs several writes atomically: if `fn` throws, every write it made (events included) is undone. */
  transaction<T>(fn: () => T): T {
    return this.data.journal.run(fn);
  }

  /** `filters`: the array form (`[[path, relation, value], …]`) or the hash form (`{logical_operator, …}`). */
  find(type: string, filters: unknown = [], opts: FindOptions = {}): FlatRecord[] {
    const def = this.requireType(type);
    const node: FilterNode = Array.isArray(filters) ? parseArrayFilters(filters) : parseHashFilters(filters);
    const rows = this.queries.run({
      type: def,
      filter: node,
      sort: parseSort(opts.sort),
      returnOnly: opts.retired ? "retired" : "active",
      includeArchivedProjects: true,
    });
    const limited = opts.limit !== undefined ? rows.slice(0, opts.limit) : rows;
    return limited.map((row) => this.flat(row, opts.fields));
  }

  findOne(type: string, id: number, opts: { fields?: string[]; retired?: boolean } = {}): FlatRecord | null {
    const row = this.data.get(this.requireType(type).name, id);
    if (!row || row.retired !== (opts.retired ?? false)) return null;
    return this.flat(row, opts.fields);
  }

  /** The raw row (tests and the HTTP layer); undefined when it never existed. */
  row(type: string, id: number): Row | undefined {
    return this.data.get(type, id);
  }

  /** Finds or creates (without event log rows) a HumanUser by login. */
  humanUser(login: string, name?: string): UserRef {
    const existing = this.data.table("HumanUser").all.rows().find((r) => r.v.login === login && !r.retired);
    if (existing) return { type: "HumanUser", id: existing.id };
    const [id] = this.seed("HumanUser", [{ login, name: name ?? login }]);
    return { type: "HumanUser", id: id! };
  }

  /** Finds or creates (without event log rows) the ApiUser of a script (`firstname` = script name). Its
   *  `generate_event_log_entries` is off unless asked for: the real site schema's default_value is false. */
  apiUser(scriptName: string, generateEventLogEntries = false): UserRef {
    const existing = this.data.table("ApiUser").all.rows().find((r) => r.v.firstname === scriptName && !r.retired);
    if (existing) return { type: "ApiUser", id: existing.id };
    const [id] = this.seed("ApiUser", [{ firstname: scriptName, generate_event_log_entries: generateEventLogEntries }]);
    return { type: "ApiUser", id: id! };
  }

  /** Gap mode: commits every reserved event row now. */
  flushPendingEvents(): void {
    this.events.flushPending();
  }

  pendingEventIds(): number[] {
    return this.events.pendingIds();
  }

  /** After a custom field was created, changed or retired: drop caches derived from the schema. */
  schemaChanged(): void {
    this.engine.schemaChanged();
    this.data.version++; // cached query results may name a field that is gone
  }

  dispose(): void {
    this.events.dispose();
  }

  /** A flat record of the requested fields (all when omitted); dotted paths through multi-entity links are
   *  dropped, as on REST reads. */
  flat(row: Row, fields?: readonly string[]): FlatRecord {
    const type = this.requireType(row.type);
    const out: FlatRecord = { type: row.type, id: row.id };
    const names = fields ?? type.liveFields().map((f) => f.name);
    for (const name of names) {
      if (name === "id" || name === "type") continue;
      const def = type.field(name);
      if (def) {
        out[name] = readField(row, def, this.displayName);
        continue;
      }
      const path = name.includes(".") ? resolvePath(this.schema, type, name) : null;
      if (!path || path.throughMulti) continue;
      const value = valuesGetter(path)(row)[0];
      out[name] = value instanceof Row ? readLink(value, this.displayName) : (value ?? null);
    }
    return out;
  }
}

