// The AYON REST/GraphQL client the runtime and all plugins use (routes of ayon-backend api/ and ayon_server/graphql/).
//
// Retries (see retry-policy.ts for the failure classes). Every method states whether it may be repeated after
// a failure that may have reached AYON ("ambiguous": timeout, dropped connection, 502/504):
//  - reads (GET, and POST /graphql: AYON's schema has no mutations) are repeated freely;
//  - PUT and PATCH write the same values again, so they are repeated freely;
//  - creates send a client-made id; a 409 after an ambiguous attempt is checked by reading the entity back;
//  - deletes are repeated; a 404 after an ambiguous attempt means the earlier attempt did the delete;
//  - everything else is repeated only when nothing was sent (connection refused).
import { inspect, type InspectOptions } from "node:util";
import { SilentLogger } from "../logging/logger.js";
import { checkSenderName, resolveOptions, type AyonClientOptions } from "./client-options.js";
import { AyonGraphqlError, AyonInputError, AyonResponseError } from "./errors.js";
import { postActivity, type ActivityRequest } from "./activities.js";
import { eventsQuery, tasksQuery } from "./graphql-queries.js";
import { newAyonId } from "./ids.js";
import { simplifyQueryFilter } from "./query-filter.js";
import {
  postOperations, postOperationsInChunks, type ChunkedOperationsOptions, type OperationsOptions,
} from "./operations.js";
import {
  addonListSchema, anatomyPresetListSchema, anatomySchema, attributeListSchema, attributeSchema, createdIdSchema,
  enrollResponseSchema, eventSchema, eventsDataSchema, folderListSchema, folderSchema, graphqlEnvelopeSchema,
  parseBody, projectListSchema, projectSchema, projectTasksDataSchema, secretSchema, serverInfoSchema, taskSchema,
  userInfoSchema,
} from "./schemas.js";
import { AyonTransport, endpoint, type CallResult, type CallSpec } from "./transport.js";
import type {
  AddonSummary, AnatomyPresetSummary, AttributeDefinition, AyonEvent, CreateProjectRequest, DispatchEventRequest, DispatchResult,
  EnrollRequest, EnrollResponse, EventPage, EventPatch, EventQuery, Folder, FolderListItem, Operation,
  OperationsResponse, Project, ProjectPatch, ProjectSummary, ServerInfo, Task, UserInfo,
} from "./types.js";
import type { z } from "zod";

export type { AyonClientOptions } from "./client-options.js";
export type { AyonRequestInfo } from "./transport.js";
export type { ChunkedOperationsOptions, ChunkProgress, OperationsOptions } from "./operations.js";

/** AYON's TOPIC_REGEX (ayon-backend ayon_server/types.py); checked before dispatch so a typo fails clearly. */
const TOPIC_REGEX = /^[a-zA-Z][a-zA-Z0-9_.*]{2,64}$/;

type CallRequest = Omit<CallSpec, "headers">;

/** An event this process stored in AYON's queue as finished, so enroll can hand it out from now on. */
export interface DispatchedEvent {
  id: string;
  topic: string;
  project: string | null;
  /** The X-Sender-Type it was dispatched with (a route's `ignoreSenderTypes` leaves such events out). */
  senderType: string | null;
}

/** What the clients of one connection share: the transport and who listens to their dispatches. */
interface SharedState {
  transport: AyonTransport;
  dispatched: Set<(event: DispatchedEvent) => void>;
}

export class AyonClient {
  /** The options this client was made with; `apiKey` is there but not enumerable (no JSON, no inspect). */
  readonly options: AyonClientOptions;
  readonly #transport: AyonTransport;
  readonly #shared: SharedState;
  readonly #headers: Record<string, string>;
  readonly #bySender = new Map<string, AyonClient>();

