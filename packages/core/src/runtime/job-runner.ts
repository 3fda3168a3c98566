import type { EventEmitter } from "eventemitter3";
import type { AyonClient } from "../ayon/client.js";
import type { AyonEvent, EnrollResponse, EventPatch } from "../ayon/types.js";
import type { Logger } from "../logging/logger.js";
import { checkCataloguedEvent } from "../events/catalogue.js";
import { describeError, isRetryable, isUnavailable } from "../plugin/errors.js";
import type { HandlerContext, HandlerOutcome } from "../plugin/handler.js";
import { createInstance } from "./di.js";
import { OutageBudget } from "./outage-budget.js";
import { ProgressWriter } from "./progress-writer.js";
import { clipDescription, MAX_MESSAGE_LENGTH } from "./description.js";
import { ReplyMirror, type ReplyState } from "./reply.js";
import { sleep } from "../util/sleep.js";
import { handlersFor, type LoadedHandler, type Route } from "./routes.js";
import type { JobReport, RuntimeEvents } from "./runtime-events.js";

export interface JobRunnerConfig {
  /** The enroll `maxRetries`; a permanent failure sets the job's retries above it so it is never offered again. */
  maxRetries: number;
  /** A job running longer is aborted and failed (retryable). */
  jobTimeoutMs: number;
  /** How often a running job touches its event so the stuck-job reaper leaves it alone. */
  keepaliveMs: number;
  /** Progress is written at most this often (the last value is always written). */
  progressIntervalMs: number;
  /** How long one event may wait out unavailable services before its job fails (0 = no limit). */
  outageBudgetMs: number;
}

type Outcome =
  | { status: "finished" | "skipped"; description: string; result?: unknown }
  | { status: "failed"; description: string; retryable: boolean; error: string }
  /** Interrupted by shutdown, or waiting for an unavailable service (`outage`: what it met): handed back to the
   *  queue without counting a retry. */
  | { status: "released"; description: string; outage?: string };

/** A job whose handlers are done; its outcome may still be on its way to AYON. */
export interface StartedJob {
  report: JobReport;
  /**
   * Settles once the outcome is stored on the job event (then `job:done` is emitted). The write is retried until
   * it lands, so this rejects only when the runtime shuts down first.
   */
  recorded: Promise<void>;
}

/** A batch whose handler call is done: one report per job, in queue order. */
export interface StartedBatch {
  reports: JobReport[];
  /** Settles once every outcome is stored (see StartedJob). */
  recorded: Promise<void>;
}

/** One job of a batch with its source event. */
export interface BatchJob {
  job: EnrollResponse;
  source: AyonEvent;
  /**
   * Sends as the job's owner: a PATCH also rewrites the job's sender (ayon-backend api/events/events.py), and the job
   * must stay with the sender that claimed it, or that sender's next enroll would be handed this job again.
   */
  ayon: AyonClient;
}

/** Runs one enrolled job: reads its source event, runs the matching handlers, records the outcome on the job. */
export class JobRunner {
  private readonly outageBudget: OutageBudget;

  constructor(
    private readonly config: JobRunnerConfig,
    private readonly logger: Logger,
    private readonly emitter: EventEmitter<RuntimeEvents>,
  ) {
    this.outageBudget = new OutageBudget(config.outageBudgetMs);
  }

  /** The whole job, outcome stored. */
  async run(job: EnrollResponse, ayon: AyonClient, route: Route, shutdown: AbortSignal, known?: AyonEvent): Promise<JobReport> {
    const started = await this.start(job, ayon, route, shutdown, known);
    await started.recorded;
    return started.report;
  }

