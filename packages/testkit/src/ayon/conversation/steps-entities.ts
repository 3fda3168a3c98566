// Conversation part 2: folders and tasks through REST (client.createFolder/getFolder/updateFolder/deleteFolder,
// the task equivalents, listFolders) and through operations (operations.ts), with their error answers.
import { MISSING_PROJECT, PROJECT } from "./steps-server.js";
import type { Step } from "./types.js";

/** Client-made ids, as the client sends them (32 hex digits). */
export const IDS = {
  assets: "a0000000000000000000000000000001",
  hero: "a0000000000000000000000000000002",
  villain: "a0000000000000000000000000000003",
  modeling: "b0000000000000000000000000000001",
  rigging: "b0000000000000000000000000000002",
  shots: "a0000000000000000000000000000010",
  sh010: "a0000000000000000000000000000011",
  sh020: "a0000000000000000000000000000012",
  comp: "b0000000000000000000000000000010",
  missing: "f0000000000000000000000000000000",
  op: (n: number) => `c${String(n).padStart(31, "0")}`,
};

const P = `/api/projects/${PROJECT}`;

const op = (n: number, type: string, entityType: string, entityId: string, data?: Record<string, unknown>) => ({
  id: IDS.op(n), type, entityType, entityId, ...(data ? { data } : {}),
});

