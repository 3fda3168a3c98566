/**
 * The AYON id the incremental sync gives an entity it creates: derived from the AYON project and the ShotGrid entity,
 * so every run that creates the same entity asks for the same id. A run that created it but never got its
 * `sg_ayon_id` written back to ShotGrid (killed in between, or racing another run of an event) is then caught by
 * AYON itself: a second create with that id is refused with 409 unique-violation (ayon-backend
 * ayon_server/lib/postgres_exceptions.py maps the primary key's UniqueViolationError to it, and
 * ayon_server/operations/project_level/__init__.py answers it per operation), and the change set adopts the entity
 * at that id wherever it went (change-set.ts) instead of leaving a second one elsewhere. Ids are 32 lowercase hex
 * characters, as AYON's ENTITY_ID_REGEX (ayon_server/types.py) wants.
 */
import { createHash } from "node:crypto";

export function stableAyonId(project: string, kind: "folder" | "task", sgType: string, sgId: number | string): string {
  return createHash("sha256").update(`ayon-sg:${project.toLowerCase()}:${kind}:${sgType}:${sgId}`).digest("hex").slice(0, 32);
}