  /** The second argument is internal: withSender() shares its state (one connection pool per server). */
  constructor(options: AyonClientOptions, shared?: SharedState) {
    const resolved = resolveOptions(options);
    this.options = hideApiKey({ ...options, serverUrl: resolved.serverUrl }, options.apiKey);
    this.#shared = shared ?? {
      transport: new AyonTransport({
        serverUrl: resolved.serverUrl,
        apiKey: options.apiKey,
        timeoutMs: resolved.timeoutMs,
        retry: resolved.retry,
        maxReplyBytes: resolved.maxReplyBytes,
        logger: options.logger ?? new SilentLogger(),
        onRequest: options.onRequest,
      }),
      dispatched: new Set(),
    };
    this.#transport = this.#shared.transport;
    this.#headers = {};
    if (options.sender !== undefined) this.#headers["x-sender"] = options.sender;
    if (options.senderType !== undefined) this.#headers["x-sender-type"] = options.senderType;
  }

  /**
   * A client sharing this one's connection settings but sending another X-Sender (one per worker slot and batch
   * claim). Made once per sender and reused: a runtime asks for the same few names for every job.
   */
  withSender(sender: string, senderType?: string): AyonClient {
    const key = `${sender}\u0000${senderType ?? ""}`;
    let client = this.#bySender.get(key);
    if (!client) {
      checkSenderName("sender", sender);
      checkSenderName("senderType", senderType);
      const options = hideApiKey(
        { ...this.options, sender, senderType: senderType ?? this.options.senderType },
        this.options.apiKey,
      );
      client = new AyonClient(options, this.#shared);
      this.#bySender.set(key, client);
    }
    return client;
  }

  get serverUrl(): string {
    return this.#transport.serverUrl;
  }

  // -- server ------------------------------------------------------------------------------------------

  info(): Promise<ServerInfo> {
    return this.#get("/api/info", {}, serverInfoSchema);
  }

  me(): Promise<UserInfo> {
    return this.#get("/api/users/me", {}, userInfoSchema);
  }

  // -- users (ayon-backend api/users/users.py) --------------------------------------------------------------

  /** `GET /api/users/{name}`: a manager gets the whole user, `data` included; null when there is no such user. */
  getUser(name: string): Promise<UserInfo | null> {
    return this.#getOrNull("/api/users/{name}", { name }, userInfoSchema);
  }

  /** `PUT /api/users/{name}`: creates a user (409 when the name is taken). */
  async createUser(name: string, body: { active?: boolean; attrib?: Record<string, unknown>; data?: Record<string, unknown>; password?: string }): Promise<void> {
    await this.#call({ method: "PUT", endpoint: endpoint("/api/users/{name}", { name }), json: body, retry: "if-not-sent" });
  }

  /** `PATCH /api/users/{name}`: `attrib` per key, `data` one level deep (a null value removes the key). */
  async updateUser(name: string, patch: { active?: boolean; attrib?: Record<string, unknown>; data?: Record<string, unknown> }): Promise<void> {
    await this.#call({ method: "PATCH", endpoint: endpoint("/api/users/{name}", { name }), json: patch, retry: "idempotent" });
  }

  // -- events (ayon-backend api/events/) --------------------------------------------------------------------

  /**
   * `POST /api/events`. With a hash it is repeated after ambiguous failures: a 409 on the hash means the event
   * is stored (perhaps by the earlier attempt) → `{id: null, alreadyExists: true}`. Without a hash a
   * repetition could store the event twice, so it is repeated only when nothing was sent.
   */
  async dispatchEvent(req: DispatchEventRequest): Promise<DispatchResult> {
    if (typeof req?.topic !== "string" || !TOPIC_REGEX.test(req.topic)) {
      throw new AyonInputError(`dispatchEvent topic ${JSON.stringify(req?.topic)} is not a valid AYON topic.`);
    }
    const hashed = typeof req.hash === "string" && req.hash !== "";
    const result = await this.#call({
      method: "POST",
      endpoint: endpoint("/api/events"),
      json: req,
      retry: hashed ? "idempotent" : "if-not-sent",
      accept: hashed ? [409] : [],
    });
    if (result.status === 409) return { id: null, alreadyExists: true };
    const { id } = parseBody(createdIdSchema, result.body, "POST", "/api/events");
    if (req.finished !== false && req.store !== false && this.#shared.dispatched.size > 0) {
      const event: DispatchedEvent = { id, topic: req.topic, project: req.project ?? null, senderType: this.options.senderType ?? null };
      for (const listener of this.#shared.dispatched) listener(event);
    }
    return { id, alreadyExists: false };
  }

  /**
   * Calls `listener` after this client, or any client sharing its connection (withSender), stored a finished
   * event: this process's worker pool then knows of its own events without reading them back. Returns the
   * unsubscribe function.
   */
  onDispatched(listener: (event: DispatchedEvent) => void): () => void {
    this.#shared.dispatched.add(listener);
    return () => this.#shared.dispatched.delete(listener);
  }

  getEvent(id: string): Promise<AyonEvent> {
    return this.#get("/api/events/{id}", { id }, eventSchema);
  }

  /** `PATCH /api/events/{id}`: only the given fields are written; summary and payload replace the stored ones. */
  async updateEvent(id: string, patch: EventPatch): Promise<void> {
    await this.#call({ method: "PATCH", endpoint: endpoint("/api/events/{id}", { id }), json: patch, retry: "idempotent" });
  }

  /**
   * null when there is nothing to do (204) or the server asks to try later (503).
   * Repeated after ambiguous failures: AYON hands the same sender its unfinished job again (ayon-backend
   * api/events/enroll.py), so a lost answer is recovered by the repetition instead of orphaning a job. 503 is never
   * repeated here.
   */
  async enroll(req: EnrollRequest): Promise<EnrollResponse | null> {
    const body = this.#enrollBody(req);
    if (body === null) return null;
    const result = await this.#call({
      method: "POST",
      endpoint: endpoint("/api/enroll"),
      json: body,
      retry: "idempotent",
      accept: [503],
    });
    if (result.status === 204 || result.status === 503) return null;
    return parseBody(enrollResponseSchema, result.body, "POST", "/api/enroll");
  }

  /**
   * The enroll body as sent. AYON hashes the body before it merges the X-Sender header (api/events/enroll.py),
   * so the sender goes into the body, as ayon-python-api does: two senders asking the same never share a hash
   * (503 "already running", or one's cached job handed to the other). null: the filter can match nothing.
   */
  #enrollBody(req: EnrollRequest): EnrollRequest | null {
    const { filter, ...rest } = req;
    const simplified = filter === undefined ? true : simplifyQueryFilter(filter);
    if (simplified === false) return null;
    const sender = req.sender ?? this.options.sender;
    const senderType = req.senderType ?? this.options.senderType;
    return {
      ...rest,
      ...(sender !== undefined ? { sender } : {}),
      ...(senderType !== undefined ? { senderType } : {}),
      ...(simplified === true ? {} : { filter: simplified }),
    };
  }

  /**
   * GraphQL `events`; `first` gives oldest first, `last` newest first (ayon-backend
   * ayon_server/graphql/resolvers/events.py). One page per call.
   */
  async queryEvents(query: EventQuery): Promise<EventPage> {
    const { query: document, variables } = eventsQuery(query);
    const data = await this.graphql<unknown>(document, variables);
    const parsed = parseBody(eventsDataSchema, data, "POST", "/graphql events");
    return { events: parsed.events.edges.map((e) => e.node), pageInfo: parsed.events.pageInfo };
  }

  // -- projects, anatomy, attributes (ayon-backend api/projects/, api/attributes/) --------------------------

  async listProjects(opts: { active?: boolean; library?: boolean } = {}): Promise<ProjectSummary[]> {
    // Whether GET /api/projects pages by default was not checked; no page/length is sent.
    const body = await this.#get("/api/projects", {}, projectListSchema, { active: opts.active, library: opts.library });
    return body.projects;
  }

  /** null when the project does not exist. */
  getProject(name: string): Promise<Project | null> {
    return this.#getOrNull("/api/projects/{name}", { name }, projectSchema);
  }

  /** Repeated after ambiguous failures; a 409 then counts as success when the project exists with our code. */
  async createProject(req: CreateProjectRequest): Promise<void> {
    const spec: CallRequest = { method: "POST", endpoint: endpoint("/api/projects"), json: req, retry: "idempotent", accept: [409] };
    const result = await this.#call(spec);
    if (result.status !== 409) return;
    if (result.afterAmbiguousAttempt) {
      const existing = await this.getProject(req.name);
      if (existing && existing.code.toLowerCase() === req.code.toLowerCase()) return;
    }
    throw this.#transport.rejection({ ...spec, headers: this.#headers }, result);
  }

  async updateProject(name: string, patch: ProjectPatch): Promise<void> {
    await this.#call({ method: "PATCH", endpoint: endpoint("/api/projects/{name}", { name }), json: patch, retry: "idempotent" });
  }

  deleteProject(name: string): Promise<void> {
    return this.#delete(endpoint("/api/projects/{name}", { name }));
  }

  async listAnatomyPresets(): Promise<AnatomyPresetSummary[]> {
    return (await this.#get("/api/anatomy/presets", {}, anatomyPresetListSchema)).presets;
  }

  /** `__builtin__` gives the built-in default anatomy, `__primary__` the primary preset (snake_case). */
  getAnatomyPreset(name: string): Promise<Record<string, unknown>> {
    return this.#get("/api/anatomy/presets/{name}", { name }, anatomySchema);
  }

  async listAttributes(): Promise<AttributeDefinition[]> {
    return (await this.#get("/api/attributes", {}, attributeListSchema)).attributes;
  }

  getAttribute(name: string): Promise<AttributeDefinition | null> {
    return this.#getOrNull("/api/attributes/{name}", { name }, attributeSchema);
  }

  /** `PUT /api/attributes/{name}`; AYON applies new attributes only after a restart (api/attributes/attributes.py). */
  async setAttribute(def: AttributeDefinition): Promise<void> {
    const { name, position, scope, data } = def;
    await this.#call({
      method: "PUT",
      endpoint: endpoint("/api/attributes/{name}", { name }),
      json: { position, scope, data },
      retry: "idempotent",
    });
  }

  // -- folders and tasks (ayon-backend api/folders/, api/tasks/) --------------------------------------------

  getFolder(project: string, id: string): Promise<Folder | null> {
    return this.#getOrNull("/api/projects/{project}/folders/{id}", { project, id }, folderSchema);
  }

  /** Sends a client-made id when the body has none, so the create can be repeated safely. Returns the id. */
  createFolder(project: string, body: Partial<Folder> & { name: string }): Promise<string> {
    return this.#createEntity(project, "folders", body, (id) => this.getFolder(project, id));
  }

  async updateFolder(project: string, id: string, patch: Partial<Folder>): Promise<void> {
    await this.#call({
      method: "PATCH",
      endpoint: endpoint("/api/projects/{project}/folders/{id}", { project, id }),
      json: patch,
      retry: "idempotent",
    });
  }

  deleteFolder(project: string, id: string, opts: { force?: boolean } = {}): Promise<void> {
    return this.#delete(endpoint("/api/projects/{project}/folders/{id}", { project, id }), { force: opts.force });
  }

  getTask(project: string, id: string): Promise<Task | null> {
    return this.#getOrNull("/api/projects/{project}/tasks/{id}", { project, id }, taskSchema);
  }

  /** Sends a client-made id when the body has none, so the create can be repeated safely. Returns the id. */
  createTask(project: string, body: Partial<Task> & { name: string; taskType: string; folderId: string }): Promise<string> {
    return this.#createEntity(project, "tasks", body, (id) => this.getTask(project, id));
  }

  async updateTask(project: string, id: string, patch: Partial<Task>): Promise<void> {
    await this.#call({
      method: "PATCH",
      endpoint: endpoint("/api/projects/{project}/tasks/{id}", { project, id }),
      json: patch,
      retry: "idempotent",
    });
  }

  deleteTask(project: string, id: string): Promise<void> {
    return this.#delete(endpoint("/api/projects/{project}/tasks/{id}", { project, id }));
  }

  /**
   * The fast flat folder listing (one request for the whole project). `attrib` (default false) adds
   * `attrib` and `ownAttrib`. Paths have no leading slash here and inactive folders are included (ayon-backend
   * api/folders/list_folders.py).
   */
  async listFolders(project: string, opts: { attrib?: boolean } = {}): Promise<FolderListItem[]> {
    const body = await this.#get("/api/projects/{project}/folders", { project }, folderListSchema, {
      attrib: opts.attrib ?? false,
    });
    return body.folders;
  }

  /**
   * All tasks of a project through GraphQL cursor paging (pageSize default 2000), inactive ones included.
   * `attribs` are the attribute fields selected (default none: `attrib` is then `{}`); `data` is parsed.
   */
  async listTasks(project: string, opts: { folderIds?: string[]; pageSize?: number; attribs?: string[] } = {}): Promise<Task[]> {
    const pageSize = opts.pageSize ?? 2000;
    if (!Number.isInteger(pageSize) || pageSize < 1) {
      throw new AyonInputError(`listTasks pageSize must be an integer >= 1, got ${String(pageSize)}.`);
    }
    if (opts.folderIds && opts.folderIds.length === 0) return [];
    const document = tasksQuery(opts.attribs ?? [], opts.folderIds !== undefined);
    const tasks: Task[] = [];
    let after: string | null = null;
    for (;;) {
      const variables: Record<string, unknown> = { projectName: project, first: pageSize, after };
      if (opts.folderIds) variables.folderIds = opts.folderIds;
      const data = await this.graphql<unknown>(document, variables);
      const parsed = parseBody(projectTasksDataSchema, data, "POST", "/graphql project.tasks");
      if (!parsed.project) {
        throw new AyonGraphqlError([{ message: `project ${project} not found`, path: ["project"], status: 404 }]);
      }
      for (const edge of parsed.project.tasks.edges) tasks.push(edge.node);
      const { hasNextPage, endCursor } = parsed.project.tasks.pageInfo;
      if (!hasNextPage) return tasks;
      if (!endCursor || endCursor === after) {
        throw new AyonResponseError({
          method: "POST",
          path: "/graphql project.tasks",
          issues: ["pageInfo.endCursor: hasNextPage is true but the cursor did not advance"],
        });
      }
      after = endCursor;
    }
  }

  /**
   * `POST /api/projects/{p}/operations`, one transaction per call. Throws AyonOperationsError when the
   * top-level `success` is false (the HTTP status is 200 even then). Retry rules: see operations.ts.
   */
  operations(project: string, ops: Operation[], opts?: OperationsOptions): Promise<OperationsResponse> {
    return postOperations(this.#transport, this.#headers, project, ops, opts);
  }

  /** operations() in chunks of `chunkSize` (default 500), in order, stopping at the first failed chunk. */
  operationsInChunks(project: string, ops: Operation[], opts?: ChunkedOperationsOptions): Promise<OperationsResponse> {
    return postOperationsInChunks(this.#transport, this.#headers, project, ops, opts);
  }

  /** Posts an activity (a comment) on a project-level entity; answers its id (activities.ts). */
  createActivity(project: string, req: ActivityRequest): Promise<string> {
    return postActivity(this.#transport, this.#headers, project, req);
  }

  /** Throws AyonGraphqlError when `errors[]` is non-empty, whatever the HTTP status. */
  async graphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const spec: CallRequest = {
      method: "POST",
      endpoint: endpoint("/graphql"),
      json: { query, variables },
      retry: "idempotent",
      accept: [400],
    };
    const result = await this.#call(spec);
    const envelope = parseBody(graphqlEnvelopeSchema, result.body, "POST", "/graphql");
    if (envelope.errors && envelope.errors.length > 0) {
      throw new AyonGraphqlError(envelope.errors.map((e) => ({
        message: this.#transport.redact(e.message),
        path: e.path ?? null,
        status: e.extensions?.status ?? null,
      })));
    }
    if (result.status === 400) throw this.#transport.rejection({ ...spec, headers: this.#headers }, result);
    if (envelope.data === undefined || envelope.data === null) {
      throw new AyonResponseError({ method: "POST", path: "/graphql", issues: ["data: missing"] });
    }
    return envelope.data as T;
  }

  // -- addon settings and secrets (ayon-backend api/addons/, api/system/secrets.py) -------------------------

  /** Studio settings, or project settings when `project` is given (a path segment, not a query parameter). */
  getAddonSettings(addon: string, version: string, opts: { project?: string; variant?: string } = {}): Promise<Record<string, unknown>> {
    const search = { variant: opts.variant };
    if (opts.project === undefined) {
      return this.#get("/api/addons/{addon}/{version}/settings", { addon, version }, anatomySchema, search);
    }
    const params = { addon, version, project: opts.project };
    return this.#get("/api/addons/{addon}/{version}/settings/{project}", params, anatomySchema, search);
  }

  /** The installed addons with their bundle versions (ayon-backend api/addons/list_addons.py). */
  async listAddons(): Promise<AddonSummary[]> {
    const body = await this.#get("/api/addons", {}, addonListSchema);
    return body.addons.map((addon) => ({
      name: addon.name,
      title: addon.title ?? null,
      productionVersion: addon.productionVersion ?? null,
      stagingVersion: addon.stagingVersion ?? null,
      versions: Object.keys(addon.versions),
    }));
  }

  /** null when the secret does not exist. The value is never logged. */
  async getSecret(name: string): Promise<string | null> {
    const secret = await this.#getOrNull("/api/secrets/{name}", { name }, secretSchema);
    return secret ? secret.value : null;
  }

  async setSecret(name: string, value: string): Promise<void> {
    await this.#call({ method: "PUT", endpoint: endpoint("/api/secrets/{name}", { name }), json: { value }, retry: "idempotent" });
  }

  // -- what a client shows of itself: never the key ------------------------------------------------------

  toJSON(): Record<string, unknown> {
    return { serverUrl: this.serverUrl, sender: this.options.sender ?? null, senderType: this.options.senderType ?? null };
  }

  toString(): string {
    return `AyonClient(${this.serverUrl}${this.options.sender ? ` as ${this.options.sender}` : ""})`;
  }

  [inspect.custom](_depth: number, options: InspectOptions): string {
    return `AyonClient ${inspect(this.toJSON(), options)}`;
  }

  // -- helpers -------------------------------------------------------------------------------------------

  #call(request: CallRequest): Promise<CallResult> {
    return this.#transport.call({ ...request, headers: this.#headers });
  }

  async #get<T>(
    template: string,
    params: Record<string, string>,
    schema: z.ZodType<T>,
    searchParams?: CallRequest["searchParams"],
  ): Promise<T> {
    const e = endpoint(template, params);
    const result = await this.#call({ method: "GET", endpoint: e, searchParams, retry: "idempotent" });
    return parseBody(schema, result.body, "GET", e.path);
  }

  async #getOrNull<T>(template: string, params: Record<string, string>, schema: z.ZodType<T>): Promise<T | null> {
    const e = endpoint(template, params);
    const result = await this.#call({ method: "GET", endpoint: e, retry: "idempotent", accept: [404] });
    return result.status === 404 ? null : parseBody(schema, result.body, "GET", e.path);
  }

  /** DELETE, repeated after ambiguous failures; a 404 then means the earlier attempt already deleted it. */
  async #delete(e: ReturnType<typeof endpoint>, searchParams?: CallRequest["searchParams"]): Promise<void> {
    const spec: CallRequest = { method: "DELETE", endpoint: e, searchParams, retry: "idempotent", accept: [404] };
    const result = await this.#call(spec);
    if (result.status === 404 && !result.afterAmbiguousAttempt) {
      throw this.#transport.rejection({ ...spec, headers: this.#headers }, result);
    }
  }

  async #createEntity(
    project: string,
    collection: "folders" | "tasks",
    body: { id?: string; name: string },
    readBack: (id: string) => Promise<{ name: string } | null>,
  ): Promise<string> {
    const id = body.id ?? newAyonId();
    const spec: CallRequest = {
      method: "POST",
      endpoint: endpoint(`/api/projects/{project}/${collection}`, { project }),
      json: { ...body, id },
      retry: "idempotent",
      accept: [409],
    };
    const result = await this.#call(spec);
    if (result.status !== 409) return parseBody(createdIdSchema, result.body, "POST", spec.endpoint.path).id;
    // 409 after an attempt that may have been applied: it is ours if the entity with our id has our name.
    if (result.afterAmbiguousAttempt && (await readBack(id))?.name === body.name) return id;
    throw this.#transport.rejection({ ...spec, headers: this.#headers }, result);
  }
}

/** A copy of the options whose apiKey is readable by code but left out of JSON, spreads and inspect. */
function hideApiKey(options: AyonClientOptions, apiKey: string): AyonClientOptions {
  const copy = { ...options } as Partial<AyonClientOptions>;
  delete copy.apiKey;
  Object.defineProperty(copy, "apiKey", { value: apiKey, enumerable: false, writable: false });
  return Object.freeze(copy) as AyonClientOptions;
}
