// Runs the chosen scenarios, each group against fresh emulator processes, and assembles the report.
import { mkdirSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { resolve } from "node:path";
import { startDeployment } from "./deployment.js";
import type { BenchOptions, BenchReport, ScenarioId, ScenarioResult } from "./report/types.js";
import { runImportScenarios } from "./scenarios/import.js";
import { CEILING, runLiveScenario } from "./scenarios/live.js";
import { runPushScenario } from "./scenarios/push-live.js";
import { loadBeforeBench } from "./machine/window.js";
import { cpuProfileArgs } from "./runtime/node-args.js";

export async function runBench(options: BenchOptions, log: (line: string) => void = () => undefined): Promise<BenchReport> {
  const loadBefore = loadBeforeBench();
  const nodeArgs = cpuProfileArgs(options.cpuProfileDir ? resolve(options.cpuProfileDir) : null);
  const logDir = options.logDir ? resolve(options.logDir) : null;
  if (logDir) mkdirSync(logDir, { recursive: true });
  const report: BenchReport = {
    startedAt: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model.trim() ?? "unknown", node: process.version, platform: process.platform, totalMemoryBytes: totalmem() },
    options: { latencyMs: options.latencyMs, scenarios: options.scenarios, scale: options.scale, cpuProfileDir: options.cpuProfileDir, logDir: options.logDir, editRate: options.editRate },
    targetsApply: options.scale === 1 && options.latencyMs === 20 && options.editRate >= 200,
    scenarios: [],
  };
  const wants = (id: ScenarioId) => options.scenarios.includes(id);

  if (wants(1) || wants(2) || wants(6)) {
    log(`scenarios ${[1, 2, 6].filter((id) => wants(id as ScenarioId)).join(", ")}: seeding ShotGrid, importing${wants(2) ? ", re-syncing" : ""}${wants(6) ? ", pushing to a new ShotGrid project" : ""}…`);
    const deployment = await startDeployment({ latencyMs: options.latencyMs, nodeArgs, logDir, label: "import" });
    try {
      const results = await runImportScenarios(deployment, { scale: options.scale, report: { import: wants(1), resync: wants(2), push: wants(6) }, loadBefore });
      report.scenarios.push(...results);
      for (const r of results) log(`scenario ${r.id} done in ${(r.wallMs / 1000).toFixed(1)} s`);
    } finally {
      await deployment.close();
    }
  }
  if (wants(3)) {
    log("scenario 3: linking ten auto-sync projects, then live edits…");
    const deployment = await startDeployment({ latencyMs: options.latencyMs, nodeArgs, logDir, label: "live", serviceSettings: { polling_frequency: 1 } });
    try {
      const result: ScenarioResult = await runLiveScenario(deployment, { scale: options.scale, editRate: options.editRate, log, loadBefore });
      report.scenarios.push(result);
    } finally {
      await deployment.close();
    }
  }
  if (wants(4)) {
    log("scenario 4: linking ten projects with push on, then live AYON edits…");
    const deployment = await startDeployment({ latencyMs: options.latencyMs, nodeArgs, logDir, label: "push", serviceSettings: { polling_frequency: 1 }, logScriptWrites: true });
    try {
      report.scenarios.push(await runPushScenario(deployment, { scale: options.scale, editRate: options.editRate, log, loadBefore }));
    } finally {
      await deployment.close();
    }
  }
  if (wants(5)) {
    log(`scenario 5: linking ${CEILING.projects} auto-sync projects, then live edits at ${CEILING.editRate}/s over ${CEILING.runtimes} runtime processes…`);
    const deployment = await startDeployment({ latencyMs: options.latencyMs, nodeArgs, logDir, label: "ceiling", serviceSettings: { polling_frequency: 1 } });
    try {
      report.scenarios.push(await runLiveScenario(deployment, { scale: options.scale, log, loadBefore, ...CEILING }));
    } finally {
      await deployment.close();
    }
  }
  return report;
}