  /**
   * Runs the handlers and starts recording the outcome without waiting for it, so the worker can ask for its
   * next job in the meantime. `known` is the source event when the event feed already read it: the handlers then
   * start at once instead of behind a GET.
   */
  async start(job: EnrollResponse, ayon: AyonClient, route: Route, shutdown: AbortSignal, known?: AyonEvent): Promise<StartedJob> {
    const started = Date.now();
    // No "in progress" PATCH: enroll hands the job out as pending, and ayon-backend's enroll_job treats pending
    // and in_progress alike (only failed/restarted are re-offered), so the mark would change nothing but the
    // display; a job running past one progress interval shows "in progress" through its first progress write.
    const source: AyonEvent | null =
      known && known.id === job.dependsOn
        ? known
        : await ayon.getEvent(job.dependsOn).catch((error: unknown) => {
            if (isRetryable(error)) throw error;
            return null;
          });
    if (source === null) {
      const report = await this.unreadableSource(job, ayon, route, started, shutdown);
      return { report, recorded: Promise.resolve() };
    }
    const handlers = handlersFor(route, source);
    const action = actionOf(source);
    const names = handlers.map((h) => `${h.pluginId}/${h.handlerClass.name}`);
    const log = this.logger.child({ jobId: job.id, eventId: source.id, topic: source.topic, project: source.project ?? undefined, action: action ?? undefined });
    const reply = ReplyMirror.for(source, job.id, ayon);
    const progress = new ProgressWriter(
      ayon, job.id, reply, this.config.progressIntervalMs, this.config.keepaliveMs, log,
      (percent, message) => this.emitter.emit("job:progress", { jobId: job.id, topic: source.topic, project: source.project, action, percent, message }),
    );

    let outcome: Outcome;
    if (handlers.length === 0) {
      outcome = { status: "skipped", description: clipDescription(`Skipped: no handler for topic '${source.topic}'${action ? ` and action '${action}'` : ""}`) };
    } else {
      const startDescription = `Processing ${source.topic}${action ? ` (${action})` : ""} with ${names.join(", ")}`;
      await progress.start(startDescription);
      outcome = this.withinBudget(source.id, await this.runHandlers(handlers, source, job, log, progress, shutdown), log);
    }
    await progress.stop();

    const report = jobReport(job, route.group, source, names, outcome, started);
    const recorded = this.recordLater(job, ayon, outcome, reply, log, shutdown, report);
    return { report, recorded };
  }

  /**
   * Runs a batch (worker-pool.ts): jobs of one project, next to each other in the queue, all for one handler's
   * `handleBatch`. Each job is reported and recorded on its own, as `start` does for one; the first job
   * carries the progress.
   */
  async startBatch(jobs: readonly BatchJob[], handler: LoadedHandler, shutdown: AbortSignal): Promise<StartedBatch> {
    const started = Date.now();
    const [lead] = jobs as [BatchJob, ...BatchJob[]];
    const name = `${handler.pluginId}/${handler.handlerClass.name}`;
    const { source } = lead;
    const log = this.logger.child({ jobId: lead.job.id, eventId: source.id, topic: source.topic, project: source.project ?? undefined, batch: jobs.length });
    const progress = new ProgressWriter(
      lead.ayon, lead.job.id, null, this.config.progressIntervalMs, this.config.keepaliveMs, log,
      (percent, message) => this.emitter.emit("job:progress", { jobId: lead.job.id, topic: source.topic, project: source.project, action: actionOf(source), percent, message }),
    );
    // The other jobs are touched as often as the first, so another process's stuck-job reaper leaves them alone too.
    // A touch is an empty PATCH: AYON refreshes updated_at on any PATCH and changes status and description only when
    // given (ayon-backend ayon_server/events/eventstream.py update). An attempt that timed out may still land after
    // the outcome under load; it then changes nothing (a status in it turned a finished follower back to
    // "in_progress", holding its project's sequential queue until the reaper freed it).
    let touching: Promise<unknown> = Promise.resolve();
    const keepalive = setInterval(() => {
      const touches = jobs.slice(1).map(({ job, ayon }) => ayon.updateEvent(job.id, {}).catch(() => undefined));
      touching = Promise.all([touching, ...touches]);
    }, this.config.keepaliveMs);
    keepalive.unref();
    let outcomes: Outcome[];
    try {
      await progress.start(`Processing ${jobs.length} ${source.topic} events of ${source.project ?? "no project"} with ${name}`);
      outcomes = (await this.runBatch(handler, jobs, log, progress, shutdown)).map((o, i) => this.withinBudget(jobs[i]!.source.id, o, log));
    } finally {
      clearInterval(keepalive);
      await Promise.all([progress.stop(), touching]);
    }
    const reports = jobs.map(({ job, source: event }, i) => jobReport(job, handler.group.name, event, [name], outcomes[i] as Outcome, started, jobs.length));
    const quiet = jobs.length > 1;
    const recorded = Promise.all(
      jobs.map(({ job, ayon }, i) => this.recordLater(job, ayon, outcomes[i] as Outcome, null, log, shutdown, reports[i] as JobReport, quiet)),
    ).then(() => {
      if (quiet) this.announceBatch(reports);
    });
    recorded.catch(() => undefined);
    return { reports, recorded };
  }

