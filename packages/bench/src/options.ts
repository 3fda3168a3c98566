// `pnpm bench` options.
import type { BenchOptions, ScenarioId } from "./report/types.js";

export const USAGE = `usage: pnpm bench [--latency-ms N] [--scenario 1,2,3,4,5,6] [--scale F] [--json PATH] [--cpu-prof DIR]
  --latency-ms N     latency each emulator adds to every request (default 20)
  --scenario LIST    which scenarios to run (default 1,2,3,6): 1 import, 2 re-sync without change, 3 live throughput,
                     4 live AYON → ShotGrid (5,000 AYON edits pushed to ShotGrid), 5 live ceiling (scenario 3's edits at 500/s over 25 projects and 3 runtime processes),
                     6 AYON → ShotGrid: sync-from-ayon of scenario 1's AYON project into an empty ShotGrid project
  --scale F          project size and edit count factor, 0 < F <= 1 (default 1: the issue's sizes)
  --edit-rate N      scenarios 3 and 4: edits per second (default 220, above the 200 per second target)
  --json PATH        where the JSON report goes (default .artifacts/bench.json)
  --cpu-prof DIR     write CPU profiles of the runtime and emulator processes into DIR (node --cpu-prof)
  --logs DIR         keep each runtime process's whole log in DIR (<instance>.log)
`;

export class UsageError extends Error {}

export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  const options: BenchOptions = { latencyMs: 20, scenarios: [1, 2, 3, 6], scale: 1, jsonPath: ".artifacts/bench.json", cpuProfileDir: null, logDir: null, editRate: 220 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf("=");
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      const v = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (v === undefined || v === "") throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case "--latency-ms": {
        const raw = value();
        const n = Number(raw);
        if (!Number.isInteger(n) || n < 0 || n > 10_000) throw new UsageError(`--latency-ms must be a whole number from 0 to 10000, got '${raw}'`);
        options.latencyMs = n;
        break;
      }
      case "--scenario": {
        const raw = value();
        const ids = raw.split(",").map((s) => s.trim());
        if (ids.some((id) => !["1", "2", "3", "4", "5", "6"].includes(id))) throw new UsageError(`--scenario takes a list of 1 to 6, got '${raw}'`);
        options.scenarios = [...new Set(ids.map(Number) as ScenarioId[])].sort();
        break;
      }
      case "--scale": {
        const raw = value();
        const n = Number(raw);
        if (!Number.isFinite(n) || n <= 0 || n > 1) throw new UsageError(`--scale must be a number above 0 and at most 1, got '${raw}'`);
        options.scale = n;
        break;
      }
      case "--edit-rate": {
        const raw = value();
        const n = Number(raw);
        if (!Number.isFinite(n) || n <= 0 || n > 10_000) throw new UsageError(`--edit-rate must be a number of edits per second above 0, got '${raw}'`);
        options.editRate = n;
        break;
      }
      case "--json":
        options.jsonPath = value();
        break;
      case "--cpu-prof":
        options.cpuProfileDir = value();
        break;
      case "--logs":
        options.logDir = value();
        break;
      case "--help":
      case "-h":
        throw new UsageError("");
      default:
        throw new UsageError(`unknown option '${arg}'`);
    }
  }
  return options;
}
