// The AYON emulator's write log as the sync tests read it: the entity.* events each committed write emits
// (ayon-backend ayon_server/events/patch.py: one `entity.<type>.created`, one event per changed aspect of an update),
// counted per entity since a mark. A preview must add none; a sub-tree sync only ones of its own entities.
import type { AyonEmulator } from "@ayon-sg/testkit";

/** The emulator's event count now: pass it to `entityWritesSince`. */
export function eventMark(emulator: AyonEmulator): number {
  return Math.max(0, ...emulator.state.events.all().map((e) => e.creationOrder));
}

export interface EntityWrites {
  /** AYON ids created, per entity type (`folder`, `task`). */
  created: Record<string, string[]>;
  /** AYON ids changed (one entry per entity, however many aspects changed). */
  updated: Record<string, string[]>;
  /** Every AYON id written. */
  ids: Set<string>;
}

export function entityWritesSince(emulator: AyonEmulator, project: string, mark: number): EntityWrites {
  const created: Record<string, Set<string>> = {};
  const updated: Record<string, Set<string>> = {};
  const ids = new Set<string>();
  for (const event of emulator.state.events.all()) {
    if (event.creationOrder <= mark || event.project !== project) continue;
    const match = /^entity\.(\w+)\.(\w+)$/.exec(event.topic);
    const id = event.summary.entityId;
    if (!match || typeof id !== "string") continue;
    const [, type, change] = match as unknown as [string, string, string];
    const bucket = change === "created" ? created : updated;
    (bucket[type] ??= new Set()).add(id);
    ids.add(id);
  }
  // An entity created in this window is not also counted as updated by a follow-up aspect event.
  for (const [type, set] of Object.entries(updated)) for (const id of created[type] ?? []) set.delete(id);
  const lists = (r: Record<string, Set<string>>) => Object.fromEntries(Object.entries(r).filter(([, s]) => s.size > 0).map(([t, s]) => [t, [...s]]));
  return { created: lists(created), updated: lists(updated), ids };
}
