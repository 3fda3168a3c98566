// The page's protocol (api.ts) against a scripted fetch: request events, reply polling, timeouts.
import { describe, expect, it } from "@jest/globals";
import {
  AyonRequestError,
  buildRequestEvent,
  dispatchRequest,
  fetchReply,
  NoRuntimeError,
  parseImportableProjects,
  parseReplyPayload,
  REPLY_QUERY,
  REPLY_TIMEOUT_MS,
  waitForReply,
  type AyonConnection,
  type JobReply,
} from "./api.js";

const TOKEN = "a".repeat(64);
const HEX32 = /^[0-9a-f]{32}$/;

interface Call {
  url: string;
  headers: Record<string, string>;
  body: any;
}

/** A fetch that answers from a script of handlers and records every call. */
function scriptedFetch(answer: (call: Call, index: number) => { status?: number; json?: unknown; text?: string } | Error) {
  const calls: Call[] = [];
  const fetchImpl = (async (url: string, init: RequestInit) => {
    const call = { url, headers: init.headers as Record<string, string>, body: JSON.parse(String(init.body)) };
    calls.push(call);
    const result = answer(call, calls.length - 1);
    if (result instanceof Error) throw result;
    const text = result.text ?? JSON.stringify(result.json ?? null);
    return new Response(text, { status: result.status ?? 200 });
  }) as unknown as typeof fetch;
  return { calls, conn: { accessToken: TOKEN, fetchImpl } satisfies AyonConnection };
}

function replyAnswer(payload: object | null, updatedAt = "2026-01-01T00:00:00+00:00") {
  const edges = payload ? [{ node: { payload: JSON.stringify(payload), updatedAt } }] : [];
  return { json: { data: { events: { edges } } } };
}

