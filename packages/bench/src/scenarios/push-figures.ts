// Scenario 4's per-edit timing: which ShotGrid write carried each AYON edit (write-watcher.ts), and the Python
// addon's figure beside ours.
import type { Expected } from "../emulators/push-edit-script.js";
import type { WriteTimes } from "../emulators/write-watcher.js";

/**
 * The Python addon's time per pushed entity: its users report about a minute for one Shot with 9 Tasks
 * (ynput/ayon-shotgrid issue #242), ten entities.
 */
export const PYTHON_MS_PER_ENTITY = 60_000 / 10;

/**
 * Edit → epoch ms of the ShotGrid write that carried it: the first write with its marker, or for a status or an
 * assignee the first write of that entity, field and value made after the edit.
 */
export function pushChanges(edits: Record<string, { at: number; expect: Expected }>, writes: WriteTimes): Record<string, number> {
  const changed: Record<string, number> = {};
  for (const [n, { at, expect }] of Object.entries(edits)) {
    const time = "marker" in expect ? writes.markers[expect.marker] : writes.keyed[expect.key]?.find((t) => t >= at);
    if (time !== undefined) changed[n] = time;
  }
  return changed;
}

/** How many times faster than the Python addon an entity is pushed: its time per entity over our p50 latency. */
export function pushBaseline(p50Ms: number): { pythonMsPerEntity: number; oursMsPerEntity: number; ratio: number } {
  return { pythonMsPerEntity: PYTHON_MS_PER_ENTITY, oursMsPerEntity: p50Ms, ratio: p50Ms > 0 ? PYTHON_MS_PER_ENTITY / p50Ms : 0 };
}
