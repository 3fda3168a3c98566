// In-memory records of the emulated server. Field names are camelCase; timestamps are epoch ms
// (rendered as ISO-8601 "+00:00" on the wire).

export const EVENT_STATUSES = ["pending", "in_progress", "finished", "failed", "aborted", "restarted"] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

export type JsonObject = Record<string, unknown>;

export interface EventRecord {
  id: string;
  hash: string;
  topic: string;
  sender: string | null;
  senderType: string | null;
  project: string | null;
  user: string | null;
  dependsOn: string | null;
  status: EventStatus;
  retries: number;
  description: string;
  summary: JsonObject;
  payload: JsonObject;
  createdAt: number;
  updatedAt: number;
  /** SERIAL column: unique, increasing; ordering and cursors use it. */
  creationOrder: number;
}

export interface UserRecord {
  name: string;
  active: boolean;
  isAdmin: boolean;
  isManager: boolean;
  isService: boolean;
  isGuest: boolean;
  /** sha256 of each valid API key: the keys themselves are never kept. */
  apiKeyHashes: Set<string>;
  /** sha256 of the password, or null (service users have none). */
  passwordHash: string | null;
  /**
   * What the server keeps in `data` for a user with an API key (ayon-backend entities/user.py
   * set_api_key): a peppered hash and the first and last four characters.
   */
  apiKeyData: { hash: string; preview: string } | null;
  attrib: JsonObject;
  /** Free `data` keys besides the role flags (e.g. an addon's `sg_user_id`); absent = none. */
  data?: JsonObject;
  createdAt: number;
  updatedAt: number;
}

export type AttributeType =
  | "string"
  | "integer"
  | "float"
  | "boolean"
  | "datetime"
  | "list_of_strings"
  | "list_of_integers"
  | "list_of_any"
  | "list_of_submodels"
  | "dict";

export const ATTRIBUTE_TYPES: readonly AttributeType[] = [
  "string",
  "integer",
  "float",
  "boolean",
  "datetime",
  "list_of_strings",
  "list_of_integers",
  "list_of_any",
  "list_of_submodels",
  "dict",
];

export const ATTRIBUTE_SCOPES = [
  "project",
  "user",
  "folder",
  "task",
  "product",
  "version",
  "representation",
  "workfile",
  "list",
] as const;

export interface AttributeData {
  type: AttributeType;
  title?: string | null;
  description?: string | null;
  example?: unknown;
  default?: unknown;
  gt?: number;
  ge?: number;
  lt?: number;
  le?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  regex?: string;
  enum?: Array<{ value: unknown; label: string; icon?: string; color?: string }>;
  inherit?: boolean;
  [extra: string]: unknown;
}

export interface AttributeDefinition {
  name: string;
  position: number;
  scope: string[];
  builtin: boolean;
  data: AttributeData;
}

/** Anatomy aux-table rows as the project model exposes them (camelCase). */
export interface FolderTypeDef {
  name: string;
  shortName: string;
  color: string;
  icon: string;
}

export interface TaskTypeDef {
  name: string;
  shortName: string;
  color: string;
  icon: string;
}

export interface StatusDef {
  name: string;
  shortName: string;
  state: "not_started" | "in_progress" | "done" | "blocked";
  icon: string;
  color: string;
  scope: string[];
}

export interface TagDef {
  name: string;
  color: string;
}

export interface LinkTypeDef {
  name: string;
  linkType: string;
  inputType: string;
  outputType: string;
  data: JsonObject;
}

/** The columns every project-level entity row has (folders, tasks, products, versions, representations). */
export interface EntityRecordBase {
  id: string;
  /** Own attribute values only (folders and tasks resolve inherited ones on read). */
  attrib: JsonObject;
  data: JsonObject;
  active: boolean;
  status: string;
  tags: string[];
  createdBy: string | null;
  updatedBy: string | null;
  createdAt: number;
  updatedAt: number;
  creationOrder: number;
}

export interface FolderRecord extends EntityRecordBase {
  name: string;
  label: string | null;
  folderType: string;
  parentId: string | null;
  thumbnailId: string | null;
  /** Set by tests (state access) to mimic published versions: blocks rename/move/delete. */
  hasVersions: boolean;
}

export interface TaskRecord extends EntityRecordBase {
  name: string;
  label: string | null;
  taskType: string;
  folderId: string;
  thumbnailId: string | null;
  assignees: string[];
}

export type EntityType = "folder" | "task" | "product" | "version" | "representation";
