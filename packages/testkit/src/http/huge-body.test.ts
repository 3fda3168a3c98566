// The huge-body fault: a matching request gets a chunked body of the rule's size, made as the client reads it.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { get } from "node:http";
import { FaultInjector } from "./faults.js";
import { jsonReply } from "./reply.js";
import { startHttpServer, type RunningHttpServer } from "./server.js";
import { StatsRecorder } from "./stats.js";

const MiB = 1024 * 1024;
const faults = new FaultInjector();
let server: RunningHttpServer;

beforeAll(async () => {
  server = await startHttpServer({
    faults,
    stats: new StatsRecorder(),
    handle: () => jsonReply({ ok: true }),
    onError: () => jsonReply({}, 500),
    commonHeaders: () => ({ "x-request-id": "fixed" }),
  });
});
afterAll(() => server.close());

/** Reads up to `stopAt` bytes of the answer to GET `path`, then leaves. */
function readSome(path: string, stopAt: number): Promise<{ status: number; headers: Record<string, unknown>; bytes: number; head: string; ended: boolean }> {
  return new Promise((resolve, reject) => {
    get(`${server.url}${path}`, (res) => {
      let bytes = 0;
      let head = "";
      const finish = (ended: boolean) => resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes, head, ended });
      res.on("data", (chunk: Buffer) => {
        if (head.length < 16) head += chunk.subarray(0, 16).toString();
        bytes += chunk.length;
        if (bytes >= stopAt) {
          res.destroy();
          finish(false);
        }
      });
      res.on("end", () => finish(true));
    }).on("error", reject);
  });
}

describe("hugeBodyBytes fault", () => {
  it("streams a chunked body of the given size to the matching request only, and refuses a bad size", async () => {
    faults.add({ match: { path: "^/big" }, hugeBodyBytes: 3 * MiB + 5, times: 1 });
    const whole = await readSome("/big", Infinity);
    expect(whole).toMatchObject({ status: 200, bytes: 3 * MiB + 5, ended: true });
    expect(whole.head.startsWith('{"data":"xxx')).toBe(true);
    expect(whole.headers["content-length"]).toBeUndefined();
    expect(whole.headers["x-request-id"]).toBe("fixed");
    expect(await readSome("/big", Infinity)).toMatchObject({ bytes: '{"ok":true}'.length, ended: true });
    expect(() => faults.add({ hugeBodyBytes: 0 })).toThrow(/hugeBodyBytes must be a positive integer/);
  });

  it("makes 2 GiB as it is read: a client leaving after 32 MiB costs the emulator little memory", async () => {
    faults.add({ match: { path: "^/huge" }, hugeBodyBytes: 2 * 1024 * MiB, status: 200 });
    const before = process.memoryUsage().rss;
    const read = await readSome("/huge", 32 * MiB);
    expect(read.ended).toBe(false);
    expect(read.bytes).toBeGreaterThanOrEqual(32 * MiB);
    expect(process.memoryUsage().rss - before).toBeLessThan(128 * MiB);
    faults.clear();
  });
});
