/**
 * AYON → ShotGrid live updates: AYON's own `entity.folder.*` / `entity.task.*` events, pushed to the linked
 * ShotGrid project (README.md). Thin: it checks the project (linked, `shotgridPush` on), asks the domain what the
 * event means (@ayon-sg/shotgrid push/ayon-change.ts) and pushes the entity's current state (push/push-entity.ts).
 *
 * Loop prevention: AYON events of our own ShotGrid → AYON writes carry the order group's sender type, which this
 * handler's route does not enroll (`ignoreSenderTypes`); our ShotGrid writes are made by the leecher's own
 * ApiUser, whose events the leecher does not dispatch. And every push writes only the fields that differ, so an
 * echo that got through would still write nothing.
 */
import {
  AddonSettings, AyonClient, Handler, HandlerError, PluginConfig, z,
  type AyonEvent, type EventHandler, type HandlerContext, type HandlerOutcome,
} from "@ayon-sg/core";
import {
  ATTRIB_SHOTGRID_PUSH, PUSH_TOPICS, pushIntentOf, pushToShotgrid, settingsAreFinal, SHOTGRID_ORDER_GROUP, ShotgridClient, ShotgridHttpError,
  type PushReport,
} from "@ayon-sg/shotgrid";
import { PushContexts } from "./push-contexts.js";

export const pushConfigSchema = z
  .object({
    /** How long a project's settings, anatomy, navchains, Steps and the site's schemas are reused between events. */
    contextTtlSeconds: z.number().min(0).max(3600).default(15),
    /** Requests per ShotGrid `_batch` of the full AYON → ShotGrid sync (`sync-from-ayon`). */
    shotgridBatchSize: z.number().int().min(1).max(500).default(200),
  })
  .strict();

export type PushConfig = z.infer<typeof pushConfigSchema>;

@Handler({
  topic: PUSH_TOPICS,
  ignoreSenderTypes: [SHOTGRID_ORDER_GROUP.senderType],
  description: "AYON → ShotGrid live updates: folders and tasks created, renamed, re-statused, re-tagged, re-assigned and deleted in AYON",
})
export class UpdateFromAyonHandler implements EventHandler {
  constructor(
    private readonly ayon: AyonClient,
    private readonly sg: ShotgridClient,
    private readonly settings: AddonSettings,
    private readonly config: PluginConfig<PushConfig>,
    private readonly contexts: PushContexts,
  ) {}

  async handle(event: AyonEvent, ctx: HandlerContext): Promise<HandlerOutcome> {
    const intent = pushIntentOf(event);
    if (intent.kind === "skip") return ctx.skip(intent.reason);
    const project = event.project;
    if (!project) return ctx.skip(`the event names no project`);
    const deps = { ayon: this.ayon, sg: this.sg, settings: this.settings };
    const ttlMs = (this.config.value?.contextTtlSeconds ?? 15) * 1000;
    const loaded = await this.contexts.cacheFor(deps, ttlMs).get(project).catch(settingsAreFinal);
    if (!loaded.ok) return ctx.skip(loaded.reason);
    const { context } = loaded;
    if (context.ayonProject.attrib?.[ATTRIB_SHOTGRID_PUSH] !== true) {
      return ctx.skip(`pushing to ShotGrid is off for AYON project ${project} (its ${ATTRIB_SHOTGRID_PUSH} attribute)`);
    }
    let report: PushReport;
    try {
      report = await pushToShotgrid({ ayon: this.ayon, sg: this.sg, logger: ctx.logger, context, site: this.contexts.siteFor(deps, ttlMs) }, intent);
    } catch (error) {
      // ShotGrid refusing the values (a name, a list value) gives the same answer next time: fail for good, saying why.
      if (error instanceof ShotgridHttpError && error.status === 400) {
        throw new HandlerError(`ShotGrid refused the push of ${event.topic} ${intent.id}: ${error.message}`, { retryable: false, cause: error });
      }
      throw error;
    }
    const description = describePush(intent.entity, intent.id, report);
    return report.change === "skipped" ? ctx.skip(description) : ctx.done(description, report);
  }
}

function describePush(entity: string, id: string, report: PushReport): string {
  const target = report.shotgrid ? `ShotGrid ${report.shotgrid.type} ${report.shotgrid.id}` : "ShotGrid";
  const notes = report.notes.length > 0 ? `; ${report.notes.join("; ")}` : "";
  switch (report.change) {
    case "skipped":
      return report.notes.join("; ") || `AYON ${entity} ${id}: nothing to push`;
    case "unchanged":
      return `AYON ${entity} ${id}: ${target} already in line${notes}`;
    case "retired":
      return `AYON ${entity} ${id} deleted: ${target} retired${notes}`;
    default:
      return `AYON ${entity} ${id}: ${target} ${report.change} (${report.fields.join(", ") || "no field"})${notes}`;
  }
}
