import { afterEach, describe, expect, it } from "@jest/globals";
import type { BatchProgress, BatchRequest } from "./batch.js";
import { ShotgridBatchError, ShotgridHttpError, ShotgridInputError } from "./errors.js";
import { ShotgridClient } from "./shotgrid-client.js";
import { errorReply, FAST_RETRY, SCRIPT_KEY, SCRIPT_NAME, ScriptedSite, wireRecord, type RecordedRequest } from "./test-server.test-helpers.js";

let site: ScriptedSite;
afterEach(async () => site?.close());

const client = () => new ShotgridClient({ siteUrl: site.url, scriptName: SCRIPT_NAME, scriptKey: SCRIPT_KEY, retry: FAST_RETRY });
const BATCH = "/entity/_batch";
type WireRequest = { request_type: string; entity: string; record_id?: number; data?: Record<string, unknown> };
const sent = (): WireRequest[][] => site.calls("POST", BATCH).map((r) => (JSON.parse(r.body) as { requests: WireRequest[] }).requests);

/** Answers each batch request the way ShotGrid shapes its rows (one result per request, in order). */
function answerBatch(req: RecordedRequest) {
  const { requests } = JSON.parse(req.body) as { requests: WireRequest[] };
  let nextId = 1000 + site.calls("POST", BATCH).length * 1000;
  const data = requests.map((r) => {
    if (r.request_type === "delete") return { request_type: "delete", type: r.entity, id: r.record_id, uuid: "u", did_delete: true };
    return { data: wireRecord(r.entity, r.record_id ?? nextId++, r.data ?? {}) };
  });
  return { status: 200, body: { data } };
}

const project = { type: "Project", id: 70 };
const creates = (n: number): BatchRequest[] =>
  Array.from({ length: n }, (_, i) => ({ requestType: "create", entityType: "Shot", data: { project, code: `sh${i}` } }));

describe("batch", () => {
  it("sends requests/entity/record_id in the documented shape and returns results in order", async () => {
    site = await ScriptedSite.start();
    site.on("POST", BATCH, answerBatch);
    const results = await client().batch([
      { requestType: "create", entityType: "Shot", data: { project, code: "sh010" } },
      { requestType: "update", entityType: "Shot", id: 7652, data: { description: "batched" } },
      { requestType: "delete", entityType: "Version", id: 29941 },
    ]);
    expect(site.calls("POST", BATCH)[0]?.headers["content-type"]).toBe("application/json");
    expect(sent()).toEqual([[
      { request_type: "create", entity: "Shot", data: { project, code: "sh010" } },
      { request_type: "update", entity: "Shot", record_id: 7652, data: { description: "batched" } },
      { request_type: "delete", entity: "Version", record_id: 29941 },
    ]]);
    expect(results).toEqual([
      { type: "Shot", id: 2000, code: "sh010", project: { ...project, name: null } },
      { type: "Shot", id: 7652, description: "batched" },
      { type: "Version", id: 29941, deleted: true },
    ]);
  });

  it("cuts 450 requests into chunks of 200, 200 and 50, sent one after another, and reports progress", async () => {
    site = await ScriptedSite.start();
    site.on("POST", BATCH, answerBatch);
    const progress: BatchProgress[] = [];
    const results = await client().batch(creates(450), { onProgress: (p) => progress.push(p) });
    expect(sent().map((c) => c.length)).toEqual([200, 200, 50]);
    expect(sent().flat().map((r) => r.data?.code)).toEqual(Array.from({ length: 450 }, (_, i) => `sh${i}`));
    expect(results).toHaveLength(450);
    expect(progress).toEqual([
      { chunksDone: 1, chunks: 3, requestsDone: 200, requests: 450 },
      { chunksDone: 2, chunks: 3, requestsDone: 400, requests: 450 },
      { chunksDone: 3, chunks: 3, requestsDone: 450, requests: 450 },
    ]);
  });

  it("honours chunkSize and sends nothing for an empty list", async () => {
    site = await ScriptedSite.start();
    site.on("POST", BATCH, answerBatch);
    await client().batch(creates(5), { chunkSize: 2 });
    expect(sent().map((c) => c.length)).toEqual([2, 2, 1]);
    expect(await client().batch([])).toEqual([]);
    expect(site.calls("POST", BATCH)).toHaveLength(3);
  });

  it("a failed chunk stops the batch and says how many chunks were committed", async () => {
    site = await ScriptedSite.start();
    let n = 0;
    site.on("POST", BATCH, (req) => (++n === 2 ? errorReply(400, 104, "Cannot set identifier field to empty. (Shot)", null) : answerBatch(req)));
    const err = await client().batch(creates(450)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ShotgridBatchError);
    expect(err).toMatchObject({ failedChunk: 2, totalChunks: 3, committedChunks: 1, committedRequests: 200, totalRequests: 450 });
    expect((err as ShotgridBatchError).cause).toBeInstanceOf(ShotgridHttpError);
    expect((err as Error).message).toBe(
      "ShotGrid batch chunk 2 of 3 failed and it was rolled back; 1 chunk(s) (200 of 450 requests) were committed before it: " +
        "ShotGrid refused POST /entity/_batch (HTTP 400, code 104): Cannot set identifier field to empty. (Shot).",
    );
    expect(site.calls("POST", BATCH)).toHaveLength(2);
  });

  it("does not repeat a chunk with creates after a dropped connection, and says the outcome is unknown", async () => {
    site = await ScriptedSite.start();
    site.on("POST", BATCH, ["drop", { status: 200, body: { data: [] } }]);
    const err = await client().batch(creates(3)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ShotgridBatchError);
    expect((err as Error).message).toMatch(/^ShotGrid batch chunk 1 of 1 failed and its outcome is unknown; 0 chunk\(s\)/);
    expect(site.calls("POST", BATCH)).toHaveLength(1);
  });

  it("repeats a chunk of updates only after a dropped connection", async () => {
    site = await ScriptedSite.start();
    let calls = 0;
    site.on("POST", BATCH, (req) => (calls++ === 0 ? "drop" : answerBatch(req)));
    const results = await client().batch([{ requestType: "update", entityType: "Shot", id: 5, data: { code: "x" } }]);
    expect(results).toEqual([{ type: "Shot", id: 5, code: "x" }]);
    expect(site.calls("POST", BATCH)).toHaveLength(2);
  });

  it("checks every request before sending any", async () => {
    site = await ScriptedSite.start();
    const bad: unknown[] = [
      ...creates(3),
      { requestType: "update", entityType: "Shot", id: 0, data: {} },
    ];
    await expect(client().batch(bad as BatchRequest[])).rejects.toThrow("batch request 3: id must be a positive integer, got 0.");
    await expect(client().batch([{ requestType: "revive", entityType: "Shot", id: 1 } as never])).rejects.toThrow(/revive cannot be batched/);
    await expect(client().batch([{ requestType: "create", entityType: "shots", data: {} }])).rejects.toBeInstanceOf(ShotgridInputError);
    await expect(client().batch(creates(1), { chunkSize: 0 })).rejects.toThrow(/chunkSize/);
    expect(site.calls("POST", BATCH)).toHaveLength(0);
  });

  it("reports a response with the wrong number of rows as a protocol error of that chunk", async () => {
    site = await ScriptedSite.start();
    site.on("POST", BATCH, [{ status: 200, body: { data: [] } }]);
    await expect(client().batch(creates(2))).rejects.toThrow(/accepted it but its answer could not be read.*answered a batch of 2 requests with 0 rows/);
  });
});
