/**
 * The AYON ↔ ShotGrid identity (the attributes of ynput/ayon-shotgrid server/__init__.py), data-compatible with the
 * Python addon: on the AYON side `attrib.shotgridId` (the ShotGrid id as a string; the category slug for asset
 * categories; "removed" once retired in ShotGrid but kept in AYON) and `attrib.shotgridType`; on the ShotGrid
 * side `sg_ayon_id` (the AYON entity id; the project name on Project) and `sg_ayon_sync_status`.
 *
 * Matching order, for one ShotGrid entity looking for its AYON entity:
 *   1. an AYON entity of the same kind whose shotgridType/shotgridId are this entity's;
 *   2. the AYON entity whose id is the entity's `sg_ayon_id`, unless another live ShotGrid entity owns it
 *      (ShotGrid copies custom fields when a user duplicates a Shot, so two entities can carry one id);
 *   3. an AYON entity under the same parent with the same name (case-insensitive) that no ShotGrid entity owns.
 * An AYON entity is matched by at most one ShotGrid entity: callers pass the set of ids already claimed.
 */

export const ATTRIB_SHOTGRID_ID = "shotgridId";
export const ATTRIB_SHOTGRID_TYPE = "shotgridType";
export const ATTRIB_SHOTGRID_PUSH = "shotgridPush";
export const FIELD_AYON_ID = "sg_ayon_id";
export const FIELD_SYNC_STATUS = "sg_ayon_sync_status";
export const FIELD_AUTO_SYNC = "sg_ayon_auto_sync";
export const FIELD_PROJECT_CODE = "sg_ayon_project_code";
export const FIELD_SERVER_URL = "sg_ayon_server_url";
/** `shotgridId` of an AYON entity whose ShotGrid entity was retired but which AYON had to keep. */
export const REMOVED_MARKER = "removed";

/** Values of `sg_ayon_sync_status` (a ShotGrid list field). */
export const SYNC_STATUSES = ["Synced", "Failed", "Skipped"] as const;
export type SyncStatus = (typeof SYNC_STATUSES)[number];

const AYON_ID = /^[0-9a-f]{32}$/;

/** What an AYON entity says about its ShotGrid counterpart. */
export interface AyonIdentity {
  shotgridId: string | null;
  shotgridType: string | null;
}

/** Reads the identity attributes; blank values read as null. */
export function readIdentity(attrib: Record<string, unknown> | null | undefined): AyonIdentity {
  return { shotgridId: text(attrib?.[ATTRIB_SHOTGRID_ID]), shotgridType: text(attrib?.[ATTRIB_SHOTGRID_TYPE]) };
}

/**
 * Reads the identity from the entity's own attributes only. AYON's folder listing and hierarchy return the
 * exported attributes (ayon-backend helpers/inherited_attributes.py: every ancestor's own values, the
 * non-inheritable ones too), so a folder without a shotgridId of its own shows its parent's; `ownAttrib` (the
 * names the entity sets itself) tells them apart. Without `ownAttrib` nothing is known to be own: no identity.
 */
export function readOwnIdentity(attrib: Record<string, unknown> | null | undefined, ownAttrib: readonly string[] | null | undefined): AyonIdentity {
  const own = new Set(ownAttrib ?? []);
  return {
    shotgridId: own.has(ATTRIB_SHOTGRID_ID) ? text(attrib?.[ATTRIB_SHOTGRID_ID]) : null,
    shotgridType: own.has(ATTRIB_SHOTGRID_TYPE) ? text(attrib?.[ATTRIB_SHOTGRID_TYPE]) : null,
  };
}

/** The attributes that link an AYON entity to a ShotGrid entity. */
export function identityAttrib(sgType: string, sgId: number | string): { shotgridId: string; shotgridType: string } {
  return { [ATTRIB_SHOTGRID_ID]: String(sgId), [ATTRIB_SHOTGRID_TYPE]: sgType } as { shotgridId: string; shotgridType: string };
}

/**
 * The key one ShotGrid entity is known by in indexes: `Shot:123`. Asset category slugs are compared
 * case-insensitively, so a category created with another case still matches.
 */
