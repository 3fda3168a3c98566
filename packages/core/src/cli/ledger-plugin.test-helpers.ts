import { join } from "node:path";
import { CORE_PACKAGE_DIR, createStudioDir } from "@ayon-sg/testing";

/**
 * A studio plugin for end-to-end tests: it appends one JSON line per handled event to $LEDGER_FILE, with the
 * time it started and ended, so a test can check exactly-once and per-project order across processes. An event
 * with `payload.failOnce` fails its first run for good (a non-retryable HandlerError), then records like the others.
 */
export const LEDGER_PLUGIN = `import { appendFileSync, existsSync, writeFileSync } from "node:fs";
import { definePlugin, Handler, HandlerError } from "@ayon-sg/core";
class RecordEvent {
  async handle(event, ctx) {
    const marker = process.env.LEDGER_FILE + "." + event.id + ".failed";
    if (event.payload.failOnce && !existsSync(marker)) {
      writeFileSync(marker, "");
      throw new HandlerError("refused on purpose, once", { retryable: false });
    }
    const start = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 3 + Math.floor(Math.random() * 12)));
    appendFileSync(process.env.LEDGER_FILE, JSON.stringify({ id: event.id, project: event.project, seq: event.payload.seq, pid: process.pid, start, end: Date.now() }) + "\\n");
    return ctx.done("recorded");
  }
}
Handler({ topic: "studio.ledger", description: "records events in a ledger file" })(RecordEvent);
export default definePlugin({ id: "ledger", handlers: [RecordEvent] });
`;

export interface LedgerLine {
  id: string;
  project: string | null;
  seq: number;
  pid: number;
  start: number;
  end: number;
}

/** A studio directory with core linked in and the ledger plugin installed (plus any extra packages). */
export function ledgerStudio(extra: Parameters<typeof createStudioDir>[0] = {}): string {
  return createStudioDir({
    ...extra,
    links: { "@ayon-sg/core": CORE_PACKAGE_DIR, ...extra.links },
    packages: { "@studio/ledger": { packageJson: { "ayon-sg": { role: "handler" } }, files: { "index.js": LEDGER_PLUGIN } }, ...extra.packages },
  });
}

export function ledgerPath(studioDir: string): string {
  return join(studioDir, "ledger.jsonl");
}
