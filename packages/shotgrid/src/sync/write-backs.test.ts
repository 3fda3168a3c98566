// The write-back stream (ShotGrid REST `_batch`): pushed in pieces while AYON is still being written.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { ShotgridWriteBackStream } from "./write-backs.js";
import { startSyncEnv, type SyncEnv } from "./sync-env.test-helpers.js";

let env: SyncEnv;
let shots: number[];
beforeAll(async () => {
  env = await startSyncEnv();
  const store = env.sgEmulator.store;
  const project = store.create("Project", { name: "stream sg" });
  shots = Array.from({ length: 7 }, (_, i) => store.create("Shot", { project: { type: "Project", id: project.id }, code: `s${i}` }).id);
});
afterAll(async () => {
  await env?.close();
});

const write = (id: number, tag: string) => ({ type: "Shot", id, data: { sg_ayon_id: `${tag}-${id}` } });
const ayonIdOf = (id: number) => env.sgEmulator.store.findOne("Shot", id, { fields: ["sg_ayon_id"] })?.sg_ayon_id;

describe("write-backs as a stream", () => {
  it("sends full chunks as soon as they fill and the rest on finish, reporting progress against what was pushed", async () => {
    env.sgEmulator.resetStats();
    const progress: Array<[number, number]> = [];
    const stream = new ShotgridWriteBackStream(env.sg, { chunkSize: 3, concurrency: 1, onProgress: (done, total) => progress.push([done, total]) });
    stream.push(shots.slice(0, 4).map((id) => write(id, "a")));
    // The first chunk of three goes out before anything else is pushed; the fourth write waits for company.
    // Wait for the client to see the chunk's answer (not only for the store to change): progress is reported then.
    for (const deadline = Date.now() + 5000; progress.length === 0 && Date.now() < deadline; ) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(ayonIdOf(shots[0]!)).toBe(`a-${shots[0]}`);
    expect(ayonIdOf(shots[3]!)).toBeNull();
    stream.push(shots.slice(4).map((id) => write(id, "a")));
    const result = await stream.finish();
    expect(result).toEqual({ written: 7, rejected: [], requests: 3 });
    expect(progress).toEqual([[3, 4], [6, 7], [7, 7]]);
    for (const id of shots) expect(ayonIdOf(id)).toBe(`a-${id}`);
    expect(env.sgEmulator.stats().byRoute["POST /api/v1/entity/_batch"]?.count).toBe(3);
  });

  it("abort stops the stream: queued chunks are dropped and finish reports the reason", async () => {
    const stream = new ShotgridWriteBackStream(env.sg, { chunkSize: 2, concurrency: 1 });
    env.sgEmulator.faults.add({ match: { path: /_batch$/ }, delayMs: 200, times: 1 });
    stream.push(shots.map((id) => write(id, "b")));
    const reason = new Error("AYON went away");
    await stream.abort(reason);
    await expect(stream.finish()).rejects.toBe(reason);
    // Only the chunk already in flight landed.
    expect(shots.filter((id) => ayonIdOf(id) === `b-${id}`)).toEqual(shots.slice(0, 2));
  });
});
