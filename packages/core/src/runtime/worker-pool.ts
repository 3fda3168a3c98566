import type { EventEmitter } from "eventemitter3";
import type { AyonClient } from "../ayon/client.js";
import type { EnrollRequest, EnrollResponse } from "../ayon/types.js";
import type { Logger } from "../logging/logger.js";
import { describeError } from "../plugin/errors.js";
import { Availability, isOutage } from "./availability.js";
import { EventFeed } from "./event-feed.js";
import { JobRunner } from "./job-runner.js";
import { sleep } from "../util/sleep.js";
import { LaneScheduler, laneFilter, type Lane } from "./lanes.js";
import type { QueueConfig } from "./queue-config.js";
import { StuckJobReaper } from "./reaper.js";
import type { Route } from "./routes.js";
import type { RuntimeEvents } from "./runtime-events.js";

/** A lane a slot keeps after a job, with that job's outcome still being written. */
interface HeldLane {
  lane: Lane;
  jobId: string;
  recorded: Promise<"ok" | "stopped">;
}

export interface WorkerPoolDeps {
  ayon: AyonClient;
  routes: readonly Route[];
  config: QueueConfig;
  logger: Logger;
  emitter: EventEmitter<RuntimeEvents>;
  /** Prefix of the worker sender names; slot i enrolls as `<instanceName>-w<i>`. */
  instanceName: string;
  /** X-Sender-Type of every write the workers make (loop prevention). */
  senderType: string;
}

/**
 * The consumers of AYON's event queue in this process: `concurrency` worker slots, each enrolling under its
 * own sender name, plus the loops that tell them where work waits (event feed, sweeps) and that free the queue
 * from dead workers' jobs (reaper).
 */
export class WorkerPool {
  readonly scheduler: LaneScheduler;
  private readonly runner: JobRunner;
  private readonly feed: EventFeed;
  private readonly reaper: StuckJobReaper;
  private readonly availability: Availability;
  /** Aborted to stop taking new work. */
  private readonly stopping = new AbortController();
  /** Aborted when the shutdown grace period is over: running handlers must stop. */
  private readonly hardStop = new AbortController();
  private loops: Promise<void>[] = [];
  private running = 0;

  constructor(private readonly deps: WorkerPoolDeps) {
    const { ayon, routes, config, logger, emitter } = deps;
    this.scheduler = new LaneScheduler(routes);
    this.runner = new JobRunner(
      { maxRetries: config.maxRetries, jobTimeoutMs: config.jobTimeoutMs, keepaliveMs: Math.max(1000, Math.floor(config.stuckJobMs / 3)), progressIntervalMs: config.progressIntervalMs },
      logger,
      emitter,
    );
    this.feed = new EventFeed(ayon, routes, this.scheduler, logger);
    this.reaper = new StuckJobReaper(ayon, config.jobTopic, config.stuckJobMs, this.scheduler, logger);
    this.availability = new Availability(logger, emitter, { baseMs: 500, maxMs: config.outageBackoffMaxMs });
  }

  /** Jobs running right now in this process. */
  get activeJobs(): number {
    return this.running;
  }

  async start(): Promise<void> {
    if (this.deps.routes.length === 0) return;
    await this.feed.sweep();
    await this.feed.init();
    await this.reaper.releaseOwn(`${this.deps.instanceName}-w`);
    const signal = this.stopping.signal;
    for (let slot = 0; slot < this.deps.config.concurrency; slot++) this.loops.push(this.slotLoop(slot));
    this.loops.push(this.every(this.deps.config.pollIntervalMs, () => this.feed.poll(), signal));
    this.loops.push(this.every(this.deps.config.sweepIntervalMs, () => this.feed.sweep(), signal));
    this.loops.push(this.every(Math.max(1000, Math.min(60_000, this.deps.config.stuckJobMs / 2)), () => this.reaper.reap(), signal));
  }

  /** Stops enrolling, lets running jobs finish within the grace period, then interrupts and releases them. */
  async stop(): Promise<void> {
    this.stopping.abort();
    this.scheduler.close();
    const grace = setTimeout(() => this.hardStop.abort(), this.deps.config.shutdownGraceMs);
    try {
      await Promise.all(this.loops);
    } finally {
      clearTimeout(grace);
    }
  }

  private enrollRequest(lane: Lane): EnrollRequest {
    const { config } = this.deps;
    const filter = laneFilter(lane, this.scheduler.knownProjects());
    return {
      sourceTopic: lane.route.sourceTopic,
      targetTopic: config.jobTopic,
      sequential: lane.route.ordered,
      maxRetries: config.maxRetries,
      ignoreOlderThan: config.ignoreOlderThanDays,
      description: "ayon-sg job",
      ...(filter ? { filter } : {}),
      ...(lane.route.ignoreSenderTypes.length > 0 ? { ignoreSenderTypes: lane.route.ignoreSenderTypes } : {}),
    };
  }

