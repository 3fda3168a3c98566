// @ayon-sg/leecher — the source plugin that polls ShotGrid's EventLogEntry and dispatches `shotgrid.event`
// to AYON, exactly once per relevant entry. Importing it has no side effects.
import { definePlugin } from "@ayon-sg/core";
import { shotgridService, SHOTGRID_ADDON, SHOTGRID_ORDER_GROUP } from "@ayon-sg/shotgrid";
import { leecherConfigSchema, type LeecherConfig } from "./config.js";
import { ShotgridLeecher } from "./leecher.js";

export { ShotgridLeecher, leecherSettings } from "./leecher.js";
export { leecherConfigSchema, parseLeecherConfig, type LeecherConfig } from "./config.js";
export { EVENT_TOPIC, EVENT_FIELDS, eventHash, normalizeSiteUrl, eventDispatch, syncRequest, sgPayloadOf, type SyncReason } from "./event-requests.js";
export { classify, eventTypesFor, isBackReference, parseEventType, type DropReason, type Verdict, type RuleContext } from "./event-rules.js";
export { STATE_TOPIC } from "./state-store.js";
export { EventPoller, type PollerSettings, type PollerDeps, type PollResult, type ProjectFieldMap } from "./poller.js";
export { ServiceHealth, ServiceFailure } from "./health.js";

export default definePlugin<LeecherConfig>({
  id: "shotgrid-leecher",
  sources: [ShotgridLeecher],
  services: [shotgridService],
  configSchema: leecherConfigSchema,
  orderGroup: SHOTGRID_ORDER_GROUP,
  addon: SHOTGRID_ADDON,
});
export { LagGauge, LAG_METRIC } from "./lag-gauge.js";
