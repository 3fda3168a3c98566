// The figures each scenario reports (kills survived, events checked, outage lengths, fuzz cases, durations).
// Written as one JSON file per scenario under .artifacts/reliability/, printed by `pnpm soak` at the end and
// echoed by each test, so a CI log shows them too.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const REPO_ROOT = join(import.meta.dirname, "..", "..", "..");
export const FIGURES_DIR = join(REPO_ROOT, ".artifacts", "reliability");

export type Figures = Record<string, string | number | boolean>;

/** Merges `figures` into the scenario's file and returns the merged set. */
export function recordFigures(scenario: string, figures: Figures, dir = FIGURES_DIR): Figures {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${scenario}.json`);
  let merged: Figures = {};
  try {
    merged = JSON.parse(readFileSync(file, "utf8")) as Figures;
  } catch {
    // first figures of this scenario in this run
  }
  merged = { ...merged, ...figures };
  writeFileSync(file, JSON.stringify(merged, null, 2) + "\n");
  process.stdout.write(`[reliability] ${scenario}: ${formatFigures(figures)}\n`);
  return merged;
}

export function clearFigures(scenario: string, dir = FIGURES_DIR): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${scenario}.json`), "{}\n");
}

export function readAllFigures(dir = FIGURES_DIR): Record<string, Figures> {
  const out: Record<string, Figures> = {};
  let files: string[] = [];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith(".json")).sort();
  } catch {
    return out;
  }
  for (const file of files) out[file.replace(/\.json$/, "")] = JSON.parse(readFileSync(join(dir, file), "utf8")) as Figures;
  return out;
}

export function formatFigures(figures: Figures): string {
  return Object.entries(figures)
    .map(([key, value]) => `${key}=${typeof value === "number" && !Number.isInteger(value) ? value.toFixed(2) : String(value)}`)
    .join(", ");
}
