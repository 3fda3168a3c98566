/**
 * The scheduled reconcile as a runtime source: every `checkSeconds` it lists the linked projects (the leecher's
 * definition, @ayon-sg/shotgrid linked-projects.ts), reads each project's `sync_settings.reconcile_time` as AYON
 * resolves it for the project (studio value, project override on top), and asks once for every slot that is due
 * (reconcile-schedule.ts). The request is an ordinary `sync-from-shotgrid` event, so the job runs in the
 * project's order like any full sync, with its progress and outcome on the job event. Never throws: a failed
 * check is logged and tried again at the next one.
 */
import {
  AddonSettings, AyonClient, Logger, PluginConfig, RuntimeInfo, sleep, Source, type EventSource, type SourceContext,
} from "@ayon-sg/core";
import { AyonProjectLinks, findLinkedProjects, parseShotgridSettings, ShotgridClient, type LinkedProject } from "@ayon-sg/shotgrid";
import { syncPluginConfigSchema, type ReconcileConfig } from "./config.js";
import { describeSchedule, latestSlot, owesSlot, reconcileRequest, scheduleOf } from "./reconcile-schedule.js";

/** A project's settings are re-read at most this often (a changed schedule applies within it). */
const SETTINGS_MAX_AGE_MS = 5 * 60_000;

export interface CheckResult {
  /** Projects whose reconcile this check asked for (AYON stored the request). */
  requested: string[];
  /** Projects whose due slot another process (or an earlier run of this one) had asked for already. */
  alreadyRequested: string[];
}

@Source({
  name: "reconcile-scheduler",
  description: "asks for a reconcile (a full sync writing only what differs) of every linked project on schedule",
  deps: [Logger, AyonClient, AddonSettings, ShotgridClient, PluginConfig, RuntimeInfo],
})
export class ReconcileScheduler implements EventSource {
  readonly #config: ReconcileConfig;
  readonly #links: AyonProjectLinks;
  /** AYON project → the last slot asked for (by this process, or found asked for). */
  readonly #asked = new Map<string, number>();
  readonly #settingsCache = new Map<string, { readAt: number; reconcileTime: string }>();
  #abort = new AbortController();
  #loop: Promise<void> | null = null;
  #log: Logger;
  /** The scheduler's clock (epoch ms); a test sets its own. */
  clock: () => number = Date.now;

  constructor(
    logger: Logger,
    private readonly ayon: AyonClient,
    private readonly settings: AddonSettings,
    private readonly sg: ShotgridClient,
    config: PluginConfig,
    private readonly runtime: RuntimeInfo,
  ) {
    this.#log = logger;
    this.#config = syncPluginConfigSchema.parse(config.value ?? {}).reconcile;
    this.#links = new AyonProjectLinks(ayon);
  }

  start(ctx: SourceContext): void {
    if (this.#loop || !this.#config.enabled) {
      if (!this.#config.enabled) ctx.logger.info("scheduled reconcile not asked for by this process (reconcile.enabled is false)");
      return;
    }
    this.#log = ctx.logger;
    parseShotgridSettings(this.settings.studio); // bad studio settings: a start-up error the runtime reports
    this.#abort = new AbortController();
    ctx.signal.addEventListener("abort", () => this.#abort.abort(), { once: true });
    const every = this.#config.everySeconds;
    this.#log.info(`scheduled reconcile: checked every ${this.#config.checkSeconds} s${every ? `, a slot every ${every} s (config)` : ""}`);
    this.#loop = this.#run(this.#abort.signal);
  }

  async stop(): Promise<void> {
    this.#abort.abort();
    const loop = this.#loop;
    this.#loop = null;
    await loop;
  }

  /** One look at the schedule: asks for every due slot not asked for yet. */
  async check(): Promise<CheckResult> {
    const studio = parseShotgridSettings(this.settings.studio);
    const [linked, listing] = await Promise.all([
      findLinkedProjects(this.sg, this.ayon, { projectCodeField: studio.shotgrid_project_code_field, links: this.#links }),
      this.ayon.listProjects({ active: true }),
    ]);
    const createdAt = new Map(listing.map((p) => [p.name, p.createdAt]));
    const result: CheckResult = { requested: [], alreadyRequested: [] };
    const now = this.clock();
    for (const project of linked) {
      const name = project.ayonProjectName;
      const schedule = scheduleOf(await this.#reconcileTime(name, now), this.#config.everySeconds);
      const slot = latestSlot(schedule, now);
      if (slot === null || this.#asked.get(name) === slot) continue;
      if (!owesSlot(slot, createdAt.get(name))) {
        this.#asked.set(name, slot);
        continue;
      }
      await this.#ask(project, slot, schedule, result);
    }
    return result;
  }

  async #ask(project: LinkedProject, slot: number, schedule: ReturnType<typeof scheduleOf>, result: CheckResult): Promise<void> {
    const name = project.ayonProjectName;
    const dispatched = await this.ayon.dispatchEvent(reconcileRequest(project, slot, schedule, this.runtime.instanceName));
    this.#asked.set(name, slot);
    if (dispatched.alreadyExists) {
      result.alreadyRequested.push(name);
      this.#log.debug(`reconcile of ${name} for ${new Date(slot).toISOString()} was already asked for`);
    } else {
      result.requested.push(name);
      this.#log.info(`reconcile of ${name} asked for (${describeSchedule(schedule)}, slot ${new Date(slot).toISOString()})`);
    }
  }

  /** `sync_settings.reconcile_time` for the project, as AYON resolves it (project override on the studio value). */
  async #reconcileTime(project: string, now: number): Promise<string> {
    const cached = this.#settingsCache.get(project);
    if (cached && now - cached.readAt < SETTINGS_MAX_AGE_MS) return cached.reconcileTime;
    const { addonName, addonVersion } = this.settings;
    const raw = addonVersion ? await this.ayon.getAddonSettings(addonName, addonVersion, { project }) : this.settings.studio;
    const reconcileTime = parseShotgridSettings(raw).sync_settings.reconcile_time;
    this.#settingsCache.set(project, { readAt: now, reconcileTime });
    return reconcileTime;
  }

  async #run(signal: AbortSignal): Promise<void> {
    let lastProblem: string | null = null;
    while (!signal.aborted) {
      try {
        await this.check();
        lastProblem = null;
      } catch (error) {
        if (signal.aborted) break;
        const problem = error instanceof Error ? error.message : String(error);
        // Said once per distinct problem (a server down for an hour is one line), tried again at the next check.
        if (problem !== lastProblem) this.#log.warn(`scheduled reconcile check failed: ${problem}; trying again in ${this.#config.checkSeconds} s`);
        lastProblem = problem;
      }
      await sleep(this.#config.checkSeconds * 1000, signal);
    }
  }
}
