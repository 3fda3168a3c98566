/**
 * Shows the progress of running jobs (the runtime's `job:progress` / `job:done`) in a terminal. On a TTY it
 * keeps one status line at the bottom, redrawn in place, with a bar per running job; anything else written
 * through `output` (the log) goes above it. Elsewhere (a pipe, a container's log) it writes a plain line per
 * job every few seconds or every 10 %, so a log collector gets readable progress without control codes.
 * Jobs that never report progress (most live events) stay silent.
 *
 * Kept by hand rather than cli-progress 3.12 (tried against a recording stream): off a TTY it repeats each bar
 * on a timer whether or not it moved and writes around the logger (plain lines inside LOG_FORMAT=json output),
 * with no line for how a job ended; on a TTY it draws a line per job on its own redraw timer and holds log
 * lines back until the next redraw. What this file needs (one line, log lines above it) is these 170 lines.
 */
import type { EventEmitter } from "eventemitter3";
import { Writable } from "node:stream";
import type { JobProgress, JobReport, RuntimeEvents } from "../runtime/runtime-events.js";

/** The part of a stream the display uses (process.stdout fits; tests pass a fake). */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressDisplayOptions {
  stream: ProgressStream;
  /** "bar": a live line redrawn in place; "lines": periodic plain lines. Default: "bar" on a TTY. */
  mode?: "bar" | "lines";
  /** Lines mode: a job gets a new line when it crosses a 10 % step, or this long after its last line. */
  lineIntervalMs?: number;
  /** Lines mode: where a line goes (default: the stream). The `run` command sends them through its logger. */
  onLine?: (text: string, job: { jobId: string; percent: number; topic: string; project: string | null }) => void;
  now?: () => number;
}

interface JobState {
  progress: JobProgress;
  startedAt: number;
  lineAt: number;
  lineStep: number;
}

const CLEAR_LINE = "\r\x1b[2K";
const BAR_WIDTH = 24;
const SHORT_BAR_WIDTH = 12;

export class ProgressDisplay {
  readonly mode: "bar" | "lines";
  /** Write other output (log lines) here: on a TTY the status line is lifted out of the way and redrawn. */
  readonly output: Writable & { isTTY?: boolean; columns?: number };
  private readonly stream: ProgressStream;
  private readonly lineIntervalMs: number;
  private readonly now: () => number;
  private readonly onLine: NonNullable<ProgressDisplayOptions["onLine"]>;
  private readonly jobs = new Map<string, JobState>();
  private drawn = false;

  constructor(options: ProgressDisplayOptions) {
    this.stream = options.stream;
    this.mode = options.mode ?? (options.stream.isTTY ? "bar" : "lines");
    this.lineIntervalMs = options.lineIntervalMs ?? 5000;
    this.now = options.now ?? Date.now;
    this.onLine = options.onLine ?? ((text) => this.stream.write(`${text}\n`));
    const output = new Writable({
      decodeStrings: false,
      write: (chunk: string | Buffer, _encoding, done) => {
        this.writeAbove(String(chunk));
        done();
      },
    }) as ProgressDisplay["output"];
    output.isTTY = options.stream.isTTY;
    output.columns = options.stream.columns;
    this.output = output;
  }

  /** Follows a runtime's jobs; returns a function that stops following. */
  attach(events: EventEmitter<RuntimeEvents>): () => void {
    const onProgress = (progress: JobProgress) => this.update(progress);
    const onDone = (report: JobReport) => this.finish(report);
    events.on("job:progress", onProgress);
    events.on("job:done", onDone);
    return () => {
      events.off("job:progress", onProgress);
      events.off("job:done", onDone);
    };
  }

  update(progress: JobProgress): void {
    const now = this.now();
    let job = this.jobs.get(progress.jobId);
    if (!job) {
      job = { progress, startedAt: now, lineAt: Number.NEGATIVE_INFINITY, lineStep: -1 };
      this.jobs.set(progress.jobId, job);
    }
    const changed = job.progress.percent !== progress.percent || job.progress.message !== progress.message;
    job.progress = progress;
    // The most recently updated job is drawn first.
    this.jobs.delete(progress.jobId);
    this.jobs.set(progress.jobId, job);
    if (this.mode === "bar") return this.redraw();
    const step = Math.floor(progress.percent / 10);
    if (step > job.lineStep || (changed && now - job.lineAt >= this.lineIntervalMs)) {
      job.lineAt = now;
      job.lineStep = step;
      this.onLine(`${labelOf(progress)}: ${progress.percent}%${progress.message ? ` ${progress.message}` : ""}`, progress);
    }
  }

  /** A job ended: its bar goes, and one closing line says how it ended (only for jobs that showed progress). */
  finish(report: JobReport): void {
    const job = this.jobs.get(report.jobId);
    if (!job) return;
    this.jobs.delete(report.jobId);
    const seconds = ((this.now() - job.startedAt) / 1000).toFixed(1);
    const line = `${labelOf(job.progress)}: ${report.status} after ${seconds} s`;
    if (this.mode === "bar") this.writeAbove(`${report.status === "failed" ? "✗" : "✓"} ${line}\n`);
    else this.onLine(line, { ...job.progress, percent: report.status === "finished" ? 100 : job.progress.percent });
  }

  /** Erases the status line (call before the process prints its last words). */
  close(): void {
    this.jobs.clear();
    if (this.drawn) this.stream.write(CLEAR_LINE);
    this.drawn = false;
  }

  private writeAbove(text: string): void {
    if (this.mode !== "bar") {
      this.stream.write(text);
      return;
    }
    if (this.drawn) this.stream.write(CLEAR_LINE);
    this.drawn = false;
    this.stream.write(text);
    // Redraw only below a complete line; a partial write is finished by the next one.
    if (text.endsWith("\n")) this.redraw();
  }

  private redraw(): void {
    if (this.jobs.size === 0) {
      if (this.drawn) this.stream.write(CLEAR_LINE);
      this.drawn = false;
      return;
    }
    // A pseudo-terminal without a size reports 0 columns.
    const width = Math.max(20, (this.stream.columns || 80) - 1);
    this.stream.write(CLEAR_LINE + truncate(this.statusLine(), width));
    this.drawn = true;
  }

  private statusLine(): string {
    const [latest, ...others] = [...this.jobs.values()].reverse();
    const p = latest!.progress;
    if (others.length === 0) return `${labelOf(p)} ${bar(p.percent, BAR_WIDTH)} ${p.percent}%${p.message ? ` ${p.message}` : ""}`;
    const rest = others.map((o) => `${labelOf(o.progress)} ${o.progress.percent}%`).join(", ");
    return `${labelOf(p)} ${bar(p.percent, SHORT_BAR_WIDTH)} ${p.percent}% | ${rest}`;
  }
}

/** "sync-from-shotgrid demo_project": the action (else the topic) and the project. */
export function labelOf(progress: Pick<JobProgress, "action" | "topic" | "project">): string {
  return `${progress.action ?? progress.topic}${progress.project ? ` ${progress.project}` : ""}`;
}

export function bar(percent: number, width: number): string {
  const filled = Math.round((Math.max(0, Math.min(100, percent)) / 100) * width);
  return `[${"█".repeat(filled)}${"░".repeat(width - filled)}]`;
}

function truncate(text: string, width: number): string {
  const chars = Array.from(text);
  return chars.length <= width ? text : `${chars.slice(0, width - 1).join("")}…`;
}
