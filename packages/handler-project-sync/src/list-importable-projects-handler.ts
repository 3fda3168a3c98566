/**
 * Action `list-importable-projects` on the page's request topic: the ShotGrid projects the settings page can
 * import, with the AYON project each is already imported as. Unordered (a request/reply, not a change), so it
 * never waits behind a long sync. The list comes from the domain (@ayon-sg/shotgrid, sync/importable-projects).
 */
import {
  AddonSettings, AyonClient, Handler, type AyonEvent, type EventHandler, type HandlerContext, type HandlerOutcome,
} from "@ayon-sg/core";
import { listImportableProjects, ShotgridClient } from "@ayon-sg/shotgrid";

export const PAGE_REQUEST_TOPIC = "shotgrid.page.request";

@Handler({
  topic: PAGE_REQUEST_TOPIC,
  action: "list-importable-projects",
  ordered: false,
  description: "List the ShotGrid projects for the settings page (request/reply)",
})
export class ListImportableProjectsHandler implements EventHandler {
  constructor(
    private readonly ayon: AyonClient,
    private readonly sg: ShotgridClient,
    private readonly settings: AddonSettings,
  ) {}

  async handle(_event: AyonEvent, ctx: HandlerContext): Promise<HandlerOutcome> {
    const projects = await listImportableProjects({ ayon: this.ayon, sg: this.sg, settings: this.settings });
    const importable = projects.filter((p) => p.importable).length;
    return ctx.done(`${projects.length} ShotGrid project(s), ${importable} importable`, { projects });
  }
}
