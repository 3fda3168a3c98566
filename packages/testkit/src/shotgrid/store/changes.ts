// What a write did, field by field: the write engine produces these and the event log turns them into
// EventLogEntry rows.
import type { Row } from "./rows.js";

/** Who performs a write: the ApiUser of a token, or the HumanUser an in-process edit acts as. */
export interface Actor {
  row: Row;
  /** Set for web-UI-like actions; null for script writes. */
  sessionUuid: string | null;
}

export interface FieldChange {
  row: Row;
  /** Programmatic field name (`retirement_date` is not a schema field but is logged like one). */
  field: string;
  dataType: string;
  /** Scalar and entity changes. */
  old?: unknown;
  new?: unknown;
  /** multi_entity changes carry these instead of old/new. */
  added?: Row[];
  removed?: Row[];
  /** Set on the per-field rows a create emits. */
  inCreate?: boolean;
  /** On a back-reference change: the change that caused it. */
  origin?: FieldChange;
}
