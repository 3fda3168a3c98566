// The page's whole protocol with the ayon-sg runtime. It goes only through AYON's core API, so it works
// the same against a real server and the emulator:
//   request: POST /api/events {topic, project?, description, payload: {action, ...args, requestId}, finished}
//   reply:   the runtime mirrors the job into the event `ayonsg.reply.<requestId>`; the page polls it with
//            GraphQL `events(topics, last: 1)` (payload arrives as a JSON string there: ayon-backend
//            ayon_server/graphql/nodes/event.py).
// The access token only ever goes into the Authorization header; no message built here contains it.

export type JobStatus = "pending" | "in_progress" | "finished" | "failed";

export interface JobReply {
  status: JobStatus;
  progress: number;
  description: string;
  result?: unknown;
  error?: string;
  updatedAt: string;
}

export interface ImportableProject {
  shotgridId: number;
  name: string;
  code: string | null;
  autoSync: boolean;
  ayonProject: string | null;
  importable: boolean;
  reason?: string;
}

export type PageRequest =
  | { action: "list-importable-projects" }
  | { action: "create-project"; projectName: string; projectCode: string; sgProjectId: number }
  | { action: "sync-from-shotgrid"; projectName: string; plan?: SyncPlanRequest }
  | { action: "sync-from-ayon"; projectName: string }
  | { action: "sync-users" }
  | { action: "retry-failed-jobs" | "skip-failed-jobs"; jobIds: string[] };

/** "Preview sync" (preview), its "Sync" (fingerprint of the previewed plan), either on one sub-tree (root). */
export interface SyncPlanRequest {
  preview?: boolean;
  fingerprint?: string;
  root?: { type: string; id: number } | null;
}

export interface AyonConnection {
  accessToken: string;
  /** "" = the origin the page is served from (AYON itself). */
  baseUrl?: string;
  fetchImpl?: typeof fetch;
}

export const REPLY_TIMEOUT_MS = 20_000;
export const POLL_INTERVAL_MS = 500;
const MAX_CONSECUTIVE_POLL_FAILURES = 3;

/** AYON answered with an error status, or could not be reached. */
export class AyonRequestError extends Error {
  override name = "AyonRequestError";
  constructor(message: string, readonly status?: number) {
    super(message);
  }
}

/** No reply event appeared in time: no runtime is reading AYON's event queue. */
export class NoRuntimeError extends Error {
  override name = "NoRuntimeError";
  constructor(readonly timeoutMs: number) {
    super(
      `No ayon-sg runtime answered within ${Math.round(timeoutMs / 1000)} s — is the AyonSgRuntime service running?`,
    );
  }
}

export function newRequestId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

export function replyTopic(requestId: string): string {
  return `ayonsg.reply.${requestId}`;
}

export interface RequestEvent {
  topic: string;
  project?: string;
  description: string;
  payload: Record<string, unknown> & { action: string; requestId: string };
  finished: true;
}

/** A request about no project, answered on the page's own topic. */
function pageRequestEvent(action: PageRequest["action"], description: string, requestId: string): RequestEvent {
  return { topic: "shotgrid.page.request", description, payload: { action, requestId }, finished: true };
}

export function buildRequestEvent(request: PageRequest, requestId: string): RequestEvent {
  switch (request.action) {
    case "list-importable-projects":
      return pageRequestEvent(request.action, "ShotGrid Sync page: list ShotGrid projects", requestId);
    case "create-project":
      return {
        topic: "shotgrid.event",
        project: request.projectName,
        description: `Import ShotGrid project ${request.sgProjectId} as ${request.projectName}`,
        payload: {
          action: request.action,
          project_name: request.projectName,
          project_code: request.projectCode,
          sg_project_id: request.sgProjectId,
          requestId,
        },
        finished: true,
      };
    case "sync-users":
      return pageRequestEvent(request.action, "ShotGrid Sync page: sync users", requestId);
    case "retry-failed-jobs":
    case "skip-failed-jobs": {
      const verb = request.action === "retry-failed-jobs" ? "retry" : "skip";
      const event = pageRequestEvent(request.action, `ShotGrid Sync page: ${verb} ${request.jobIds.length} failed job(s)`, requestId);
      return { ...event, payload: { ...event.payload, jobIds: request.jobIds } };
    }
    case "sync-from-shotgrid":
      return {
        topic: "shotgrid.event",
        project: request.projectName,
        description: `${request.plan?.preview ? "Preview the sync of" : "Sync"} ${request.projectName} from ShotGrid${request.plan?.root ? ` (${request.plan.root.type} ${request.plan.root.id})` : ""}`,
        payload: { action: request.action, project_name: request.projectName, ...request.plan, requestId },
        finished: true,
      };
    case "sync-from-ayon":
      return {
        topic: "shotgrid.event",
        project: request.projectName,
        description: `Sync ${request.projectName} to ShotGrid`,
        payload: { action: request.action, project_name: request.projectName, requestId },
        finished: true,
      };
  }
}

export async function callAyon(conn: AyonConnection, path: string, body: unknown): Promise<unknown> {
  const doFetch = conn.fetchImpl ?? fetch;
  let response: Response;
  try {
    response = await doFetch(`${conn.baseUrl ?? ""}${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${conn.accessToken}` },
      body: JSON.stringify(body),
    });
  } catch {
    throw new AyonRequestError(`Could not reach AYON (POST ${path})`);
  }
  const text = await response.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    // A proxy error page, for instance: report the status below.
  }
  if (!response.ok) {
    const detail = (data as { detail?: unknown } | null)?.detail;
    const reason = typeof detail === "string" ? `: ${detail}` : "";
    throw new AyonRequestError(`AYON answered ${response.status} to POST ${path}${reason}`, response.status);
  }
  return data;
}

