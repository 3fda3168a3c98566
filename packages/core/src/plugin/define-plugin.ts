import { handlerMetadata, type HandlerClass } from "./handler.js";
import { PLUGIN_BRAND } from "./metadata.js";
import type { ServiceProvider } from "./service.js";
import { sourceMetadata, type SourceClass } from "./source.js";
import { resolveOrderGroup, type OrderGroup, type ResolvedOrderGroup } from "./order-group.js";

/** Anything with zod's `safeParse` (any zod copy works, so plugins need not share core's). */
export interface ConfigSchema<T> {
  safeParse(input: unknown): { success: true; data: T } | { success: false; error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> } };
}

export interface PluginDefinition<C = unknown> {
  /** kebab-case, unique among the loaded plugins. */
  id: string;
  handlers?: HandlerClass[];
  sources?: SourceClass[];
  services?: ServiceProvider<any>[];
  /**
   * Validates this plugin's section of the studio config (`"ayon-sg": { "config": { "<id>": ... } }`), at start,
   * in `run` and `check` alike: a wrong type or a key the schema does not know is refused with its path
   * (`ayon-sg.config.<id>.minLevel: expected number, got string`), and so is a section whose id no loaded plugin
   * has. Handlers receive the parsed value (defaults applied) as `PluginConfig<typeof schema>`. Without a
   * schema the plugin's section must be empty.
   */
  configSchema?: ConfigSchema<C>;
  /** Share routes, lanes and jobs with the plugins of this group (order-group.ts); default: a group of its own. */
  orderGroup?: OrderGroup;
  /** The AYON addon whose settings this plugin reads (the `AddonSettings` it is given); AYON_ADDON_NAME overrides. */
  addon?: string;
}

export interface PluginDeclaration<C = unknown> {
  readonly $$type: typeof PLUGIN_BRAND;
  readonly id: string;
  readonly handlers: readonly HandlerClass[];
  readonly sources: readonly SourceClass[];
  readonly services: readonly ServiceProvider<any>[];
  readonly configSchema?: ConfigSchema<C>;
  readonly orderGroup: ResolvedOrderGroup;
  readonly addon: string | null;
}

const PLUGIN_ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
// ayon-backend ayon_server/types.py: ADDON_NAME_REGEX.
const ADDON_NAME = /^[a-zA-Z0-9_][a-zA-Z0-9_.-]*[a-zA-Z0-9_]$/;

/** The one value a plugin package exports as default. Has no side effects. */
export function definePlugin<C = unknown>(definition: PluginDefinition<C>): PluginDeclaration<C> {
  if (!PLUGIN_ID.test(definition.id)) {
    throw new TypeError(`plugin id '${definition.id}' must be kebab-case (e.g. "studio-notify")`);
  }
  const handlers = definition.handlers ?? [];
  for (const handler of handlers) {
    if (!handlerMetadata(handler)) {
      throw new TypeError(`plugin '${definition.id}': ${handler.name} is listed as a handler but has no @Handler decorator`);
    }
  }
  const sources = definition.sources ?? [];
  for (const source of sources) {
    if (!sourceMetadata(source)) {
      throw new TypeError(`plugin '${definition.id}': ${source.name} is listed as a source but has no @Source decorator`);
    }
  }
  if (definition.addon !== undefined && !ADDON_NAME.test(definition.addon)) throw new TypeError(`plugin '${definition.id}': addon '${definition.addon}' is not an AYON addon name`);
  return Object.freeze({
    $$type: PLUGIN_BRAND,
    id: definition.id,
    handlers: Object.freeze([...handlers]),
    sources: Object.freeze([...sources]),
    services: Object.freeze([...(definition.services ?? [])]),
    configSchema: definition.configSchema,
    orderGroup: resolveOrderGroup(definition.orderGroup ?? { name: definition.id }, definition.id),
    addon: definition.addon ?? null,
  });
}

/** Checked by brand, never instanceof: a plugin may carry its own copy of core. */
export function isPluginDeclaration(value: unknown): value is PluginDeclaration {
  return typeof value === "object" && value !== null && (value as { $$type?: unknown }).$$type === PLUGIN_BRAND;
}
