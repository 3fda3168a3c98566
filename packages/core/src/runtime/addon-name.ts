import type { PluginDeclaration } from "../plugin/define-plugin.js";

/** The plugins name different addons: one runtime reads one addon's settings. */
export class AddonNameConflictError extends Error {
  override readonly name = "AddonNameConflictError";
}

/**
 * Whose settings the runtime reads: the override (AYON_ADDON_NAME, set by AYON's service host) when given, else
 * the addon the loaded plugins declare (`definePlugin({ addon })`); null when neither names one.
 */
export function addonNameFor(plugins: readonly PluginDeclaration[], override: string | null): string | null {
  if (override) return override;
  const declared = new Map<string, string>();
  for (const plugin of plugins) {
    const addon = (plugin as { addon?: string | null }).addon;
    if (addon && !declared.has(addon)) declared.set(addon, plugin.id);
  }
  if (declared.size > 1) {
    const list = [...declared].map(([addon, id]) => `'${id}' → ${addon}`).join(", ");
    throw new AddonNameConflictError(`the plugins read the settings of different addons (${list}); set AYON_ADDON_NAME to the one this runtime serves`);
  }
  return declared.keys().next().value ?? null;
}
