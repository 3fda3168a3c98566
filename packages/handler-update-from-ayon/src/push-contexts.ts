/**
 * What every push job of a runtime shares (the runtime makes a handler per job, a service once): the project
 * contexts (settings, anatomy, navchains, Steps, users) and what the push reads of the ShotGrid site (schemas,
 * Tags), each reused for a short while so a burst of AYON edits costs no reload.
 */
import { defineService } from "@ayon-sg/core";
import { ProjectContextCache, PushSite, type ProjectContextDeps } from "@ayon-sg/shotgrid";

export class PushContexts {
  #cache: ProjectContextCache | null = null;
  #site: { at: number; site: PushSite } | null = null;

  /** The contexts, made on first use with the clients of the first job (they are runtime-wide services). */
  cacheFor(deps: ProjectContextDeps, ttlMs: number): ProjectContextCache {
    this.#cache ??= new ProjectContextCache(deps, { ttlMs });
    return this.#cache;
  }

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
