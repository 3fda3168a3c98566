import { setMaxListeners } from "node:events";
import type { EventEmitter } from "eventemitter3";
import type { AyonClient } from "../ayon/client.js";
import type { EnrollRequest, EnrollResponse } from "../ayon/types.js";
import type { Logger } from "../logging/logger.js";
import { describeError } from "../plugin/errors.js";
import { Availability, isOutage } from "./availability.js";
import { EventFeed } from "./event-feed.js";
import { claimFollowers } from "./batch-claims.js";
import { HeldJobs } from "./held-jobs.js";
import { JobRunner, type BatchJob } from "./job-runner.js";
import { sleep } from "../util/sleep.js";
import { ClaimBackoff, HANDOVER_QUIET_MS } from "./claim-backoff.js";
import { LaneScheduler, laneFilter, laneKey, type Lane } from "./lanes.js";
import type { QueueConfig } from "./queue-config.js";
import { StuckJobReaper } from "./reaper.js";
import { handlersFor, jobTopics, routeClaims, routesForTopic, withSenderRules, type LoadedHandler, type Route } from "./routes.js";
import type { RuntimeEvents } from "./runtime-events.js";

/** How often the event feed looks for new source events while the last look found some and jobs run here. */
const BUSY_FEED_POLL_MS = 100;
/** How long events may wait on a lane that enroll keeps answering "nothing to do" for before a warning. */
const STALL_REPORT_MS = 10 * 60_000;

/** A lane a slot keeps after a job, with that job's outcome still being written. */
interface HeldLane {
  lane: Lane;
  jobId: string;
  /** The job ran in a batch: its followers' jobs, held by other sender names, may also be unfinished still. */
  batched: boolean;
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
  private readonly claimBackoff: ClaimBackoff;
  /** Jobs enrolled or claimed by this process's slots whose outcome is not stored yet: the reaper spares them. */
  private readonly held = new HeldJobs();
  /** Aborted to stop taking new work. */
  private readonly stopping = new AbortController();
  /** Aborted when the shutdown grace period is over: running handlers must stop. */
  private readonly hardStop = new AbortController();
  private loops: Promise<void>[] = [];
  private running = 0;
  private unsubscribe: () => void = () => undefined;

  constructor(private readonly deps: WorkerPoolDeps) {
    const { ayon, routes, config, logger, emitter } = deps;
    this.scheduler = new LaneScheduler(routes);
    this.runner = new JobRunner(
      { maxRetries: config.maxRetries, jobTimeoutMs: config.jobTimeoutMs, keepaliveMs: Math.max(1000, Math.floor(config.stuckJobMs / 3)), progressIntervalMs: config.progressIntervalMs, outageBudgetMs: config.outageBudgetMinutes * 60_000 },
      logger,
      emitter,
    );
    this.feed = new EventFeed(ayon, routes, this.scheduler, logger);
    this.reaper = new StuckJobReaper(ayon, jobTopics(routes), config.stuckJobMs, this.scheduler, logger, this.held);
    this.availability = new Availability(logger, emitter, { baseMs: 500, maxMs: config.outageBackoffMaxMs });
    this.claimBackoff = new ClaimBackoff(config.pollIntervalMs, 4 * config.pollIntervalMs);
    // Every slot waits on these signals (a free slot in the scheduler, a backoff's sleep), besides the pool's own
    // loops: with more than a few slots Node would warn of a listener leak that is none.
    setMaxListeners(2 * config.concurrency + 10, this.stopping.signal, this.hardStop.signal);
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
    // An event a source of this process (the leecher) just stored marks its lane at once: a slot here enrolls it
    // before another process's feed has seen it, so a project's jobs stay in the process that receives its events
    // while that process keeps up (ClaimBackoff hands lanes over when it does not), without a feed look in between.
    this.unsubscribe = this.deps.ayon.onDispatched((event) => {
      for (const route of routesForTopic(this.deps.routes, event.topic)) {
        if (event.senderType === null || !route.ignoreSenderTypes.includes(event.senderType)) this.scheduler.markEvent(route, event.project);
      }
    });
    const signal = this.stopping.signal;
    for (let slot = 0; slot < this.deps.config.concurrency; slot++) this.loops.push(this.slotLoop(slot));
    // While events keep coming and this process runs jobs, the feed looks again soon: batches then take what is
    // already waiting. A process running none looks at the idle pace: its looks would only announce lanes that
    // another process holds, each announcement costing an enroll answered "nothing to do".
    let busy = false;
    const feedInterval = () => (busy && this.running > 0 ? Math.min(BUSY_FEED_POLL_MS, this.deps.config.pollIntervalMs) : this.deps.config.pollIntervalMs);
    // A worker's catch-up (EventFeed.catchUp) that read the feed within the last half interval stands in for a look.
    this.loops.push(this.every(feedInterval, async () => {
      if (this.feed.sinceLastPoll() >= feedInterval() / 2) busy = (await this.feed.poll()) > 0;
    }, signal));
    this.loops.push(this.every(this.deps.config.sweepIntervalMs, () => this.feed.sweep(), signal));
    this.loops.push(this.every(Math.max(1000, Math.min(60_000, this.deps.config.stuckJobMs / 2)), () => this.reaper.reap(), signal));
  }

