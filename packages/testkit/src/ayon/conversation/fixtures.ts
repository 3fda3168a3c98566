// The recorded answers on disk: one JSON file per step, `NN-step-name.json`, in a folder per server version,
// so re-recording against the next AYON version shows up as a plain diff.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { RecordedReply } from "./types.js";

/** The fixtures of the AYON version the emulator follows. */
export const DEFAULT_FIXTURE_DIR = fileURLToPath(new URL("../../../fixtures/ayon-1.16/", import.meta.url));

export function fixtureFileName(index: number, step: string): string {
  return `${String(index + 1).padStart(3, "0")}-${step}.json`;
}

/** Replaces the folder's fixtures with these (old files of renamed or removed steps go). */
export function writeFixtures(dir: string, replies: readonly RecordedReply[]): string[] {
  mkdirSync(dir, { recursive: true });
  for (const file of readdirSync(dir)) if (file.endsWith(".json")) rmSync(join(dir, file));
  return replies.map((reply, index) => {
    const file = join(dir, fixtureFileName(index, reply.step));
    writeFileSync(file, `${JSON.stringify(reply, null, 2)}\n`);
    return file;
  });
}

/** The recorded answers by step name. */
export function readFixtures(dir: string = DEFAULT_FIXTURE_DIR): Map<string, RecordedReply> {
  const out = new Map<string, RecordedReply>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".json")).sort()) {
    const reply = JSON.parse(readFileSync(join(dir, file), "utf8")) as RecordedReply;
    out.set(reply.step, reply);
  }
  return out;
}
