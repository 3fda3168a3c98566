// A `fetch` for ky that sends over node:http(s) on a keep-alive agent. ky stays the clients' HTTP layer
// (request building, headers, signals); this replaces only undici's fetch underneath, which measured at about
// twice the CPU per request (web streams) — enough to make one event loop serving many project lanes slow.
// Network errors keep node's `code` (ECONNREFUSED, ECONNRESET...), which the clients' retry policies classify.
import http from "node:http";
import https from "node:https";

/** A ky option (ky passes options it does not know on to `fetch`) carrying the request body as a plain string. */
export const RAW_BODY = "rawBody";

export interface KeepAliveFetch {
  fetch: typeof fetch;
  /** Closes idle keep-alive connections. */
  close(): void;
}

export function keepAliveFetch(serverUrl: string): KeepAliveFetch {
  const secure = serverUrl.startsWith("https:");
  const agent = secure ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true });
  const request = secure ? https.request : http.request;

  const send = async (input: Parameters<typeof fetch>[0], init?: RequestInit): Promise<Response> => {
    const req = input instanceof Request ? input : new Request(input, init);
    // A string body handed over beside the request (see RAW_BODY) skips a read back through a web stream.
    const raw = (init as Record<string, unknown> | undefined)?.[RAW_BODY];
    const body = typeof raw === "string" ? raw : req.body ? await req.text() : undefined;
    const headers: Record<string, string | number> = {};
    req.headers.forEach((value, name) => (headers[name] = value));
    if (body !== undefined) headers["content-length"] = Buffer.byteLength(body);
    return new Promise<Response>((resolve, reject) => {
      if (req.signal.aborted) return reject(req.signal.reason);
      const outgoing = request(new URL(req.url), { method: req.method, headers, agent, signal: req.signal }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          const responseHeaders = new Headers();
          for (const [name, value] of Object.entries(res.headers)) {
            for (const item of [value].flat()) if (item !== undefined) responseHeaders.append(name, item);
          }
          const status = res.statusCode ?? 0;
          const payload = status === 204 || status === 304 || chunks.length === 0 ? null : Buffer.concat(chunks);
          resolve(new Response(payload, { status, statusText: res.statusMessage ?? "", headers: responseHeaders }));
        });
        // A body cut off mid-way (the connection dropped) is a network failure, not a short answer.
        res.on("aborted", () => reject(Object.assign(new Error("the connection closed before the whole answer arrived"), { code: "ECONNRESET" })));
        res.on("error", reject);
      });
      outgoing.on("error", reject);
      outgoing.end(body);
    });
  };
  return { fetch: send as typeof fetch, close: () => agent.destroy() };
}
