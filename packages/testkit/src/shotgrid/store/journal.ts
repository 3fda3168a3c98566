// Undo journal: every primitive mutation of the store records its inverse while a transaction is open, so a
// failing single write leaves its row untouched (no partial write) and a failing batch rolls back
// every earlier request, event log rows included (a batch is atomic).

export class Journal {
  private undo: Array<() => void> | null = null;
  private afterCommit: Array<() => void> = [];

  get active(): boolean {
    return this.undo !== null;
  }

  record(inverse: () => void): void {
    this.undo?.push(inverse);
  }

  /** Runs `fn` once the outermost transaction commits (immediately when none is open). */
  onCommit(fn: () => void): void {
    if (this.undo === null) fn();
    else this.afterCommit.push(fn);
  }

  /** Runs `fn` atomically. Nested calls join the outer transaction. */
  run<T>(fn: () => T): T {
    if (this.undo !== null) return fn();
    const undo: Array<() => void> = [];
    this.undo = undo;
    try {
      const result = fn();
      const hooks = this.afterCommit;
      this.undo = null;
      this.afterCommit = [];
      for (const hook of hooks) hook();
      return result;
    } catch (err) {
      this.undo = null;
      this.afterCommit = [];
      for (let i = undo.length - 1; i >= 0; i--) undo[i]!();
      throw err;
    }
  }
}
