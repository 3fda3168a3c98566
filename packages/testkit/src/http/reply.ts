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

/**
 * Serialises a reply into the body and headers that go on the wire. JSON stays a string (node encodes it as it
 * writes): copying it into a Buffer first cost the emulators a few per cent of their CPU under load.
 */
export function encodeReply(reply: HttpReply): { body: Buffer | string; length: number; headers: HeaderMap } {
  const headers: HeaderMap = { ...reply.headers };
  let body: Buffer | string;
  if (reply.kind === "json") {
    // `undefined` is not JSON; a handler that means "null" says null.
    body = JSON.stringify(reply.value === undefined ? null : reply.value);
    headers["content-type"] ??= "application/json";
  } else if (reply.kind === "raw") {
    body = reply.body;
    headers["content-type"] ??= reply.contentType;
  } else {
    body = "";
  }
  const length = typeof body === "string" ? Buffer.byteLength(body, "utf8") : body.length;
  headers["content-length"] = String(length);
  return { body, length, headers };
}