  /** Stops enrolling, lets running jobs finish within the grace period, then interrupts and releases them. */
  async stop(): Promise<void> {
    this.unsubscribe();
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
    const filter = withSenderRules(lane.route, laneFilter(lane, this.scheduler.knownProjects()));
    return {
      sourceTopic: lane.route.sourceTopic,
      targetTopic: lane.route.jobTopic,
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
   * sender and is unfinished, ayon-backend ayon_server/events/enroll.py): the slot then waits for the outcome and asks
   * again. A slot gives its lane back after each job when other lanes wait for a slot, so busy projects take turns.
   */
  private async slotLoop(slot: number): Promise<void> {
    const sender = `${this.deps.instanceName}-w${slot}`;
    // The slot writes with the sender type of the lane's order group (a plugin's own, unless it shares a group).
    const clients = new Map<string, AyonClient>();
    const clientFor = (route: Route) => {
      let client = clients.get(route.senderType);
      if (!client) clients.set(route.senderType, (client = this.deps.ayon.withSender(sender, route.senderType)));
      return client;
    };
    const signal = this.stopping.signal;
    let held = null as HeldLane | null;
    let heldSince = 0;
    while (!signal.aborted) {
      await this.availability.ready(signal);
      if (!held) heldSince = Date.now();
      const lane: Lane | null = held?.lane ?? (await this.scheduler.next(signal));
      if (!lane) break;
      const ayon = clientFor(lane.route);
      let job: EnrollResponse | null;
      const fresh = held === null;
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
        // A held lane came back empty: this slot drained it. A fresh enroll on an ordered lane for announced work
        // came back empty: another process holds the lane (ClaimBackoff), which is left quiet for a while.
        // ayon-backend ayon_server/events/enroll.py: sequential + head job of another sender → None (204) at once.
        const heldElsewhere = fresh && lane.kind !== "any" && this.scheduler.announced(lane);
        if (!fresh) this.claimBackoff.served(laneKey(lane));
        this.scheduler.release(lane, "empty", heldElsewhere ? this.claimBackoff.heldElsewhere(laneKey(lane)) : 0);
        this.reportStall(lane);
        continue;
      }
      this.claimBackoff.served(laneKey(lane));
      const run = await this.runToCompletion(job, ayon, lane, sender);
      if (run.result === "stopped") {
        this.scheduler.release(lane, "error");
        break;
      }
      // A process that is behind does not keep the lanes it got while others are idle (ClaimBackoff.offerLane).
      const handOver = run.result === "job" && this.claimBackoff.offerLane(Date.now() - heldSince, run.lagMs);
      if (run.result === "job" && !handOver && !signal.aborted && !this.scheduler.othersWaiting(lane)) {
        held = { lane, jobId: job.id, batched: run.batched, recorded: run.recorded };
        continue;
      }
      const recorded = await run.recorded;
      this.scheduler.release(lane, recorded === "stopped" ? "error" : run.result, handOver ? HANDOVER_QUIET_MS : 0);
      if (recorded === "stopped") break;
    }
    if (held) {
      await held.recorded;
      this.scheduler.release(held.lane, "job");
    }
  }