  /** An outage release past the outage budget becomes a failure saying so; any other outcome stops the clock. */
  private withinBudget(eventId: string, outcome: Outcome, log: Logger): Outcome {
    if (outcome.status !== "released" || outcome.outage === undefined) {
      if (outcome.status !== "released") this.outageBudget.settled(eventId);
      return outcome;
    }
    const over = this.outageBudget.met(eventId, outcome.outage);
    if (over === null) return outcome;
    const description = clipDescription(`Gave up waiting: ${over}`);
    log.error(description, { eventId });
    return { status: "failed", retryable: false, error: over, description };
  }

  /** Stores the outcome, then announces it (`quiet`: its line at debug level, the batch has one line at info). */
  private recordLater(
    job: EnrollResponse, ayon: AyonClient, outcome: Outcome, reply: ReplyMirror | null, log: Logger, shutdown: AbortSignal, report: JobReport, quiet = false,
  ): Promise<void> {
    const recorded = (async () => {
      await this.record(job, ayon, outcome, reply, log, shutdown);
      this.announce(report, quiet ? "debug" : "info");
    })();
    // The worker awaits it; until then a rejection (shutdown) must not count as unhandled.
    recorded.catch(() => undefined);
    return recorded;
  }

  /** One line per finished job (its outcome is stored), then `job:done`. */
  private announce(report: JobReport, level: "info" | "debug" = "info"): void {
    const plugin = pluginsOf(report);
    this.logger[level](
      `job ${report.status}: ${plugin} on ${report.topic}, event ${report.sourceId}, project ${report.project ?? "-"}, ${report.durationMs} ms`,
      { plugin, group: report.group, topic: report.topic, eventId: report.sourceId, jobId: report.jobId, project: report.project ?? undefined, outcome: report.status, durationMs: report.durationMs },
    );
    this.emitter.emit("job:done", report);
  }

  /**
   * One info line for a whole batch once every outcome is stored: under a steady stream a line per job was a
   * measurable share of the runtime's CPU (bench scenario 3). Its event and job ids are listed; each job's own line
   * is at debug level, and failures have their own error line (`failure`).
   */
  private announceBatch(reports: readonly JobReport[]): void {
    const [lead] = reports as [JobReport, ...JobReport[]];
    const counts: Partial<Record<JobReport["status"], number>> = {};
    for (const report of reports) counts[report.status] = (counts[report.status] ?? 0) + 1;
    const tally = Object.entries(counts).map(([status, n]) => `${n} ${status}`).join(", ");
    const plugin = pluginsOf(lead);
    const topic = [...new Set(reports.map((r) => r.topic))].join(",");
    this.logger.info(
      `batch of ${reports.length} jobs: ${tally}; ${plugin} on ${topic}, project ${lead.project ?? "-"}, ${lead.durationMs} ms`,
      {
        plugin, group: lead.group, topic, project: lead.project ?? undefined, ...counts, durationMs: lead.durationMs,
        eventIds: reports.map((r) => r.sourceId), jobIds: reports.map((r) => r.jobId),
      },
    );
  }

