// @ayon-sg/handler-sync-from-shotgrid — the `sync-from-shotgrid` action (README.md).
import { definePlugin } from "@ayon-sg/core";
import { fullSyncTuningSchema, shotgridService, SHOTGRID_ADDON, SHOTGRID_ORDER_GROUP, type FullSyncTuning } from "@ayon-sg/shotgrid";
import { SyncFromShotgridHandler } from "./sync-from-shotgrid-handler.js";

export { SyncFromShotgridHandler, projectNameOf, SYNC_ACTION, SYNC_TOPICS } from "./sync-from-shotgrid-handler.js";

export const syncFromShotgridPlugin = definePlugin<FullSyncTuning>({
  id: "sync-from-shotgrid",
  handlers: [SyncFromShotgridHandler],
  services: [shotgridService],
  configSchema: fullSyncTuningSchema,
  orderGroup: SHOTGRID_ORDER_GROUP,
  addon: SHOTGRID_ADDON,
});

export default syncFromShotgridPlugin;
