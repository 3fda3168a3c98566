// Plays the ayon-sg runtime's side of the page protocol through AYON's HTTP API, for tests that run no
// runtime: finds the request events the page dispatched and writes the reply event
// `ayonsg.reply.<requestId>` the page polls (payload {status, progress, description, result?, error?},
// summary {jobId, sourceId}). The real runtime does the same from its handlers.
import { randomBytes } from "node:crypto";

export interface SeenRequest {
  eventId: string;
  topic: string;
  project: string | null;
  action: string;
  requestId: string;
  payload: Record<string, unknown>;
}

export interface ReplyState {
  status: "pending" | "in_progress" | "finished" | "failed";
  progress?: number;
  description?: string;
  result?: unknown;
  error?: string;
}

interface RequestNode {
  id: string;
  topic: string;
  project: string | null;
  payload: string | null;
}

const REQUEST_TOPICS = ["shotgrid.page.request", "shotgrid.event"];
export const REQUESTS_QUERY = `query PageRequests($topics: [String!]) {
  events(topics: $topics, last: 100) { edges { node { id topic project payload } } }
}`;

export class ScriptedRuntime {
  private readonly seen = new Set<string>();
  private readonly replyEvents = new Map<string, string>();

  /**
   * `apiKey`: a service user's key (only services and managers may post events). `topics`: where the requests
   * are looked for (every 100 ms); a test whose queue holds thousands of `shotgrid.event`s and expects page
   * requests only can leave that topic out.
   */
  constructor(
    private readonly ayonUrl: string,
    private readonly apiKey: string,
    private readonly topics: readonly string[] = REQUEST_TOPICS,
  ) {}

  private async call(method: string, path: string, body: unknown): Promise<unknown> {
    const response = await fetch(`${this.ayonUrl}${path}`, {
      method,
      headers: { "content-type": "application/json", "x-api-key": this.apiKey, "x-sender-type": "ayonsg" },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${text}`);
    return text ? JSON.parse(text) : null;
  }

  private async recentRequestEvents(): Promise<RequestNode[]> {
    const data = (await this.call("POST", "/graphql", { query: REQUESTS_QUERY, variables: { topics: this.topics } })) as {
      data: { events: { edges: Array<{ node: RequestNode }> } };
    };
    // `last` lists newest first; oldest first is the order they were sent in.
    return data.data.events.edges.map((edge) => edge.node).reverse();
  }

  /** Never hand out the requests that exist now (e.g. those of an earlier test on the same AYON). */
  async ignoreEarlierRequests(): Promise<void> {
    for (const node of await this.recentRequestEvents()) this.seen.add(node.id);
  }

  /** The oldest page request not handed out yet (optionally of one action), waiting for it to appear. */
  async nextRequest(action?: string, timeoutMs = 10_000): Promise<SeenRequest> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (const node of await this.recentRequestEvents()) {
        if (this.seen.has(node.id)) continue;
        const payload = node.payload ? (JSON.parse(node.payload) as Record<string, unknown>) : {};
        if (typeof payload.requestId !== "string" || typeof payload.action !== "string") continue;
        if (action && payload.action !== action) continue;
        this.seen.add(node.id);
        return {
          eventId: node.id,
          topic: node.topic,
          project: node.project,
          action: payload.action,
          requestId: payload.requestId,
          payload,
        };
      }
      if (Date.now() > deadline) throw new Error(`no ${action ?? "page"} request arrived within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Creates the reply event on the first call, then updates it (PATCH replaces the whole payload). */
  async reply(request: SeenRequest, state: ReplyState): Promise<void> {
    const payload = { progress: 0, description: "", ...state };
    const existing = this.replyEvents.get(request.requestId);
    if (!existing) {
      const created = (await this.call("POST", "/api/events", {
        topic: `ayonsg.reply.${request.requestId}`,
        project: request.project ?? undefined,
        description: payload.description,
        // A real runtime names its enroll job here; this stand-in has none, so a fresh id takes its place.
        summary: { jobId: randomBytes(16).toString("hex"), sourceId: request.eventId },
        payload,
        finished: false,
      })) as { id: string };
      this.replyEvents.set(request.requestId, created.id);
      if (state.status === "pending") return;
      await this.call("PATCH", `/api/events/${created.id}`, { status: state.status, description: payload.description, payload });
      return;
    }
    await this.call("PATCH", `/api/events/${existing}`, { status: state.status, description: payload.description, payload });
  }
}
