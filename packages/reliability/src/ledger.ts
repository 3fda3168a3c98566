// A studio plugin for the load and AYON-outage scenarios: it appends one JSON line per handled event to
// $LEDGER_FILE (event id, project, sequence number, process, start and end times), so the test can prove
// exactly-once, per-project order and no overlap within a project across processes, kills and outages.
import { readFileSync } from "node:fs";
import { defaultJobTopic } from "@ayon-sg/core";

export const LEDGER_TOPIC = "reliability.ledger";
/** Where the ledger plugin's jobs are stored: a studio plugin has a job topic of its own (core's order groups). */
export const LEDGER_JOB_TOPIC = defaultJobTopic("reliability-ledger");

/** Plain ESM (no build step): it runs inside the real binary from a studio directory. */
export const LEDGER_PLUGIN_SOURCE = `import { appendFileSync } from "node:fs";
import { definePlugin, Handler } from "@ayon-sg/core";
const maxDelay = Number(process.env.LEDGER_DELAY_MS ?? "2");
// LEDGER_BATCH > 1: the runtime hands over up to that many of a project's events at once (core's batch option).
const batch = Number(process.env.LEDGER_BATCH ?? "1");
class RecordEvent {
  async handle(event, ctx, size = 1) {
    const start = Date.now();
    if (maxDelay > 0) await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * (maxDelay + 1))));
    appendFileSync(process.env.LEDGER_FILE, JSON.stringify({ id: event.id, project: event.project, seq: event.payload.seq, pid: process.pid, start, end: Date.now(), batch: size }) + "\\n");
    return ctx.done("recorded");
  }
  async handleBatch(events, ctx) {
    const results = [];
    for (const event of events) results.push({ status: "fulfilled", value: await this.handle(event, ctx, events.length) });
    return results;
  }
}
Handler({ topic: "${LEDGER_TOPIC}", batch, description: "records events in a ledger file" })(RecordEvent);
export default definePlugin({ id: "reliability-ledger", handlers: [RecordEvent] });
`;

export interface LedgerLine {
  id: string;
  project: string | null;
  seq: number;
  pid: number;
  start: number;
  end: number;
  /** How many events the handler call that recorded it took (1: alone). */
  batch?: number;
}

export function readLedger(file: string): LedgerLine[] {
  let text = "";
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return [];
  }
  // A SIGKILL can cut the last line short: such a line recorded nothing complete and is ignored.
  const lines: LedgerLine[] = [];
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    try {
      lines.push(JSON.parse(line) as LedgerLine);
    } catch {
      // torn write of a killed process
    }
  }
  return lines;
}

export interface LedgerProblems {
  missing: number;
  duplicated: number;
  unexpected: number;
  /** Projects whose events were handled out of sequence. */
  outOfOrder: string[];
  /** Projects where one event started before the previous one ended. */
  overlapping: string[];
}

/**
 * Checks a ledger against what was dispatched: `expected` maps each AYON project to how many events
 * (seq 1..n) it received. Every id must appear once, and each project's lines must run 1..n without overlap.
 */
export function ledgerProblems(lines: readonly LedgerLine[], expected: ReadonlyMap<string, number>, expectedIds: ReadonlySet<string>): LedgerProblems {
  const seen = new Map<string, number>();
  for (const line of lines) seen.set(line.id, (seen.get(line.id) ?? 0) + 1);
  const missing = [...expectedIds].filter((id) => !seen.has(id)).length;
  const duplicated = [...seen.values()].filter((n) => n > 1).length;
  const unexpected = [...seen.keys()].filter((id) => !expectedIds.has(id)).length;
  const byProject = new Map<string, LedgerLine[]>();
  for (const line of lines) {
    const key = line.project ?? "";
    const list = byProject.get(key) ?? [];
    list.push(line);
    byProject.set(key, list);
  }
  const outOfOrder: string[] = [];
  const overlapping: string[] = [];
  for (const [project, count] of expected) {
    // Handling order is the order of the ledger's start times (lines are appended at the end of each).
    const list = [...(byProject.get(project) ?? [])].sort((a, b) => a.start - b.start || a.end - b.end);
    if (list.length !== count || list.some((line, i) => line.seq !== i + 1)) outOfOrder.push(project);
    if (list.some((line, i) => i > 0 && line.start < list[i - 1]!.end)) overlapping.push(project);
  }
  return { missing, duplicated, unexpected, outOfOrder, overlapping };
}

export const NO_LEDGER_PROBLEMS: LedgerProblems = { missing: 0, duplicated: 0, unexpected: 0, outOfOrder: [], overlapping: [] };
