// Typed failures of the AYON client. Every message is one sentence a TD can act on; none of them carries
// the API key, request headers or response bodies (a body may hold a secret, e.g. GET /api/secrets/{name}).
import { classifyAnswer } from "../http/failure-class.js";
import type { OperationsResponse } from "./types.js";

/** Server text used inside a sentence: trimmed, without its own final period. */
function clause(text: string): string {
  return text.trim().replace(/[.\s]+$/, "");
}

/** The base of every error the AYON client throws. */
export class AyonError extends Error {
  override name = "AyonError";
  /** true when the same call may succeed later without any change (server busy, network trouble). */
  get retryable(): boolean {
    return false;
  }
}

/** The client was constructed with options AYON would reject or silently ignore. */
export class AyonConfigError extends AyonError {
  override name = "AyonConfigError";
}

/** A call got an argument AYON would reject (an empty path segment, a malformed name); nothing was sent. */
export class AyonInputError extends AyonError {
  override name = "AyonInputError";
}

export interface AyonHttpErrorInit {
  status: number;
  detail: string | null;
  requestId: string | null;
  method: string;
  /** The request path without the server URL and query string, e.g. `/api/events/<id>`. */
  path: string;
  serverUrl: string;
}

/** AYON answered with an HTTP error status the called method does not turn into a result. */
export class AyonHttpError extends AyonError {
  override name = "AyonHttpError";
  readonly status: number;
  /** AYON's `detail` from the `{code, detail}` error body, when there was one. */
  readonly detail: string | null;
  /** The `X-Request-ID` response header: quote it when reading the AYON server log. */
  readonly requestId: string | null;
  readonly method: string;
  readonly path: string;
  readonly serverUrl: string;

  constructor(init: AyonHttpErrorInit, message?: string) {
    super(message ?? defaultHttpMessage(init));
    this.status = init.status;
    this.detail = init.detail;
    this.requestId = init.requestId;
    this.method = init.method;
    this.path = init.path;
    this.serverUrl = init.serverUrl;
  }

  /**
   * Read by the runtime (isUnavailable): a status that may pass by itself (any 5xx, 408, 429, a redirect — see
   * http/failure-class.ts) makes the job wait for AYON instead of failing it.
   */
  get unavailable(): boolean {
    return classifyAnswer({ status: this.status }) === "unavailable";
  }

  override get retryable(): boolean {
    return this.unavailable;
  }
}

function defaultHttpMessage(init: AyonHttpErrorInit): string {
  const detail = init.detail ? `: ${clause(init.detail)}` : "";
  const request = init.requestId ? ` (request ${init.requestId})` : "";
  return `AYON answered ${init.status} to ${init.method} ${init.path} at ${init.serverUrl}${request}${detail}.`;
}

/** 401 or 403: the API key is wrong, expired, or its user lacks the role the endpoint needs. */
export class AyonAuthError extends AyonHttpError {
  override name = "AyonAuthError";

  constructor(init: AyonHttpErrorInit) {
    super(init, authMessage(init));
  }
}

function authMessage(init: AyonHttpErrorInit): string {
  const why = `${init.status}${init.detail ? ` ${clause(init.detail)}` : ""}`;
  if (init.status === 401) return `AYON rejected the API key (${why}) at ${init.serverUrl}.`;
  return `AYON refused ${init.method} ${init.path} to the user of the API key (${why}) at ${init.serverUrl}.`;
}

export interface AyonUnavailableErrorInit {
  serverUrl: string;
  method: string;
  path: string;
  attempts: number;
  /** A sanitized description of the last failure (code and message only, never the request). */
  cause: Error;
  /** true when the last attempt may have reached AYON and been applied. */
  maybeApplied: boolean;
  /** true when retries were left but the call is not safe to repeat after such a failure. */
  notRepeatedBecauseUnsafe?: boolean;
}

/** AYON could not be reached, dropped the connection, or did not answer in time. */
export class AyonUnavailableError extends AyonError {
  override name = "AyonUnavailableError";
  /** Read by the runtime (isUnavailable): a job that met this waits for AYON instead of using up a retry. */
  readonly unavailable = true;
  readonly serverUrl: string;
  readonly method: string;
  readonly path: string;
  readonly attempts: number;
  readonly maybeApplied: boolean;

  constructor(init: AyonUnavailableErrorInit) {
    super(unavailableMessage(init), { cause: init.cause });
    this.serverUrl = init.serverUrl;
    this.method = init.method;
    this.path = init.path;
    this.attempts = init.attempts;
    this.maybeApplied = init.maybeApplied;
  }

  override get retryable(): boolean {
    return true;
  }
}

function unavailableMessage(init: AyonUnavailableErrorInit): string {
  const tries = init.attempts === 1 ? "1 attempt" : `${init.attempts} attempts`;
  const tail = init.maybeApplied && init.notRepeatedBecauseUnsafe
    ? "; it was not repeated because AYON may already have applied it"
    : "";
  return `AYON at ${init.serverUrl} did not complete ${init.method} ${init.path} (${clause(init.cause.message)}) after ${tries}${tail}.`;
}

/**
 * AYON's answer to one request was larger than the client's `maxReplyBytes`: it was cut off at the cap and not
 * read further. Final (`retryable` false): the same request would get the same answer.
 */
export class AyonReplyTooLargeError extends AyonError {
  override name = "AyonReplyTooLargeError";
  readonly method: string;
  /** The route template (`/api/projects/{project}/folders/{id}`): no parameter value, no query string. */
  readonly route: string;
  readonly maxBytes: number;

