/**
 * The figures of one sandbox run, printed at the end of a bounded run (`--once`, with `--edits N`) so a
 * script can read them: the server, the project's size, the setup, import and full-sync times, what the full
 * sync wrote (on a project just imported: nothing), and the live edits with their latency.
 */
import type { JobReport } from "@ayon-sg/core";
import { describeLatencies, type LatencySummary } from "./edit-latency.js";

/** What the full sync's job description says it wrote in AYON (shotgrid/src/sync/full-sync.ts describeSummary). */
export interface SyncWrites {
  foldersCreated: number;
  foldersUpdated: number;
  tasksCreated: number;
  tasksUpdated: number;
}

const SYNC_COUNTS = /folders (\d+) created, (\d+) updated, \d+ unchanged; tasks (\d+) created, (\d+) updated, \d+ unchanged/;

export function syncWritesOf(description: string): SyncWrites | null {
  const m = SYNC_COUNTS.exec(description);
  if (!m) return null;
  return { foldersCreated: Number(m[1]), foldersUpdated: Number(m[2]), tasksCreated: Number(m[3]), tasksUpdated: Number(m[4]) };
}

export function ayonWrites(w: SyncWrites): number {
  return w.foldersCreated + w.foldersUpdated + w.tasksCreated + w.tasksUpdated;
}

export interface RunReport {
  server: string;
  project: string;
  setupMs?: number;
  import?: { job: JobReport; wallMs: number };
  sync?: { job: JobReport; wallMs: number; shotgridWrites: number };
  edits?: LatencySummary;
}

/** Problems a bounded run fails on: a full sync that wrote to AYON, edits that never reached it, failed jobs. */
export function reportProblems(report: RunReport): string[] {
  const problems: string[] = [];
  if (report.sync) {
    const writes = syncWritesOf(report.sync.job.description);
    if (!writes) problems.push(`the full sync's description does not say what it wrote: ${report.sync.job.description}`);
    else if (ayonWrites(writes) > 0) problems.push(`the full sync after the import wrote ${ayonWrites(writes)} AYON entities (nothing had changed)`);
  }
  if (report.edits) {
    const e = report.edits;
    if (e.applied < e.made) problems.push(`${e.made - e.applied} of ${e.made} live edits never changed AYON (waited up to a minute after the last)`);
    if (e.failedJobs > 0) problems.push(`${e.failedJobs} live job(s) failed`);
  }
  return problems;
}

export function formatReport(report: RunReport): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const lines = [`Summary (${report.server}):`, `  project     ${report.project}`];
  if (report.setupMs !== undefined) lines.push(`  setup       ${s(report.setupMs)} (addon installed and configured)`);
  if (report.import) lines.push(`  import      ${report.import.job.status} in ${s(report.import.wallMs)} (job ${s(report.import.job.durationMs)})`);
  if (report.sync) {
    const w = syncWritesOf(report.sync.job.description);
    const ayon = w ? `${ayonWrites(w)} (folders ${w.foldersCreated} created, ${w.foldersUpdated} updated; tasks ${w.tasksCreated} created, ${w.tasksUpdated} updated)` : "unknown";
    lines.push(`  full sync   ${report.sync.job.status} in ${s(report.sync.wallMs)} (job ${s(report.sync.job.durationMs)}); AYON writes ${ayon}; ShotGrid writes ${report.sync.shotgridWrites}`);
  }
  if (report.edits) {
    const e = report.edits;
    lines.push(`  live edits  ${e.made} made, ${e.applied} applied in AYON, ${e.failedJobs} job(s) failed; latency ${describeLatencies(e.latencies)}`);
  }
  return lines.join("\n");
}
