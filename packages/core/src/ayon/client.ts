// CONTRACT STUB — to be implemented (ky + zod). The runtime and the plugins code against these signatures.
import type {
  AnatomyPresetSummary, AttributeDefinition, AyonEvent, CreateProjectRequest, DispatchEventRequest, DispatchResult,
  EnrollRequest, EnrollResponse, EventPage, EventPatch, EventQuery, Folder, FolderListItem, Operation,
  OperationsResponse, Project, ProjectPatch, ProjectSummary, ServerInfo, Task, UserInfo,
} from "./types.js";

export interface AyonClientOptions {
  /** e.g. http://127.0.0.1:5000 (no trailing /api). */
  serverUrl: string;
  apiKey: string;
  /** Sent as X-Sender on every request (NAME_REGEX). */
  sender?: string;
  /** Sent as X-Sender-Type on every request; the sync services use "shotgrid". */
  senderType?: string;
  /** Per-request timeout, default 30 s. */
  timeoutMs?: number;
  /** Retries on 502/503/network errors with capped, jittered exponential backoff. */
  retry?: { limit?: number; baseDelayMs?: number; maxDelayMs?: number };
}

export class AyonClient {
  constructor(readonly options: AyonClientOptions) {}

  /** A client sharing this one's connection settings but sending another X-Sender (one per worker slot). */
  withSender(sender: string, senderType?: string): AyonClient { void sender; void senderType; throw new Error("not implemented"); }

  info(): Promise<ServerInfo> { throw new Error("not implemented"); }
  me(): Promise<UserInfo> { throw new Error("not implemented"); }

  dispatchEvent(req: DispatchEventRequest): Promise<DispatchResult> { void req; throw new Error("not implemented"); }
  getEvent(id: string): Promise<AyonEvent> { void id; throw new Error("not implemented"); }
  updateEvent(id: string, patch: EventPatch): Promise<void> { void id; void patch; throw new Error("not implemented"); }
  /** null when there is nothing to do (204) or the server asks to try later (503). */
  enroll(req: EnrollRequest): Promise<EnrollResponse | null> { void req; throw new Error("not implemented"); }
  /** GraphQL `events`. */
  queryEvents(query: EventQuery): Promise<EventPage> { void query; throw new Error("not implemented"); }

  listProjects(opts?: { active?: boolean; library?: boolean }): Promise<ProjectSummary[]> { void opts; throw new Error("not implemented"); }
  /** null when the project does not exist. */
  getProject(name: string): Promise<Project | null> { void name; throw new Error("not implemented"); }
  createProject(req: CreateProjectRequest): Promise<void> { void req; throw new Error("not implemented"); }
  updateProject(name: string, patch: ProjectPatch): Promise<void> { void name; void patch; throw new Error("not implemented"); }
  deleteProject(name: string): Promise<void> { void name; throw new Error("not implemented"); }
  listAnatomyPresets(): Promise<AnatomyPresetSummary[]> { throw new Error("not implemented"); }
  getAnatomyPreset(name: string): Promise<Record<string, unknown>> { void name; throw new Error("not implemented"); }

  listAttributes(): Promise<AttributeDefinition[]> { throw new Error("not implemented"); }
  getAttribute(name: string): Promise<AttributeDefinition | null> { void name; throw new Error("not implemented"); }
  setAttribute(def: AttributeDefinition): Promise<void> { void def; throw new Error("not implemented"); }

  getFolder(project: string, id: string): Promise<Folder | null> { void project; void id; throw new Error("not implemented"); }
  createFolder(project: string, body: Partial<Folder> & { name: string }): Promise<string> { void project; void body; throw new Error("not implemented"); }
  updateFolder(project: string, id: string, patch: Partial<Folder>): Promise<void> { void project; void id; void patch; throw new Error("not implemented"); }
  deleteFolder(project: string, id: string, opts?: { force?: boolean }): Promise<void> { void project; void id; void opts; throw new Error("not implemented"); }
  getTask(project: string, id: string): Promise<Task | null> { void project; void id; throw new Error("not implemented"); }
  createTask(project: string, body: Partial<Task> & { name: string; taskType: string; folderId: string }): Promise<string> { void project; void body; throw new Error("not implemented"); }
  updateTask(project: string, id: string, patch: Partial<Task>): Promise<void> { void project; void id; void patch; throw new Error("not implemented"); }
  deleteTask(project: string, id: string): Promise<void> { void project; void id; throw new Error("not implemented"); }
  /** The fast flat folder listing (one request for the whole project). */
  listFolders(project: string, opts?: { attrib?: boolean }): Promise<FolderListItem[]> { void project; void opts; throw new Error("not implemented"); }
  /** All tasks of a project through GraphQL cursor paging. */
  listTasks(project: string, opts?: { folderIds?: string[]; pageSize?: number; attribs?: string[] }): Promise<Task[]> { void project; void opts; throw new Error("not implemented"); }
  /**
   * `POST /api/projects/{p}/operations`, one transaction per call. Throws AyonOperationsError when the
   * top-level `success` is false (the HTTP status is 200 even then).
   */
  operations(project: string, ops: Operation[], opts?: { canFail?: boolean }): Promise<OperationsResponse> { void project; void ops; void opts; throw new Error("not implemented"); }
  /** Throws AyonGraphqlError when `errors[]` is non-empty, whatever the HTTP status. */
  graphql<T>(query: string, variables?: Record<string, unknown>): Promise<T> { void query; void variables; throw new Error("not implemented"); }

  /** Studio settings, or project settings when `project` is given (a path segment, not a query parameter). */
  getAddonSettings(addon: string, version: string, opts?: { project?: string; variant?: string }): Promise<Record<string, unknown>> { void addon; void version; void opts; throw new Error("not implemented"); }
  /** null when the secret does not exist. */
  getSecret(name: string): Promise<string | null> { void name; throw new Error("not implemented"); }
  setSecret(name: string, value: string): Promise<void> { void name; void value; throw new Error("not implemented"); }
}
