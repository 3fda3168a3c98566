// Test-only seeding: no endpoint of the real server sets an event's created_at. Tests that need a backlog older
// than an enroll's ignoreOlderThan window store one here; everything else goes through the REST routes.
import { dispatchEvent } from "./events.js";
import type { AyonState } from "./state.js";
import type { JsonObject } from "./types.js";

export interface SeedEventForTest {
  topic: string;
  project?: string | null;
  payload?: JsonObject;
  summary?: JsonObject;
  /** created_at and updated_at of the stored (finished) event. */
  createdAt: Date;
  sender?: string;
  senderType?: string;
  user?: string;
}

/**
 * Stores a finished event as if it had been dispatched at `createdAt` (and not touched since). Returns its id.
 * The emulator keeps creation order as it was given: seed the oldest first, as a real queue would hold them.
 */
export function seedEventForTest(state: AyonState, input: SeedEventForTest): string {
  const { id, record } = dispatchEvent(state, {
    topic: input.topic,
    sender: input.sender ?? "test-seed",
    senderType: input.senderType ?? "test",
    user: input.user ?? "service",
    project: input.project ?? null,
    payload: input.payload ?? {},
    summary: input.summary ?? {},
    finished: true,
  });
  const at = input.createdAt.getTime();
  if (record) state.events.update(record, { createdAt: at, updatedAt: at });
  return id;
}
