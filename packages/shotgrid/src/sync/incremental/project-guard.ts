/**
 * The right project, always: an entity re-read from ShotGrid is reconciled into an AYON project only when it belongs
 * to the ShotGrid Project linked to that AYON project. An event may come without a project reference (an event
 * posted by hand, a replay) or name an entity that was moved to another Project since; either way the entity read
 * back carries its own `project` link (ShotGrid REST API v1: every project entity has the `project` field). One in
 * another project is, for this AYON project, gone: the update treats it as retired here (its AYON entity, if any, goes
 * as a retirement would take it — as a full sync into an empty AYON would not have it) and neither imports it nor
 * writes anything to it in ShotGrid.
 */
import { linkOf, type ShotgridRecord } from "../../client/index.js";
import type { ProjectContext } from "../project-context.js";
import type { ReadEntity } from "./entity-reader.js";

/** The field every incremental read asks for, so the check costs no request. */
export const PROJECT_FIELD = "project";

type Projects = Pick<ProjectContext, "ayonProjectName" | "sgProject">;

/** Why `record` is not this context's to sync (one sentence naming both projects), or null when it is. */
export function foreignProjectReason(record: ShotgridRecord, context: Projects): string | null {
  const link = linkOf(record, PROJECT_FIELD);
  const own = context.sgProject;
  if (link?.type === "Project" && link.id === own.id) return null;
  const entity = `ShotGrid ${String(record.type)} ${String(record.id)}`;
  const theirs = link ? `ShotGrid project ${link.id}${link.name ? ` (${link.name})` : ""}` : "no ShotGrid project";
  const ours = `ShotGrid project ${own.id}${own.name ? ` (${own.name})` : ""}`;
  return `${entity} belongs to ${theirs}, not to ${ours} that AYON project ${context.ayonProjectName} is linked to: nothing imported from it, nothing written to it`;
}

/** The read as this project sees it: an entity of another project reads as absent (and `reasons` says why). */
export function withinProject(read: ReadEntity | null, context: Projects, reasons: string[]): ReadEntity | null {
  if (!read) return null;
  const reason = foreignProjectReason(read.record, context);
  if (reason === null) return read;
  reasons.push(reason);
  return null;
}
