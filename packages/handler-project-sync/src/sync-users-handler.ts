/**
 * Action `sync-users` on the page's request topic: every ShotGrid HumanUser gets its AYON user, linked through
 * `data.sg_user_id` as the Python addon's "Sync Active Users" button did (created without a password, inactive
 * ones deactivated, never deleted). Thin: the work is the domain's syncUsers (@ayon-sg/shotgrid, sync/sync-users).
 */
import { AyonClient, Handler, type AyonEvent, type EventHandler, type HandlerContext, type HandlerOutcome } from "@ayon-sg/core";
import { describeUsersSync, ShotgridClient, syncUsers } from "@ayon-sg/shotgrid";
import { PAGE_REQUEST_TOPIC } from "./list-importable-projects-handler.js";

@Handler({
  topic: PAGE_REQUEST_TOPIC,
  action: "sync-users",
  // Same ordering as the other page request on this topic (one route per topic). Two requests at once may race on
  // a create: AYON refuses the second (409, reported) and the next run links that user.
  ordered: false,
  description: "Create or link the AYON users of the ShotGrid users (data.sg_user_id)",
})
export class SyncUsersHandler implements EventHandler {
  constructor(
    private readonly ayon: AyonClient,
    private readonly sg: ShotgridClient,
  ) {}

  async handle(_event: AyonEvent, ctx: HandlerContext): Promise<HandlerOutcome> {
    const summary = await syncUsers({ ayon: this.ayon, sg: this.sg, logger: ctx.logger }, {
      signal: ctx.signal,
      progress: (percent, message) => ctx.progress(percent, message),
    });
    return ctx.done(describeUsersSync(summary), summary);
  }
}
