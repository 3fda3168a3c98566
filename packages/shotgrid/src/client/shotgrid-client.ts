/**
 * The ShotGrid REST v1 client used by the leecher and the sync handlers. Wire truth:
 * Autodesk's REST API v1 reference and what a real site answers. Records come back flattened (see records.ts).
 */
import { inspect } from "node:util";
import { SilentLogger, type Logger } from "@ayon-sg/core";
import { DEFAULT_RETRY, type RetryPolicy } from "./backoff.js";
import { batchResponseSchema, toBatchResult, toWireRequests, type BatchOptions, type BatchRequest, type BatchResult } from "./batch.js";
import { assertEntityType, entitySlug } from "./entity-slug.js";
import {
  ShotgridBatchError, ShotgridError, ShotgridHttpError, ShotgridInputError, ShotgridProtocolError, ShotgridUnavailableError,
} from "./errors.js";
import { toHashFilter, type FilterInput } from "./filters.js";
import { checkData, checkFieldCode, checkFieldSpec, checkId, checkPageSize, parseSiteUrl } from "./input-checks.js";
import { flattenRecord, readListEnvelope, readSingleEnvelope, type ShotgridRecord } from "./records.js";
import { displayUrl, SecretRegistry } from "./redaction.js";
import { isRecordNotFound, parseBody, readBody } from "./responses.js";
import {
  fieldCodeFor, fieldCreateBody, fieldCreateResponseSchema, schemaEntitiesResponseSchema, schemaFieldResponseSchema,
  schemaFieldsResponseSchema, sameDataType, toFieldSchema, type EntitySchema, type EnsureFieldSpec, type FieldSchema,
} from "./schema.js";
import { TokenManager } from "./token-manager.js";
import { Transport, type HttpRequest, type RequestInfo } from "./transport.js";

export interface ShotgridClientOptions {
  /** e.g. https://studio.shotgrid.autodesk.com (a trailing slash or `/api/v1` is accepted). */
  siteUrl: string;
  scriptName: string;
  /** The script's application key. Kept private: never logged, shown in errors, serialised or inspected. */
  scriptKey: string;
  /** Per-attempt timeout for the whole exchange (headers and body), default 60 s: a 200-request batch can take
   * over 10 s on a real site. */
  timeoutMs?: number;
  /** Retries after the first attempt and their timing; defaults {limit: 4, baseDelayMs: 250, maxDelayMs: 10000}. */
  retry?: Partial<RetryPolicy>;
  logger?: Logger;
  /** Called once per HTTP attempt (token requests included), for request counts and latency. */
  onRequest?: (info: RequestInfo) => void;
  /** The most bytes one answer may have, default 256 MiB; past it a call fails with ShotgridReplyTooLargeError. */
  maxReplyBytes?: number;
  /** Default page size of searches, 1–5000, default 500 (the server's default; its maximum is 5000). */
  pageSize?: number;
}

export interface SearchQuery {
  /** A filter group, or an array of conditions (= AND). Omitted = every row of the type, across projects. */
  filters?: FilterInput;
  /** Fields to return; omitted = all fields (slow on wide types). Dotted paths allowed. */
  fields?: readonly string[];
  /** "code" or "-created_at", or a list of them. Default: id ascending. */
  sort?: string | readonly string[];
  pageSize?: number;
  /** Search retired rows instead of live ones. */
  retired?: boolean;
  includeArchivedProjects?: boolean;
}

export interface SearchPageQuery extends SearchQuery {
  /** 1-based page number, default 1. */
  page?: number;
}

export interface ReadOptions {
  fields?: readonly string[];
  /** Read a retired row (a live row then reads as null). */
  retired?: boolean;
}

const HASH_CONTENT_TYPE = "application/vnd+shotgun.api3_hash+json";

export class ShotgridClient {
  /** The site as shown in messages: origin and path only. */
  readonly siteUrl: string;
  readonly scriptName: string;
  readonly #scriptKey: string;
  readonly #pageSize: number;
  readonly #logger: Logger;
  readonly #transport: Transport;
  readonly #tokens: TokenManager;
  readonly #ensuring = new Map<string, Promise<string>>();

