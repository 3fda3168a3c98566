import { bootstrap } from "../bootstrap.js";
import { handlerMetadata } from "../../plugin/handler.js";
import { sourceMetadata } from "../../plugin/source.js";
import type { PluginReport } from "../../plugin/discovery.js";
import { orderGroupOf } from "../../runtime/runtime.js";

/** `list-plugins`: what was found in the studio directory, what was skipped and why. Exit 1 when a plugin failed. */
export async function listPluginsCommand(options: { studioDir?: string; out: NodeJS.WritableStream }): Promise<number> {
  const { reports, manifest } = await bootstrap({ studioDir: options.studioDir, requireAyon: false });
  const out = options.out;
  out.write(`Studio directory: ${manifest.dir}\n`);
  if (reports.length === 0) {
    out.write('No plugins: add plugin packages (their package.json carries an "ayon-sg" marker) to its dependencies.\n');
    return 0;
  }
  for (const report of reports) out.write(formatReport(report));
  const failed = reports.filter((r) => r.status === "failed").length;
  const loaded = reports.filter((r) => r.status === "loaded").length;
  const skipped = reports.length - loaded - failed;
  out.write(`\n${loaded} loaded, ${skipped} skipped, ${failed} failed\n`);
  return failed > 0 ? 1 : 0;
}

function formatReport(report: PluginReport): string {
  const mark = report.status === "loaded" ? "✓" : report.status === "skipped" ? "-" : "✗";
  const version = report.version ? `@${report.version}` : "";
  let text = `${mark} ${report.packageName}${version}`;
  if (report.plugin) text += ` (plugin '${report.plugin.id}')`;
  text += report.reason ? `: ${report.status} — ${report.reason}\n` : "\n";
  if (report.plugin && report.status === "loaded") {
    const group = orderGroupOf(report.plugin);
    if (report.plugin.handlers.length > 0) {
      const shared = group.name === report.plugin.id ? "" : `order group '${group.name}', `;
      text += `    queue: ${shared}jobs on ${group.jobTopic}, writes as ${group.senderType}\n`;
    }
    for (const handler of report.plugin.handlers) {
      const meta = handlerMetadata(handler)!;
      const actions = meta.actions ? ` action=${meta.actions.join("|")}` : "";
      text += `    handler ${handler.name}: ${meta.topics.join(", ")}${actions}${meta.ordered ? "" : " (unordered)"}${meta.batch > 1 ? ` (batches of up to ${meta.batch})` : ""}${meta.description ? ` — ${meta.description}` : ""}\n`;
    }
    for (const source of report.plugin.sources) {
      const meta = sourceMetadata(source)!;
      text += `    source ${meta.name}${meta.description ? ` — ${meta.description}` : ""}\n`;
    }
    for (const service of report.plugin.services) text += `    service ${service.name}\n`;
  }
  return text;
}
