// AYON's error model: every failure is `{code: <http status>, detail, ...extra}`. Inside operations
// the same errors carry a slug (`errorCode`) reported per operation.
import { jsonReply, type HttpReply } from "../http/index.js";

const DEFAULT_SLUGS: Record<number, string> = {
  400: "bad-request",
  401: "unauthorized",
  403: "forbidden",
  404: "not-found",
  409: "conflict",
  415: "unsupported-media-type",
  500: "internal-server-error",
  501: "not-implemented",
  503: "service-unavailable",
};

export class AyonError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    /** Operation error slug; defaults by status. */
    readonly errorCode?: string,
    readonly extra?: Record<string, unknown>,
  ) {
    super(detail);
    this.name = "AyonError";
  }

  get slug(): string {
    return this.errorCode ?? DEFAULT_SLUGS[this.status] ?? "error";
  }

  toReply(): HttpReply {
    return jsonReply({ code: this.status, detail: this.detail, ...this.extra }, this.status);
  }
}

export const badRequest = (detail: string, code?: string) => new AyonError(400, detail, code);
export const unauthorized = (detail: string) => new AyonError(401, detail);
export const forbidden = (detail = "Forbidden", code?: string) => new AyonError(403, detail, code);
export const notFound = (detail = "Not found", code?: string) => new AyonError(404, detail, code);
export const conflict = (detail: string, code?: string) => new AyonError(409, detail, code);
export const serviceUnavailable = (detail: string) => new AyonError(503, detail);

/** What an AssertionError/ValueError escaping a handler looks like: 500 with location fields. */
export function internalError(detail: string, path: string): AyonError {
  return new AyonError(500, detail, undefined, { path, file: "emulator", function: "handler", line: 0 });
}

export interface ValidationIssue {
  loc: Array<string | number>;
  msg: string;
  type: string;
  /** pydantic v1 error context (e.g. `{pattern}` for regex, `{given, permitted}` for enums). */
  ctx?: Record<string, unknown>;
}

/** ayon-backend ayon_server/api/server.py validation handler: each loc minus its first part ("body"), one line per error. */
export function validationTraceback(errors: ValidationIssue[]): string {
  return errors.map((e) => `${(e.loc.length > 1 ? e.loc.slice(1) : e.loc).join(".")}: ${e.msg}`).join("\n");
}

/** FastAPI request validation, mapped by the server to 400 (not 422): ayon-backend ayon_server/api/server.py. */
export function requestValidationError(method: string, path: string, errors: ValidationIssue[]): AyonError {
  return new AyonError(400, `Request validation error in [${method}] ${path}`, "invalid-request", {
    path,
    traceback: validationTraceback(errors),
    errors,
  });
}

/**
 * An exception the server does not handle (a pydantic ValidationError while building an entity, a
 * database error): ayon-backend ayon_server/api/context.py answers 500 {status, detail, traceback}.
 */
export class UnhandledServerError extends AyonError {
  constructor(detail: string) {
    super(500, detail);
  }

  override toReply(): HttpReply {
    return jsonReply({ status: 500, detail: this.detail, traceback: `${this.detail}\n\n(traceback of the emulated server)` }, 500);
  }
}

/** pydantic v1's text for regex failures while building an entity model (`... validation error for <Model>`). */
export function modelRegexError(model: string, failures: Array<{ field: string; pattern: string }>): UnhandledServerError {
  const count = failures.length === 1 ? "1 validation error" : `${failures.length} validation errors`;
  const lines = failures.map((f) => `${f.field}\n  string does not match regex "${f.pattern}" (type=value_error.str.regex; pattern=${f.pattern})`);
  return new UnhandledServerError(`pydantic.error_wrappers.ValidationError: ${count} for ${model}\n${lines.join("\n")}`);
}
