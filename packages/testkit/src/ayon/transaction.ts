// An undo log standing in for a database transaction: every mutation of a project's entities
// registers how to revert itself; events are held back until commit (the server dispatches them
// after the transaction). Transactions run synchronously, so no reader ever sees a half-applied batch.
import type { JsonObject } from "./types.js";

/** An event an entity write wants dispatched once its transaction commits. */
export interface PendingEvent {
  topic: string;
  project: string | null;
  description: string;
  summary: JsonObject;
  payload: JsonObject;
  /** The acting user; the dispatcher falls back to the caller. */
  user?: string;
}

export class Transaction {
  private readonly undoLog: Array<() => void> = [];
  private readonly pending: PendingEvent[] = [];
  private closed = false;

  onUndo(fn: () => void): void {
    this.assertOpen();
    this.undoLog.push(fn);
  }

  emit(event: PendingEvent): void {
    this.assertOpen();
    this.pending.push(event);
  }

  /** Reverts every change in reverse order and drops the pending events. */
  rollback(): void {
    this.assertOpen();
    for (let i = this.undoLog.length - 1; i >= 0; i--) this.undoLog[i]!();
    this.undoLog.length = 0;
    this.pending.length = 0;
    this.closed = true;
  }

  /** Keeps the changes and hands back the events to dispatch. */
  commit(): PendingEvent[] {
    this.assertOpen();
    this.closed = true;
    this.undoLog.length = 0;
    return this.pending.splice(0);
  }

  private assertOpen(): void {
    if (this.closed) throw new Error("transaction already closed");
  }
}
