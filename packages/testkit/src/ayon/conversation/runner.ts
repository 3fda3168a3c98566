// Plays the conversation against one AYON server (real or emulated) and keeps each answer, normalised.
import { normalise, sortGraphqlSets } from "./normalise.js";
import type { BodyKind, ConversationCredentials, RecordedReply, Role, Step } from "./types.js";

/** A key no server knows (32 hex digits, the shape of a real one). */
const UNKNOWN_KEY = "0badbadbadbadbadbadbadbadbadbad0";

const VAR = /\{\{(\w+)\}\}/g;
const WHOLE_VAR = /^\{\{(\w+)\}\}$/;

export class ConversationError extends Error {}

/** Replaces `{{var}}` in strings (deeply); a string that is exactly one reference takes the value itself. */
export function fillTemplate(value: unknown, vars: ReadonlyMap<string, unknown>): unknown {
  const lookup = (name: string) => {
    if (!vars.has(name)) throw new ConversationError(`{{${name}}} is used before a step captured it`);
    return vars.get(name);
  };
  if (typeof value === "string") {
    const whole = WHOLE_VAR.exec(value);
    if (whole) return lookup(whole[1]!);
    return value.replace(VAR, (_, name: string) => String(lookup(name)));
  }
  if (Array.isArray(value)) return value.map((item) => fillTemplate(item, vars));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillTemplate(v, vars)]));
  }
  return value;
}

/** The value at a dotted path ("" = the value itself; numeric segments index lists). */
export function valueAt(value: unknown, path: string): unknown {
  if (path === "") return value;
  let current: unknown = value;
  for (const segment of path.split(".")) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

function authHeaders(role: Role, credentials: ConversationCredentials, vars: ReadonlyMap<string, unknown>): Record<string, string> {
  switch (role) {
    case "service":
      return { "x-api-key": credentials.serviceKey };
    case "badKey":
      return { "x-api-key": UNKNOWN_KEY };
    case "admin": {
      const token = vars.get("adminToken");
      if (typeof token !== "string") throw new ConversationError("an admin step runs before the admin login step");
      return { authorization: `Bearer ${token}` };
    }
    default:
      return {};
  }
}

async function waitUntilReady(url: string, timeoutMs: number): Promise<void> {
  // A real server restarts a moment after answering: give it that moment, then wait for /api/info.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(`${url}/api/info`);
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new ConversationError(`${url} did not come back after a restart within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function send(url: string, method: string, headers: Record<string, string>, payload: string | Uint8Array | undefined) {
  const res = await fetch(url, { method, headers, body: payload as RequestInit["body"] });
  const text = await res.text();
  let parsed: unknown = null;
  let bodyKind: BodyKind = text === "" ? "empty" : "text";
  if (text !== "") {
    try {
      parsed = JSON.parse(text);
      bodyKind = "json";
    } catch {
      parsed = null;
    }
  }
  return { res, text, parsed, bodyKind };
}

export interface RunOptions {
  url: string;
  credentials: ConversationCredentials;
  /** Values known before the first step (e.g. the admin name and password). */
  initialVars?: Record<string, unknown>;
  restartTimeoutMs?: number;
  /**
   * When a capture finds nothing: false (recording) stops the run; true (replay) keeps going with the value
   * `MISSING_CAPTURE`, so one wrong answer shows as its own difference instead of hiding all later steps.
   */
  lenientCaptures?: boolean;
}

/** What a failed capture stands for in a lenient run: an id no server has. */
export const MISSING_CAPTURE = "0000000000000000000000000000dead";

/** Sends every step in order; a capture that finds nothing stops the run (later steps would be meaningless). */
export async function runConversation(steps: readonly Step[], options: RunOptions): Promise<RecordedReply[]> {
  const url = options.url.replace(/\/+$/, "");
  const vars = new Map<string, unknown>(Object.entries({
    adminName: options.credentials.adminName,
    adminPassword: options.credentials.adminPassword,
    ...options.initialVars,
  }));
  const replies: RecordedReply[] = [];
  for (const step of steps) {
    const path = fillTemplate(step.path, vars) as string;
    const body = step.body === undefined ? undefined : fillTemplate(step.body, vars);
    const headers: Record<string, string> = { ...authHeaders(step.role, options.credentials, vars), ...step.headers };
    let payload: string | Uint8Array | undefined;
    if (step.rawBody) {
      headers["content-type"] = step.rawBody.contentType;
      payload = step.rawBody.data;
    } else if (body !== undefined) {
      headers["content-type"] = "application/json";
      payload = JSON.stringify(body);
    }
    const deadline = Date.now() + (step.until?.timeoutMs ?? 30_000);
    let answer = await send(`${url}${path}`, step.method, headers, payload);
    while (step.until && !step.until.oneOf.includes(valueAt(answer.parsed, step.until.path)) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      answer = await send(`${url}${path}`, step.method, headers, payload);
    }
    const { res, text, parsed, bodyKind } = answer;
    for (const [name, at] of Object.entries(step.capture ?? {})) {
      const value = valueAt(parsed, at);
      if (value === undefined && options.lenientCaptures) {
        vars.set(name, MISSING_CAPTURE);
        continue;
      }
      if (value === undefined) {
        throw new ConversationError(`step ${step.name}: ${step.method} ${path} answered ${res.status} without ${at || "a body"} (${text.slice(0, 200)})`);
      }
      vars.set(name, value);
    }
    replies.push({
      step: step.name,
      about: step.about,
      request: { role: step.role, method: step.method, path: normalise(path) as string, ...(body !== undefined ? { body: normalise(body) } : {}) },
      status: res.status,
      bodyKind,
      body: bodyKind === "json" ? normalise(step.path === "/graphql" ? sortGraphqlSets(parsed) : parsed) : null,
    });
    if (step.waitReady) await waitUntilReady(url, options.restartTimeoutMs ?? 60_000);
  }
  return replies;
}