export const ENTITY_STEPS: Step[] = [
  {
    name: "folder-create-root", about: "POST folders: an asset-category folder at the root", role: "service", method: "POST", path: `${P}/folders`,
    body: { id: IDS.assets, name: "assets", folderType: "Folder", attrib: { shotgridId: "assets", shotgridType: "AssetCategory" } },
  },
  {
    name: "folder-create-child", about: "POST folders: an asset under the category, with label, status, tags, data", role: "service", method: "POST", path: `${P}/folders`,
    body: {
      id: IDS.hero, name: "hero", label: "Hero", folderType: "Asset", parentId: IDS.assets, status: "In progress", tags: [],
      attrib: { shotgridId: "1001", shotgridType: "Asset" }, data: { sgCreatedBy: "rr" },
    },
  },
  {
    name: "folder-create-conflict", about: "POST folders: a second 'hero' under the same parent", role: "service", method: "POST", path: `${P}/folders`,
    body: { id: IDS.villain, name: "hero", folderType: "Asset", parentId: IDS.assets },
  },
  {
    name: "folder-create-same-id", about: "POST folders with an id that exists (a repeated create)", role: "service", method: "POST", path: `${P}/folders`,
    body: { id: IDS.hero, name: "hero", folderType: "Asset", parentId: IDS.assets },
  },
  { name: "folder-create-bad-name", about: "POST folders with a name AYON refuses", role: "service", method: "POST", path: `${P}/folders`, body: { name: "bad name!", folderType: "Asset" } },
  { name: "folder-create-bad-type", about: "POST folders with a folder type the anatomy lacks", role: "service", method: "POST", path: `${P}/folders`, body: { name: "nope", folderType: "NoSuchType" } },
  { name: "folder-create-missing-parent", about: "POST folders under a parent that does not exist", role: "service", method: "POST", path: `${P}/folders`, body: { name: "orphan", folderType: "Asset", parentId: IDS.missing } },
  { name: "folder-create-missing-project", about: "POST folders in a project that does not exist", role: "service", method: "POST", path: `/api/projects/${MISSING_PROJECT}/folders`, body: { name: "x", folderType: "Asset" } },
  { name: "folder-get", about: "GET folders/{id} (client.getFolder)", role: "service", method: "GET", path: `${P}/folders/${IDS.hero}` },
  { name: "folder-missing", about: "GET folders/{id} of a folder that does not exist", role: "service", method: "GET", path: `${P}/folders/${IDS.missing}` },
  { name: "folder-missing-project", about: "GET folders/{id} in a project that does not exist", role: "service", method: "GET", path: `/api/projects/${MISSING_PROJECT}/folders/${IDS.hero}` },
  {
    name: "folder-patch", about: "PATCH folders/{id} (client.updateFolder)", role: "service", method: "PATCH", path: `${P}/folders/${IDS.hero}`,
    body: { label: "Hero asset", attrib: { fps: 25 }, data: { note: "patched" } },
  },
  { name: "folder-patch-missing", about: "PATCH folders/{id} of a folder that does not exist", role: "service", method: "PATCH", path: `${P}/folders/${IDS.missing}`, body: { label: "x" } },
  { name: "folder-get-patched", about: "GET folders/{id} after the patch (attrib: own and inherited values)", role: "service", method: "GET", path: `${P}/folders/${IDS.hero}` },

  {
    name: "task-create", about: "POST tasks (client.createTask)", role: "service", method: "POST", path: `${P}/tasks`,
    body: { id: IDS.modeling, name: "modeling", taskType: "Modeling", folderId: IDS.hero, assignees: [], attrib: { shotgridId: "5001", shotgridType: "Task" } },
  },
  { name: "task-create-conflict", about: "POST tasks: a second 'modeling' on the same folder", role: "service", method: "POST", path: `${P}/tasks`, body: { id: IDS.rigging, name: "modeling", taskType: "Modeling", folderId: IDS.hero } },
  { name: "task-create-bad-type", about: "POST tasks with a task type the anatomy lacks", role: "service", method: "POST", path: `${P}/tasks`, body: { name: "weird", taskType: "NoSuchTaskType", folderId: IDS.hero } },
  { name: "task-create-no-folder", about: "POST tasks without the required folderId", role: "service", method: "POST", path: `${P}/tasks`, body: { name: "loose", taskType: "Modeling" } },
  { name: "task-get", about: "GET tasks/{id} (client.getTask)", role: "service", method: "GET", path: `${P}/tasks/${IDS.modeling}` },
  { name: "task-missing", about: "GET tasks/{id} of a task that does not exist", role: "service", method: "GET", path: `${P}/tasks/${IDS.missing}` },
  { name: "task-patch", about: "PATCH tasks/{id} (client.updateTask)", role: "service", method: "PATCH", path: `${P}/tasks/${IDS.modeling}`, body: { label: "Modeling", status: "In progress", attrib: { priority: "high" } } },
  { name: "task-get-patched", about: "GET tasks/{id} after the patch", role: "service", method: "GET", path: `${P}/tasks/${IDS.modeling}` },

  { name: "folders-list", about: "GET folders (client.listFolders, attrib=false)", role: "service", method: "GET", path: `${P}/folders?attrib=false` },
  { name: "folders-list-attrib", about: "GET folders?attrib=true (attrib and ownAttrib)", role: "service", method: "GET", path: `${P}/folders?attrib=true` },
  { name: "folders-list-missing-project", about: "GET folders of a project that does not exist", role: "service", method: "GET", path: `/api/projects/${MISSING_PROJECT}/folders` },

  {
    name: "operations-create", about: "operations: a sequence folder tree and a task in one transaction", role: "service", method: "POST", path: `${P}/operations`,
    body: {
      operations: [
        op(1, "create", "folder", IDS.shots, { name: "shots", folderType: "Folder" }),
        op(2, "create", "folder", IDS.sh010, { name: "sh010", folderType: "Shot", parentId: IDS.shots, attrib: { shotgridId: "2001", shotgridType: "Shot", frameStart: 1001 } }),
        op(3, "create", "task", IDS.comp, { name: "comp", taskType: "Compositing", folderId: IDS.sh010 }),
      ],
      canFail: false, raiseOnError: false,
    },
  },
  {
    name: "operations-update", about: "operations: updates of a folder and a task", role: "service", method: "POST", path: `${P}/operations`,
    body: {
      operations: [op(4, "update", "folder", IDS.sh010, { label: "SH010", attrib: { frameEnd: 1100 } }), op(5, "update", "task", IDS.comp, { status: "In progress" })],
      canFail: false, raiseOnError: false,
    },
  },
  {
    name: "operations-conflict", about: "operations: a create whose name exists under its parent (transaction rolled back)", role: "service", method: "POST", path: `${P}/operations`,
    body: {
      operations: [
        op(6, "create", "folder", IDS.sh020, { name: "sh020", folderType: "Shot", parentId: IDS.shots }),
        op(7, "create", "folder", IDS.op(90), { name: "sh010", folderType: "Shot", parentId: IDS.shots }),
      ],
      canFail: false, raiseOnError: false,
    },
  },
  {
    name: "operations-conflict-canfail", about: "operations with canFail: the good create stays, the conflicting one fails", role: "service", method: "POST", path: `${P}/operations`,
    body: {
      operations: [
        op(8, "create", "folder", IDS.sh020, { name: "sh020", folderType: "Shot", parentId: IDS.shots }),
        op(9, "create", "folder", IDS.op(91), { name: "sh010", folderType: "Shot", parentId: IDS.shots }),
      ],
      canFail: true, raiseOnError: false,
    },
  },
  {
    name: "operations-update-missing", about: "operations: an update of an entity that does not exist", role: "service", method: "POST", path: `${P}/operations`,
    body: { operations: [op(10, "update", "folder", IDS.missing, { label: "x" })], canFail: false, raiseOnError: false },
  },
  {
    name: "operations-invalid", about: "operations with an unknown entity type (validation error)", role: "service", method: "POST", path: `${P}/operations`,
    body: { operations: [{ id: IDS.op(11), type: "create", entityType: "nonsense", data: { name: "x" } }], canFail: false, raiseOnError: false },
  },
  {
    name: "operations-missing-project", about: "operations on a project that does not exist", role: "service", method: "POST", path: `/api/projects/${MISSING_PROJECT}/operations`,
    body: { operations: [op(12, "create", "folder", IDS.op(92), { name: "x", folderType: "Folder" })], canFail: false, raiseOnError: false },
  },
  {
    name: "operations-delete", about: "operations: delete a task", role: "service", method: "POST", path: `${P}/operations`,
    body: { operations: [op(13, "delete", "task", IDS.comp)], canFail: false, raiseOnError: false },
  },
];

/** Deletes, run after the GraphQL part has read the tree. */
export const DELETE_STEPS: Step[] = [
  { name: "task-delete", about: "DELETE tasks/{id} (client.deleteTask)", role: "service", method: "DELETE", path: `${P}/tasks/${IDS.modeling}` },
  { name: "task-delete-missing", about: "DELETE tasks/{id} of a task that does not exist", role: "service", method: "DELETE", path: `${P}/tasks/${IDS.modeling}` },
  { name: "folder-delete-with-children", about: "DELETE of a folder that has child folders, without force", role: "service", method: "DELETE", path: `${P}/folders/${IDS.shots}` },
  { name: "folder-delete", about: "DELETE folders/{id} of a leaf (client.deleteFolder)", role: "service", method: "DELETE", path: `${P}/folders/${IDS.hero}` },
  { name: "folder-delete-missing", about: "DELETE folders/{id} of a folder that does not exist", role: "service", method: "DELETE", path: `${P}/folders/${IDS.hero}` },
  { name: "folder-delete-force", about: "DELETE folders/{id}?force=true", role: "service", method: "DELETE", path: `${P}/folders/${IDS.assets}?force=true` },
];
