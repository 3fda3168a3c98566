/**
 * This process's instance event (instances.ts has the rule): claimed at start, PATCHed once per interval — the
 * only cost, one request per interval — and marked "stopped" on a clean stop. A heartbeat that fails (AYON away)
 * is logged once and tried again at the next tick; it never stops the runtime.
 */
import { hostname } from "node:os";
import type { AyonClient } from "../ayon/client.js";
import { AyonHttpError } from "../ayon/errors.js";
import type { Logger } from "../logging/logger.js";
import { describeError } from "../plugin/errors.js";
import { INSTANCE_TOPIC, instanceHash, instancesOf, INSTANCES_READ_LIMIT, type InstancePayload } from "./instances.js";

export interface InstanceHeartbeatOptions {
  ayon: AyonClient;
  logger: Logger;
  instance: string;
  service: string;
  version: string;
  plugins: string[];
  workerSlots: number;
  intervalMs: number;
  host?: string;
  pid?: number;
  now?: () => number;
}

export class InstanceHeartbeat {
  private eventId: string | null = null;
  private payload: InstancePayload;
  private timer: NodeJS.Timeout | null = null;
  private failing = false;
  private beating: Promise<void> = Promise.resolve();

  constructor(private readonly options: InstanceHeartbeatOptions) {
    const now = options.now ?? Date.now;
    this.payload = {
      instance: options.instance,
      service: options.service,
      host: options.host ?? hostname(),
      pid: options.pid ?? process.pid,
      slot: 0,
      version: options.version,
      plugins: options.plugins,
      workerSlots: options.workerSlots,
      startedAt: new Date(now()).toISOString(),
      heartbeatMs: options.intervalMs,
      status: "running",
    };
  }

  /** The claimed event's id (null until claimed). */
  get id(): string | null {
    return this.eventId;
  }

  /**
   * Claims the event and beats every interval; an interval of 0 turns the heartbeat off. Resolves once the first
   * beat is written (or failed); nothing needs to wait for it: `stop` waits for a beat under way.
   */
  start(): Promise<void> {
    if (this.options.intervalMs <= 0 || this.timer) return Promise.resolve();
    this.timer = setInterval(() => (this.beating = this.beating.then(() => this.beat())), this.options.intervalMs);
    this.timer.unref();
    return (this.beating = this.beat());
  }

  /** Marks the event stopped (the page then says so at once instead of after the alive threshold). */
  async stop(): Promise<void> {
    if (!this.timer) return;
    clearInterval(this.timer);
    this.timer = null;
    await this.beating;
    this.payload = { ...this.payload, status: "stopped" };
    if (this.eventId) await this.options.ayon.updateEvent(this.eventId, { payload: { ...this.payload } }).catch((error: unknown) => this.report(error));
  }

  /** One request: the claim while there is no event, else the PATCH. */
  async beat(): Promise<void> {
    try {
      if (this.eventId === null) await this.claim();
      else await this.options.ayon.updateEvent(this.eventId, { payload: { ...this.payload } });
      if (this.failing) this.options.logger.info("instance heartbeat written again");
      this.failing = false;
    } catch (error) {
      // The event was re-used by another process (a reuse gives the row a new id): claim a slot again.
      if (error instanceof AyonHttpError && error.status === 404) this.eventId = null;
      this.report(error);
    }
  }

  /**
   * The lowest slot of this host and service that no live instance holds, then its event, created or re-used
   * (one read, one POST).
   */
  private async claim(): Promise<void> {
    const { ayon } = this.options;
    const now = (this.options.now ?? Date.now)();
    const page = await ayon.queryEvents({ topics: [INSTANCE_TOPIC], last: INSTANCES_READ_LIMIT });
    const taken = new Set(
      instancesOf(page.events, now)
        .filter((i) => i.alive && i.host === this.payload.host && i.service === this.payload.service && i.instance !== this.payload.instance)
        .map((i) => i.slot),
    );
    let slot = 0;
    while (taken.has(slot)) slot += 1;
    this.payload = { ...this.payload, slot };
    const result = await ayon.dispatchEvent({
      topic: INSTANCE_TOPIC,
      hash: instanceHash(this.payload.host, this.payload.service, slot),
      description: `ayon-sg runtime '${this.payload.instance}' on ${this.payload.host}`,
      payload: { ...this.payload },
      reuse: true,
    });
    this.eventId = result.id;
  }

  private report(error: unknown): void {
    if (this.failing) return;
    this.failing = true;
    this.options.logger.warn(`instance heartbeat not written (tried again every ${this.options.intervalMs / 1000} s): ${describeError(error)}`);
  }
}
