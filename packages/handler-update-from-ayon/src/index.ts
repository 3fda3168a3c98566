// @ayon-sg/handler-update-from-ayon — AYON → ShotGrid: live updates and the `sync-from-ayon` action (README.md).
import { definePlugin } from "@ayon-sg/core";
import { shotgridService, SHOTGRID_ADDON, SHOTGRID_ORDER_GROUP } from "@ayon-sg/shotgrid";
import { pushContextsService } from "./push-contexts.js";
import { SyncFromAyonHandler } from "./sync-from-ayon-handler.js";
import { pushConfigSchema, UpdateFromAyonHandler, type PushConfig } from "./update-from-ayon-handler.js";

export { UpdateFromAyonHandler, pushConfigSchema, type PushConfig } from "./update-from-ayon-handler.js";
export { PushContexts, pushContextsService } from "./push-contexts.js";
export { SyncFromAyonHandler, SYNC_FROM_AYON_ACTION, SYNC_FROM_AYON_TOPICS } from "./sync-from-ayon-handler.js";

export const updateFromAyonPlugin = definePlugin<PushConfig>({
  id: "update-from-ayon",
  handlers: [UpdateFromAyonHandler, SyncFromAyonHandler],
  services: [shotgridService, pushContextsService],
  configSchema: pushConfigSchema,
  orderGroup: SHOTGRID_ORDER_GROUP,
  addon: SHOTGRID_ADDON,
});

export default updateFromAyonPlugin;
