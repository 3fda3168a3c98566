#!/usr/bin/env node
// `pnpm soak [--minutes N] [--seed S] [--only PATTERN]`: the reliability scenarios with the soak profile
// (more kills, longer outages, more events, more fuzz cases — scaled by the minutes), repeated round after
// round with seeds S, S+1, ... while the time budget lasts (at least one round). Prints every round's figures,
// the totals, how often each kind of fault was thrown (src/soak-figures.ts) and the end figures; exits non-zero if any
// round failed, or if a full run (no --only) threw a kind of fault not once. Needs `pnpm build` first (the
// scenarios run the binary).
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { formatTally, tallySoak } from "../dist/soak-figures.js";

const ROOT = join(import.meta.dirname, "..", "..", "..");
const FIGURES = join(ROOT, ".artifacts", "reliability");

const { values } = parseArgs({
  options: { minutes: { type: "string", default: "15" }, seed: { type: "string" }, only: { type: "string" }, help: { type: "boolean", short: "h" } },
  strict: true,
});
if (values.help) {
  process.stdout.write("Usage: pnpm soak [--minutes N] [--seed S] [--only PATTERN]\n");
  process.exit(0);
}
const minutes = Number(values.minutes);
if (!(minutes > 0)) fail(`--minutes '${values.minutes}' must be a positive number`);
const firstSeed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
if (!Number.isInteger(firstSeed) || firstSeed < 0) fail(`--seed '${values.seed}' must be a whole number ≥ 0`);

const deadline = Date.now() + minutes * 60_000;
const rounds = [];
process.stdout.write(`soak: ${minutes} min budget, first seed ${firstSeed} (replay a round with --seed <its seed>)\n`);
for (let round = 0; round === 0 || Date.now() < deadline; round++) {
  const seed = firstSeed + round;
  rmSync(FIGURES, { recursive: true, force: true });
  mkdirSync(FIGURES, { recursive: true });
  const started = Date.now();
  process.stdout.write(`\nsoak round ${round + 1} (seed ${seed})\n`);
  const result = spawnSync(
    "pnpm",
    ["exec", "jest", "--maxWorkers=2", "--testTimeout=3600000", values.only ?? "packages/reliability/src"],
    {
      cwd: ROOT,
      stdio: "inherit",
      env: {
        ...process.env,
        NODE_OPTIONS: "--experimental-vm-modules --disable-warning=ExperimentalWarning",
        RELIABILITY_PROFILE: "soak",
        RELIABILITY_MINUTES: String(minutes),
        RELIABILITY_SEED: String(seed),
      },
    },
  );
  rounds.push({ round: round + 1, seed, passed: result.status === 0, seconds: (Date.now() - started) / 1000, figures: readFigures() });
  if (result.status !== 0) break; // keep the failing round's artifacts as they are
}

process.stdout.write("\nsoak figures\n");
const totals = { killsSurvived: 0, eventsChecked: 0, outageSeconds: 0, fuzzCases: 0 };
for (const r of rounds) {
  process.stdout.write(`round ${r.round} (seed ${r.seed}) ${r.passed ? "passed" : "FAILED"} in ${r.seconds.toFixed(0)} s\n`);
  for (const [scenario, figures] of Object.entries(r.figures)) {
    process.stdout.write(`  ${scenario}: ${Object.entries(figures).map(([k, v]) => `${k}=${typeof v === "number" && !Number.isInteger(v) ? v.toFixed(2) : v}`).join(", ")}\n`);
    for (const [key, value] of Object.entries(figures)) {
      if (typeof value !== "number") continue;
      if (key === "killsSurvived") totals.killsSurvived += value;
      if (key.startsWith("eventsChecked")) totals.eventsChecked += value;
      if (key === "outageSeconds") totals.outageSeconds += value;
      if (key === "fuzzCases") totals.fuzzCases += value;
    }
  }
}
process.stdout.write(
  `totals: ${rounds.length} round(s), kills survived ${totals.killsSurvived}, events checked ${totals.eventsChecked}, ` +
    `outage seconds ${totals.outageSeconds.toFixed(0)}, fuzz cases ${totals.fuzzCases}\n`,
);
const tally = tallySoak(rounds);
for (const line of formatTally(tally)) process.stdout.write(`${line}\n`);
const failed = rounds.filter((r) => !r.passed).length;
if (failed > 0) process.stdout.write("(a failed round's figures are partial: its failing scenario recorded none, lost events included)\n");
process.stdout.write(`${rounds.length - failed} passed, ${failed} failed\n`);
// A lost event fails its scenario (so a passed round has lost 0); a full run must also have met every fault.
const unmet = failed === 0 && values.only === undefined && tally.missing.length > 0;
process.exit(failed === 0 && !unmet ? 0 : 1);

function readFigures() {
  const out = {};
  let files = [];
  try {
    files = readdirSync(FIGURES).filter((f) => f.endsWith(".json")).sort();
  } catch {
    return out;
  }
  for (const file of files) out[file.replace(/\.json$/, "")] = JSON.parse(readFileSync(join(FIGURES, file), "utf8"));
  return out;
}

function fail(message) {
  process.stderr.write(`soak: ${message}\n`);
  process.exit(2);
}
