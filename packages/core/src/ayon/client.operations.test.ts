// Conformance of operations() and operationsInChunks() with ayon-backend api/operations/operations.py (batch
// operations).
import { afterEach, describe, expect, it } from "@jest/globals";
import { AyonClient } from "./client.js";
import { AyonInputError, AyonOperationsError, AyonUnavailableError } from "./errors.js";
import { AYON_ID_REGEX } from "./ids.js";
import { startScriptedServer, type Reply, type Script, type ScriptedServer } from "./test-server.test-helpers.js";
import type { Operation, OperationResult } from "./types.js";

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function clientFor(script: Reply[] | Script): Promise<AyonClient> {
  server = await startScriptedServer(script);
  return new AyonClient({ serverUrl: server.url, apiKey: "k".repeat(32), retry: { limit: 2, baseDelayMs: 1, maxDelayMs: 2 } });
}
const sent = () => server?.requests ?? [];

type SentOp = Operation & { id: string };
const sentOps = (i: number) => (sent()[i]?.json as { operations: SentOp[] }).operations;

/** AYON's answer for a batch: every operation succeeds, or the one at `failAt` fails and the list stops there. */
function answer(ops: SentOp[], failAt = -1, failure: Partial<OperationResult> = {}): Reply {
  const listed = failAt >= 0 ? ops.slice(0, failAt + 1) : ops;
  const operations = listed.map((op, i) => ({
    id: op.id, type: op.type, entityType: op.entityType, entityId: op.entityId ?? null,
    success: i !== failAt, status: i === failAt ? 409 : op.type === "create" ? 201 : 204, errorCode: null, detail: null,
    ...(i === failAt ? failure : {}),
  }));
  return { status: 200, body: { operations, success: failAt < 0 } };
}
const succeed: Script = (req) => answer((req.json as { operations: SentOp[] }).operations);

const folderCreate = (name: string, entityId?: string): Operation => ({ type: "create", entityType: "folder", entityId, data: { name, folderType: "Shot" } });