  /** The source event is gone or unreadable for good: fail the job once, with the reason. */
  private async unreadableSource(job: EnrollResponse, ayon: AyonClient, route: Route, started: number, shutdown: AbortSignal): Promise<JobReport> {
    const description = `source event ${job.dependsOn} cannot be read (deleted?)`;
    await this.record(job, ayon, { status: "failed", description, retryable: false, error: description }, null, this.logger, shutdown);
    const report: JobReport = {
      jobId: job.id, group: route.group, sourceId: job.dependsOn, topic: [route.sourceTopic].flat().join(","), project: null, action: null,
      handlers: [], status: "failed", retryable: false, description, durationMs: Date.now() - started,
    };
    this.announce(report);
    return report;
  }

  private async runHandlers(
    handlers: LoadedHandler[],
    source: AyonEvent,
    job: EnrollResponse,
    log: Logger,
    progress: ProgressWriter,
    shutdown: AbortSignal,
  ): Promise<Outcome> {
    const timeout = AbortSignal.timeout(this.config.jobTimeoutMs);
    const signal = AbortSignal.any([shutdown, timeout]);
    const messages: string[] = [];
    let result: unknown;
    let skipped = 0;
    for (const loaded of handlers) {
      const name = loaded.handlerClass.name;
      const handlerLog = log.child({ plugin: loaded.pluginId, handler: name });
      try {
        // A catalogued topic's event is checked at the edge: a malformed one fails the job for good.
        const event = checkCataloguedEvent(source);
        const instance = createInstance(loaded.container, loaded.handlerClass);
        const outcome = (await instance.handle(event, handlerContext(job, handlerLog, signal, progress))) as HandlerOutcome | void;
        if (shutdown.aborted) return RELEASED;
        if (signal.aborted) throw abortReason(signal, timeout, this.config.jobTimeoutMs);
        if (outcome?.kind === "skipped") {
          skipped += 1;
          messages.push(`${name} skipped: ${outcome.message}`);
        } else if (outcome?.message) {
          messages.push(outcome.message);
        }
        if (outcome?.result !== undefined) result = outcome.result;
      } catch (error) {
        return this.failure(error, name, handlerLog, signal, shutdown, timeout);
      }
    }
    if (skipped === handlers.length) return { status: "skipped", description: clipDescription(`Skipped: ${messages.join("; ")}`), result };
    const description = messages.length > 0 ? clipDescription(messages.join("; ")) : `Processed by ${handlers.map((h) => h.handlerClass.name).join(", ")}`;
    return { status: "finished", description, result };
  }

