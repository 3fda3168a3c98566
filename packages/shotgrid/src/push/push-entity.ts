/**
 * What pushing an AYON folder or task to ShotGrid answers (push-batch.ts pushes them, one event or a batch), and the
 * identity rules the live and the full push share: which ShotGrid entity an AYON entity's own attributes link it to,
 * and whether a ShotGrid entity may be that AYON entity's.
 */
import type { AyonClient, Logger } from "@ayon-sg/core";
import type { ShotgridClient, ShotgridRecord } from "../client/index.js";
import { parseShotgridId } from "../linked-projects.js";
import { FIELD_AYON_ID, readOwnIdentity } from "../sync/identity.js";
import type { ProjectContext } from "../sync/project-context.js";
import type { PushSite } from "./push-site.js";

export interface PushDeps {
  ayon: AyonClient;
  sg: ShotgridClient;
  logger: Logger;
  context: ProjectContext;
  site: PushSite;
}

export type PushChange = "created" | "updated" | "revived" | "unchanged" | "retired" | "skipped";

export interface PushReport {
  change: PushChange;
  /** The ShotGrid entity pushed to (null when none). */
  shotgrid: { type: string; id: number } | null;
  /** ShotGrid fields written. */
  fields: string[];
  /** Why it was skipped, or what was left out (one sentence each). */
  notes: string[];
}

/** The ShotGrid entity an AYON entity's own identity attributes name, or null ("removed" names none). */
export function linkedShotgrid(entity: { attrib?: Record<string, unknown> | null; ownAttrib?: readonly string[] | null }): { type: string; id: number } | null {
  const { shotgridType, shotgridId } = readOwnIdentity(entity.attrib, entity.ownAttrib);
  const id = parseShotgridId(shotgridId);
  return shotgridType !== null && id !== null ? { type: shotgridType, id } : null;
}

/** Whether ShotGrid's record may be the AYON entity's: its `sg_ayon_id` is empty or names it. */
export function ownedBy(record: ShotgridRecord, ayonId: string): boolean {
  const owner = record[FIELD_AYON_ID];
  return typeof owner !== "string" || owner === "" || owner === ayonId;
}

/** Whether the AYON entity's own identity attributes name this ShotGrid entity. */
export function isLinkedTo(entity: Parameters<typeof linkedShotgrid>[0], shotgrid: { type: string; id: number }): boolean {
  const own = linkedShotgrid(entity);
  return own?.type === shotgrid.type && own.id === shotgrid.id;
}
