import { AddonSettings, AyonClient, JobFailures, Logger, Source, describeError, ACTIVITY_BODY_MAX, type EventSource, type FinalFailure } from "@ayon-sg/core";
import { ShotgridClient } from "../client/index.js";
import { parseShotgridSettings } from "../settings.js";
import { failureMessage, summaryMessage } from "./message.js";
import { NotifyThrottle, type Held } from "./throttle.js";
import { commentAnchor, failureTarget, noteLinks, projectManagers, type FailureTarget } from "./targets.js";

const NO_PROJECT = "\u0000studio";

/**
 * Tells people about jobs that failed for good (JobFailures): a comment mentioning the project's managers in
 * AYON (their inbox) and a Note in ShotGrid, each switched by the project's `notification_settings`, throttled per
 * project (NotifyThrottle). A notification that cannot go out is logged, never retried, and touches no job.
 */
@Source({ name: "failure-notifier", description: "AYON inbox and ShotGrid Note for jobs that failed for good", deps: [JobFailures, AyonClient, ShotgridClient, AddonSettings, Logger] })
export class FailureNotifier implements EventSource {
  private unsubscribe: (() => void) | null = null;
  private readonly pending = new Set<Promise<void>>();
  private readonly throttle = new NotifyThrottle<FinalFailure>(
    (_key, first) => this.track(this.notifyOne(first)),
    (key, held) => this.track(this.notifySummary(key === NO_PROJECT ? null : key, held)),
  );

  constructor(
    private readonly failures: JobFailures,
    private readonly ayon: AyonClient,
    private readonly shotgrid: ShotgridClient,
    private readonly settings: AddonSettings,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.unsubscribe = this.failures.on((failure) => this.track(this.accept(failure)));
  }

  /** Sends the summaries still held, then waits for every notification under way. */
  async stop(): Promise<void> {
    await this.failures.settled();
    this.unsubscribe?.();
    this.unsubscribe = null;
    await this.settled();
    this.throttle.flush();
    await this.settled();
  }

  /** Every notification under way is done (tests; stop). */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  /** Ends every open window now: the held failures go out as summaries. */
  flush(): void {
    this.throttle.flush();
  }

  private track(work: Promise<void>): void {
    const tracked = work.catch((error: unknown) => this.logger.warn(`a failure notification could not be sent: ${describeError(error)}`)).finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
  }

  private async switches(project: string | null) {
    const raw = project ? await this.settings.forProject(project) : this.settings.studio;
    return parseShotgridSettings(raw).notification_settings;
  }

  private async accept(failure: FinalFailure): Promise<void> {
    const s = await this.switches(failure.project);
    if (!s.ayon_inbox && !s.shotgrid_note) return;
    this.throttle.add(failure.project ?? NO_PROJECT, failure, s.window_minutes * 60_000);
  }

  private async notifyOne(failure: FinalFailure): Promise<void> {
    const target = await failureTarget(this.ayon, failure.sourceId, failure.project);
    await this.deliver(target, failureMessage(failure));
  }

  private async notifySummary(project: string | null, held: Held<FinalFailure>): Promise<void> {
    const target = await failureTarget(this.ayon, held.items[0]!.sourceId, project);
    await this.deliver({ ...target, sgEntity: null }, summaryMessage(project, held));
  }

  private async deliver(target: FailureTarget, message: { subject: string; body: string }): Promise<void> {
    const s = await this.switches(target.project);
    await Promise.all([
      s.ayon_inbox ? this.toAyon(target, message) : undefined,
      s.shotgrid_note ? this.toShotgrid(target, message) : undefined,
    ]);
  }

  private async toAyon(target: FailureTarget, message: { subject: string; body: string }): Promise<void> {
    if (!target.project) return void this.logger.warn(`not posted in AYON (no project): ${message.subject}`);
    const anchor = await commentAnchor(this.ayon, target.project, target.sgEntity);
    if (!anchor) return void this.logger.warn(`not posted in AYON (project ${target.project} has no folder to comment on): ${message.subject}`);
    // A mention `[label](user:name)` puts the comment in that user's inbox (ayon-backend activities/utils.py).
    const mentions = (await projectManagers(this.ayon)).map((name) => `[${name}](user:${name})`).join(" ");
    const body = `${mentions}${mentions ? " " : ""}**${message.subject}**\n\n${message.body}`.slice(0, ACTIVITY_BODY_MAX);
    await this.ayon.createActivity(target.project, { ...anchor, body, data: { ayonSg: "job-failure" } });
  }

  private async toShotgrid(target: FailureTarget, message: { subject: string; body: string }): Promise<void> {
    if (target.sgProjectId === null) return void this.logger.warn(`no ShotGrid Note (no linked ShotGrid project): ${message.subject}`);
    await this.shotgrid.create("Note", {
      project: { type: "Project", id: target.sgProjectId },
      subject: message.subject,
      content: message.body,
      ...noteLinks(target.sgEntity),
    });
  }
}
