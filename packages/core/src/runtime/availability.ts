import type { EventEmitter } from "eventemitter3";
import { classifyAnswer } from "../http/failure-class.js";
import type { Logger } from "../logging/logger.js";
import { describeError } from "../plugin/errors.js";
import type { RuntimeEvents } from "./runtime-events.js";
import { sleep } from "../util/sleep.js";

/**
 * Shared view of whether AYON answers. When a request fails at the connection level every loop waits the same
 * capped, jittered backoff instead of hammering a server that is down, and the state change is logged once.
 */
export class Availability {
  private failures = 0;
  private downUntil = 0;

  constructor(
    private readonly logger: Logger,
    private readonly emitter: EventEmitter<RuntimeEvents>,
    private readonly backoff = { baseMs: 500, maxMs: 30_000 },
  ) {}

  get isDown(): boolean {
    return this.failures > 0;
  }

  /** Waits out the current backoff, if any. */
  async ready(signal: AbortSignal): Promise<void> {
    const wait = this.downUntil - Date.now();
    if (wait > 0) await sleep(wait, signal);
  }

  succeeded(): void {
    if (this.failures === 0) return;
    this.failures = 0;
    this.downUntil = 0;
    this.logger.info("AYON answers again; resuming");
    this.emitter.emit("ayon:available");
  }

  failed(error: unknown): void {
    this.failures += 1;
    const delay = Math.min(this.backoff.maxMs, this.backoff.baseMs * 2 ** Math.min(this.failures - 1, 16));
    this.downUntil = Date.now() + delay * (0.5 + Math.random() / 2);
    if (this.failures === 1) {
      this.logger.warn(`AYON is unreachable (${describeError(error)}); retrying with backoff`);
      this.emitter.emit("ayon:unavailable", { error });
    }
  }
}

/**
 * True for an AYON failure worth waiting for, by the one rule both clients use (http/failure-class.ts): an answer
 * whose status may pass by itself (any 5xx, 408, 425, 429, a redirect), a 2xx body that is not JSON (an HTML page:
 * the client marks its AyonResponseError `unavailable`), or no answer at all (AyonUnavailableError, or a connection
 * error carrying a `code`). A final answer (another 4xx, 401/403) is not an outage: waiting would not mend it.
 */
export function isOutage(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { status, unavailable, name, code } = error as { status?: unknown; unavailable?: unknown; name?: unknown; code?: unknown };
  if (typeof status === "number") return classifyAnswer({ status }) === "unavailable";
  if (unavailable === true) return true;
  return name === "AyonUnavailableError" || code !== undefined;
}