  constructor(options: ShotgridClientOptions) {
    const site = parseSiteUrl(options?.siteUrl);
    if (typeof options.scriptName !== "string" || options.scriptName.trim() === "") {
      throw new ShotgridInputError("The ShotGrid client needs a scriptName (the script's name on the site).");
    }
    if (typeof options.scriptKey !== "string" || options.scriptKey === "") {
      throw new ShotgridInputError(`The ShotGrid client needs the application key of script '${options.scriptName}'.`);
    }
    this.siteUrl = displayUrl(site);
    this.scriptName = options.scriptName;
    this.#scriptKey = options.scriptKey;
    this.#pageSize = checkPageSize(options.pageSize ?? 500, "pageSize");
    const timeoutMs = options.timeoutMs ?? 60_000;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new ShotgridInputError("timeoutMs must be a positive number of milliseconds.");
    const retry = { ...DEFAULT_RETRY, ...options.retry };
    if (!Number.isInteger(retry.limit) || retry.limit < 0 || !(retry.baseDelayMs >= 0) || !(retry.maxDelayMs >= 0)) {
      throw new ShotgridInputError("retry needs a whole limit ≥ 0 and delays ≥ 0 ms.");
    }
    const secrets = new SecretRegistry();
    secrets.add(options.scriptKey);
    this.#logger = (options.logger ?? new SilentLogger()).child({ component: "shotgrid-client", site: this.siteUrl });
    const describeCredentials = () => `script '${this.scriptName}' at ${this.siteUrl}`;
    this.#transport = new Transport({
      apiBase: new URL("api/v1/", site),
      timeoutMs,
      retry,
      logger: this.#logger,
      secrets,
      onRequest: options.onRequest,
      maxReplyBytes: options.maxReplyBytes,
      describeCredentials,
    });
    this.#tokens = new TokenManager({
      transport: this.#transport,
      scriptName: options.scriptName,
      scriptKey: () => this.#scriptKey,
      secrets,
      logger: this.#logger,
      describeCredentials,
      siteDisplay: this.siteUrl,
    });
  }

  // ---- searching ----

  /** One page of matching records (`POST /entity/{type}/_search`, api3_hash filters). */
  async search(type: string, query: SearchPageQuery = {}): Promise<ShotgridRecord[]> {
    const slug = entitySlug(type);
    const pageSize = checkPageSize(query.pageSize ?? this.#pageSize, "query.pageSize");
    const page = query.page ?? 1;
    if (!Number.isSafeInteger(page) || page < 1) throw new ShotgridInputError(`query.page must be a whole number ≥ 1, got ${page}.`);
    const body: Record<string, unknown> = { filters: toHashFilter(query.filters), page: { size: pageSize, number: page } };
    if (query.fields) body.fields = [...query.fields];
    if (query.sort !== undefined) body.sort = typeof query.sort === "string" ? query.sort : query.sort.join(",");
    const options: Record<string, unknown> = {};
    if (query.retired) options.return_only = "retired";
    if (query.includeArchivedProjects !== undefined) options.include_archived_projects = query.includeArchivedProjects;
    if (Object.keys(options).length > 0) body.options = options;
    const res = await this.#send({
      method: "POST", path: `/entity/${slug}/_search`, json: body, contentType: HASH_CONTENT_TYPE,
      safety: "idempotent", readOnly: true,
    });
    return readBody(readListEnvelope, res, "POST", `/entity/${slug}/_search`).map(flattenRecord);
  }

  /**
   * Every matching record, page by page. Stops on an empty page or a page shorter than the page size — never
   * on a missing `links.next`, which ShotGrid sends on every page. Offset paging can skip or
   * repeat rows created or retired while it runs; sort by id for the most stable result.
   */
  async *searchPages(type: string, query: SearchQuery = {}): AsyncGenerator<ShotgridRecord[], void, undefined> {
    const pageSize = checkPageSize(query.pageSize ?? this.#pageSize, "query.pageSize");
    for (let page = 1; ; page += 1) {
      const records = await this.search(type, { ...query, pageSize, page });
      if (records.length > pageSize) {
        // A server that ignores the page size would make offset paging skip or repeat rows, or never end.
        throw new ShotgridProtocolError(`ShotGrid answered a search for ${pageSize} rows per page with ${records.length} rows.`);
      }
      if (records.length > 0) yield records;
      if (records.length < pageSize) return;
    }
  }

  /** All matching records in one array. */
  async searchAll(type: string, query: SearchQuery = {}): Promise<ShotgridRecord[]> {
    const all: ShotgridRecord[] = [];
    for await (const page of this.searchPages(type, query)) {
      for (const record of page) all.push(record);
    }
    return all;
  }

  /** The first matching record (in `sort` order), or null. */
  async findOne(type: string, query: Omit<SearchQuery, "pageSize"> = {}): Promise<ShotgridRecord | null> {
    const records = await this.search(type, { ...query, pageSize: 1, page: 1 });
    return records[0] ?? null;
  }

  // ---- single records ----

  /** `GET /entity/{type}/{id}`; null when the row does not exist (or is retired, unless `retired`). */
  async read(type: string, id: number, options: ReadOptions = {}): Promise<ShotgridRecord | null> {
    const path = `/entity/${entitySlug(type)}/${checkId(id)}`;
    const searchParams: Record<string, string> = {};
    if (options.fields) searchParams.fields = options.fields.join(",");
    if (options.retired) searchParams["options[return_only]"] = "retired";
    try {
      const res = await this.#send({ method: "GET", path, searchParams, safety: "idempotent", readOnly: true });
      return flattenRecord(readBody(readSingleEnvelope, res, "GET", path));
    } catch (err) {
      if (isRecordNotFound(err)) return null;
      throw err;
    }
  }

  /**
   * `POST /entity/{type}` → the created record. Not repeated after a timeout, a dropped connection or a
   * 502/504, where ShotGrid may have created the row: a repeat would create a duplicate (codes are not unique).
   * The error then says `mayHaveCommitted`; look the row up before creating it again.
   */
  async create(type: string, data: Record<string, unknown>): Promise<ShotgridRecord> {
    const path = `/entity/${entitySlug(type)}`;
    const res = await this.#send({ method: "POST", path, json: checkData(data), safety: "write-once" });
    return flattenRecord(readBody(readSingleEnvelope, res, "POST", path));
  }

  /** `PUT /entity/{type}/{id}` with only the fields to change → the whole record. Repeated on transient
   * failures: setting the same values twice has the same result. */
  async update(type: string, id: number, data: Record<string, unknown>): Promise<ShotgridRecord> {
    const path = `/entity/${entitySlug(type)}/${checkId(id)}`;
    const res = await this.#send({ method: "PUT", path, json: checkData(data), safety: "idempotent" });
    return flattenRecord(readBody(readSingleEnvelope, res, "PUT", path));
  }

  /** Retire a row (`DELETE`, 204). true when this call retired it; false when it was already retired or
   * missing — so a repeat after a lost answer is harmless. */
  async delete(type: string, id: number): Promise<boolean> {
    const path = `/entity/${entitySlug(type)}/${checkId(id)}`;
    try {
      await this.#send({ method: "DELETE", path, safety: "idempotent" });
      return true;
    } catch (err) {
      if (isRecordNotFound(err)) return false;
      throw err;
    }
  }

  /** Bring a retired row back (`POST ...?revive=true`). true when it was revived, false when it was live. */
  async revive(type: string, id: number): Promise<boolean> {
    const path = `/entity/${entitySlug(type)}/${checkId(id)}`;
    const res = await this.#send({ method: "POST", path, searchParams: { revive: "true" }, safety: "idempotent" });
    const meta = (res as { meta?: { did_revive?: unknown } } | null)?.meta;
    if (typeof meta?.did_revive !== "boolean") {
      throw new ShotgridProtocolError(`ShotGrid answered POST ${path}?revive=true without meta.did_revive.`);
    }
    return meta.did_revive;
  }

  /**
   * Run create/update/delete requests through `POST /entity/_batch`, `chunkSize` (default 200) at a time,
   * one chunk after the other. Each chunk is atomic. When a chunk fails, the error says how many chunks and
   * requests were committed before it; nothing after it is sent. Chunks holding only updates are repeated on
   * transient failures; chunks with creates or deletes are not repeated once they may have reached ShotGrid.
   * ShotGrid's batch create skips the `project` check of a single create (measured on a real site): send it.
   */
  async batch(requests: readonly BatchRequest[], options: BatchOptions = {}): Promise<BatchResult[]> {
    return (await this.#batch(requests, options, true)) as BatchResult[];
  }

  /**
   * `batch` for callers that need no results (write-backs): each chunk's response — whole records for updates
   * — is drained without being parsed. A 200 still means the chunk committed: batches are atomic.
   * Returns how many requests were committed.
   */
  async batchCommit(requests: readonly BatchRequest[], options: BatchOptions = {}): Promise<number> {
    return (await this.#batch(requests, options, false)) as number;
  }

  async #batch(requests: readonly BatchRequest[], options: BatchOptions, wantResults: boolean): Promise<BatchResult[] | number> {
    const chunkSize = options.chunkSize ?? 200;
    if (!Number.isSafeInteger(chunkSize) || chunkSize < 1) throw new ShotgridInputError(`chunkSize must be a whole number ≥ 1, got ${chunkSize}.`);
    const wire = toWireRequests(requests);
    const chunks = Math.ceil(wire.length / chunkSize);
    const results: BatchResult[] = [];
    let committed = 0;
    for (let c = 0; c < chunks; c += 1) {
      const chunk = wire.slice(c * chunkSize, (c + 1) * chunkSize);
      const onlyUpdates = chunk.every((r) => r.request_type === "update");
      let chunkResults: BatchResult[] = [];
      try {
        const res = await this.#send({
          method: "POST", path: "/entity/_batch", json: { requests: chunk }, safety: onlyUpdates ? "idempotent" : "write-once", discardBody: !wantResults,
        });
        if (wantResults) chunkResults = batchResults(res, chunk, c * chunkSize);
      } catch (err) {
        if (!(err instanceof ShotgridError)) throw err;
        throw new ShotgridBatchError({
          failedChunk: c + 1, totalChunks: chunks, committedRequests: committed, totalRequests: wire.length, cause: err,
        });
      }
      for (const result of chunkResults) results.push(result);
      committed += chunk.length;
      options.onProgress?.({ chunksDone: c + 1, chunks, requestsDone: committed, requests: wire.length });
    }
    return wantResults ? results : committed;
  }

  // ---- schema ----

  /** The site's enabled entity types (`GET /schema`), keyed by schema name. */
  async schemaEntities(): Promise<Record<string, EntitySchema>> {
    const res = await this.#send({ method: "GET", path: "/schema", safety: "idempotent", readOnly: true });
    const out: Record<string, EntitySchema> = {};
    for (const [type, raw] of Object.entries(parseBody(schemaEntitiesResponseSchema, res, "GET", "/schema").data)) {
      const name = raw.name?.value;
      out[type] = { type, name: typeof name === "string" ? name : type, visible: raw.visible?.value !== false };
    }
    return out;
  }

  /** Every field of a type, keyed by code (`GET /schema/{type}/fields`; about 48 KB per type: do not loop). */
  async schemaFields(type: string, options: { projectId?: number } = {}): Promise<Record<string, FieldSchema>> {
    assertEntityType(type);
    const path = `/schema/${type}/fields`;
    const res = await this.#send({ method: "GET", path, searchParams: projectParam(options.projectId), safety: "idempotent", readOnly: true });
    const out: Record<string, FieldSchema> = {};
    for (const [code, raw] of Object.entries(parseBody(schemaFieldsResponseSchema, res, "GET", path).data)) {
      out[code] = toFieldSchema(code, type, raw);
    }
    return out;
  }

  /** One field, or null when the type has no such field. */
  async schemaField(type: string, field: string, options: { projectId?: number } = {}): Promise<FieldSchema | null> {
    assertEntityType(type);
    checkFieldCode(field);
    const path = `/schema/${type}/fields/${field}`;
    try {
      const res = await this.#send({ method: "GET", path, searchParams: projectParam(options.projectId), safety: "idempotent", readOnly: true });
      return toFieldSchema(field, type, parseBody(schemaFieldResponseSchema, res, "GET", path).data);
    } catch (err) {
      if (err instanceof ShotgridHttpError && err.status === 404) return null;
      throw err;
    }
  }

  /**
   * Make sure a custom field exists and return its code. Reads the fields first and creates only when the
   * code derived from `displayName` is missing — ShotGrid itself would silently create `sg_x_1` for a
   * repeated display name. A field of that code with another data type is an error, not a match.
   * Concurrent calls for the same field in this client share one creation.
   */
  async ensureField(type: string, spec: EnsureFieldSpec): Promise<string> {
    assertEntityType(type);
    checkFieldSpec(spec);
    const code = fieldCodeFor(spec.displayName);
    const key = `${type}.${code}`;
    let flight = this.#ensuring.get(key);
    if (!flight) {
      flight = this.#ensureField(type, code, spec).finally(() => this.#ensuring.delete(key));
      this.#ensuring.set(key, flight);
    }
    return flight;
  }

  async #ensureField(type: string, code: string, spec: EnsureFieldSpec): Promise<string> {
    const existing = (await this.schemaFields(type))[code];
    if (existing) return sameDataType(existing, spec);
    const path = `/schema/${type}/fields`;
    let res: unknown;
    try {
      res = await this.#send({ method: "POST", path, json: fieldCreateBody(spec), safety: "write-once" });
    } catch (err) {
      if (err instanceof ShotgridUnavailableError && err.mayHaveCommitted) {
        // The answer was lost; the field may exist now. Look before reporting failure.
        const after = (await this.schemaFields(type))[code];
        if (after) return sameDataType(after, spec);
      }
      if (err instanceof ShotgridHttpError && /retired field/i.test(`${err.title} ${err.detail}`)) {
        throw new ShotgridError(
          `Field ${type}.${code} was deleted (retired) in ShotGrid and its code stays reserved; revive it in ShotGrid's field manager.`,
        );
      }
      throw err;
    }
    const self = parseBody(fieldCreateResponseSchema, res, "POST", path).links?.self;
    const created = self ? decodeURIComponent(self.split("/").pop() ?? code) : code;
    if (created !== code) {
      this.#logger.warn("ShotGrid created the field under another code", { entityType: type, expected: code, created });
    }
    this.#logger.info("ShotGrid field created", { entityType: type, field: created, dataType: spec.dataType });
    return created;
  }

  // ---- plumbing ----

  async #send(req: HttpRequest): Promise<unknown> {
    return (await this.#transport.send(req, this.#tokens)).body;
  }

  toJSON(): Record<string, string> {
    return { siteUrl: this.siteUrl, scriptName: this.scriptName };
  }

  [inspect.custom](): string {
    return `ShotgridClient { siteUrl: '${this.siteUrl}', scriptName: '${this.scriptName}' }`;
  }
}

/** The rows of one batch response, checked against the requests that produced them. */
function batchResults(body: unknown, chunk: Array<Record<string, unknown>>, offset: number): BatchResult[] {
  const rows = parseBody(batchResponseSchema, body, "POST", "/entity/_batch").data;
  if (rows.length !== chunk.length) {
    throw new ShotgridProtocolError(`ShotGrid answered a batch of ${chunk.length} requests with ${rows.length} rows.`);
  }
  return rows.map((row, i) => {
    const result = toBatchResult(row, chunk[i]!);
    if (!result) throw new ShotgridProtocolError(`ShotGrid answered batch request ${offset + i} with an unreadable row.`);
    return result;
  });
}

function projectParam(projectId: number | undefined): Record<string, string> | undefined {
  return projectId === undefined ? undefined : { project_id: String(checkId(projectId)) };
}
