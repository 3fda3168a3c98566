/**
 * What every push job of a runtime shares (the runtime makes a handler per job, a service once): the project
 * contexts (settings, anatomy, navchains, Steps, users) and what the push reads of the ShotGrid site (schemas,
 * Tags), each reused for a short while so a burst of AYON edits costs no reload.
 */
import { defineService } from "@ayon-sg/core";
import { PushSite, SharedProjectContexts, type ProjectContextDeps } from "@ayon-sg/shotgrid";

export class PushContexts extends SharedProjectContexts {
  #site: { at: number; site: PushSite } | null = null;

  /** The site's schemas and Tags, read again once `ttlMs` old (a status or field added in ShotGrid is then seen). */
  siteFor(deps: ProjectContextDeps, ttlMs: number, now = Date.now()): PushSite {
    if (!this.#site || now - this.#site.at >= ttlMs) this.#site = { at: now, site: new PushSite(deps.sg) };
    return this.#site.site;
  }
}

export const pushContextsService = defineService<PushContexts>({
  token: PushContexts,
  name: "update-from-ayon project contexts",
  create: () => new PushContexts(),
});