  /**
   * One worker slot. After a job it normally keeps its lane and asks for the lane's next job while the finished
   * job's outcome is still on its way ("pipelined"): under per-project order that saves one round trip per
   * event. Should the enroll reach AYON before the outcome, AYON answers with the same job (it belongs to this
   * sender and is unfinished, ayon-api.md §2.5): the slot then waits for the outcome and asks again. A slot gives
   * its lane back after each job when other lanes wait for a slot, so busy projects take turns.
   */
  private async slotLoop(slot: number): Promise<void> {
    const sender = `${this.deps.instanceName}-w${slot}`;
    const ayon = this.deps.ayon.withSender(sender, this.deps.senderType);
    const signal = this.stopping.signal;
    let held = null as HeldLane | null;
    while (!signal.aborted) {
      await this.availability.ready(signal);
      const lane: Lane | null = held?.lane ?? (await this.scheduler.next(signal));
      if (!lane) break;
      let job: EnrollResponse | null;
      try {
        job = await this.enrollBeside(ayon, lane, held);
        // A null answer may be a 503 "try later": only a job proves AYON is fine.
        if (job) this.availability.succeeded();
      } catch (error) {
        this.scheduler.release(lane, "error");
        if (isOutage(error)) this.availability.failed(error);
        else this.deps.logger.error(`enroll failed: ${describeError(error)}`, { lane: lane.route.key });
        continue;
      } finally {
        held = null;
      }
      if (!job) {
        this.scheduler.release(lane, "empty");
        continue;
      }
      const run = await this.runToCompletion(job, ayon, lane);
      if (run.result === "stopped") {
        this.scheduler.release(lane, "error");
        break;
      }
      if (run.result === "job" && !signal.aborted && !this.scheduler.othersWaiting(lane)) {
        held = { lane, jobId: job.id, recorded: run.recorded };
        continue;
      }
      const recorded = await run.recorded;
      this.scheduler.release(lane, recorded === "stopped" ? "error" : run.result);
      if (recorded === "stopped") break;
    }
    if (held) {
      await held.recorded;
      this.scheduler.release(held.lane, "job");
    }
  }

  /** Enrolls on `lane` while the outcome of the slot's previous job (if any) is being written. */
  private async enrollBeside(ayon: AyonClient, lane: Lane, held: HeldLane | null): Promise<EnrollResponse | null> {
    const enrolling = ayon.enroll(this.enrollRequest(lane));
    if (!held) return enrolling;
    const [enrolled] = await Promise.allSettled([enrolling, held.recorded]);
    if (enrolled.status === "rejected") throw enrolled.reason;
    // AYON read the queue before the previous outcome landed: it handed the same job back. Now it has landed.
    if (enrolled.value?.id === held.jobId) return ayon.enroll(this.enrollRequest(lane));
    return enrolled.value;
  }

  /**
   * Runs a job until its handlers are done; `recorded` settles once the outcome is stored ("stopped" when the
   * runtime shut down first). If AYON fails underneath, the slot stays with its job (it owns it under its sender
   * name) and runs it again once AYON answers; handlers are idempotent by contract.
   */
  private async runToCompletion(job: EnrollResponse, ayon: AyonClient, lane: Lane): Promise<{ result: "job" | "failed" | "stopped"; recorded: Promise<"ok" | "stopped"> }> {
    this.running += 1;
    let handedOver = false;
    try {
      for (;;) {
        try {
          const started = await this.runner.start(job, ayon, lane.route, this.hardStop.signal, this.feed.take(job.dependsOn));
          const { report } = started;
          if (report.project !== null && lane.kind === "rest") this.scheduler.learnProject(report.project);
          const recorded = started.recorded.then(
            () => {
              this.availability.succeeded();
              return "ok" as const;
            },
            () => "stopped" as const,
          );
          handedOver = true;
          void recorded.finally(() => (this.running -= 1));
          // A retryable failure, or a job handed back while a service it needs is down: the lane cools off.
          const failed = (report.status === "failed" && report.retryable) || report.status === "released";
          return { result: failed ? "failed" : "job", recorded };
        } catch (error) {
          if (this.hardStop.signal.aborted) return { result: "stopped", recorded: Promise.resolve("stopped") };
          if (isOutage(error)) this.availability.failed(error);
          else this.deps.logger.error(`job ${job.id} could not run: ${describeError(error)}; trying again`, { jobId: job.id });
          await this.availability.ready(this.hardStop.signal);
          await sleep(1000, this.hardStop.signal);
        }
      }
    } finally {
      if (!handedOver) this.running -= 1;
    }
  }

  /**
   * Runs `task` every `ms` until `signal` aborts; failures are logged, never thrown. During an outage the task
   * waits out the shared backoff and then serves as the probe that notices AYON is back.
   */
  private async every(ms: number, task: () => Promise<unknown>, signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      await sleep(ms, signal);
      await this.availability.ready(signal);
      if (signal.aborted) break;
      try {
        await task();
        this.availability.succeeded();
      } catch (error) {
        if (isOutage(error)) this.availability.failed(error);
        else this.deps.logger.warn(`background task failed: ${describeError(error)}`);
      }
    }
  }
}
