// ShotGrid's REST error envelope (JSON:API style): every failure is `{errors:[{id,status,code,title,detail,
// source,meta}]}`. The store throws SgError from deep inside validation; the HTTP layer turns it into
// that body, and in-process callers get a typed exception with the same fields.
import { randomBytes, randomUUID } from "node:crypto";

export interface SgErrorBody {
  id: string;
  status: number;
  code: number | null;
  title: string;
  detail: string | null;
  source: unknown;
  meta: unknown;
}

export interface SgErrorInit {
  status: number;
  code: number | null;
  title: string;
  detail?: string | null;
  source?: unknown;
  meta?: unknown;
}

export class SgError extends Error {
  readonly status: number;
  readonly code: number | null;
  readonly title: string;
  readonly detail: string | null;
  readonly source: unknown;
  readonly meta: unknown;

  constructor(init: SgErrorInit) {
    super(init.detail ? `${init.title}: ${init.detail}` : init.title);
    this.name = "SgError";
    this.status = init.status;
    this.code = init.code;
    this.title = init.title;
    this.detail = init.detail ?? null;
    this.source = init.source ?? null;
    this.meta = init.meta ?? null;
  }

  toBody(): { errors: SgErrorBody[] } {
    return {
      errors: [
        {
          id: randomBytes(16).toString("hex"),
          status: this.status,
          code: this.code,
          title: this.title,
          detail: this.detail,
          source: this.source,
          meta: this.meta,
        },
      ],
    };
  }
}

/** 400 code 103: request-level validation (bad params, unknown fields/operators, wrong value class). */
export function badRequest(title: string, source: unknown = {}, detail: string | null = null): SgError {
  return new SgError({ status: 400, code: 103, title, detail, source });
}

/** 400 code 104: record-level failure (invalid status/list value, empty identifier, out of range). */
export function recordError(title: string, source: unknown = {}): SgError {
  return new SgError({ status: 400, code: 104, title, source, meta: { crud_error_uuid: randomUuid() } });
}

/** 404 code 104: a row that does not exist or is retired. */
export function rowNotFound(type: string, id: number | string, style: "read" | "write" = "read"): SgError {
  return style === "read"
    ? new SgError({ status: 404, code: 104, title: `${type}: ${id} not found`, detail: `${type}: ${id} not found` })
    : new SgError({
        status: 404,
        code: 104,
        title: "Not Found",
        detail: `Entity of type [${type}] with id=${id} does not exist.`,
      });
}

/** 404 code 103: unknown entity type in a URL or a body. */
export function unknownEntityType(name: string): SgError {
  return new SgError({ status: 404, code: 103, title: "Not Found", detail: `Entity type '${name}' does not exist.` });
}

/** 400 with a `source` keyed by parameter, the shape the server uses for malformed query parameters. */
export function invalidParameter(param: string, message: string): SgError {
  return new SgError({
    status: 400,
    code: 103,
    title: "Request Parameters invalid.",
    detail: message,
    source: { [param]: [message] },
  });
}

export function randomUuid(): string {
  return randomUUID();
}
