/**
 * The project contexts shared by every `shotgrid-event` job of a runtime (the runtime makes a handler per job, a
 * service once): settings, anatomy, navchains and Steps are loaded once per project and reused for a short while,
 * so a burst of events costs no reload. Project events and anatomy changes invalidate a project's entry.
 */
import { defineService } from "@ayon-sg/core";
import { SharedProjectContexts } from "@ayon-sg/shotgrid";

/** This plugin's own holder: its class is the service's injection token. */
export class UpdateContexts extends SharedProjectContexts {}

export const updateContextsService = defineService<UpdateContexts>({
  token: UpdateContexts,
  name: "update-from-shotgrid project contexts",
  create: () => new UpdateContexts(),
});