describe("operations", () => {
  it("posts one transaction with canFail false and raiseOnError false, filling in op ids and create entityIds", async () => {
    const client = await clientFor(succeed);
    const ops: Operation[] = [
      folderCreate("sq01"),
      { type: "create", entityType: "task", data: { id: "d".repeat(32), name: "comp", taskType: "Comp", folderId: "e".repeat(32) } },
      { type: "update", entityType: "folder", entityId: "a".repeat(32), data: { attrib: { shotgridId: "1" } } },
      { type: "delete", entityType: "task", entityId: "b".repeat(32) },
    ];
    const response = await client.operations("demo", ops);
    expect(response.success).toBe(true);
    expect(sent()[0]).toMatchObject({ method: "POST", path: "/api/projects/demo/operations", json: { canFail: false, raiseOnError: false } });
    const posted = sentOps(0);
    expect(posted.map((op) => op.type)).toEqual(["create", "create", "update", "delete"]);
    for (const op of posted) expect(op.id).toMatch(AYON_ID_REGEX);
    expect(posted[0]?.entityId).toMatch(AYON_ID_REGEX);
    expect(posted[1]?.entityId).toBe("d".repeat(32));
    expect(response.operations.map((r) => r.entityId)).toEqual(posted.map((op) => op.entityId));
  });

  it("throws AyonOperationsError with the failed operation's index, entity, status, errorCode and detail", async () => {
    const failure = { errorCode: "unique-violation", detail: "Folder with parent_id, lower(name::text) 'x, sh010' already exists." };
    const client = await clientFor((req) => answer((req.json as { operations: SentOp[] }).operations, 1, failure));
    const ops = [folderCreate("sh005", "1".repeat(32)), folderCreate("sh010", "2".repeat(32)), folderCreate("sh020")];
    const error = (await client.operations("demo", ops).catch((e: unknown) => e)) as AyonOperationsError;
    expect(error).toBeInstanceOf(AyonOperationsError);
    expect(error).toMatchObject({ index: 1, entityType: "folder", entityId: "2".repeat(32), status: 409, errorCode: "unique-violation", detail: failure.detail, rolledBack: true, committedChunks: 0 });
    expect(error.message).toBe(
      `AYON operations on project demo failed at operation 1 (create folder ${"2".repeat(32)}) with 409 unique-violation: ${failure.detail.slice(0, -1)}; the whole batch was rolled back.`,
    );
    expect(error.response?.operations).toHaveLength(2);
    expect(Object.keys(error)).not.toContain("response");
  });

  it("with canFail true reports that the other operations were kept", async () => {
    const client = await clientFor((req) => answer((req.json as { operations: SentOp[] }).operations, 0, { status: 404, errorCode: "not-found" }));
    const error = (await client.operations("demo", [{ type: "delete", entityType: "folder", entityId: "3".repeat(32) }], { canFail: true }).catch((e: unknown) => e)) as AyonOperationsError;
    expect(error.rolledBack).toBe(false);
    expect(sent()[0]?.json).toMatchObject({ canFail: true });
    expect(error.message).toMatch(/with 404 not-found; the other operations were kept\.$/);
  });

  it("sends nothing for an empty batch", async () => {
    const client = await clientFor(succeed);
    await expect(client.operations("demo", [])).resolves.toEqual({ operations: [], success: true });
    await expect(client.operationsInChunks("demo", [])).resolves.toEqual({ operations: [], success: true });
    expect(sent()).toHaveLength(0);
  });

  it("still throws when AYON reports failure without marking an operation as failed", async () => {
    const client = await clientFor([{ status: 200, body: { operations: [], success: false } }]);
    const error = (await client.operations("demo", [folderCreate("a")]).catch((e: unknown) => e)) as AyonOperationsError;
    expect(error).toBeInstanceOf(AyonOperationsError);
    expect(error.index).toBe(-1);
    expect(error.message).toBe("AYON operations on project demo failed at an operation it did not identify with no status; the whole batch was rolled back.");
  });

  it("rejects update/delete without entityId and update without data before sending", async () => {
    const client = await clientFor(succeed);
    await expect(client.operations("demo", [folderCreate("ok"), { type: "update", entityType: "task", data: {} }])).rejects.toThrow("Operation 1 (update task) needs an entityId.");
    await expect(client.operations("demo", [{ type: "update", entityType: "task", entityId: "1".repeat(32) }])).rejects.toBeInstanceOf(AyonInputError);
    expect(sent()).toHaveLength(0);
  });
});

