// What a route handler returns. The pipeline serialises it, counts the bytes and adds common headers,
// so handlers stay pure functions of their input.

export type HeaderMap = Record<string, string>;

export interface JsonReply {
  kind: "json";
  status: number;
  value: unknown;
  headers?: HeaderMap;
}

export interface RawReply {
  kind: "raw";
  status: number;
  body: Buffer | string;
  contentType: string;
  headers?: HeaderMap;
}

export interface EmptyReply {
  kind: "empty";
  status: number;
  headers?: HeaderMap;
}

export type HttpReply = JsonReply | RawReply | EmptyReply;

export function jsonReply(value: unknown, status = 200, headers?: HeaderMap): JsonReply {
  return { kind: "json", status, value, headers };
}

export function rawReply(body: Buffer | string, contentType: string, status = 200, headers?: HeaderMap): RawReply {
  return { kind: "raw", status, body, contentType, headers };
}

export function emptyReply(status = 204, headers?: HeaderMap): EmptyReply {
  return { kind: "empty", status, headers };
}

/** Thrown by handlers (or helpers deep inside them) to answer with a prepared reply. */
export class ReplyError extends Error {
  constructor(readonly reply: HttpReply, message?: string) {
    super(message ?? `HTTP ${reply.status}`);
    this.name = "ReplyError";
  }
}

/** Serialises a reply into the bytes and headers that go on the wire. */
export function encodeReply(reply: HttpReply): { body: Buffer; headers: HeaderMap } {
  const headers: HeaderMap = { ...reply.headers };
  let body: Buffer;
  if (reply.kind === "json") {
    // `undefined` is not JSON; a handler that means "null" says null.
    body = Buffer.from(JSON.stringify(reply.value === undefined ? null : reply.value), "utf8");
    headers["content-type"] ??= "application/json";
  } else if (reply.kind === "raw") {
    body = typeof reply.body === "string" ? Buffer.from(reply.body, "utf8") : reply.body;
    headers["content-type"] ??= reply.contentType;
  } else {
    body = Buffer.alloc(0);
  }
  headers["content-length"] = String(body.length);
  return { body, headers };
}
