// @ayon-sg/handler-sync-from-shotgrid — the `sync-from-shotgrid` action (README.md).
import { definePlugin } from "@ayon-sg/core";
import { shotgridService, SHOTGRID_ADDON, SHOTGRID_ORDER_GROUP } from "@ayon-sg/shotgrid";
import { syncPluginConfigSchema, type SyncPluginConfig } from "./config.js";
import { ReconcileScheduler } from "./reconcile-scheduler.js";
import { SyncFromShotgridHandler } from "./sync-from-shotgrid-handler.js";

export { SyncFromShotgridHandler, SYNC_ACTION, SYNC_TOPICS } from "./sync-from-shotgrid-handler.js";
export { ReconcileScheduler, type CheckResult } from "./reconcile-scheduler.js";
export { reconcileConfigSchema, syncPluginConfigSchema, type ReconcileConfig, type SyncPluginConfig } from "./config.js";
export {
  describeSchedule, latestSlot, owesSlot, reconcileHash, reconcileRequest, scheduleOf, RECONCILE_REASON, type ReconcileSchedule,
} from "./reconcile-schedule.js";

export const syncFromShotgridPlugin = definePlugin<SyncPluginConfig>({
  id: "sync-from-shotgrid",
  handlers: [SyncFromShotgridHandler],
  sources: [ReconcileScheduler],
  services: [shotgridService],
  configSchema: syncPluginConfigSchema,
  orderGroup: SHOTGRID_ORDER_GROUP,
  addon: SHOTGRID_ADDON,
});

export default syncFromShotgridPlugin;
