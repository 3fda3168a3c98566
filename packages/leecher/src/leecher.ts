/**
 * The ShotGrid leecher as a runtime source: reads its settings, then polls until stopped. The loop never
 * throws: a failed poll waits a capped, jittered backoff (no hot loop, a bounded request rate while a server
 * is down) and tries again from the cursor; a full window polls again at once (no sleep while a backlog
 * drains).
 */
import {
  AddonSettings, AyonClient, Logger, Metrics, PluginConfig, Source, type EventSource, type HealthPart, type HealthThresholds, type SourceContext,
} from "@ayon-sg/core";
import { FieldMap, parseShotgridSettings, ShotgridClient } from "@ayon-sg/shotgrid";
import { parseLeecherConfig, type LeecherConfig } from "./config.js";
import { normalizeSiteUrl } from "./event-requests.js";
import { sleep } from "@ayon-sg/core";
import { Backoff, describe, ServiceFailure, ServiceHealth } from "./health.js";
import { LagGauge } from "./lag-gauge.js";
import { leecherHealth } from "./leecher-health.js";
import { EventPoller, type PollerSettings } from "./poller.js";

/** How long stop() waits for an in-flight poll before saving the cursor anyway. */
const STOP_GRACE_MS = 5000;

/** The poller settings from the addon settings, with the plugin config's overrides. */
export function leecherSettings(studio: Record<string, unknown>, config: LeecherConfig, client: Pick<ShotgridClient, "siteUrl" | "scriptName">): PollerSettings {
  const settings = parseShotgridSettings(studio);
  return {
    site: normalizeSiteUrl(client.siteUrl),
    scriptName: client.scriptName,
    enabledEntities: settings.compatibility_settings.shotgrid_enabled_entities,
    projectCodeField: settings.shotgrid_project_code_field,
    pollIntervalMs: (config.pollIntervalSeconds ?? settings.service_settings.polling_frequency) * 1000,
    settleMs: (config.settleSeconds ?? settings.sync_settings.leecher_settle_seconds) * 1000,
    batchSize: config.batchSize,
    dispatchConcurrency: config.dispatchConcurrency,
    restartSafetyIds: config.restartSafetyIds,
    cursorWriteMs: config.cursorWriteSeconds * 1000,
    backReferences: config.backReferences,
  };
}

// deps: the constructor's classes by name, so neither `import type` nor a tsconfig setting can erase them.
@Source({
  name: "shotgrid-leecher",
  description: "polls ShotGrid's EventLogEntry and dispatches shotgrid.event to AYON",
  deps: [Logger, AyonClient, AddonSettings, ShotgridClient, PluginConfig, Metrics],
})
export class ShotgridLeecher implements EventSource {
  readonly #config: LeecherConfig;
  #abort = new AbortController();
  #poller: EventPoller | null = null;
  #loop: Promise<void> | null = null;
  #log: Logger;
  #lag: LagGauge | null = null;
  #startedAt: number | null = null;
  #lastPollOkAt: number | null = null;

  constructor(
    logger: Logger,
    private readonly ayon: AyonClient,
    private readonly settings: AddonSettings,
    private readonly shotgrid: ShotgridClient,
    config: PluginConfig,
    private readonly metrics: Metrics,
  ) {
    this.#log = logger;
    this.#config = parseLeecherConfig(config.value);
  }

  /** Where the cursor stands (null before the state is recovered). */
  get position() {
    return this.#poller?.position ?? null;
  }

  /** Its part of /healthz: the lag behind ShotGrid's event log, the last successful poll, both servers. */
  health(thresholds: HealthThresholds): HealthPart {
    const health = this.#poller?.health;
    return leecherHealth(
      {
        startedAt: this.#startedAt,
        lagSeconds: this.#lag?.seconds() ?? 0,
        lastPollOkAt: this.#lastPollOkAt,
        shotgridDownMs: health?.shotgrid.downForMs() ?? null,
        ayonDownMs: health?.ayon.downForMs() ?? null,
        position: this.position,
      },
      thresholds,
    );
  }