/** Sends one request event; the returned requestId names its reply topic. */
export async function dispatchRequest(
  conn: AyonConnection,
  request: PageRequest,
): Promise<{ requestId: string; eventId: string }> {
  const requestId = newRequestId();
  const data = (await callAyon(conn, "/api/events", buildRequestEvent(request, requestId))) as { id?: string };
  return { requestId, eventId: String(data?.id ?? "") };
}

export const REPLY_QUERY = `query AyonSgReply($topics: [String!]) {
  events(topics: $topics, last: 1) { edges { node { payload updatedAt } } }
}`;

const STATUSES: readonly JobStatus[] = ["pending", "in_progress", "finished", "failed"];

/** Reads the reply payload; anything unreadable becomes a failed job rather than a hang. */
export function parseReplyPayload(payload: string | null, updatedAt: string): JobReply {
  let data: Record<string, unknown> | null = null;
  try {
    const parsed: unknown = payload ? JSON.parse(payload) : null;
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) data = parsed as Record<string, unknown>;
  } catch {
    data = null;
  }
  if (!data || !STATUSES.includes(data.status as JobStatus)) {
    return { status: "failed", progress: 0, description: "The runtime sent a reply this page cannot read.", updatedAt };
  }
  const progress = typeof data.progress === "number" && Number.isFinite(data.progress) ? data.progress : 0;
  return {
    status: data.status as JobStatus,
    progress: Math.min(100, Math.max(0, progress)),
    description: typeof data.description === "string" ? data.description : "",
    ...(data.result !== undefined ? { result: data.result } : {}),
    ...(typeof data.error === "string" ? { error: data.error } : {}),
    updatedAt,
  };
}

/** The newest reply to a request, or null while the runtime has not answered. */
export async function fetchReply(conn: AyonConnection, requestId: string): Promise<JobReply | null> {
  const data = (await callAyon(conn, "/graphql", {
    query: REPLY_QUERY,
    variables: { topics: [replyTopic(requestId)] },
  })) as {
    data?: { events?: { edges?: Array<{ node: { payload: string | null; updatedAt: string } }> } };
    errors?: Array<{ message?: string }>;
  } | null;
  if (data?.errors?.length) {
    throw new AyonRequestError(`AYON's GraphQL refused the reply query: ${data.errors[0]?.message ?? "unknown error"}`);
  }
  const node = data?.data?.events?.edges?.[0]?.node;
  return node ? parseReplyPayload(node.payload, node.updatedAt) : null;
}

export interface WaitOptions {
  onUpdate?: (reply: JobReply) => void;
  signal?: AbortSignal;
  timeoutMs?: number;
  intervalMs?: number;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

const replyKey = (r: JobReply) => JSON.stringify([r.updatedAt, r.status, r.progress, r.description, r.error]);

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Polls the reply until the job is finished or failed. `timeoutMs` bounds only the wait for a first reply
 * (a runtime that answered is alive; a long sync keeps reporting progress). A few failed polls in a row
 * are tolerated (a proxy hiccup), more are an error.
 */
export async function waitForReply(conn: AyonConnection, requestId: string, options: WaitOptions = {}): Promise<JobReply> {
  const timeoutMs = options.timeoutMs ?? REPLY_TIMEOUT_MS;
  const intervalMs = options.intervalMs ?? POLL_INTERVAL_MS;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? abortableSleep;
  const started = now();
  let last: JobReply | null = null;
  let failures = 0;
  for (;;) {
    options.signal?.throwIfAborted();
    let reply: JobReply | null = null;
    try {
      reply = await fetchReply(conn, requestId);
      failures = 0;
    } catch (error) {
      failures += 1;
      if (failures >= MAX_CONSECUTIVE_POLL_FAILURES) throw error;
    }
    if (reply) {
      if (!last || replyKey(reply) !== replyKey(last)) options.onUpdate?.(reply);
      last = reply;
      if (reply.status === "finished" || reply.status === "failed") return reply;
    } else if (!last && now() - started >= timeoutMs) {
      throw new NoRuntimeError(timeoutMs);
    }
    await sleep(intervalMs, options.signal);
  }
}

/** The `result` of a finished list request. Malformed entries are dropped, not trusted. */
export function parseImportableProjects(result: unknown): ImportableProject[] {
  const projects = (result as { projects?: unknown } | null)?.projects;
  if (!Array.isArray(projects)) return [];
  const out: ImportableProject[] = [];
  for (const item of projects) {
    if (!item || typeof item !== "object") continue;
    const p = item as Record<string, unknown>;
    if (typeof p.shotgridId !== "number" || typeof p.name !== "string") continue;
    out.push({
      shotgridId: p.shotgridId,
      name: p.name,
      code: typeof p.code === "string" ? p.code : null,
      autoSync: p.autoSync === true,
      ayonProject: typeof p.ayonProject === "string" ? p.ayonProject : null,
      importable: p.importable === true,
      ...(typeof p.reason === "string" ? { reason: p.reason } : {}),
    });
  }
  return out;
}
