// The clients' HTTP exchange (node:http, keep-alive) against a loopback server: what goes out, what comes back,
// and the failures the retry policies classify by their node `code`.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ExchangeTimeoutError, HttpExchange } from "./http-exchange.js";

let server: Server;
let base: string;
const seen: Array<{ method: string; url: string; headers: IncomingMessage["headers"]; body: string }> = [];
let handler: (req: IncomingMessage, res: ServerResponse) => void;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      handler(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const send = (exchange: HttpExchange, spec: Partial<Parameters<HttpExchange["send"]>[0]> = {}) =>
  exchange.send({ method: "GET", url: new URL(`${base}/x`), headers: {}, timeoutMs: 5_000, ...spec });

describe("HttpExchange", () => {
  it("sends method, path, query, headers and body with its length, and returns status, text and headers", async () => {
    handler = (_req, res) => res.writeHead(201, { "x-request-id": "r1", "content-type": "application/json" }).end('{"ok":true}');
    const exchange = new HttpExchange(base);
    const res = await send(exchange, { method: "POST", url: new URL(`${base}/api/x?a=1`), headers: { "x-api-key": "k" }, body: '{"né":1}' });
    expect(res).toMatchObject({ status: 201, text: '{"ok":true}' });
    expect(res.header("X-Request-Id")).toBe("r1");
    expect(res.headers["content-type"]).toBe("application/json");
    expect(seen.at(-1)).toMatchObject({ method: "POST", url: "/api/x?a=1", body: '{"né":1}', headers: expect.objectContaining({ "x-api-key": "k", "content-length": "9" }) });
    exchange.close();
  });

  it("reuses one connection for requests one after another", async () => {
    handler = (_req, res) => res.end("ok");
    const exchange = new HttpExchange(base);
    const ports = new Set<number>();
    server.on("connection", (socket) => ports.add(socket.remotePort!));
    for (let i = 0; i < 3; i++) await send(exchange);
    expect(ports.size).toBe(1);
    exchange.close();
  });

  it("drops a 2xx body it was told nobody reads, but keeps an error's body", async () => {
    const exchange = new HttpExchange(base);
    handler = (_req, res) => res.end("x".repeat(100_000));
    expect((await send(exchange, { discardBody: true })).text).toBe("");
    handler = (_req, res) => res.writeHead(404).end('{"detail":"gone"}');
    expect((await send(exchange, { discardBody: true })).text).toBe('{"detail":"gone"}');
    exchange.close();
  });

  it("rejects with ExchangeTimeoutError when the answer is not complete in time, and with node's code when the connection fails", async () => {
    handler = () => undefined; // never answers
    const exchange = new HttpExchange(base);
    await expect(send(exchange, { timeoutMs: 20 })).rejects.toBeInstanceOf(ExchangeTimeoutError);
    handler = (_req, res) => {
      res.writeHead(200, { "content-length": "1000" });
      res.write("partial"); // stalls mid-body
    };
    await expect(send(exchange, { timeoutMs: 50 })).rejects.toMatchObject({ name: "ExchangeTimeoutError", timeoutMs: 50 });

    handler = (_req, res) => {
      res.writeHead(200, { "content-length": "1000" });
      res.write("partial");
      res.socket?.destroy();
    };
    await expect(send(exchange)).rejects.toMatchObject({ code: "ECONNRESET" });

    const refused = new HttpExchange("http://127.0.0.1:1");
    await expect(send(refused, { url: new URL("http://127.0.0.1:1/x") })).rejects.toMatchObject({ code: "ECONNREFUSED" });
    exchange.close();
  });
});