  /** One `handleBatch` call; each event's settled result becomes its job's outcome as `runHandlers` would make it. */
  private async runBatch(handler: LoadedHandler, jobs: readonly BatchJob[], log: Logger, progress: ProgressWriter, shutdown: AbortSignal): Promise<Outcome[]> {
    const timeout = AbortSignal.timeout(this.config.jobTimeoutMs);
    const signal = AbortSignal.any([shutdown, timeout]);
    const name = handler.handlerClass.name;
    const handlerLog = log.child({ plugin: handler.pluginId, handler: name });
    const all = (outcome: Outcome) => jobs.map(() => outcome);
    // A catalogued topic's malformed event fails alone (for good); the handler gets the others.
    const invalid = jobs.map(({ source }) => invalidEvent(source));
    const valid = jobs.filter((_, i) => invalid[i] === null);
    let settled: Array<PromiseSettledResult<HandlerOutcome | void>> = [];
    try {
      const instance = createInstance(handler.container, handler.handlerClass);
      if (!instance.handleBatch) throw new Error(`${name} declares a batch but has no handleBatch method`);
      if (valid.length > 0) settled = await instance.handleBatch(valid.map((j) => j.source), handlerContext(jobs[0]!.job, handlerLog, signal, progress));
      if (settled.length !== valid.length) throw new Error(`${name}.handleBatch answered ${settled.length} results for ${valid.length} events`);
    } catch (error) {
      return all(this.failure(error, name, handlerLog, signal, shutdown, timeout));
    }
    if (shutdown.aborted) return all(RELEASED);
    if (signal.aborted) return all(this.failure(abortReason(signal, timeout, this.config.jobTimeoutMs), name, handlerLog, signal, shutdown, timeout));
    let next = 0;
    const outcomes = jobs.map((_, i): Outcome => {
      const one: PromiseSettledResult<HandlerOutcome | void> = invalid[i] ? { status: "rejected", reason: invalid[i] } : settled[next++]!;
      if (one.status === "rejected") return this.failure(one.reason, name, handlerLog.child({ eventId: jobs[i]!.source.id }), signal, shutdown, timeout);
      const outcome = one.value;
      if (outcome?.kind === "skipped") return { status: "skipped", description: clipDescription(`Skipped: ${name} skipped: ${outcome.message}`), result: outcome.result };
      return { status: "finished", description: outcome?.message ? clipDescription(outcome.message) : `Processed by ${name}`, result: outcome?.result };
    });
    // One by one, an event that must run again holds back the events after it; so does it here: they are handed
    // back too (whatever was done for them is done again, handlers being idempotent), keeping the project's order.
    const again = outcomes.findIndex((o) => o.status === "released" || (o.status === "failed" && o.retryable));
    if (again >= 0) {
      const held: Outcome = { status: "released", description: `Handed back: event ${jobs[again]!.source.id} before it in its batch must run again first` };
      for (let i = again + 1; i < outcomes.length; i += 1) outcomes[i] = held;
    }
    return outcomes;
  }

  /** What a handler's error makes of its job: released (shutdown, outage) or failed, retryable or not. */
  private failure(error: unknown, name: string, handlerLog: Logger, signal: AbortSignal, shutdown: AbortSignal, timeout: AbortSignal): Outcome {
    if (shutdown.aborted) return RELEASED;
    if (!signal.aborted && isUnavailable(error)) {
      // An outage is not the event's fault: hand the job back without counting a retry; the worker pool
      // backs off this lane, so a long outage costs a few attempts a minute and loses nothing.
      const message = clipDescription(describeError(error), MAX_MESSAGE_LENGTH);
      handlerLog.warn(`${name} is waiting for an unavailable service: ${message}`);
      return { status: "released", description: `Waiting for an unavailable service, will run again: ${message}`, outage: message };
    }
    const failure = signal.aborted ? abortReason(signal, timeout, this.config.jobTimeoutMs) : error;
    const retryable = isRetryable(failure);
    const message = clipDescription(describeError(failure), MAX_MESSAGE_LENGTH);
    handlerLog.error(`${name} failed: ${message}`, { retryable, error: failure });
    return {
      status: "failed",
      retryable,
      error: message,
      description: `${name} failed: ${message}${retryable ? "" : " (not retried)"}`,
    };
  }

  /**
   * How many times a job that fails for good has run. AYON counts re-offers in `retries` (ayon-backend
   * ayon_server/events/enroll.py adds one each time it hands a failed job out again), so until now it ran
   * retries + 1 times; failing it for good overwrites that count, so it is kept in the payload (failed-jobs.ts).
   * One read, on the rare final failure only; unknown (undefined) when the read fails.
   */
  private async triesOf(job: EnrollResponse, ayon: AyonClient, log: Logger): Promise<number | undefined> {
    try {
      return (await ayon.getEvent(job.id)).retries + 1;
    } catch (error) {
      log.debug("could not read the failed job's retries", { error: describeError(error) });
      return undefined;
    }
  }

