/**
 * Action `sync-from-ayon` (the Python addon's name; the page's "AYON ► ShotGrid" button): the full AYON → ShotGrid
 * sync of one project. A project born in AYON first gets its ShotGrid Project. Thin: it reads the payload, makes
 * sure the ShotGrid project exists, loads the project context and runs the domain's full push (@ayon-sg/shotgrid,
 * push/full-push.ts). Not gated on `shotgridPush`: it is asked for by a person, for one project.
 */
import {
  AddonSettings, AyonClient, Handler, PluginConfig,
  type AyonEvent, type EventHandler, type HandlerContext, type HandlerOutcome,
} from "@ayon-sg/core";
import { describeFullPush, ensureShotgridProject, loadProjectContext, projectNameOf, runFullPush, settingsAreFinal, ShotgridClient } from "@ayon-sg/shotgrid";
import { PushContexts } from "./push-contexts.js";
import { contextTtlMs, type PushConfig } from "./update-from-ayon-handler.js";

export const SYNC_FROM_AYON_TOPICS = ["shotgrid.event", "shotgrid.event.project.sync"];
export const SYNC_FROM_AYON_ACTION = "sync-from-ayon";

@Handler({
  topic: SYNC_FROM_AYON_TOPICS,
  action: SYNC_FROM_AYON_ACTION,
  description: "Full AYON → ShotGrid sync of a project (creates its ShotGrid Project when it was born in AYON)",
})
export class SyncFromAyonHandler implements EventHandler {
  constructor(
    private readonly ayon: AyonClient,
    private readonly sg: ShotgridClient,
    private readonly settings: AddonSettings,
    private readonly config: PluginConfig<PushConfig>,
    private readonly contexts: PushContexts,
  ) {}

  async handle(event: AyonEvent, ctx: HandlerContext): Promise<HandlerOutcome> {
    const project = projectNameOf(event, SYNC_FROM_AYON_ACTION);
    const deps = { ayon: this.ayon, sg: this.sg, settings: this.settings };
    ctx.progress(0, `Linking ${project} to its ShotGrid project`);
    const ensured = await ensureShotgridProject(deps, project).catch(settingsAreFinal);
    if (ensured.sgProjectId === null) return ctx.skip(`the AYON project '${project}' does not exist`);
    const loaded = await loadProjectContext(deps, project).catch(settingsAreFinal);
    if (!loaded.ok) return ctx.skip(loaded.reason);
    const summary = await runFullPush(
      { ayon: this.ayon, sg: this.sg, logger: ctx.logger, context: loaded.context, site: this.contexts.siteFor(deps, contextTtlMs(this.config)) },
      { signal: ctx.signal, progress: (percent, message) => ctx.progress(percent, message), chunkSize: this.config.value?.shotgridBatchSize },
    );
    const created = ensured.created ? `ShotGrid Project ${ensured.sgProjectId} created. ` : "";
    return ctx.done(`${created}${describeFullPush(summary)}`, { ...summary, skipped: summary.skipped.slice(0, 50), sgProjectCreated: ensured.created });
  }
}
