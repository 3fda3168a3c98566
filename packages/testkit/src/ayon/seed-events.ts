// Test-only seeding: no endpoint of the real server sets an event's created_at. Tests that need a backlog older
// than an enroll's ignoreOlderThan window store one here; everything else goes through the REST routes.
import { dispatchEvent } from "./events.js";
import type { AyonState } from "./state.js";
import type { EventStatus, JsonObject } from "./types.js";

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
  description?: string;
  /** A job's source event. */
  dependsOn?: string | null;
  /** Default "finished" (a job of a backlog: pending, in_progress, failed...). */
  status?: EventStatus;
  /** updated_at when the event was last touched after createdAt (a finished job's end). Default createdAt. */
  updatedAt?: Date;
  retries?: number;
}

/**
 * Stores an event as if it had been dispatched at `createdAt` (finished unless a status is given, touched last at
 * `updatedAt`): a backlog of old sources, or of jobs in any state. Returns its id.
 * The emulator keeps creation order as it was given: seed the oldest first, as a real queue would hold them.
 */
export function seedEventForTest(state: AyonState, input: SeedEventForTest): string {
  const { id, record } = dispatchEvent(state, {
    topic: input.topic,
    sender: input.sender ?? "test-seed",
    senderType: input.senderType ?? "test",
    user: input.user ?? "service",
    project: input.project ?? null,
    dependsOn: input.dependsOn ?? null,
    description: input.description ?? null,
    payload: input.payload ?? {},
    summary: input.summary ?? {},
    finished: true,
  });
  const at = input.createdAt.getTime();
  const status = input.status ?? "finished";
  if (record) state.events.update(record, { createdAt: at, updatedAt: input.updatedAt?.getTime() ?? at, status, retries: input.retries ?? 0 });
  return id;
}
