/**
 * The AYON side of a batch of pushes (push-batch.ts): the folders and tasks its events name, as the push reads an
 * entity — effective attributes (inherited values included: they are written to ShotGrid as its own), the entity's
 * own identity — and the folders above them, by id, through the other direction's GraphQL reader
 * (sync/incremental/ayon-lookup.ts). A folder comes with its parent; the events' summaries name each entity's parent
 * (`parentId`), so the first request usually brings every folder the batch needs; an ancestor it did not bring (a
 * folder moved since the event, a layout folder to pass over) is asked in a next request, all such at once.
 */
import type { AyonClient, Folder, Task } from "@ayon-sg/core";
import { ATTRIB_SHOTGRID_ID, ATTRIB_SHOTGRID_TYPE } from "../sync/identity.js";
import { lookupAyon, type FoundFolder, type FoundTask } from "../sync/incremental/ayon-lookup.js";
import type { FieldMap } from "../mapping/attrib-map.js";

export class PushReadSet {
  readonly folders = new Map<string, Folder>();
  readonly tasks = new Map<string, Task>();
  /** Folder ids asked for and not found (deleted since). */
  readonly absentFolders = new Set<string>();
  /** AYON read requests sent. */
  requests = 0;

  constructor(
    private readonly ayon: AyonClient,
    private readonly project: string,
    private readonly fieldMap: FieldMap,
  ) {}

  /** Reads these folders and tasks (and each folder's parent) in one request; ids already read are not asked again. */
  async read(ids: { folderIds?: Iterable<string>; taskIds?: Iterable<string> }): Promise<void> {
    const folderIds = [...new Set(ids.folderIds ?? [])].filter((id) => !this.folders.has(id) && !this.absentFolders.has(id));
    const taskIds = [...new Set(ids.taskIds ?? [])].filter((id) => !this.tasks.has(id));
    if (folderIds.length === 0 && taskIds.length === 0) return;
    this.requests += 1;
    const found = await lookupAyon(this.ayon, this.project, {
      folderIds,
      taskIds,
      attribs: { folder: this.fieldMap.ayonAttributes("folder"), task: this.fieldMap.ayonAttributes("task") },
    });
    for (const folder of found.folders.values()) if (!this.folders.has(folder.id)) this.folders.set(folder.id, asFolder(folder));
    for (const task of found.tasks.values()) this.tasks.set(task.id, asTask(task));
    for (const id of folderIds) if (!this.folders.has(id)) this.absentFolders.add(id);
  }
}

/** The identity attributes the entity holds as its own (not inherited), as `ownAttrib` names them. */
function ownIdentity(found: FoundFolder | FoundTask): string[] {
  const own: string[] = [];
  if (found.identity.shotgridId !== null) own.push(ATTRIB_SHOTGRID_ID);
  if (found.identity.shotgridType !== null) own.push(ATTRIB_SHOTGRID_TYPE);
  return own;
}

function asFolder(found: FoundFolder): Folder {
  return {
    id: found.id, name: found.name, label: found.label, folderType: found.folderType, parentId: found.parentId,
    ...(found.status !== null ? { status: found.status } : {}),
    tags: [...(found.fields?.tags ?? [])], attrib: found.fields?.attrib ?? {}, ownAttrib: ownIdentity(found), data: {}, active: found.active,
  };
}

function asTask(found: FoundTask): Task {
  return {
    id: found.id, name: found.name, label: found.label, taskType: found.taskType, folderId: found.parentId!,
    ...(found.status !== null ? { status: found.status } : {}),
    tags: [...(found.fields?.tags ?? [])], assignees: [...(found.fields?.assignees ?? [])], attrib: found.fields?.attrib ?? {}, ownAttrib: ownIdentity(found), data: {}, active: found.active,
  };
}
