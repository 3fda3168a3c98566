// @ayon-sg/handler-update-from-shotgrid — the `shotgrid-event` action: live ShotGrid → AYON updates (README.md).
import { definePlugin } from "@ayon-sg/core";
import { shotgridService, SHOTGRID_ADDON, SHOTGRID_ORDER_GROUP } from "@ayon-sg/shotgrid";
import { updateContextsService } from "./project-contexts.js";
import { UpdateFromShotgridHandler, updateConfigSchema, type UpdateConfig } from "./update-from-shotgrid-handler.js";

export { UpdateFromShotgridHandler, UPDATE_TOPIC, updateConfigSchema, type UpdateConfig } from "./update-from-shotgrid-handler.js";
export { parseUpdateEvent, UPDATE_ACTION, type UpdateEvent } from "./event-payload.js";
export { UpdateContexts, updateContextsService } from "./project-contexts.js";

export const updateFromShotgridPlugin = definePlugin<UpdateConfig>({
  id: "update-from-shotgrid",
  handlers: [UpdateFromShotgridHandler],
  services: [shotgridService, updateContextsService],
  configSchema: updateConfigSchema,
  orderGroup: SHOTGRID_ORDER_GROUP,
  addon: SHOTGRID_ADDON,
});

export default updateFromShotgridPlugin;
