/**
 * The right project, always: an entity re-read from ShotGrid is reconciled into an AYON project only when it belongs
 * to the ShotGrid Project linked to that AYON project. An event may come without a project reference (an event
 * posted by hand, a replay) or name an entity that was moved to another Project since; either way the entity read
 * back carries its own `project` link (ShotGrid REST API v1: every project entity has the `project` field), and a
 * foreign one stops the update before anything is written — neither imported into this AYON project, nor given an
 * `sg_ayon_id` in the other ShotGrid project.
 */
import { linkOf, type ShotgridRecord } from "../../client/index.js";
import type { ProjectContext } from "../project-context.js";

/** The field every incremental read asks for, so the check costs no request. */
export const PROJECT_FIELD = "project";

/** Raised before any write when the re-read entity is not in the context's ShotGrid project. */
export class ForeignProjectError extends Error {
  override readonly name = "ForeignProjectError";
}

/** Throws ForeignProjectError when `record` is not in the ShotGrid project linked to the context's AYON project. */
export function assertOwnProject(record: ShotgridRecord, context: Pick<ProjectContext, "ayonProjectName" | "sgProject">): void {
  const link = linkOf(record, PROJECT_FIELD);
  const own = context.sgProject;
  if (link?.type === "Project" && link.id === own.id) return;
  const entity = `ShotGrid ${String(record.type)} ${String(record.id)}`;
  const theirs = link ? `ShotGrid project ${link.id}${link.name ? ` (${link.name})` : ""}` : "no ShotGrid project";
  const ours = `ShotGrid project ${own.id}${own.name ? ` (${own.name})` : ""}`;
  throw new ForeignProjectError(
    `${entity} belongs to ${theirs}, not to ${ours} that AYON project ${context.ayonProjectName} is linked to: nothing imported, nothing written to ShotGrid`,
  );
}
