/**
 * The project contexts shared by every `shotgrid-event` job of a runtime (the runtime makes a handler per job, a
 * service once): settings, anatomy, navchains and Steps are loaded once per project and reused for a short while,
 * so a burst of events costs no reload. Project events and anatomy changes invalidate a project's entry.
 */
import { defineService } from "@ayon-sg/core";
import { ProjectContextCache, type ProjectContextDeps } from "@ayon-sg/shotgrid";

export class UpdateContexts {
  #cache: ProjectContextCache | null = null;

  /** The cache, made on first use with the clients of the first job (they are runtime-wide services). */
  cacheFor(deps: ProjectContextDeps, ttlMs: number): ProjectContextCache {
    this.#cache ??= new ProjectContextCache(deps, { ttlMs });
    return this.#cache;
  }
}

export const updateContextsService = defineService<UpdateContexts>({
  token: UpdateContexts,
  name: "update-from-shotgrid project contexts",
  create: () => new UpdateContexts(),
});
