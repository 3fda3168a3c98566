/**
 * One notification at once, then one summary per window: the first item of a key (a project) goes out now and
 * opens a window; items within the window are collected and go out together when it ends (none: nothing is sent).
 * The next item after that opens a new window. A storm of any size thus sends two messages per key and window.
 */
export class NotifyThrottle<T> {
  private readonly windows = new Map<string, { since: Date; held: T[]; timer: ReturnType<typeof setTimeout> }>();

  constructor(
    private readonly send: (key: string, first: T) => void,
    private readonly summarize: (key: string, held: T[], since: Date) => void,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** `windowMs`: how long the window this item opens lasts. */
  add(key: string, item: T, windowMs: number): void {
    const open = this.windows.get(key);
    if (open) {
      open.held.push(item);
      return;
    }
    const timer = setTimeout(() => this.close(key), windowMs);
    timer.unref();
    this.windows.set(key, { since: this.now(), held: [], timer });
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
    if (open.held.length > 0) this.summarize(key, open.held, open.since);
  }
}