describe("operations: repeating a batch whose answer was lost", () => {
  const ID = "9".repeat(32);

  it("repeats a batch with creates; a refused repetition plus the created entity read back means committed", async () => {
    const client = await clientFor((req, i) => {
      if (i === 0) return { drop: true };
      if (req.method === "GET") return { status: 200, body: { id: ID, name: "sh010", folderType: "Shot", parentId: null } };
      return answer((req.json as { operations: SentOp[] }).operations, 0, { errorCode: "unique-violation" });
    });
    const response = await client.operations("demo", [folderCreate("sh010", ID), { type: "update", entityType: "folder", entityId: "4".repeat(32), data: { label: "x" } }]);
    expect(response).toMatchObject({ success: true, recovered: true });
    expect(response.operations.map((r) => [r.status, r.success])).toEqual([[201, true], [204, true]]);
    expect(sent().map((r) => `${r.method} ${r.path}`)).toEqual([
      "POST /api/projects/demo/operations", "POST /api/projects/demo/operations", `GET /api/projects/demo/folders/${ID}`,
    ]);
    expect(sentOps(1)).toEqual(sentOps(0));
  });

  it("keeps the failure when the entity is not there (the earlier attempt did not commit)", async () => {
    const client = await clientFor((req, i) => {
      if (i === 0) return { status: 502 };
      if (req.method === "GET") return { status: 404, body: { detail: "not found" } };
      return answer((req.json as { operations: SentOp[] }).operations, 0, { errorCode: "foreign-key-violation" });
    });
    await expect(client.operations("demo", [folderCreate("sh010", ID)])).rejects.toMatchObject({ errorCode: "foreign-key-violation" });
    expect(sent()).toHaveLength(3);
  });

  it("keeps the failure when the entity with our id has another name", async () => {
    const client = await clientFor((req, i) => {
      if (i === 0) return { drop: true };
      if (req.method === "GET") return { status: 200, body: { id: ID, name: "other", folderType: "Shot" } };
      return answer((req.json as { operations: SentOp[] }).operations, 0);
    });
    await expect(client.operations("demo", [folderCreate("sh010", ID)])).rejects.toBeInstanceOf(AyonOperationsError);
  });

  it("repeats an update-only batch (the same values are written again)", async () => {
    const client = await clientFor((req, i) => (i === 0 ? { drop: true } : succeed(req, i)));
    await client.operations("demo", [{ type: "update", entityType: "task", entityId: ID, data: { status: "Done" } }]);
    expect(sent()).toHaveLength(2);
  });

  it.each([
    ["canFail true", [folderCreate("a")], { canFail: true }],
    ["deletes without creates", [{ type: "delete", entityType: "folder", entityId: ID } as Operation], {}],
  ])("does not repeat a batch it could not verify (%s)", async (_label, ops, opts) => {
    const client = await clientFor((req, i) => (i === 0 ? { drop: true } : succeed(req, i)));
    const error = (await client.operations("demo", ops, opts).catch((e: unknown) => e)) as AyonUnavailableError;
    expect(error).toBeInstanceOf(AyonUnavailableError);
    expect(error.maybeApplied).toBe(true);
    expect(sent()).toHaveLength(1);
  });
});

describe("operationsInChunks", () => {
  const many = (n: number) => Array.from({ length: n }, (_, i) => folderCreate(`f${i}`));

  it("splits in order, one POST per chunk, and reports progress", async () => {
    const client = await clientFor(succeed);
    const progress: unknown[] = [];
    const response = await client.operationsInChunks("demo", many(1200), { chunkSize: 500, onProgress: (p) => progress.push(p) });
    expect(sent().map((_, i) => sentOps(i).length)).toEqual([500, 500, 200]);
    expect(sent().flatMap((_, i) => sentOps(i).map((op) => op.data?.name))).toEqual(many(1200).map((op) => op.data?.name));
    expect(response.operations).toHaveLength(1200);
    expect(progress).toEqual([
      { committedChunks: 1, totalChunks: 3, committedOperations: 500, totalOperations: 1200 },
      { committedChunks: 2, totalChunks: 3, committedOperations: 1000, totalOperations: 1200 },
      { committedChunks: 3, totalChunks: 3, committedOperations: 1200, totalOperations: 1200 },
    ]);
  });

  it("uses chunks of 500 by default", async () => {
    const client = await clientFor(succeed);
    await client.operationsInChunks("demo", many(501));
    expect(sent().map((_, i) => sentOps(i).length)).toEqual([500, 1]);
  });

  it("stops at the first failed chunk, with the global index and the committed chunk count", async () => {
    const client = await clientFor((req, i) => answer((req.json as { operations: SentOp[] }).operations, i === 1 ? 7 : -1));
    const error = (await client.operationsInChunks("demo", many(25), { chunkSize: 10 }).catch((e: unknown) => e)) as AyonOperationsError;
    expect(error).toBeInstanceOf(AyonOperationsError);
    expect(error).toMatchObject({ index: 17, committedChunks: 1, committedOperations: 10, rolledBack: true });
    expect(error.message).toMatch(/at operation 17 .*; the whole batch was rolled back \(1 earlier chunk\(s\) stay committed\)\.$/);
    expect(sent()).toHaveLength(2);
  });

  it("rejects a chunk size below 1", async () => {
    const client = await clientFor(succeed);
    await expect(client.operationsInChunks("demo", many(2), { chunkSize: 0 })).rejects.toBeInstanceOf(AyonInputError);
  });
});
