// A scripted HTTP server on 127.0.0.1 for the AYON client tests: it records every request and answers each
// one as the test's script says (a status and JSON body, a dropped connection, a hang, a cut-off body).
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  method: string;
  /** Path without the query string, as sent (still URL-encoded). */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
  /** The body parsed as JSON (undefined when empty). */
  json: unknown;
}

export type Reply =
  | { status: number; body?: unknown; text?: string; headers?: Record<string, string> }
  /** Close the socket without answering (the client sees the connection dropped). */
  | { drop: true }
  /** Never answer (until the server closes). */
  | { hang: true }
  /** Send a 200 with the start of a body, then stop sending (stall) or close the socket (cut). */
  | { partial: string; then: "stall" | "cut" };

export type Script = (request: RecordedRequest, index: number) => Reply | Promise<Reply>;

export interface ScriptedServer {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/**
 * Starts a server answering with `script`: either a function of the request, or a list of replies used one
 * per request in order (a request beyond the list gets a 599 so the test fails visibly).
 */
export async function startScriptedServer(script: Script | Reply[]): Promise<ScriptedServer> {
  const requests: RecordedRequest[] = [];
  const next: Script = Array.isArray(script)
    ? (_request, index) => script[index] ?? { status: 599, body: { detail: `no scripted reply for request ${index}` } }
    : script;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const recorded: RecordedRequest = {
        method: req.method ?? "",
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body,
        json: body ? (JSON.parse(body) as unknown) : undefined,
      };
      const index = requests.push(recorded) - 1;
      Promise.resolve(next(recorded, index)).then(
        (reply) => answer(res, reply, index),
        (error: unknown) => answer(res, { status: 598, body: { detail: String(error) } }, index),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function answer(res: ServerResponse, reply: Reply, index: number): void {
  if ("drop" in reply) {
    res.socket?.destroy();
    return;
  }
  if ("hang" in reply) return;
  if ("partial" in reply) {
    res.writeHead(200, { "content-type": "application/json", "x-request-id": `req${index}` });
    res.write(reply.partial);
    if (reply.then === "cut") setTimeout(() => res.socket?.destroy(), 10);
    return;
  }
  const text = reply.text ?? (reply.body === undefined ? "" : JSON.stringify(reply.body));
  res.writeHead(reply.status, {
    "x-request-id": `req${index}`,
    ...(text && reply.text === undefined ? { "content-type": "application/json" } : {}),
    ...reply.headers,
  });
  res.end(text);
}

/** A URL on 127.0.0.1 where nothing listens (a port that was just released), for connection-refused tests. */
export async function refusedUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
