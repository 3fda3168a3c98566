// The printed report: one table (a row per scenario), then each scenario's targets and the live figures.
import { loadWarning } from "./load.js";
import type { BenchReport, LoadFigures, ScenarioResult } from "./types.js";
import { formatUnitFigures } from "./unit-figures.js";

export const COLUMNS = [
  "#", "Scenario", "Wall", "Req SG", "Req AYON", "Req total", "Bytes in / out", "Runtime peak RSS", "Emulator CPU AYON / SG", "Writes", "Targets", "Python baseline",
] as const;

export function formatBytes(bytes: number | null): string {
  if (bytes === null) return "n/a";
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} kB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function formatSeconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(2)} s` : `${(ms / 1000).toFixed(1)} s`;
}

const int = (n: number) => Math.round(n).toLocaleString("en-US");

export function tableRow(s: ScenarioResult): string[] {
  const met = s.targets.filter((t) => t.met).length;
  return [
    String(s.id),
    s.name,
    formatSeconds(s.wallMs),
    int(s.traffic.requests.shotgrid),
    int(s.traffic.requests.ayon),
    int(s.traffic.requests.total),
    `${formatBytes(s.traffic.bytes.in)} / ${formatBytes(s.traffic.bytes.out)}`,
    formatBytes(s.peakRssBytes),
    `${formatSeconds(s.traffic.emulatorCpuMs.ayon)} / ${formatSeconds(s.traffic.emulatorCpuMs.shotgrid)}`,
    int(s.traffic.writes.total),
    `${met === s.targets.length ? "✓" : "✗"} ${met}/${s.targets.length}`,
    s.baseline
      ? `${int(s.baseline.requests)} req (×${s.baseline.ratio.toFixed(0)} ours)`
      : s.pushBaseline
        ? `~${formatSeconds(s.pushBaseline.pythonMsPerEntity)} per entity (×${s.pushBaseline.ratio.toFixed(0)} ours)`
        : "—",
  ];
}

export function renderTable(header: readonly string[], rows: readonly string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  const rule = `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`;
  return [line(header), rule, ...rows.map(line)].join("\n");
}

export function renderReport(report: BenchReport): string {
  const out: string[] = [];
  const { options, machine } = report;
  out.push(
    `ayon-sg benchmark — ${machine.cpus} × ${machine.cpuModel}, node ${machine.node}; latency ${options.latencyMs} ms per request, scale ${options.scale}` +
      (report.targetsApply ? "" : " (the targets are defined for scale 1 at 20 ms: shown for information)"),
    "",
    renderTable(COLUMNS, report.scenarios.map(tableRow)),
    "",
  );
  for (const s of report.scenarios) {
    const targets = s.targets.map((t) => `${t.met ? "✓" : "✗"} ${t.name} ${t.target}: ${t.actual}`).join("; ");
    out.push(`${s.id}. ${s.name}: ${targets}`);
    if (s.live) {
      const l = s.live;
      out.push(
        `   ${int(l.edits)} edits at ${int(l.editRatePerSecond)}/s over ${l.runtimeProcesses} runtime processes: ${int(l.applied)} applied, ` +
          `${l.eventsPerSecond.toFixed(1)} events/s sustained, latency p50 ${formatSeconds(l.latencyMs.p50)}, p90 ${formatSeconds(l.latencyMs.p90)}, ` +
          `p99 ${formatSeconds(l.latencyMs.p99)}, max ${formatSeconds(l.latencyMs.max)}; jobs ${JSON.stringify(l.jobs)}`,
        `   chain: ${l.chain.lanes} lanes (one batch in flight per project), ${l.chain.meanBatchSize.toFixed(1)} jobs per batch, ` +
          `${l.chain.requestsPerEdit.toFixed(1)} requests per edit, ${l.chain.meanRequestMs.toFixed(1)} ms per request at the emulators, ` +
          `batch ${Math.round(l.chain.meanJobMs)} ms, a batch every ${Math.round(l.chain.meanCycleMs)} ms per project → at most ${l.chain.boundPerSecond.toFixed(0)} events/s at that size`,
        `   limited by ${l.ceiling.limit}`,
        ...l.ceiling.notes.map((note) => `     ${note}`),
      );
    }
    if (s.outcome) out.push(`   job: ${s.outcome.length > 300 ? `${s.outcome.slice(0, 300)}…` : s.outcome}`);
    out.push(
      `   runtime CPU ${s.runtimeCpuMs === null ? "n/a" : formatSeconds(s.runtimeCpuMs)}${cpuByProcess(s.live?.runtimeCpuMsByProcess)}; AYON queue bookkeeping ${int(s.traffic.ayonBookkeeping)} of ${int(s.traffic.requests.ayon)} AYON requests`,
    );
    if (s.units) out.push(`   ${formatUnitFigures(s.units)}`);
    if (s.load) {
      out.push(`   ${formatLoad(s.load)}`);
      const warning = loadWarning(s.load);
      if (warning) out.push(`   ${warning}`);
    }
  }
  const warned = report.scenarios.filter((s) => s.load && loadWarning(s.load));
  if (warned.length > 0) out.push("", `WARNING: scenario ${warned.map((s) => s.id).join(", ")} ran on a busy machine: compare request counts and CPU per edit, not timings`);
  return out.join("\n");
}

/** " (bench-live-a 9.1 s, bench-live-b 4.0 s)", or nothing for a single process. */
function cpuByProcess(byProcess: Record<string, number> | undefined): string {
  const entries = Object.entries(byProcess ?? {});
  return entries.length > 1 ? ` (${entries.map(([name, ms]) => `${name} ${formatSeconds(ms)}`).join(", ")})` : "";
}

export function formatLoad(load: LoadFigures): string {
  const cores = (n: number | null) => (n === null ? "n/a" : n.toFixed(2));
  return (
    `machine: load average ${load.before.toFixed(2)} before the bench, ${load.mean.toFixed(2)} during the run (max ${load.max.toFixed(2)}) on ${load.cores} cores; ` +
    `cores busy: ${cores(load.ownCores)} ours, ${cores(load.otherCores)} others`
  );
}