  /** Writes the outcome; retried until it lands (or shutdown), since a lost "finished" would replay the job. */
  private async record(job: EnrollResponse, ayon: AyonClient, outcome: Outcome, reply: ReplyMirror | null, log: Logger, shutdown: AbortSignal): Promise<void> {
    const tries = outcome.status === "failed" && !outcome.retryable ? await this.triesOf(job, ayon, log) : undefined;
    const patch: EventPatch =
      outcome.status === "released"
        ? { status: "restarted", description: outcome.description }
        : outcome.status === "failed"
        ? {
            status: "failed",
            description: outcome.description,
            payload: { error: outcome.error, retryable: outcome.retryable, ...(tries !== undefined ? { tries } : {}) },
            ...(outcome.retryable ? {} : { retries: this.config.maxRetries + 1 }),
          }
        : { status: "finished", description: outcome.description, progress: 100, ...(outcome.result !== undefined ? { payload: { result: outcome.result } } : {}) };
    for (let attempt = 1; ; attempt++) {
      try {
        await ayon.updateEvent(job.id, patch);
        break;
      } catch (error) {
        if (shutdown.aborted) throw error;
        log.warn(`could not record the job outcome (attempt ${attempt}); retrying`, { error: describeError(error) });
        await sleep(Math.min(30_000, 500 * 2 ** Math.min(attempt, 6)), shutdown);
      }
    }
    if (reply && outcome.status !== "released") {
      const state: ReplyState =
        outcome.status === "failed"
          ? { status: "failed", progress: 100, description: outcome.description, error: outcome.error }
          : { status: "finished", progress: 100, description: outcome.description, result: outcome.result };
      await reply.write(state).catch((error: unknown) => log.warn("could not write the reply event", { error: describeError(error) }));
    }
  }
}

function abortReason(signal: AbortSignal, timeout: AbortSignal, timeoutMs: number): Error {
  if (timeout.aborted) return new Error(`timed out after ${Math.round(timeoutMs / 1000)} s`);
  void signal;
  return new Error("interrupted by runtime shutdown");
}

const RELEASED: Outcome = { status: "released", description: "Released at runtime shutdown; it will run again" };

function actionOf(source: AyonEvent): string | null {
  return typeof source.payload?.action === "string" ? source.payload.action : null;
}

function handlerContext(job: EnrollResponse, logger: Logger, signal: AbortSignal, progress: ProgressWriter): HandlerContext {
  return {
    job: { id: job.id },
    logger,
    signal,
    progress: (percent, message) => progress.report(percent, message),
    skip: (reason) => ({ kind: "skipped", message: reason }),
    done: (message, value) => ({ kind: "done", message: message ?? "", result: value }),
  };
}

function jobReport(job: EnrollResponse, group: string, source: AyonEvent, handlers: string[], outcome: Outcome, started: number, batch = 1): JobReport {
  return {
    jobId: job.id,
    group,
    sourceId: source.id,
    topic: source.topic,
    project: source.project,
    action: actionOf(source),
    handlers,
    status: outcome.status,
    retryable: outcome.status === "released" || (outcome.status === "failed" && outcome.retryable),
    description: outcome.description,
    durationMs: Date.now() - started,
    queueLagMs: Math.max(0, started - Date.parse(source.createdAt)),
    batch,
  };
}

/** The InvalidEventError a catalogued topic's malformed event gets, else null. */
function invalidEvent(source: AyonEvent): unknown {
  try {
    checkCataloguedEvent(source);
    return null;
  } catch (error) {
    return error;
  }
}

/** The plugins that ran a job, for its log line (its order group when none did). */
function pluginsOf(report: JobReport): string {
  const plugins = [...new Set(report.handlers.map((name) => name.split("/")[0]))];
  return plugins.length > 0 ? plugins.join(",") : report.group ?? "-";
}
