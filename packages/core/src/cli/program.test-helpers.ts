import { Writable } from "node:stream";

/** Output streams for `runCli` that keep what was written. */
export function captureIo(): { out: Writable; err: Writable; outText(): string; errText(): string } {
  const out: string[] = [];
  const err: string[] = [];
  const sink = (into: string[]) => new Writable({ write: (chunk, _encoding, done) => (into.push(String(chunk)), done()) });
  return { out: sink(out), err: sink(err), outText: () => out.join(""), errText: () => err.join("") };
}
