// Request body reading with a size limit. Errors carry a kind so each emulator can answer in its own
// error format (AYON `{code, detail}`, ShotGrid `{errors:[...]}`).
import type { IncomingMessage } from "node:http";

// A test harness guard, not a copy of the real servers: ayon-backend 1.16 sets no request body limit of its own
// (no 413 in api/ or ayon_server/, and its uvicorn/granian/gunicorn servers set none by default), and shotgun_api3
// shotgun.py handles no request-size answer; no public ShotGrid document gives a REST request size limit we could
// cite. Past the limit the body is refused (413) and the rest drained, never buffered (readBody).
export const DEFAULT_JSON_LIMIT = 64 * 1024 * 1024;

export type BodyErrorKind = "too-large" | "invalid-json" | "aborted";

export class BodyReadError extends Error {
  constructor(readonly kind: BodyErrorKind, message: string) {
    super(message);
    this.name = "BodyReadError";
  }
}

/** Reads the whole body; rejects with `too-large` as soon as more than `limit` bytes arrive. */
export function readBody(req: IncomingMessage, limit: number, onBytes?: (n: number) => void): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"]);
    if (Number.isFinite(declared) && declared > limit) {
      reject(new BodyReadError("too-large", `Request body exceeds ${limit} bytes`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const fail = (err: BodyReadError) => {
      if (settled) return;
      settled = true;
      reject(err);
    };
    req.on("data", (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      onBytes?.(chunk.length);
      if (size > limit) {
        fail(new BodyReadError("too-large", `Request body exceeds ${limit} bytes`));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (settled) return;
      settled = true;
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    });
    req.on("aborted", () => fail(new BodyReadError("aborted", "Client aborted the request")));
    req.on("error", (err) => fail(new BodyReadError("aborted", err.message)));
  });
}

/** Parses a body as JSON. An empty body is `undefined` (the caller decides whether that is allowed). */
export function parseJsonBody(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString("utf8"));
  } catch (err) {
    throw new BodyReadError("invalid-json", `Invalid JSON body: ${(err as Error).message}`);
  }
}
