// A started emulator plus a tiny fetch wrapper for conformance tests: plain HTTP, no ShotGrid client, so the
// tests check the wire itself.
import { startShotgridEmulator, type ShotgridEmulator, type ShotgridEmulatorOptions } from "./server.js";

export const ARRAY = "application/vnd+shotgun.api3_array+json";
export const HASH = "application/vnd+shotgun.api3_hash+json";

export interface Reply {
  status: number;
  headers: Headers;
  /** Parsed JSON, or the raw text when the body is not JSON (undefined when empty). */
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface CallOptions {
  body?: unknown;
  contentType?: string;
  headers?: Record<string, string>;
  /** Bearer token; default: the site's script token. `null` sends none. */
  token?: string | null;
}

export interface TestSite {
  emu: ShotgridEmulator;
  url: string;
  /** A fresh access token for the default script. */
  token(): Promise<string>;
  call(method: string, path: string, opts?: CallOptions): Promise<Reply>;
  /** `POST …/_search` with the hash content type. */
  search(type: string, body: Record<string, unknown>, opts?: CallOptions): Promise<Reply>;
  close(): Promise<void>;
}

export async function tokenFor(url: string, params: Record<string, string>): Promise<Reply> {
  const res = await fetch(`${url}/api/v1/auth/access_token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(params).toString(),
  });
  return toReply(res);
}

async function toReply(res: Response): Promise<Reply> {
  const text = await res.text();
  let body: unknown = undefined;
  if (text !== "") {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  return { status: res.status, headers: res.headers, body };
}

export async function startTestSite(opts: ShotgridEmulatorOptions = {}): Promise<TestSite> {
  const emu = await startShotgridEmulator(opts);
  const script = opts.scripts?.[0] ?? { name: "ayon-sg", key: "sg-key" };
  let cached: string | null = null;
  const token = async () => {
    const reply = await tokenFor(emu.url, { grant_type: "client_credentials", client_id: script.name, client_secret: script.key });
    if (reply.status !== 200) throw new Error(`token request failed: ${reply.status} ${JSON.stringify(reply.body)}`);
    return reply.body.access_token as string;
  };
  const call = async (method: string, path: string, o: CallOptions = {}): Promise<Reply> => {
    const headers: Record<string, string> = { ...o.headers };
    const bearer = o.token === undefined ? (cached ??= await token()) : o.token;
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    let body: string | undefined;
    if (o.body !== undefined) {
      body = typeof o.body === "string" ? o.body : JSON.stringify(o.body);
      headers["content-type"] = o.contentType ?? "application/json";
    } else if (o.contentType) headers["content-type"] = o.contentType;
    return toReply(await fetch(`${emu.url}${path}`, { method, headers, body }));
  };
  return {
    emu,
    url: emu.url,
    token,
    call,
    search: (type, body, o = {}) => call("POST", `/api/v1/entity/${type}/_search`, { contentType: HASH, ...o, body }),
    close: () => emu.close(),
  };
}

/** `{type, id}` link hash. */
export function link(type: string, id: number): { type: string; id: number } {
  return { type, id };
}
