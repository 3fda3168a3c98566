// A fault answer with a body far larger than memory: made chunk by chunk as the socket drains, chunked (no
// Content-Length, so a client learns its size only by counting), and never held whole on the emulator's side.
// It reads as the start of a JSON object whose one string never ends before the body does.
import type { ServerResponse } from "node:http";
import type { HeaderMap } from "./reply.js";

const CHUNK = Buffer.alloc(1024 * 1024, "x");
const PREFIX = Buffer.from('{"data":"');

/** Streams `bytes` bytes with `status`; resolves with the bytes written when the body ends or the client leaves. */
export function streamHugeBody(res: ServerResponse, bytes: number, status: number, headers: HeaderMap = {}): Promise<number> {
  return new Promise((resolve) => {
    let written = 0;
    res.writeHead(status, { "content-type": "application/json", ...headers });
    const done = (): void => resolve(written);
    res.on("close", done);
    const more = (): void => {
      while (written < bytes && !res.destroyed) {
        const piece = written === 0 ? PREFIX : CHUNK.subarray(0, Math.min(CHUNK.length, bytes - written));
        written += piece.length;
        if (!res.write(piece)) return void res.once("drain", more);
      }
      if (!res.destroyed) res.end(done);
    };
    more();
  });
}
