import type { EventEmitter } from "eventemitter3";
import type { Logger } from "../logging/logger.js";
import { describeError } from "../plugin/errors.js";
import type { EventSource } from "../plugin/source.js";
import { sleep } from "../util/sleep.js";
import type { RuntimeEvents } from "./runtime-events.js";

/** Starts a source and starts it again (capped backoff) when its start fails, so one bad source never stops the runtime. */
export class SourceSupervisor {
  private readonly abort = new AbortController();
  private loop: Promise<void> | null = null;
  private running = false;

  constructor(
    private readonly name: string,
    private readonly source: EventSource,
    private readonly logger: Logger,
    private readonly events: EventEmitter<RuntimeEvents>,
  ) {}

  start(): void {
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
    if (this.running) {
      try {
        await this.source.stop();
      } catch (error) {
        this.logger.warn(`source '${this.name}' did not stop cleanly: ${describeError(error)}`);
      }
    }
  }

  private async run(): Promise<void> {
    const signal = this.abort.signal;
    for (let attempt = 1; !signal.aborted; attempt++) {
      try {
        await this.source.start({ logger: this.logger, signal });
        this.running = true;
        return;
      } catch (error) {
        const delay = Math.min(60_000, 1000 * 2 ** Math.min(attempt - 1, 6));
        this.logger.error(`source '${this.name}' failed to start: ${describeError(error)}; trying again in ${Math.round(delay / 1000)} s`);
        this.events.emit("source:error", { source: this.name, error });
        await sleep(delay, signal);
      }
    }
  }
}
