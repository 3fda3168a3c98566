/**
 * Action `sync-from-shotgrid`: the full ShotGrid → AYON sync of one linked project, asked for by the addon
 * page (topic `shotgrid.event`, or `shotgrid.event.project.sync` from the Python addon's newer page) or by
 * the leecher (backfill when auto-sync is switched on). Thin: it reads the payload, loads the project
 * context and runs the domain's full sync (@ayon-sg/shotgrid, sync/full-sync.ts).
 */
import {
  AddonSettings, AyonClient, Handler, InvalidEventError, PluginConfig,
  type AyonEvent, type EventHandler, type HandlerContext, type HandlerOutcome,
} from "@ayon-sg/core";
import {
  describeMended, describeSummary, loadProjectContext, projectNameOf, mendedTotal, runFullSync, runReconcileSync, settingsAreFinal, ShotgridClient, tuningOptions,
  type FullSyncTuning,
} from "@ayon-sg/shotgrid";
import { isPlannedSync, runPlannedSync } from "./planned-sync.js";

export const SYNC_TOPICS = ["shotgrid.event", "shotgrid.event.project.sync"];
export const SYNC_ACTION = "sync-from-shotgrid";

@Handler({
  topic: SYNC_TOPICS,
  action: SYNC_ACTION,
  description: "Full ShotGrid → AYON sync of a linked project (hierarchy, tasks, anatomy, sg_ayon_id write-back)",
})
export class SyncFromShotgridHandler implements EventHandler {
  constructor(
    private readonly ayon: AyonClient,
    private readonly sg: ShotgridClient,
    private readonly settings: AddonSettings,
    private readonly config: PluginConfig<FullSyncTuning>,
  ) {}

  async handle(event: AyonEvent, ctx: HandlerContext): Promise<HandlerOutcome> {
    const project = projectNameOf(event, SYNC_ACTION);
    ctx.progress(0, `Loading ${project}`);
    const loaded = await loadProjectContext({ ayon: this.ayon, sg: this.sg, settings: this.settings }, project).catch(settingsAreFinal);
    if (!loaded.ok) return ctx.skip(loaded.reason);
    const deps = { ayon: this.ayon, sg: this.sg, logger: ctx.logger };
    const options = {
      ...tuningOptions(this.config.value),
      signal: ctx.signal,
      progress: (percent: number, message: string) => ctx.progress(percent, message),
    };
    // A plain Sync keeps every AYON name and leaves orphans alone (taking over a studio's project must not rename or
    // delete its tree); the reconcile also runs the live-update rule on the renames and retirements it finds lost.
    // The page's "Preview sync", and its "Sync" of a previewed plan or of one sub-tree (planned-sync.ts).
    if (isPlannedSync(event)) {
      if (event.payload?.reason === "reconcile") throw new InvalidEventError("a reconcile cannot be previewed, fingerprinted or narrowed to a sub-tree: ask for a plain sync");
      return runPlannedSync(deps, loaded.context, event, ctx, options);
    }
    if (event.payload?.reason !== "reconcile") {
      const summary = await runFullSync(deps, loaded.context, options);
      return ctx.done(describeSummary(summary), summary);
    }
    const reload = async () => {
      const again = await loadProjectContext({ ayon: this.ayon, sg: this.sg, settings: this.settings }, project).catch(settingsAreFinal);
      return again.ok ? again.context : loaded.context;
    };
    const result = await runReconcileSync({ ...deps, reloadContext: reload }, loaded.context, options);
    const { summary, lost, mend } = result;
    return ctx.done(`Reconcile: ${describeMended(result)}. ${describeSummary(summary)}`, { ...summary, reconcile: { mended: mendedTotal(result), lost, ...mend } });
  }
}