describe("request events", () => {
  it("lists projects on shotgrid.page.request without a project", () => {
    expect(buildRequestEvent({ action: "list-importable-projects" }, "r1")).toEqual({
      topic: "shotgrid.page.request",
      description: expect.any(String),
      payload: { action: "list-importable-projects", requestId: "r1" },
      finished: true,
    });
  });

  it("imports with create-project on shotgrid.event, scoped to the new project", () => {
    const event = buildRequestEvent(
      { action: "create-project", projectName: "big_show", projectCode: "bs", sgProjectId: 77 },
      "r2",
    );
    expect(event).toMatchObject({ topic: "shotgrid.event", project: "big_show", finished: true });
    expect(event.payload).toEqual({
      action: "create-project",
      project_name: "big_show",
      project_code: "bs",
      sg_project_id: 77,
      requestId: "r2",
    });
  });

  it("syncs with sync-from-shotgrid on shotgrid.event", () => {
    const event = buildRequestEvent({ action: "sync-from-shotgrid", projectName: "big_show" }, "r3");
    expect(event).toMatchObject({ topic: "shotgrid.event", project: "big_show" });
    expect(event.payload).toEqual({ action: "sync-from-shotgrid", project_name: "big_show", requestId: "r3" });
  });

  it("syncs AYON into ShotGrid with sync-from-ayon on shotgrid.event, scoped to the project, carrying nothing else", () => {
    expect(buildRequestEvent({ action: "sync-from-ayon", projectName: "born_in_ayon" }, "r7")).toEqual({
      topic: "shotgrid.event",
      project: "born_in_ayon",
      description: "Sync born_in_ayon to ShotGrid",
      payload: { action: "sync-from-ayon", project_name: "born_in_ayon", requestId: "r7" },
      finished: true,
    });
  });

  it("syncs users with sync-users on shotgrid.page.request, without a project", () => {
    const event = buildRequestEvent({ action: "sync-users" }, "r4");
    expect(event).toEqual({ topic: "shotgrid.page.request", description: expect.any(String), payload: { action: "sync-users", requestId: "r4" }, finished: true });
    expect("project" in event).toBe(false);
  });

  it("asks the runtime to retry or skip failed jobs by id on shotgrid.page.request", () => {
    const ids = ["a".repeat(32), "b".repeat(32)];
    expect(buildRequestEvent({ action: "retry-failed-jobs", jobIds: ids }, "r5")).toEqual({
      topic: "shotgrid.page.request", description: "ShotGrid Sync page: retry 2 failed job(s)", payload: { action: "retry-failed-jobs", requestId: "r5", jobIds: ids }, finished: true,
    });
    expect(buildRequestEvent({ action: "skip-failed-jobs", jobIds: ids.slice(0, 1) }, "r6").payload).toEqual({ action: "skip-failed-jobs", requestId: "r6", jobIds: ids.slice(0, 1) });
  });

  it("posts to /api/events with the bearer token and a fresh 32-hex request id", async () => {
    const { calls, conn } = scriptedFetch(() => ({ json: { id: "e".repeat(32) } }));
    const first = await dispatchRequest(conn, { action: "list-importable-projects" });
    const second = await dispatchRequest(conn, { action: "list-importable-projects" });
    expect(calls[0]!.url).toBe("/api/events");
    expect(calls[0]!.headers.Authorization).toBe(`Bearer ${TOKEN}`);
    expect(first.eventId).toBe("e".repeat(32));
    expect(first.requestId).toMatch(HEX32);
    expect(calls[0]!.body.payload.requestId).toBe(first.requestId);
    expect(second.requestId).not.toBe(first.requestId);
  });

  it("turns an error status into a clear error with AYON's detail and without the token", async () => {
    const { conn } = scriptedFetch(() => ({ status: 403, json: { code: 403, detail: "Only managers can post" } }));
    const error = await dispatchRequest(conn, { action: "list-importable-projects" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AyonRequestError);
    expect((error as AyonRequestError).status).toBe(403);
    expect((error as Error).message).toBe("AYON answered 403 to POST /api/events: Only managers can post");
    expect((error as Error).message).not.toContain(TOKEN);
  });

  it("reports an unreachable server and a non-JSON error page", async () => {
    const down = scriptedFetch(() => new TypeError("fetch failed"));
    await expect(dispatchRequest(down.conn, { action: "list-importable-projects" })).rejects.toThrow(
      "Could not reach AYON (POST /api/events)",
    );
    const proxy = scriptedFetch(() => ({ status: 502, text: "<html>Bad gateway</html>" }));
    await expect(dispatchRequest(proxy.conn, { action: "list-importable-projects" })).rejects.toThrow(
      "AYON answered 502 to POST /api/events",
    );
  });
});

describe("replies", () => {
  it("queries the newest event of the reply topic through GraphQL", async () => {
    const { calls, conn } = scriptedFetch(() => replyAnswer({ status: "in_progress", progress: 40, description: "x" }));
    const reply = await fetchReply(conn, "f".repeat(32));
    expect(calls[0]!.url).toBe("/graphql");
    expect(calls[0]!.body).toEqual({ query: REPLY_QUERY, variables: { topics: [`ayonsg.reply.${"f".repeat(32)}`] } });
    expect(REPLY_QUERY).toContain("last: 1");
    expect(reply).toEqual({ status: "in_progress", progress: 40, description: "x", updatedAt: "2026-01-01T00:00:00+00:00" });
  });

  it("is null while no reply exists, and an error when GraphQL refuses the query", async () => {
    expect(await fetchReply(scriptedFetch(() => replyAnswer(null)).conn, "r")).toBeNull();
    const refused = scriptedFetch(() => ({ json: { errors: [{ message: "Cannot query field" }] } }));
    await expect(fetchReply(refused.conn, "r")).rejects.toThrow("Cannot query field");
  });

  it("reads a malformed payload as a failed job and clamps progress", () => {
    expect(parseReplyPayload("not json", "t").status).toBe("failed");
    expect(parseReplyPayload(JSON.stringify({ status: "exploded" }), "t").status).toBe("failed");
    expect(parseReplyPayload(null, "t").status).toBe("failed");
    expect(parseReplyPayload(JSON.stringify({ status: "in_progress", progress: 250 }), "t").progress).toBe(100);
    const failed = parseReplyPayload(JSON.stringify({ status: "failed", description: "d", error: "boom" }), "t");
    expect(failed).toEqual({ status: "failed", progress: 0, description: "d", error: "boom", updatedAt: "t" });
  });
});

describe("waiting for a job", () => {
  /** A clock that advances only when the code under test sleeps. */
  function fakeTime() {
    let now = 0;
    return { now: () => now, sleep: async (ms: number) => void (now += ms) };
  }

  it("follows pending → in progress → finished and reports each change once", async () => {
    const script = [
      replyAnswer(null),
      replyAnswer({ status: "pending", progress: 0, description: "queued" }, "t1"),
      replyAnswer({ status: "pending", progress: 0, description: "queued" }, "t1"),
      replyAnswer({ status: "in_progress", progress: 50, description: "half" }, "t2"),
      replyAnswer({ status: "finished", progress: 100, description: "done", result: { ok: 1 } }, "t3"),
    ];
    const { conn } = scriptedFetch((_, i) => script[i]!);
    const updates: JobReply[] = [];
    const reply = await waitForReply(conn, "r", { ...fakeTime(), onUpdate: (u) => updates.push(u) });
    expect(updates.map((u) => u.status)).toEqual(["pending", "in_progress", "finished"]);
    expect(reply.result).toEqual({ ok: 1 });
  });

  it("gives up with a clear message when no runtime answers within the timeout (20 s by default)", async () => {
    const { calls, conn } = scriptedFetch(() => replyAnswer(null));
    const error = await waitForReply(conn, "r", fakeTime()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoRuntimeError);
    expect((error as Error).message).toBe(
      "No ayon-sg runtime answered within 20 s — is the AyonSgRuntime service running?",
    );
    expect(REPLY_TIMEOUT_MS).toBe(20_000);
    expect(calls.length).toBe(REPLY_TIMEOUT_MS / 500 + 1);
  });

  it("does not time out a job the runtime has picked up, however long it runs", async () => {
    let i = 0;
    const { conn } = scriptedFetch(() =>
      ++i < 200
        ? replyAnswer({ status: "in_progress", progress: i / 2 }, `t${i}`)
        : replyAnswer({ status: "failed", description: "SG down" }, "end"),
    );
    const reply = await waitForReply(conn, "r", fakeTime());
    expect(reply).toMatchObject({ status: "failed", description: "SG down" });
  });

  it("tolerates two failed polls in a row but not three", async () => {
    const flaky = [new TypeError("x"), new TypeError("x"), replyAnswer({ status: "finished", progress: 100 })];
    const ok = scriptedFetch((_, i) => flaky[i]!);
    await expect(waitForReply(ok.conn, "r", fakeTime())).resolves.toMatchObject({ status: "finished" });
    const down = scriptedFetch(() => ({ status: 503, json: { code: 503, detail: "Service unavailable" } }));
    await expect(waitForReply(down.conn, "r", fakeTime())).rejects.toThrow("AYON answered 503 to POST /graphql");
  });

  it("stops when aborted", async () => {
    const abort = new AbortController();
    const { conn } = scriptedFetch(() => replyAnswer(null));
    const time = fakeTime();
    const sleep = async (ms: number) => {
      abort.abort();
      await time.sleep(ms);
    };
    const waiting = waitForReply(conn, "r", { ...time, signal: abort.signal, sleep });
    await expect(waiting).rejects.toMatchObject({ name: "AbortError" });
  });
});

describe("the project list", () => {
  it("keeps well-formed entries and drops the rest", () => {
    const projects = parseImportableProjects({
      projects: [
        { shotgridId: 1, name: "Big Show", code: "bs", autoSync: true, ayonProject: null, importable: true },
        { shotgridId: 2, name: "Done", code: null, autoSync: false, ayonProject: "done", importable: false, reason: "imported" },
        { shotgridId: "3", name: "bad id" },
        null,
      ],
    });
    expect(projects).toEqual([
      { shotgridId: 1, name: "Big Show", code: "bs", autoSync: true, ayonProject: null, importable: true },
      { shotgridId: 2, name: "Done", code: null, autoSync: false, ayonProject: "done", importable: false, reason: "imported" },
    ]);
    expect(parseImportableProjects({ projects: "nope" })).toEqual([]);
    expect(parseImportableProjects(undefined)).toEqual([]);
  });
});
