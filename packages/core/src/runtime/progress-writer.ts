import type { AyonClient } from "../ayon/client.js";
import type { Logger } from "../logging/logger.js";
import { describeError } from "../plugin/errors.js";
import type { ReplyMirror } from "./reply.js";

/**
 * Throttled progress and keepalive writes for one job. Progress lives in the job's summary (AYON stores no
 * progress column) and in the reply event when a page waits for it.
 *
 * The job is not marked "in progress" when it starts: the first write, one interval after the start, does it
 * (with the progress so far), whether or not the handler reported any. A job done sooner (a live update takes a
 * few requests) goes from pending straight to its outcome in one PATCH, which ayon-backend allows (PATCH
 * /api/events sets any status; enroll_job treats a pending job like an in-progress one). Writes are chained
 * after `after`, so they never land out of order.
 */
export class ProgressWriter {
  private percent = 0;
  private message = "";
  private lastWrite: number;
  private pending: NodeJS.Timeout | null = null;
  private keepalive: NodeJS.Timeout | null = null;
  private writing: Promise<void>;
  private stopped = false;

  constructor(
    private readonly ayon: AyonClient,
    private readonly jobId: string,
    private readonly reply: ReplyMirror | null,
    private readonly intervalMs: number,
    private readonly keepaliveMs: number,
    private readonly log: Logger,
    private readonly announce: (percent: number, message: string) => void,
    after: Promise<void> = Promise.resolve(),
  ) {
    this.lastWrite = Date.now();
    this.writing = after.catch(() => undefined);
  }

  async start(description: string): Promise<void> {
    this.message = description;
    if (!this.pending) {
      this.pending = setTimeout(() => this.flush(), Math.max(0, this.lastWrite + this.intervalMs - Date.now()));
      this.pending.unref();
    }
    this.keepalive = setInterval(() => this.flush(), this.keepaliveMs);
    this.keepalive.unref();
    await this.reply?.write({ status: "in_progress", progress: 0, description }).catch(() => undefined);
  }

  report(percent: number, message?: string): void {
    if (this.stopped) return;
    this.percent = Math.max(0, Math.min(100, Math.round(percent)));
    if (message) this.message = message;
    const wait = this.lastWrite + this.intervalMs - Date.now();
    if (wait <= 0) this.flush();
    else if (!this.pending) {
      this.pending = setTimeout(() => this.flush(), wait);
      this.pending.unref();
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.pending) clearTimeout(this.pending);
    if (this.keepalive) clearInterval(this.keepalive);
    await this.writing;
  }

  private flush(): void {
    if (this.pending) clearTimeout(this.pending);
    this.pending = null;
    this.lastWrite = Date.now();
    const { percent, message } = this;
    this.announce(percent, message);
    this.writing = this.writing.then(async () => {
      try {
        await this.ayon.updateEvent(this.jobId, { status: "in_progress", progress: percent, description: message, summary: { progress: percent, message } });
        await this.reply?.write({ status: "in_progress", progress: percent, description: message });
      } catch (error) {
        this.log.debug("progress write failed", { error: describeError(error) });
      }
    });
  }
}
