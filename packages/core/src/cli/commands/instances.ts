/**
 * `instances`: the runtime processes AYON has heard from (runtime/instances.ts, the rule the addon page applies
 * too): alive or not, host, pid, version, plugins, worker slots, last heartbeat. Exit code 1 when none is alive.
 */
import { Writable } from "node:stream";
import { listInstances, type RuntimeInstance } from "../../runtime/instances.js";
import { bootstrap, connectToAyon, createAyonClient } from "../bootstrap.js";
import { studioOption, type CliCommand } from "../usage.js";

const time = (iso: string) => iso.replace(/\.\d+/, "").replace("T", " ");

/** One line per instance; the last line says how many are alive (or that nothing is being synced). */
export function instancesTable(instances: readonly RuntimeInstance[]): string {
  const alive = instances.filter((i) => i.alive).length;
  const summary = alive > 0 ? `${alive} runtime instance(s) alive.` : "No ayon-sg runtime is running — nothing is being synced.";
  if (instances.length === 0) return `${summary}\n`;
  const rows = instances.map((i) => [
    i.alive ? "alive" : i.status === "stopped" ? "stopped" : "silent",
    i.instance,
    `${i.host}:${i.pid}`,
    i.version,
    String(i.workerSlots),
    time(i.lastHeartbeat),
    i.plugins.join(","),
  ]);
  const header = ["STATE", "INSTANCE", "HOST:PID", "VERSION", "SLOTS", "LAST HEARTBEAT", "PLUGINS"];
  const widths = header.slice(0, -1).map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: string[]) => cells.map((cell, c) => (c < widths.length ? cell.padEnd(widths[c]!) : cell)).join("  ").trimEnd();
  return `${[header, ...rows].map(line).join("\n")}\n${summary}\n`;
}

export const instancesRegistration: CliCommand = (program, context) => {
  program
    .command("instances")
    .description("list the runtime processes and whether they are alive (their heartbeat in AYON); exit 1 when none is")
    .addOption(studioOption())
    .option("--json", "print the instances as JSON")
    .action(async (options: { studio?: string; json?: boolean }) => {
      const { env, logger } = await bootstrap({ studioDir: options.studio, stream: new Writable({ write: (_c, _e, done) => done() }) });
      const ayon = createAyonClient(env, logger);
      await connectToAyon(ayon, env);
      const instances = await listInstances(ayon);
      context.out.write(options.json ? `${JSON.stringify(instances, null, 2)}\n` : instancesTable(instances));
      if (!instances.some((i) => i.alive)) context.exitCode = 1;
    });
};
