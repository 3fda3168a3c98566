import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { StudioManifest } from "../config/studio-config.js";
import { isPluginDeclaration, type PluginDeclaration } from "./define-plugin.js";

export interface PluginReport {
  packageName: string;
  version: string | null;
  /** From the package's `"ayon-sg": { "role": ... }` marker. */
  role: string | null;
  status: "loaded" | "skipped" | "failed";
  /** Why it was skipped or failed: one sentence. */
  reason: string | null;
  plugin: PluginDeclaration | null;
}

/**
 * Finds and imports the studio's plugins. What is installed is what runs: the studio directory's own
 * package.json dependencies whose package.json carries an `"ayon-sg"` marker (or the explicit `plugins` list),
 * filtered by include/exclude. Packages resolve from the studio directory, not from core's. A plugin that
 * fails to load is reported and skipped; the others still load.
 */
export async function discoverPlugins(manifest: StudioManifest): Promise<PluginReport[]> {
  const requireFromStudio = createRequire(join(manifest.dir, "package.json"));
  const { plugins: explicit, include, exclude } = manifest.config;
  const names = explicit ?? manifest.dependencies;
  const reports: PluginReport[] = [];
  const ids = new Map<string, string>();

  for (const packageName of names) {
    const report: PluginReport = { packageName, version: null, role: null, status: "failed", reason: null, plugin: null };
    let pkg: Record<string, unknown>;
    try {
      pkg = JSON.parse(readFileSync(manifestPath(requireFromStudio, packageName), "utf8")) as Record<string, unknown>;
    } catch {
      report.reason = `not installed in ${manifest.dir} (run your package manager's install there)`;
      reports.push(report);
      continue;
    }
    report.version = typeof pkg.version === "string" ? pkg.version : null;
    const marker = pkg["ayon-sg"];
    if (!explicit && (typeof marker !== "object" || marker === null)) continue; // an ordinary dependency
    report.role = typeof (marker as { role?: unknown } | undefined)?.role === "string" ? (marker as { role: string }).role : null;

    let plugin: unknown;
    let importError: unknown = null;
    try {
      const module = (await import(pathToFileURL(requireFromStudio.resolve(packageName)).href)) as { default?: unknown };
      plugin = unwrapDefault(module.default);
    } catch (error) {
      importError = error;
    }
    if (exclude?.includes(packageName)) {
      // Imported all the same (importing a plugin has no side effects) so its config section is known as its own.
      reports.push({ ...report, status: "skipped", reason: 'listed in "ayon-sg".exclude', plugin: isPluginDeclaration(plugin) ? plugin : null });
      continue;
    }
    if (importError !== null) {
      report.reason = `cannot be imported: ${importError instanceof Error ? importError.message.split("\n")[0] : String(importError)}`;
      reports.push(report);
      continue;
    }
    if (!isPluginDeclaration(plugin)) {
      report.reason = "its default export is not a plugin declaration (export default definePlugin({...}))";
      reports.push(report);
      continue;
    }
    if (exclude?.includes(plugin.id)) {
      reports.push({ ...report, status: "skipped", reason: `plugin id '${plugin.id}' is listed in "ayon-sg".exclude`, plugin });
      continue;
    }
    if (include && !include.includes(packageName) && !include.includes(plugin.id)) {
      reports.push({ ...report, status: "skipped", reason: 'not listed in "ayon-sg".include', plugin });
      continue;
    }
    const previous = ids.get(plugin.id);
    if (previous) {
      report.reason = `plugin id '${plugin.id}' is already used by ${previous}`;
      reports.push(report);
      continue;
    }
    ids.set(plugin.id, packageName);
    reports.push({ ...report, status: "loaded", plugin });
  }
  return reports;
}

/** A CommonJS plugin imported from ESM arrives as `{ default: module.exports }`. */
/**
 * A dependency's package.json. Through its "exports" when it exports "./package.json"; otherwise (a studio's
 * own package often exports "." alone) found in the node_modules folders Node would search.
 */
function manifestPath(requireFromStudio: NodeRequire, packageName: string): string {
  try {
    return requireFromStudio.resolve(`${packageName}/package.json`);
  } catch (error) {
    for (const dir of requireFromStudio.resolve.paths(packageName) ?? []) {
      const candidate = join(dir, packageName, "package.json");
      if (existsSync(candidate)) return candidate;
    }
    throw error;
  }
}

function unwrapDefault(value: unknown): unknown {
  if (isPluginDeclaration(value)) return value;
  const nested = (value as { default?: unknown } | null)?.default;
  return nested ?? value;
}

export function loadedPlugins(reports: readonly PluginReport[]): PluginDeclaration[] {
  return reports.filter((r) => r.status === "loaded" && r.plugin).map((r) => r.plugin!);
}

/** Ids of plugins installed but skipped (excluded, not included): their config sections are theirs, not typos. */
export function inactivePluginIds(reports: readonly PluginReport[]): string[] {
  return reports.filter((r) => r.status === "skipped" && r.plugin).map((r) => r.plugin!.id);
}