  /** A warning when events have waited on `lane` for STALL_REPORT_MS while AYON kept answering "nothing to do". */
  private reportStall(lane: Lane): void {
    const waited = this.scheduler.stalled(lane, STALL_REPORT_MS);
    if (waited === null) return;
    const where = lane.kind === "project" ? `project ${lane.project}` : lane.kind === "rest" ? "events of new or no projects" : "its events";
    this.deps.logger.warn(
      `AYON has answered "nothing to do" for ${Math.round(waited / 60_000)} min to enrolls on ${lane.route.sourceTopic} (${where}) ` +
        `while new events for it arrived: unless another worker is still busy with its current job, AYON is refusing ` +
        `the enroll request (it answers a failed enroll query with 204; see the AYON server's log)`,
      { lane: lane.route.key },
    );
  }

  /**
   * Enrolls on `lane` while the outcome of the slot's previous job (if any) is being written; after a batch, once
   * its outcomes are stored. The job answered is held from the moment the answer arrives (HeldJobs);
   * runToCompletion lets it go once its outcome is stored.
   */
  private async enrollBeside(ayon: AyonClient, lane: Lane, held: HeldLane | null): Promise<EnrollResponse | null> {
    // After a batch the enroll waits for the outcomes: sent beside them it would race one PATCH per job, and
    // AYON answers it 204 while any follower's job is unfinished (its sender holds the project's head) — an
    // enroll spent for nothing, then asked again.
    if (held?.batched) await held.recorded;
    const enrolling = this.enrollHeld(ayon, lane);
    if (!held || held.batched) return enrolling;
    const [enrolled] = await Promise.allSettled([enrolling, held.recorded]);
    if (enrolled.status === "rejected") throw enrolled.reason;
    // AYON read the queue before the previous outcome landed: it handed the same job back. Now the outcome has landed.
    if (enrolled.value?.id === held.jobId) {
      this.held.release(enrolled.value.id);
      return this.enrollHeld(ayon, lane);
    }
    return enrolled.value;
  }

  private async enrollHeld(ayon: AyonClient, lane: Lane): Promise<EnrollResponse | null> {
    const job = await ayon.enroll(this.enrollRequest(lane));
    if (job) this.held.hold(job.id);
    return job;
  }

