// Wire types of the AYON server API as the services use it (request and response models of ayon-backend api/).
// REST bodies are camelCase; anatomy and addon settings are snake_case (settings models).

export type EventStatus = "pending" | "in_progress" | "finished" | "failed" | "aborted" | "restarted";

/** One AYON event as `GET /api/events/{id}` returns it (summary and payload are objects here). */
export interface AyonEvent {
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
  summary: Record<string, unknown>;
  payload: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

/** Body of `POST /api/events`. */
export interface DispatchEventRequest {
  topic: string;
  sender?: string;
  hash?: string;
  project?: string | null;
  description?: string;
  summary?: Record<string, unknown>;
  payload?: Record<string, unknown>;
  /** true (default) stores the event as finished; false as pending. */
  finished?: boolean;
  store?: boolean;
  reuse?: boolean;
}

/** Outcome of a dispatch: a 409 on the hash means the event is already stored, which is not an error. */
export type DispatchResult = { id: string; alreadyExists: false } | { id: null; alreadyExists: true };

/** Body of `PATCH /api/events/{id}`; summary and payload replace the stored objects, they are not merged. */
export interface EventPatch {
  sender?: string;
  project?: string;
  user?: string;
  status?: EventStatus;
  description?: string;
  summary?: Record<string, unknown>;
  payload?: Record<string, unknown>;
  progress?: number;
  retries?: number;
}

/** QueryFilter (ayon-backend ayon_server/sqlfilter.py), used by enroll `filter` and GraphQL `filter` arguments. */
export type QueryOperator =
  | "eq" | "ne" | "lt" | "gt" | "lte" | "gte" | "like" | "isnull" | "notnull" | "in" | "notin"
  | "includes" | "excludes" | "includesall" | "excludesall" | "includesany" | "excludesany";
export interface QueryCondition {
  key: string;
  value?: string | number | boolean | Array<string | number | boolean> | null;
  operator?: QueryOperator;
}
export interface QueryFilter {
  operator?: "and" | "or";
  conditions: Array<QueryCondition | QueryFilter>;
}

/** Body of `POST /api/enroll`. */
export interface EnrollRequest {
  sourceTopic: string | string[];
  targetTopic: string;
  sender?: string;
  senderType?: string;
  description?: string;
  sequential?: boolean;
  filter?: QueryFilter;
  maxRetries?: number;
  ignoreSenderTypes?: string[];
  /** Days; 0 = no limit. The server default is 3. */
  ignoreOlderThan?: number;
}

export interface EnrollResponse {
  id: string;
  dependsOn: string;
  hash: string;
  status: EventStatus;
}

/** A node of GraphQL `events` (summary and payload parsed from their JSON strings). */
export interface EventNode {
  id: string;
  hash: string;
  topic: string;
  project: string | null;
  user: string | null;
  sender: string | null;
  dependsOn: string | null;
  status: EventStatus;
  retries: number;
  description: string;
  summary: Record<string, unknown>;
  /** null when the event has no payload, or when the query left it out (`withPayload: false`). */
  payload: Record<string, unknown> | null;
  createdAt: string;
  updatedAt: string;
}

export interface EventQuery {
  topics?: string[];
  projects?: string[];
  statuses?: EventStatus[];
  ids?: string[];
  newerThan?: string;
  olderThan?: string;
  /**
   * true: only events some event (a job of any topic) depends on. false matches nothing on a real server while any
   * event has no depends_on (its `NOT IN` subquery holds NULLs, ayon_server/graphql/resolvers/events.py).
   */
  hasChildren?: boolean;
  /** Oldest first. */
  first?: number;
  after?: string;
  /** Newest first. */
  last?: number;
  before?: string;
  /** Leave payload out of the selection (cheaper). */
  withPayload?: boolean;
}

export interface EventPage {
  events: EventNode[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null; hasPreviousPage: boolean; startCursor: string | null };
}

export interface ServerInfo {
  version: string;
  [key: string]: unknown;
}

export interface UserInfo {
  name: string;
  active?: boolean;
  data?: { isService?: boolean; isAdmin?: boolean; isManager?: boolean; [key: string]: unknown };
  attrib?: Record<string, unknown>;
}

export interface ProjectSummary {
  name: string;
  code: string;
  label?: string | null;
  active: boolean;
  library: boolean;
  createdAt?: string;
  updatedAt?: string;
}

export interface FolderType { name: string; shortName?: string; icon?: string; color?: string; [k: string]: unknown }
export interface TaskType { name: string; shortName?: string; icon?: string; color?: string; [k: string]: unknown }
export interface Status {
  name: string;
  shortName?: string;
  state?: "not_started" | "in_progress" | "done" | "blocked";
  icon?: string;
  color?: string;
  scope?: string[];
  [k: string]: unknown;
}

export interface Project {
  name: string;
  code: string;
  label?: string | null;
  library: boolean;
  active: boolean;
  folderTypes: FolderType[];
  taskTypes: TaskType[];
  statuses: Status[];
  tags: Array<{ name: string; color?: string }>;
  attrib: Record<string, unknown>;
  ownAttrib?: string[];
  data: Record<string, unknown>;
  config?: Record<string, unknown>;
  createdAt?: string;
  updatedAt?: string;
}

export interface CreateProjectRequest {
  name: string;
  code: string;
  label?: string;
  anatomyPreset?: string;
  anatomy?: Record<string, unknown>;
  library?: boolean;
}

/** PATCH body for a project: attrib merges per key, data merges one level, lists replace. */
export interface ProjectPatch {
  label?: string;
  active?: boolean;
  folderTypes?: FolderType[];
  taskTypes?: TaskType[];
  statuses?: Status[];
  tags?: Array<{ name: string; color?: string }>;
  attrib?: Record<string, unknown>;
  data?: Record<string, unknown>;
}

export interface AnatomyPresetSummary { name: string; primary: boolean; version?: string }

export type AttributeType =
  | "string" | "integer" | "float" | "boolean" | "datetime" | "list_of_strings" | "list_of_integers"
  | "list_of_any" | "list_of_submodels" | "dict";
export interface AttributeDefinition {
  name: string;
  position: number;
  scope: string[];
  builtin?: boolean;
  data: { type: AttributeType; title?: string | null; description?: string | null; default?: unknown; inherit?: boolean; [k: string]: unknown };
}

export interface Folder {
  id: string;
  name: string;
  label?: string | null;
  folderType: string;
  parentId: string | null;
  path?: string;
  status?: string;
  tags?: string[];
  attrib: Record<string, unknown>;
  ownAttrib?: string[];
  data: Record<string, unknown>;
  active: boolean;
  hasVersions?: boolean;
  createdAt?: string;
  updatedAt?: string;
}

export interface Task {
  id: string;
  name: string;
  label?: string | null;
  taskType: string;
  folderId: string;
  assignees?: string[];
  path?: string;
  status?: string;
  tags?: string[];
  attrib: Record<string, unknown>;
  ownAttrib?: string[];
  data: Record<string, unknown>;
  active: boolean;
  createdAt?: string;
  updatedAt?: string;
}

/** An item of the fast folder listing `GET /api/projects/{p}/folders?attrib=true` (path has no leading slash, no `active`). */
export interface FolderListItem {
  id: string;
  path: string;
  parentId: string | null;
  parents: string[];
  name: string;
  label?: string | null;
  folderType: string;
  hasTasks: boolean;
  taskNames: string[];
  status: string;
  tags: string[];
  hasChildren: boolean;
  hasVersions: boolean;
  attrib?: Record<string, unknown>;
  ownAttrib?: string[];
  createdAt?: string;
  updatedAt?: string;
}

export type OperationEntityType = "folder" | "task" | "product" | "version" | "representation" | "workfile";
export interface Operation {
  id?: string;
  type: "create" | "update" | "delete";
  entityType: OperationEntityType;
  entityId?: string;
  data?: Record<string, unknown>;
  force?: boolean;
}
export interface OperationResult {
  id: string;
  type: Operation["type"];
  entityType: OperationEntityType;
  entityId: string | null;
  success: boolean;
  status: number;
  errorCode: string | null;
  detail: string | null;
}
export interface OperationsResponse {
  operations: OperationResult[];
  success: boolean;
  /**
   * Set by the client (not AYON) when an attempt timed out or lost its connection after AYON had committed
   * the batch: the repetition was refused, the commit was verified, and the results above are reconstructed.
   */
  recovered?: boolean;
}

/** An addon as `GET /api/addons` lists it (versions are the installed ones). */
export interface AddonSummary {
  name: string;
  title?: string | null;
  productionVersion?: string | null;
  stagingVersion?: string | null;
  versions: string[];
}
