/**
 * One notification at once, then one summary per window: the first item of a key (a project) goes out now and
 * opens a window; items within the window are collected and go out together when it ends (none: nothing is sent).
 * The next item after that opens a new window. A storm of any size thus sends two messages per key and window,
 * and holds only its first KEPT items and a count.
 */
/** How many held items a summary can list. */
export const KEPT = 10;

/** What a window held back: its first KEPT items, how many there were, and since when. */
export interface Held<T> {
  items: T[];
  count: number;
  since: Date;
}

export class NotifyThrottle<T> {
  private readonly windows = new Map<string, Held<T> & { timer: ReturnType<typeof setTimeout> }>();

  constructor(
    private readonly send: (key: string, first: T) => void,
    private readonly summarize: (key: string, held: Held<T>) => void,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** `windowMs`: how long the window this item opens lasts. */
  add(key: string, item: T, windowMs: number): void {
    const open = this.windows.get(key);
    if (open) {
      if (open.items.length < KEPT) open.items.push(item);
      open.count += 1;
      return;
    }
    const timer = setTimeout(() => this.close(key), windowMs);
    timer.unref();
    this.windows.set(key, { since: this.now(), items: [], count: 0, timer });
    this.send(key, item);
  }

  /** Ends a window now (its summary goes out): all of them without a key (at shutdown, and in tests). */
  flush(key?: string): void {
    for (const k of key === undefined ? [...this.windows.keys()] : [key]) this.close(k);
  }

  private close(key: string): void {
    const open = this.windows.get(key);
    if (!open) return;
    clearTimeout(open.timer);
    this.windows.delete(key);
    if (open.count > 0) this.summarize(key, { items: open.items, count: open.count, since: open.since });
  }
}
