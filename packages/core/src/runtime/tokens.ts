// Injection tokens core provides to plugins. Abstract or concrete classes, so constructor types resolve them.
import type { AyonClient } from "../ayon/client.js";
import { secretNameProblem } from "../util/secret-name.js";
import type { ConfigSchema } from "../plugin/define-plugin.js";

/** The addon's settings as AYON resolves them (studio level, and per project on demand). */
export class AddonSettings {
  private readonly projectCache = new Map<string, Promise<Record<string, unknown>>>();

  constructor(
    readonly addonName: string,
    /** null when the addon is not installed in AYON: `studio` is then empty. */
    readonly addonVersion: string | null,
    readonly studio: Record<string, unknown>,
    private readonly ayon: AyonClient | null,
  ) {}

  /** Studio settings with the project's overrides on top; cached for the life of the runtime. */
  forProject(project: string): Promise<Record<string, unknown>> {
    if (!this.ayon || !this.addonVersion) return Promise.resolve(this.studio);
    let cached = this.projectCache.get(project);
    if (!cached) {
      const { ayon, addonName, addonVersion } = this;
      cached = ayon.getAddonSettings(addonName, addonVersion, { project }).catch((error: unknown) => {
        this.projectCache.delete(project);
        throw error;
      });
      this.projectCache.set(project, cached);
    }
    return cached;
  }
}

/** Reads AYON secrets (admin-only on the server; the runtime's service user qualifies). */
export class Secrets {
  constructor(private readonly ayon: AyonClient) {}

  /**
   * The secret's value; a clear error when it does not exist. The name is never repeated in an error: it comes from
   * settings, where a key may have been pasted instead of its secret's name. A value that is not a secret name (or
   * looks like a key: util/secret-name.ts) is refused before any request.
   */
  async get(name: string): Promise<string> {
    const problem = secretNameProblem(name);
    if (problem) throw new Error(`the AYON secret name asked for is refused: ${problem}`);
    const value = await this.ayon.getSecret(name);
    if (value === null) {
      throw new Error("the AYON secret named in the settings does not exist (create it under Studio settings → Secrets, or choose an existing one; the name is not repeated here, as it may be a key pasted by mistake)");
    }
    return value;
  }
}

/** The type a config schema parses to (`z.infer<S>` for a zod schema); any other type stands for itself. */
export type ConfigOf<S> = S extends ConfigSchema<infer T> ? T : S;

/**
 * A plugin's own config section, parsed by its configSchema (defaults applied); injected per plugin. Type it
 * with the schema: `PluginConfig<typeof myConfigSchema>` gives `value` the schema's output type.
 *
 * @example
 * ```ts
 * export const approvalConfig = z.object({ minLevel: z.number().default(2) }).strict();
 * @Handler({ topic: "entity.task.status_changed", deps: [PluginConfig] })
 * class FlagApprovedTask {
 *   constructor(private readonly config: PluginConfig<typeof approvalConfig>) {}  // config.value.minLevel: number
 * }
 * export default definePlugin({ id: "approval-flag", handlers: [FlagApprovedTask], configSchema: approvalConfig });
 * ```
 */
export class PluginConfig<S = unknown> {
  constructor(readonly value: ConfigOf<S>) {}
}

/** Who this runtime process is. */
export class RuntimeInfo {
  constructor(
    readonly serviceName: string,
    /** Prefix of the worker senders; stable across restarts so a restarted process resumes its jobs. */
    readonly instanceName: string,
    readonly version: string,
    readonly studioDir: string,
  ) {}
}