  /** Checks the settings (a bad value throws here, so the runtime reports it) and starts the poll loop. */
  start(ctx: SourceContext): void {
    if (this.#loop) return;
    this.#log = ctx.logger;
    const settings = leecherSettings(this.settings.studio, this.#config, this.shotgrid);
    this.#abort = new AbortController();
    const signal = this.#abort.signal;
    ctx.signal.addEventListener("abort", () => this.#abort.abort(), { once: true });
    this.#poller = new EventPoller({
      shotgrid: this.shotgrid,
      ayon: this.ayon,
      logger: this.#log,
      health: { shotgrid: new ServiceHealth("ShotGrid", this.#log), ayon: new ServiceHealth("AYON", this.#log) },
      settings,
      // The same settings, read once per runtime, that the handlers map a project's fields by.
      fieldMapOf: async (name) => FieldMap.fromRows(parseShotgridSettings(await this.settings.forProject(name)).compatibility_settings.custom_attribs_map),
    });
    this.#log.info(
      `leeching ${settings.site} as '${settings.scriptName}' every ${settings.pollIntervalMs / 1000} s ` +
        `(${settings.enabledEntities.join(", ")}; gaps settle for ${settings.settleMs / 1000} s)`,
    );
    // #run handles its own failures; this only keeps a bug in it from becoming an unhandled rejection.
    this.#lag = new LagGauge(this.metrics, settings.site);
    this.#startedAt = Date.now();
    this.#loop = this.#run(this.#poller, settings, signal, this.#lag).catch((error: unknown) => {
      this.#log.error(`the leecher loop ended unexpectedly: ${describe(error)}`);
    });
  }

  /** Stops polling (waits are cut short) and saves the cursor. */
  async stop(): Promise<void> {
    this.#abort.abort();
    const loop = this.#loop;
    this.#loop = null;
    if (!loop) return;
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, STOP_GRACE_MS);
    });
    await Promise.race([loop, grace]);
    clearTimeout(timer);
    try {
      await this.#poller?.persist(true);
    } catch (error) {
      this.#log.warn(`could not save the leecher cursor on stop (${describe(error)}); the next start re-reads from the last saved one`);
    }
    this.#log.info("leecher stopped");
  }

  async #run(poller: EventPoller, settings: PollerSettings, signal: AbortSignal, lag: LagGauge): Promise<void> {
    const backoff = new Backoff(this.#config.initialBackoffSeconds * 1000, this.#config.maxBackoffSeconds * 1000);
    let lastProblem: string | null = null;
    while (!signal.aborted) {
      let waitMs: number;
      try {
        if (!poller.initialized) await poller.initialize(signal);
        const pollStarted = Date.now();
        const result = await poller.poll(signal);
        if (!result.backlog && !result.congested) lag.caughtUp();
        this.#lastPollOkAt = Date.now();
        await poller.persist();
        backoff.reset();
        if (lastProblem !== null) {
          this.#log.info("the leecher polls normally again");
          lastProblem = null;
        }
        // The interval is the polling period: a poll that took a while (dispatching a burst) does not push the next.
        const period = result.congested ? Math.min(settings.pollIntervalMs, 500) : settings.pollIntervalMs;
        waitMs = result.backlog ? 0 : Math.max(0, period - (Date.now() - pollStarted));
      } catch (error) {
        if (signal.aborted) break;
        waitMs = backoff.next();
        if (error instanceof ServiceFailure) {
          const health = error.service === "ShotGrid" ? poller.health.shotgrid : poller.health.ayon;
          health.failed(error.cause);
        } else {
          // Not a server being down: a bug or an answer we cannot read. Said once, retried with the same backoff.
          const problem = describe(error);
          if (problem !== lastProblem) this.#log.error(`leecher poll failed: ${problem}; retrying with backoff`);
          lastProblem = problem;
        }
      }
      lag.update();
      if (waitMs > 0) await sleep(waitMs, signal);
      else await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
}
