// The cap on an answer's body, against a loopback server that streams a body far larger than the cap, made chunk
// by chunk as the socket drains (never held in memory on either side): the exchange stops at the cap.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { HttpExchange, ReplyTooLargeError } from "./http-exchange.js";

const MiB = 1024 * 1024;
const HUGE = 2 * 1024 * MiB; // 2 GiB, as the ShotGrid reply that crashed the runtime
const CHUNK = Buffer.alloc(MiB, "x");

let server: Server;
let base: string;
let handler: (req: IncomingMessage, res: ServerResponse) => void;
/** Bytes the server had written when the client went away. */
let written = 0;
let closed: Promise<void> = Promise.resolve();

/** Writes `total` bytes of body, one MiB at a time, each only when the socket has taken the one before. */
function stream(res: ServerResponse, total: number): void {
  written = 0;
  closed = new Promise((resolve) => res.on("close", resolve));
  const more = (): void => {
    while (written < total && !res.destroyed) {
      written += CHUNK.length;
      if (!res.write(CHUNK)) return void res.once("drain", more);
    }
    if (!res.destroyed) res.end();
  };
  more();
}

beforeAll(async () => {
  server = createServer((req, res) => req.resume().on("end", () => handler(req, res)));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const send = (exchange: HttpExchange, discardBody = false) =>
  exchange.send({ method: "GET", url: new URL(`${base}/x`), headers: {}, timeoutMs: 60_000, discardBody });

describe("HttpExchange reply cap", () => {
  it("aborts a chunked 2 GiB body at the cap, closes the connection and keeps memory bounded", async () => {
    handler = (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" }); // no Content-Length: chunked
      stream(res, HUGE);
    };
    const exchange = new HttpExchange(base, { maxReplyBytes: 16 * MiB });
    const rssBefore = process.memoryUsage().rss;
    const error = await send(exchange).catch((e: unknown) => e);
    const growth = process.memoryUsage().rss - rssBefore;
    await closed;
    expect(error).toBeInstanceOf(ReplyTooLargeError);
    expect(error).toMatchObject({ maxBytes: 16 * MiB, retryable: false, message: "the reply was larger than the cap of 16 MiB" });
    // The server stopped soon after the cap: socket buffers hold a few MiB, not the 2 GiB it meant to send.
    expect(written).toBeLessThan(64 * MiB);
    expect(growth).toBeLessThan(128 * MiB);
    exchange.close();
  });

  it("counts a body it discards too, and refuses a body whose Content-Length is past the cap before reading it", async () => {
    handler = (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      stream(res, HUGE);
    };
    const exchange = new HttpExchange(base, { maxReplyBytes: 4 * MiB });
    await expect(send(exchange, true)).rejects.toBeInstanceOf(ReplyTooLargeError);
    await closed;
    expect(written).toBeLessThan(64 * MiB);

    handler = (_req, res) => {
      res.writeHead(200, { "content-length": String(HUGE) });
      stream(res, HUGE);
    };
    await expect(send(exchange)).rejects.toMatchObject({ name: "ReplyTooLargeError", maxBytes: 4 * MiB });
    await closed;
    expect(written).toBeLessThan(64 * MiB);
    exchange.close();
  });

  it("returns a body of exactly the cap, and a later request on the same exchange still works", async () => {
    handler = (_req, res) => res.writeHead(200).end("y".repeat(1000));
    const exchange = new HttpExchange(base, { maxReplyBytes: 1000 });
    expect((await send(exchange)).text).toHaveLength(1000);
    handler = (_req, res) => res.writeHead(200).end("y".repeat(1001));
    await expect(send(exchange)).rejects.toMatchObject({ message: "the reply was larger than the cap of 1000 bytes" });
    handler = (_req, res) => res.writeHead(200).end("ok");
    expect((await send(exchange)).text).toBe("ok");
    exchange.close();
  });
});
