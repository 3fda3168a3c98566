// @ayon-sg/handler-project-sync — the `create-project`, `list-importable-projects`, `sync-users` and failed-jobs actions (README.md).
import { definePlugin } from "@ayon-sg/core";
import { FailureNotifier, fullSyncTuningSchema, shotgridService, SHOTGRID_ADDON, SHOTGRID_ORDER_GROUP, type FullSyncTuning } from "@ayon-sg/shotgrid";
import { CreateProjectHandler } from "./create-project-handler.js";
import { RetryFailedJobsHandler, SkipFailedJobsHandler } from "./failed-jobs-handlers.js";
import { ListImportableProjectsHandler } from "./list-importable-projects-handler.js";
import { SyncUsersHandler } from "./sync-users-handler.js";

export { CreateProjectHandler, importRequestOf } from "./create-project-handler.js";
export { RetryFailedJobsHandler, SkipFailedJobsHandler } from "./failed-jobs-handlers.js";
export { ListImportableProjectsHandler, PAGE_REQUEST_TOPIC } from "./list-importable-projects-handler.js";
export { SyncUsersHandler } from "./sync-users-handler.js";

export const projectSyncPlugin = definePlugin<FullSyncTuning>({
  id: "project-sync",
  handlers: [CreateProjectHandler, ListImportableProjectsHandler, SyncUsersHandler, RetryFailedJobsHandler, SkipFailedJobsHandler],
  // Failure notifications (AYON inbox, ShotGrid Note), off unless the addon settings turn them on.
  sources: [FailureNotifier],
  services: [shotgridService],
  configSchema: fullSyncTuningSchema,
  orderGroup: SHOTGRID_ORDER_GROUP,
  addon: SHOTGRID_ADDON,
});

export default projectSyncPlugin;
