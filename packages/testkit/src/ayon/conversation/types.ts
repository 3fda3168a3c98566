// The scripted conversation with AYON: what one step sends and what a recording keeps of the answer.

/** Who sends a step: the service user's key, the admin's login token, nobody, or a key AYON does not know. */
export type Role = "service" | "admin" | "anonymous" | "badKey";

/**
 * How a replayed answer is held against the recorded one:
 * - "shape": status, body kind, field set, field order, value types and nulls (the default);
 * - "values": the same plus every normalised value (for answers that are deterministic data);
 * - "status": status and body kind only (answers that are not JSON, or whose body no client reads).
 * - "none": sent for its side effect (clean-up before the conversation), never compared.
 */
export type CompareMode = "shape" | "values" | "status" | "none";

export interface Step {
  /** Unique, kebab-case; the fixture file is `NN-name.json`. */
  name: string;
  /** One line: what the step asks and why a client cares. */
  about: string;
  role: Role;
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** May hold `{{var}}` references to values captured by earlier steps. */
  path: string;
  /** JSON body (strings may hold `{{var}}`; a string that is exactly `{{var}}` takes the value's own type). */
  body?: unknown;
  /** A raw body sent as it is (e.g. a zip), instead of JSON. */
  rawBody?: { contentType: string; data: string | Uint8Array };
  headers?: Record<string, string>;
  /** Values to keep for later steps: variable name → dotted path into the JSON answer ("" = the whole body). */
  capture?: Record<string, string>;
  compare?: CompareMode;
  /** Repeat the request (every 250 ms, at most `timeoutMs`) until the value at `path` is one of `oneOf`. */
  until?: { path: string; oneOf: unknown[]; timeoutMs?: number };
  /** After this step, wait until the server answers GET /api/info again (a restart). */
  waitReady?: boolean;
}

export type BodyKind = "json" | "text" | "empty";

/** One step's answer as a fixture holds it (body normalised: see normalise.ts). */
export interface RecordedReply {
  step: string;
  about: string;
  request: { role: Role; method: string; path: string; body?: unknown };
  status: number;
  bodyKind: BodyKind;
  body: unknown;
}

/** How the conversation authenticates on one server. */
export interface ConversationCredentials {
  /** The API key of a service user. */
  serviceKey: string;
  /** An admin's login (the conversation logs in itself, so the login is recorded too). */
  adminName: string;
  adminPassword: string;
}
