/**
 * What a handler throws to tell the runtime what to do next. Any other error counts as retryable unless it
 * carries `retryable: false` or a 4xx `status` (a request the server refused will be refused again).
 */
export class HandlerError extends Error {
  readonly retryable: boolean;
  constructor(message: string, options: { retryable?: boolean; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "HandlerError";
    this.retryable = options.retryable ?? true;
  }
}

/** The event itself is unusable (malformed payload, unknown entity type...): fail at once, never retry. */
export class InvalidEventError extends HandlerError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { retryable: false, cause: options.cause });
    this.name = "InvalidEventError";
  }
}

/** Decides whether a failed job should be offered again. */
export function isRetryable(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return true;
  const candidate = error as { retryable?: unknown; status?: unknown };
  if (typeof candidate.retryable === "boolean") return candidate.retryable;
  if (typeof candidate.status === "number") {
    const status = candidate.status;
    if (status >= 400 && status < 500 && status !== 408 && status !== 429) return false;
  }
  return true;
}

/**
 * True when the error (or one of its causes) says a service the handler needs could not be reached — ShotGrid
 * or AYON down, throttling through every retry — marked by `unavailable: true` on the error. Such a job is not
 * the event's fault: the runtime hands it back without counting a retry and backs off its lane, so an outage
 * longer than the retry budget loses nothing.
 */
export function isUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && typeof current === "object" && current !== null; depth++) {
    if ((current as { unavailable?: unknown }).unavailable === true) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** One line for a job description: the message, never a stack. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