export function identityKey(sgType: string, sgId: number | string): string {
  const id = typeof sgId === "string" && sgType === "AssetCategory" ? sgId.toLowerCase() : String(sgId);
  return `${sgType}:${id}`;
}

/** The index key of an AYON entity's identity, or null when it is not linked (no id, or "removed"). */
export function identityKeyOf(identity: AyonIdentity): string | null {
  if (!identity.shotgridId || !identity.shotgridType || identity.shotgridId === REMOVED_MARKER) return null;
  return identityKey(identity.shotgridType, identity.shotgridId);
}

/** Whether an AYON entity carries no live link (a name match may adopt it). */
export function isUnlinked(identity: AyonIdentity): boolean {
  return identity.shotgridId === null;
}

/** A valid AYON id in `sg_ayon_id`, else null (ShotGrid holds whatever a user typed there). */
export function ayonIdOrNull(value: string | null | undefined): string | null {
  return typeof value === "string" && AYON_ID.test(value) ? value : null;
}

/** One AYON folder or task as matching sees it. */
export interface ExistingEntity {
  id: string;
  kind: "folder" | "task";
  name: string;
  label: string | null;
  /** Folder: parent folder id (null = project root). Task: its folder id. */
  parentId: string | null;
  identity: AyonIdentity;
}

/** The lookups matching needs; ayon-tree.ts implements them over the whole project. */
export interface ExistingLookup {
  byId(id: string): ExistingEntity | undefined;
  byIdentity(kind: "folder" | "task", key: string): ExistingEntity | undefined;
  /** The active child of `parentId` (null = root) whose lowercase name is `lowerName`. */
  childByName(kind: "folder" | "task", parentId: string | null, lowerName: string): ExistingEntity | undefined;
}

export type MatchedBy = "shotgridId" | "sgAyonId" | "name";

export interface MatchCandidate {
  key: string;
  kind: "folder" | "task";
  sgType: string;
  sgAyonId: string | null;
  /** The lowercase name to look for under the parent. */
  lowerName: string;
  /** The AYON parent the entity belongs under; undefined when it is not known (no name match then). */
  parentId: string | null | undefined;
}

/** Step 1 only: the AYON entity carrying this entity's identity. */
export function matchByIdentity(candidate: Pick<MatchCandidate, "key" | "kind">, lookup: ExistingLookup): ExistingEntity | undefined {
  return lookup.byIdentity(candidate.kind, candidate.key);
}

/**
 * Steps 2 and 3 for an entity step 1 did not match. `isOwned(key)` tells whether an identity key belongs to
 * a live ShotGrid entity of this sync (its AYON entity is then not up for adoption); `claimed` holds the AYON
 * ids already matched in this run.
 */
export function matchFallback(
  candidate: MatchCandidate,
  lookup: ExistingLookup,
  claimed: ReadonlySet<string>,
  isOwned: (key: string) => boolean,
): { entity: ExistingEntity; by: MatchedBy } | null {
  const adoptable = (entity: ExistingEntity | undefined): entity is ExistingEntity => {
    if (!entity || entity.kind !== candidate.kind || claimed.has(entity.id)) return false;
    const key = identityKeyOf(entity.identity);
    return key === null || !isOwned(key);
  };
  const byAyonId = ayonIdOrNull(candidate.sgAyonId);
  if (byAyonId) {
    const entity = lookup.byId(byAyonId);
    const sameTypeOrNone = !entity?.identity.shotgridType || entity.identity.shotgridType === candidate.sgType;
    if (adoptable(entity) && sameTypeOrNone) return { entity, by: "sgAyonId" };
  }
  if (candidate.parentId !== undefined) {
    const entity = lookup.childByName(candidate.kind, candidate.parentId, candidate.lowerName);
    if (adoptable(entity) && isUnlinked(entity.identity)) return { entity, by: "name" };
  }
  return null;
}

function text(value: unknown): string | null {
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return typeof value === "string" && value.trim() !== "" ? value.trim() : null;
}
