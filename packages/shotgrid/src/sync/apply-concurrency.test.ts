// AYON operations chunks (ayon-backend api/operations/operations.py) that do not depend on each other overlap; a chunk
// needing a parent created in another chunk waits for that chunk's outcome. A recording fake stands in for AYON
// (injected, no module mocks).
import { describe, expect, it } from "@jest/globals";
import type { AyonClient, Operation } from "@ayon-sg/core";
import { applyAyonOperations } from "./apply.js";
import type { PlannedOperation } from "./plan.js";

function fakeAyon(delayMs: number) {
  const log: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const ayon = {
    async operations(_project: string, ops: Operation[]) {
      const name = ops.map((op) => (op.data as { name: string }).name).join(",");
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      log.push(`start ${name}`);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      inFlight -= 1;
      log.push(`end ${name}`);
      return { success: true, operations: [] };
    },
  } as unknown as AyonClient;
  return { ayon, log, maxInFlight: () => maxInFlight };
}

const folder = (name: string, id: string, parent: string | null): PlannedOperation => ({
  key: name,
  operation: { type: "create", entityType: "folder", entityId: id, data: { name, folderType: "Folder", parentId: parent } },
  dependsOn: parent,
});

describe("operations chunks in flight", () => {
  it("keeps two independent chunks in flight, never more", async () => {
    const fake = fakeAyon(30);
    const ops = ["a", "b", "c", "d", "e", "f"].map((n) => folder(n, `${n}`.repeat(32), null));
    const result = await applyAyonOperations(fake.ayon, "p", ops, { chunkSize: 1, concurrency: 2 });
    expect(result.committed).toBe(6);
    expect(fake.maxInFlight()).toBe(2);
  });

  it("holds a chunk back until the chunk creating its parent is done, and reports progress before releasing it", async () => {
    const fake = fakeAyon(20);
    const parent = folder("parent", "1".repeat(32), null);
    const other = folder("other", "2".repeat(32), null);
    const child = folder("child", "3".repeat(32), parent.operation.entityId as string);
    const order: string[] = [];
    await applyAyonOperations(fake.ayon, "p", [parent, other, child], {
      chunkSize: 1,
      concurrency: 3,
      onProgress: (done) => order.push(`progress ${done}`),
      onChunk: ({ committed }) => order.push(`chunk ${committed.map((op) => op.key).join(",")}`),
    });
    expect(fake.log.indexOf("start child")).toBeGreaterThan(fake.log.indexOf("end parent"));
    expect(fake.log.indexOf("start other")).toBeLessThan(fake.log.indexOf("end parent"));
    expect(order).toEqual(["progress 1", "chunk parent", "progress 2", "chunk other", "progress 3", "chunk child"]);
  });

  it("drops handled operations from the caller's list when asked to", async () => {
    const fake = fakeAyon(1);
    const ops: PlannedOperation[] = [folder("x", "4".repeat(32), null), folder("y", "5".repeat(32), null)];
    await applyAyonOperations(fake.ayon, "p", ops, { chunkSize: 1, release: true });
    expect(ops).toEqual([undefined, undefined]);
  });
});
