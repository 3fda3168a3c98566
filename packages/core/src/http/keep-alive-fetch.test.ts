import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { keepAliveFetch, RAW_ANSWER, type RawAnswer } from "./keep-alive-fetch.js";

const IDLE_MS = 300;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("keepAliveFetch's connections", () => {
  let server: Server;
  let url: string;
  let connections = 0;
  beforeAll(async () => {
    server = createServer((req, res) => void sleep(req.url === "/slow" ? IDLE_MS * 2 : 0).then(() => res.end("ok")));
    server.on("connection", () => (connections += 1));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));

  it("reuses a connection while it is fresh, drops it once idle past idleMs, and never cuts a slow answer", async () => {
    const client = keepAliveFetch(url, IDLE_MS);
    const get = async (path: string) => ((await client.fetch(`${url}${path}`)) as Response & { [RAW_ANSWER]: RawAnswer })[RAW_ANSWER].text;
    const before = connections;
    expect(await get("/")).toBe("ok");
    await sleep(IDLE_MS / 3);
    expect(await get("/")).toBe("ok");
    expect(connections - before).toBe(1);
    // Idle longer than idleMs: dropped before the server's own keep-alive timeout could race a new request.
    await sleep(IDLE_MS * 2);
    expect(await get("/")).toBe("ok");
    expect(connections - before).toBe(2);
    // An answer slower than idleMs is waited for: only idle connections are closed.
    expect(await get("/slow")).toBe("ok");
    client.close();
  });
});
