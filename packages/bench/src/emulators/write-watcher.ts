// Times ShotGrid writes for the push scenario (4), in the ShotGrid emulator's process: every field change the
// store logs (EventLogEntry `Shotgun_<T>_Change`, the push's script has generate_event_log_entries on) is searched for
// edit markers — in the new value (a code, a content) and in the names of linked entities added (a Tag) — and, for
// the fields an edit cannot mark (a status, an assignee), kept by entity, field and value. The scan runs every 10 ms;
// a write's time is when the scan saw it.
import type { ShotgridStore } from "@ayon-sg/testkit";

export interface WriteTimes {
  /** Marker → epoch ms of the first ShotGrid write carrying it. */
  markers: Record<string, number>;
  /** `Type:id:field=value` or `Type:id:field+LinkType:linkId` → epoch ms of each such write. */
  keyed: Record<string, number[]>;
}

interface LoggedRow {
  id: number;
  v: Record<string, unknown>;
}

export class WriteWatcher {
  private pattern: RegExp | null = null;
  private keyedFields = new Set<string>();
  private scannedId = 0;
  private readonly markers = new Map<string, number>();
  private readonly keyed = new Map<string, number[]>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly store: ShotgridStore) {}

  /** Watches writes logged from now on; `pattern` captures the marker in group 1. */
  start(pattern: RegExp, keyedFields: readonly string[]): void {
    this.pattern = new RegExp(pattern.source, "g");
    this.keyedFields = new Set(keyedFields);
    this.scannedId = this.rows().at(-1)?.id ?? 0;
    this.markers.clear();
    this.keyed.clear();
    this.timer ??= setInterval(() => this.scan(), 10);
    this.timer.unref();
  }

  times(): WriteTimes {
    this.scan();
    return { markers: Object.fromEntries(this.markers), keyed: Object.fromEntries(this.keyed) };
  }

  private rows(): readonly LoggedRow[] {
    return this.store.data.table("EventLogEntry").all.rows() as unknown as readonly LoggedRow[];
  }

  private scan(): void {
    const pattern = this.pattern;
    if (!pattern) return;
    const now = Date.now();
    const rows = this.rows();
    // Ids ascend; rows committed late (gap mode) would land behind the cursor, and gap mode is off here.
    let at = rows.length;
    while (at > 0 && rows[at - 1]!.id > this.scannedId) at--;
    for (; at < rows.length; at++) {
      const row = rows[at]!;
      this.scannedId = row.id;
      const field = row.v.attribute_name;
      const meta = row.v.meta as { entity_type?: string; entity_id?: number; new_value?: unknown; added?: Array<{ type: string; id: number; name?: string }> } | null;
      if (typeof field !== "string" || !meta || meta.entity_type === "Tag") continue;
      const texts: string[] = [];
      if (typeof meta.new_value === "string") texts.push(meta.new_value);
      for (const added of meta.added ?? []) if (typeof added.name === "string") texts.push(added.name);
      for (const text of texts) {
        for (const match of text.matchAll(pattern)) if (!this.markers.has(match[1]!)) this.markers.set(match[1]!, now);
      }
      if (!this.keyedFields.has(field)) continue;
      const entity = `${meta.entity_type}:${meta.entity_id}:${field}`;
      const keys = meta.added ? meta.added.map((a) => `${entity}+${a.type}:${a.id}`) : [`${entity}=${String(meta.new_value)}`];
      for (const key of keys) (this.keyed.get(key) ?? this.keyed.set(key, []).get(key)!).push(now);
    }
  }
}