  constructor(init: { serverUrl: string; method: string; route: string; maxBytes: number; cap: string }) {
    super(
      `AYON's reply to ${init.method} ${init.route} at ${init.serverUrl} was larger than the ${init.cap} cap ` +
        `(the client's maxReplyBytes); it was cut off and not retried, as the same request would get the same reply.`,
    );
    this.method = init.method;
    this.route = init.route;
    this.maxBytes = init.maxBytes;
  }
}

export interface FailedOperation {
  /** Index of the failed operation in the list the caller passed (across all chunks for operationsInChunks). */
  index: number;
  operationId: string | null;
  type: string | null;
  entityType: string | null;
  entityId: string | null;
  status: number | null;
  errorCode: string | null;
  detail: string | null;
}

/** `POST /api/projects/{p}/operations` answered 200 with top-level `success: false`. */
export class AyonOperationsError extends AyonError {
  override name = "AyonOperationsError";
  readonly project: string;
  readonly failed: FailedOperation;
  /** With canFail false AYON rolled the whole batch back, even the operations it reported as successful. */
  readonly rolledBack: boolean;
  /** For operationsInChunks: how many chunks (and operations) were committed before the failing chunk. */
  readonly committedChunks: number;
  readonly committedOperations: number;
  /**
   * AYON's answer for the failing call: the per-operation results up to and including the failed one.
   * Not enumerable, so logging the error does not dump hundreds of results.
   */
  declare readonly response: OperationsResponse | null;

  constructor(init: {
    project: string;
    failed: FailedOperation;
    rolledBack: boolean;
    committedChunks?: number;
    committedOperations?: number;
    response?: OperationsResponse | null;
  }) {
    super(operationsMessage(init.project, init.failed, init.rolledBack, init.committedChunks ?? 0));
    this.project = init.project;
    this.failed = init.failed;
    this.rolledBack = init.rolledBack;
    this.committedChunks = init.committedChunks ?? 0;
    this.committedOperations = init.committedOperations ?? 0;
    Object.defineProperty(this, "response", { value: init.response ?? null, enumerable: false });
  }

  get index(): number { return this.failed.index; }
  get entityType(): string | null { return this.failed.entityType; }
  get entityId(): string | null { return this.failed.entityId; }
  get status(): number | null { return this.failed.status; }
  get errorCode(): string | null { return this.failed.errorCode; }
  get detail(): string | null { return this.failed.detail; }
}

function operationsMessage(project: string, f: FailedOperation, rolledBack: boolean, committedChunks: number): string {
  const what = [f.type, f.entityType, f.entityId].filter(Boolean).join(" ");
  const code = [f.status, f.errorCode].filter((v) => v !== null).join(" ");
  const outcome = rolledBack ? "the whole batch was rolled back" : "the other operations were kept";
  const chunks = committedChunks > 0 ? ` (${committedChunks} earlier chunk(s) stay committed)` : "";
  const op = f.index >= 0 ? `operation ${f.index}${what ? ` (${what})` : ""}` : "an operation it did not identify";
  return `AYON operations on project ${project} failed at ${op} with ${code || "no status"}${f.detail ? `: ${clause(f.detail)}` : ""}; ${outcome}${chunks}.`;
}

export interface GraphqlErrorItem {
  message: string;
  path: Array<string | number> | null;
  /** `extensions.status`: the AYON status when a resolver raised an AYON exception (404, 403, ...). */
  status: number | null;
}

/** A GraphQL answer with a non-empty `errors[]`, whatever the HTTP status. */
export class AyonGraphqlError extends AyonError {
  override name = "AyonGraphqlError";
  readonly errors: GraphqlErrorItem[];

  constructor(errors: GraphqlErrorItem[]) {
    super(graphqlMessage(errors));
    this.errors = errors;
  }

  get messages(): string[] { return this.errors.map((e) => e.message); }
  get paths(): Array<Array<string | number> | null> { return this.errors.map((e) => e.path); }
}

function graphqlMessage(errors: GraphqlErrorItem[]): string {
  const first = errors[0];
  if (!first) return "AYON GraphQL answered with an empty errors list.";
  const at = first.path?.length ? ` at ${first.path.join(".")}` : "";
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more error(s))` : "";
  return `AYON GraphQL query failed${at}: ${clause(first.message)}${more}.`;
}

/** AYON answered 2xx with a body this client cannot use (not JSON, or missing fields it relies on). */
export class AyonResponseError extends AyonError {
  override name = "AyonResponseError";
  readonly method: string;
  readonly path: string;
  /** Where the body differs from the expected shape, e.g. `folders.3.id: expected string` (no values). */
  readonly issues: string[];
  /** The body was not JSON at all (an HTML page from a proxy or a maintenance page): read by the runtime
   *  (isUnavailable) as an outage that may pass, unlike a JSON body of the wrong shape. */
  readonly unavailable: boolean;

  constructor(init: { method: string; path: string; issues: string[]; notJson?: boolean }) {
    const shown = init.issues.slice(0, 3).join("; ");
    const more = init.issues.length > 3 ? ` (and ${init.issues.length - 3} more)` : "";
    super(`AYON answered ${init.method} ${init.path} with a body this client cannot read: ${shown}${more}.`);
    this.method = init.method;
    this.path = init.path;
    this.issues = init.issues;
    this.unavailable = init.notJson === true;
  }

  override get retryable(): boolean {
    return this.unavailable;
  }
}
