import type { AyonClient } from "@ayon-sg/core";
import type { ActivityEntityType } from "@ayon-sg/core";

/** The ShotGrid entity a failed job was about, and its project, as its source event says (when it says). */
export interface FailureTarget {
  project: string | null;
  sgProjectId: number | null;
  sgEntity: { type: string; id: number } | null;
}

function ref(value: unknown): { type: string; id: number } | null {
  const v = value as { type?: unknown; id?: unknown } | null;
  return v && typeof v.type === "string" && typeof v.id === "number" ? { type: v.type, id: v.id } : null;
}

/** Reads the source event (a leecher event carries `sg_payload` with the entity and project); never throws. */
export async function failureTarget(ayon: AyonClient, sourceId: string, project: string | null): Promise<FailureTarget> {
  let sgEntity: FailureTarget["sgEntity"] = null;
  let sgProjectId: number | null = null;
  try {
    const source = await ayon.getEvent(sourceId);
    const sg = (source.payload?.sg_payload ?? null) as Record<string, unknown> | null;
    sgEntity = ref(sg?.entity);
    // A page or leecher request names the ShotGrid project itself (create-project payload, sync summary).
    const named = Number(source.payload?.sg_project_id ?? source.summary?.sg_project_id);
    sgProjectId = ref(sg?.project)?.id ?? (Number.isSafeInteger(named) && named > 0 ? named : null);
  } catch {
    // The source event may be gone: the project alone is named then.
  }
  if (sgProjectId === null && project) {
    const attrib = (await ayon.getProject(project).catch(() => null))?.attrib as Record<string, unknown> | undefined;
    const id = Number(attrib?.shotgridId);
    if (Number.isInteger(id) && id > 0) sgProjectId = id;
  }
  return { project, sgProjectId, sgEntity };
}

/**
 * The AYON entity a comment goes on: activities live on project-level entities only (ayon-backend
 * dependencies.py PathProjectLevelEntityType), so the folder synced from the ShotGrid entity when there is one
 * (attrib.shotgridId), else the project's first root folder; null for a project without folders.
 */
export async function commentAnchor(ayon: AyonClient, project: string, sgEntity: FailureTarget["sgEntity"]): Promise<{ entityType: ActivityEntityType; entityId: string } | null> {
  const folders = await ayon.listFolders(project, { attrib: true });
  const synced = sgEntity ? folders.find((f) => String(f.attrib?.shotgridId ?? "") === String(sgEntity.id) && f.attrib?.shotgridType === sgEntity.type) : undefined;
  const anchor = synced ?? folders.find((f) => f.parentId === null);
  return anchor ? { entityType: "folder", entityId: anchor.id } : null;
}

/** The project's managers: active, not service users, manager or admin (ayon-backend entities/user.py is_manager). */
export async function projectManagers(ayon: AyonClient): Promise<string[]> {
  const data = await ayon.graphql<{ users: { edges: Array<{ node: { name: string; active: boolean; isManager: boolean; isAdmin: boolean; isService: boolean } }> } }>(
    "query Managers { users(first: 2000) { edges { node { name active isManager isAdmin isService } } } }",
  );
  return data.users.edges.map((e) => e.node).filter((u) => u.active && !u.isService && (u.isManager || u.isAdmin)).map((u) => u.name);
}

/** ShotGrid Note `note_links` valid types (site schema, Note.note_links); a Task goes in `tasks`. */
const NOTE_LINK_TYPES = new Set(["Asset", "Episode", "Sequence", "Shot", "Scene", "Level", "Playlist", "Version", "Cut"]);

export function noteLinks(entity: FailureTarget["sgEntity"]): Record<string, unknown> {
  if (!entity) return {};
  if (entity.type === "Task") return { tasks: [entity] };
  return NOTE_LINK_TYPES.has(entity.type) ? { note_links: [entity] } : {};
}
