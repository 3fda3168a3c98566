/**
 * Typed errors of the ShotGrid client. Every message is one sentence a person can act on; none carries a
 * credential (messages built from server text pass through the client's secret scrubber first).
 */

/** Base class: catch this to handle any ShotGrid failure. */
export class ShotgridError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The caller passed something the client will not send (bad filter, bad type name, bad id, bad options). */
export class ShotgridInputError extends ShotgridError {}

/** ShotGrid answered with a body the client cannot read (not JSON, or not the documented envelope). */
export class ShotgridProtocolError extends ShotgridError {}

/**
 * ShotGrid's answer to one request was larger than the client's `maxReplyBytes`: it was cut off at the cap and not
 * read further. Final (`retryable` false): the same request would get the same answer.
 */
export class ShotgridReplyTooLargeError extends ShotgridError {
  readonly retryable = false;
  constructor(readonly method: string, readonly route: string, readonly maxBytes: number, cap: string) {
    super(
      `ShotGrid's reply to ${method} ${route} was larger than the ${cap} cap (the client's maxReplyBytes); ` +
        `it was cut off and not retried, as the same request would get the same reply.`,
    );
  }
}

/** The script credentials were refused, or a fresh token was refused again. */
export class ShotgridAuthError extends ShotgridError {}

export interface ShotgridHttpErrorInit {
  method: string;
  route: string;
  status: number;
  /** ShotGrid's own error code (`errors[0].code`): 102 auth, 103 request, 104 record. */
  code: number | null;
  title: string | null;
  detail: string | null;
  /** The `x-request-id` response header, for Autodesk support. */
  requestId: string | null;
  source: unknown;
}

/** ShotGrid answered with an error status no retry changes (400, 404, 422, an auth refusal; core http/failure-class.ts). */
export class ShotgridHttpError extends ShotgridError {
  readonly method: string;
  readonly route: string;
  readonly status: number;
  readonly code: number | null;
  readonly title: string | null;
  readonly detail: string | null;
  readonly requestId: string | null;
  readonly source: unknown;

  constructor(init: ShotgridHttpErrorInit) {
    super(httpErrorMessage(init));
    this.method = init.method;
    this.route = init.route;
    this.status = init.status;
    this.code = init.code;
    this.title = init.title;
    this.detail = init.detail;
    this.requestId = init.requestId;
    this.source = init.source;
  }
}

export interface ShotgridUnavailableErrorInit {
  method: string;
  route: string;
  /** How many HTTP attempts were made. */
  attempts: number;
  /** What the last attempt met: "HTTP 503", "timeout after 30000 ms", "connection reset (ECONNRESET)". */
  reason: string;
  /** The last attempt may have reached ShotGrid and been applied (so a write was deliberately not repeated). */
  mayHaveCommitted: boolean;
  /** The request was not repeated because repeating it could apply it twice. */
  notRepeated?: boolean;
}

/** ShotGrid could not be reached or stayed unavailable through every allowed retry. */
export class ShotgridUnavailableError extends ShotgridError {
  /** Read by the runtime (isUnavailable): a job that met this waits for ShotGrid instead of using up a retry. */
  readonly unavailable = true;
  readonly method: string;
  readonly route: string;
  readonly attempts: number;
  readonly reason: string;
  readonly mayHaveCommitted: boolean;

  constructor(init: ShotgridUnavailableErrorInit) {
    const tries = init.attempts === 1 ? "1 attempt" : `${init.attempts} attempts`;
    let tail = "";
    if (init.mayHaveCommitted) {
      tail = init.notRepeated
        ? "; it may have been applied, so it was not repeated"
        : "; it may have been applied";
    }
    super(`ShotGrid was unavailable for ${init.method} ${init.route} after ${tries} (${init.reason})${tail}.`);
    this.method = init.method;
    this.route = init.route;
    this.attempts = init.attempts;
    this.reason = init.reason;
    this.mayHaveCommitted = init.mayHaveCommitted;
  }
}

export interface ShotgridBatchErrorInit {
  failedChunk: number;
  totalChunks: number;
  committedRequests: number;
  totalRequests: number;
  cause: ShotgridError;
}

/** One chunk of a batch failed. Chunks before it were committed; the failed chunk was rolled back by ShotGrid
 * (it is atomic), unless `cause.mayHaveCommitted` says the outcome is unknown. Later chunks were not sent. */
export class ShotgridBatchError extends ShotgridError {
  /** 1-based number of the chunk that failed. */
  readonly failedChunk: number;
  readonly totalChunks: number;
  readonly committedChunks: number;
  readonly committedRequests: number;
  readonly totalRequests: number;
  override readonly cause: ShotgridError;

  constructor(init: ShotgridBatchErrorInit) {
    const committedChunks = init.failedChunk - 1;
    let fate = "it was rolled back";
    if (init.cause instanceof ShotgridUnavailableError && init.cause.mayHaveCommitted) fate = "its outcome is unknown";
    if (init.cause instanceof ShotgridProtocolError) fate = "ShotGrid accepted it but its answer could not be read";
    super(
      `ShotGrid batch chunk ${init.failedChunk} of ${init.totalChunks} failed and ${fate}; ` +
        `${committedChunks} chunk(s) (${init.committedRequests} of ${init.totalRequests} requests) were committed ` +
        `before it: ${stripPeriod(init.cause.message)}.`,
    );
    this.failedChunk = init.failedChunk;
    this.totalChunks = init.totalChunks;
    this.committedChunks = committedChunks;
    this.committedRequests = init.committedRequests;
    this.totalRequests = init.totalRequests;
    this.cause = init.cause;
  }
}

// Titles that only restate the status; the detail then carries the message (404s and 401s, as a real site answers).
const GENERIC_TITLES = new Set(["not found", "unauthorized", "bad request", "forbidden", "shotgun server error"]);

function httpErrorMessage(init: ShotgridHttpErrorInit): string {
  const code = init.code === null ? "" : `, code ${init.code}`;
  const title = init.title?.trim() || null;
  const detail = init.detail?.trim() || null;
  let text: string;
  if (title && detail && title !== detail) {
    text = GENERIC_TITLES.has(title.toLowerCase()) ? detail : `${stripPeriod(title)}: ${detail}`;
  } else {
    text = title ?? detail ?? "no error message";
  }
  return `ShotGrid refused ${init.method} ${init.route} (HTTP ${init.status}${code}): ${stripPeriod(text)}.`;
}

function stripPeriod(text: string): string {
  return text.replace(/\.+\s*$/, "");
}
