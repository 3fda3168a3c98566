// Times AYON changes for the live scenario: every `entity.*` event the emulator writes (created, renamed,
// label_changed, ...) is searched for edit markers; the first event that carries a marker gives that edit's
// AYON change time (the event's own timestamp, so the 10 ms scan cadence does not blur the figure).
import type { EventStore } from "@ayon-sg/testkit";

export class ChangeWatcher {
  private pattern: RegExp | null = null;
  private scanned = 0;
  private readonly first = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly events: EventStore) {}

  /** Starts watching events written from now on; `pattern` must capture the marker in group 1. */
  start(pattern: RegExp): void {
    this.pattern = new RegExp(pattern.source, "g");
    this.scanned = this.events.all().length;
    this.first.clear();
    this.timer ??= setInterval(() => this.scan(), 10);
    this.timer.unref();
  }

  /** Marker → epoch ms of the first AYON change carrying it. */
  times(): Record<string, number> {
    this.scan();
    return Object.fromEntries(this.first);
  }

  private scan(): void {
    const pattern = this.pattern;
    if (!pattern) return;
    const all = this.events.all();
    for (; this.scanned < all.length; this.scanned++) {
      const event = all[this.scanned]!;
      if (!event.topic.startsWith("entity.")) continue;
      const text = `${event.description} ${JSON.stringify(event.payload.newValue ?? "")}`;
      for (const match of text.matchAll(pattern)) {
        const marker = match[1]!;
        if (!this.first.has(marker)) this.first.set(marker, event.createdAt);
      }
    }
  }
}