  /**
   * Runs a job until its handlers are done; `recorded` settles once the outcome is stored ("stopped" when the
   * runtime shut down first). If AYON fails underneath, the slot stays with its job (it owns it under its sender
   * name) and runs it again once AYON answers; handlers are idempotent by contract. A job whose handler takes
   * batches runs with the events that follow it in its project's queue (batch-claims.ts).
   */
  private async runToCompletion(
    job: EnrollResponse, ayon: AyonClient, lane: Lane, sender: string,
  ): Promise<{ result: "job" | "failed" | "stopped"; batched: boolean; lagMs: number; recorded: Promise<"ok" | "stopped"> }> {
    this.running += 1;
    let handedOver = false;
    // The job (held since its enroll answered) and its batch's followers (held since their claims answered).
    const holding = [job.id];
    try {
      const batch = await this.gatherBatch(job, ayon, lane, sender, holding).catch((error: unknown) => {
        // Claims never throw (a failed one ends the batch); anything else is a bug: the job still runs, alone.
        this.deps.logger.error(`could not gather a batch after job ${job.id}: ${describeError(error)}`, { jobId: job.id });
        return null;
      });
      for (;;) {
        try {
          const started = batch
            ? await this.runner.startBatch(batch.jobs, batch.handler, this.hardStop.signal)
            : await this.runner.start(job, ayon, lane.route, this.hardStop.signal, this.feed.take(job.dependsOn, lane.route)).then((one) => ({ reports: [one.report], recorded: one.recorded }));
          const { reports } = started;
          const first = reports[0];
          if (first && first.project !== null && lane.kind === "rest") this.scheduler.learnProject(first.project);
          const recorded = started.recorded.then(
            () => {
              this.availability.succeeded();
              return "ok" as const;
            },
            () => "stopped" as const,
          );
          handedOver = true;
          void recorded.finally(() => {
            this.running -= 1;
            for (const id of holding) this.held.release(id);
          });
          // A retryable failure, or a job handed back while a service it needs is down: the lane cools off.
          const failed = reports.some((report) => (report.status === "failed" && report.retryable) || report.status === "released");
          return { result: failed ? "failed" : "job", batched: batch !== null, lagMs: first?.queueLagMs ?? 0, recorded };
        } catch (error) {
          if (this.hardStop.signal.aborted) return { result: "stopped", batched: batch !== null, lagMs: 0, recorded: Promise.resolve("stopped") };
          if (isOutage(error)) this.availability.failed(error);
          else this.deps.logger.error(`job ${job.id} could not run: ${describeError(error)}; trying again`, { jobId: job.id });
          await this.availability.ready(this.hardStop.signal);
          await sleep(1000, this.hardStop.signal);
        }
      }
    } finally {
      if (!handedOver) {
        this.running -= 1;
        for (const id of holding) this.held.release(id);
      }
    }
  }

  /**
   * The job and the events following it in its project's queue, claimed, when its handler takes batches and the
   * event feed saw such events; null otherwise (the job runs alone).
   */
  private async gatherBatch(
    job: EnrollResponse, ayon: AyonClient, lane: Lane, sender: string, holding: string[],
  ): Promise<{ handler: LoadedHandler; jobs: BatchJob[] } | null> {
    if (lane.kind !== "project" || !lane.route.ordered || !lane.route.handlers.some((h) => h.metadata.batch > 1)) return null;
    if (!this.feed.peek(job.dependsOn, lane.route)) await this.feed.catchUp(job.dependsOn);
    const lead = this.feed.peek(job.dependsOn, lane.route);
    if (!lead) return null;
    const handlers = handlersFor(lane.route, lead);
    const handler = handlers[0];
    if (handlers.length !== 1 || !handler || handler.metadata.batch <= 1) return null;
    const followers = this.feed.followers(lead.id, lane.route, lane.project, handler.metadata.batch - 1, (event) => {
      if (!routeClaims(lane.route, event.topic)) return "skip";
      const wanted = handlersFor(lane.route, event);
      return wanted.length === 1 && wanted[0] === handler ? "take" : "stop";
    });
    if (followers.length === 0) return null;
    const claimed = await claimFollowers(
      (name) => this.deps.ayon.withSender(name, lane.route.senderType),
      sender,
      this.enrollRequest(lane),
      followers,
      this.deps.logger,
      this.held,
    );
    holding.push(...claimed.map(({ job: follower }) => follower.id));
    if (claimed.length === 0) return null;
    this.feed.take(lead.id, lane.route);
    for (const { source } of claimed) this.feed.take(source.id, lane.route);
    return { handler, jobs: [{ job, source: lead, ayon }, ...claimed] };
  }

  /**
   * Runs `task` every `ms` until `signal` aborts; failures are logged, never thrown. During an outage the task
   * waits out the shared backoff and then serves as the probe that notices AYON is back.
   */
  private async every(ms: number | (() => number), task: () => Promise<unknown>, signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      await sleep(typeof ms === "number" ? ms : ms(), signal);
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
