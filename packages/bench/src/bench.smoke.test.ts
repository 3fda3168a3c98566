// CI smoke test of `pnpm bench`: the built CLI at a tiny scale with 1 ms latency. It checks the behaviour —
// the table and the JSON are complete and their figures non-zero and consistent with each other — never the
// speed targets (benchmarks measure speed; CI measures behaviour). Needs `pnpm build` (like the e2e tests).
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BenchReport, LiveFigures, ScenarioResult } from "./report/types.js";
import { COLUMNS } from "./report/table.js";
import { expectedEntities, largeProjectSpec } from "./scenarios/project-spec.js";

const CLI = join(import.meta.dirname, "..", "dist", "cli.js");
const SCALE = 0.002;

describe("pnpm bench at a tiny scale", () => {
  let dir: string;
  let stdout: string;
  let report: BenchReport;
  const scenario = (id: number): ScenarioResult => report.scenarios.find((s) => s.id === id)!;

  beforeAll(() => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`pnpm build\` first`);
    dir = mkdtempSync(join(tmpdir(), "ayon-sg-bench-"));
    const run = spawnSync(process.execPath, [CLI, "--scale", String(SCALE), "--latency-ms", "1", "--json", join(dir, "bench.json")], {
      encoding: "utf8",
      timeout: 170_000,
    });
    stdout = run.stdout;
    if (run.status !== 0) throw new Error(`bench exited ${run.status}:\n${run.stdout}\n${run.stderr}`);
    report = JSON.parse(readFileSync(join(dir, "bench.json"), "utf8")) as BenchReport;
  }, 180_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("prints one table with every column and a row per scenario, and says where the JSON went", () => {
    const header = stdout.split("\n").find((line) => line.startsWith("| #"))!;
    expect(header.split("|").map((c) => c.trim()).filter(Boolean)).toEqual([...COLUMNS]);
    expect(stdout).toMatch(/^\| 1 +\| Import of [\d,]+ entities/m);
    expect(stdout).toMatch(/^\| 2 +\| Re-sync, no change/m);
    expect(stdout).toMatch(/^\| 3 +\| Live: 50 edits, 10 projects/m);
    expect(stdout).toMatch(/^\| 6 +\| AYON → ShotGrid sync of [\d,]+ entities/m);
    expect(stdout).toMatch(/50 edits at 220\/s over 2 runtime processes: 50 applied, [\d.]+ events\/s sustained, latency p50/);
    expect(stdout).toMatch(/chain: 10 lanes .* jobs per batch, .* requests per edit, .* ms per request at the emulators, batch \d+ ms, a batch every \d+ ms per project/);
    expect(stdout).toContain(`JSON report: ${join(dir, "bench.json")}`);
    expect(report.options).toMatchObject({ latencyMs: 1, scale: SCALE, scenarios: [1, 2, 3, 6], editRate: 220 });
    expect(report.targetsApply).toBe(false);
  });

  it("reports non-zero figures that add up", () => {
    for (const s of report.scenarios) {
      const { requests, bytes, writes, routes, emulatorCpuMs } = s.traffic;
      expect(s.wallMs).toBeGreaterThan(0);
      expect(requests.shotgrid).toBeGreaterThan(0);
      expect(requests.ayon).toBeGreaterThan(0);
      expect(requests.total).toBe(requests.shotgrid + requests.ayon);
      expect(Object.values(routes.ayon).reduce((a, b) => a + b, 0)).toBe(requests.ayon);
      expect(Object.values(routes.shotgrid).reduce((a, b) => a + b, 0)).toBe(requests.shotgrid);
      expect(writes.total).toBe(writes.ayon + writes.shotgrid);
      expect(s.traffic.ayonBookkeeping).toBeLessThanOrEqual(requests.ayon);
      expect(bytes.in).toBeGreaterThan(0);
      expect(bytes.out).toBeGreaterThan(0);
      expect(emulatorCpuMs.ayon + emulatorCpuMs.shotgrid).toBeGreaterThan(0);
      if (process.platform === "linux") {
        expect(s.peakRssBytes).toBeGreaterThan(20 * 1024 * 1024);
        expect(s.runtimeCpuMs).toBeGreaterThan(0);
      }
      for (const t of s.targets) expect(t).toEqual({ name: expect.any(String), target: expect.any(String), actual: expect.any(String), met: expect.any(Boolean) });
    }
  });

  it("scenario 1 imports every generated entity, with writes on both sides, and the Python baseline beside it", () => {
    const s = scenario(1);
    const expected = expectedEntities(largeProjectSpec("any", SCALE));
    expect(s.entities).toBe(expected);
    expect(s.outcome).toMatch(/^Imported ShotGrid project \d+ as bench_show/);
    expect(s.traffic.writes.ayon).toBeGreaterThan(0);
    expect(s.traffic.writes.shotgrid).toBeGreaterThan(0);
    expect(s.baseline).toEqual({ requests: 2 * expected, ratio: (2 * expected) / s.traffic.requests.total });
    expect(stdout).toContain(`${(2 * expected).toLocaleString("en-US")} req`);
  });

  it("scenario 2 re-syncs the same project and writes nothing", () => {
    const s = scenario(2);
    expect(s.traffic.writes).toEqual({ ayon: 0, shotgrid: 0, total: 0 });
    expect(s.outcome).toMatch(/0 created, 0 updated, \d+ unchanged; tasks 0 created, 0 updated, \d+ unchanged/);
    expect(s.targets.find((t) => t.name === "writes")).toMatchObject({ met: true, actual: "0" });
  });

  it("scenario 6 pushes the imported AYON project into an empty ShotGrid project: every folder and task but the asset categories", () => {
    const s = scenario(6);
    const spec = largeProjectSpec("any", SCALE);
    expect(s.entities).toBe(expectedEntities(spec) - Math.min(spec.assetCategories.length, spec.assets));
    expect(s.outcome).toMatch(new RegExp(`; ${s.entities} created, 0 updated, 0 already in line, ${s.entities} linked in AYON;`));
    expect(s.traffic.writes.shotgrid).toBeGreaterThan(0);
    expect(s.targets.find((t) => t.name === "ShotGrid entities")).toMatchObject({ met: true });
  });

  it("scenario 3 applies every edit through two runtime processes and times each one", () => {
    const s = scenario(3);
    const live = expectTimedEdits(s);
    const { max } = live.latencyMs;
    expect(live.eventsPerSecond).toBeGreaterThan(0);
    expect(s.wallMs).toBeGreaterThanOrEqual(max);
    const { chain } = live;
    expect(chain.lanes).toBe(10);
    expect(chain.requestsPerEdit).toBeCloseTo(s.traffic.requests.total / live.applied, 5);
    expect(chain.meanRequestMs).toBeGreaterThan(1);
    expect(chain.meanBatchSize).toBeGreaterThanOrEqual(1);
    // Five edits a project may all go in one batch: no second batch, no cycle, no bound.
    expect(chain.meanCycleMs).toBeGreaterThanOrEqual(0);
    expect(chain.boundPerSecond).toBeCloseTo(chain.meanCycleMs > 0 ? (chain.lanes * chain.meanBatchSize * 1000) / chain.meanCycleMs : 0, 5);
    // Every edit changes AYON, but a wave of live updates sends its changes in one operations request.
    expect(s.traffic.writes.ayon).toBeGreaterThan(0);
    expect(s.targets.map((t) => t.name)).toEqual(["all edits applied", "throughput", "latency p50", "latency p99", "runtime CPU", "AYON requests"]);
    expect(s.targets[0]).toMatchObject({ met: true, actual: "50" });
    expect(live.ceiling.limit).toEqual(expect.any(String));
    // Either process may have done all of 50 edits' jobs.
    const shares = /^jobs by runtime process: (.*)$/.exec(live.ceiling.notes.at(-1)!)![1]!.split(", ");
    for (const share of shares) expect(share).toMatch(/^bench-live-[ab] \d+%$/);
    expect(shares.reduce((sum, share) => sum + Number(/(\d+)%/.exec(share)![1]), 0)).toBeGreaterThanOrEqual(99);
  });

  it("prints, per scenario, CPU and AYON requests per edit or entity, the queue's requests per job and the machine's load", () => {
    for (const s of report.scenarios) {
      const units = s.units!;
      expect(units.unit).toBe(s.id === 3 ? "edit" : "entity");
      expect(units.ayonRequestsPerUnit).toBeCloseTo(s.traffic.requests.ayon / units.units, 5);
      expect(Object.values(units.ayonPerUnit).reduce((a, b) => a + b, 0)).toBeCloseTo(units.ayonRequestsPerUnit, 5);
      expect(units.bookkeepingPerJob).toBeGreaterThan(0);
      expect(s.load!.cores).toBeGreaterThan(0);
      expect(s.load!.max).toBeGreaterThanOrEqual(s.load!.mean);
    }
    expect(stdout).toMatch(/runtime CPU [\d.]+ ms per edit; AYON [\d.]+ requests per edit \(dispatch [\d.]+, enroll [\d.]+, job updates/);
    expect(stdout).toMatch(/queue bookkeeping [\d.]+ requests per job over 1 job\(s\)/);
    expect(stdout).toMatch(/machine: load average [\d.]+ before the bench, [\d.]+ during the run/);
  });
});

// Scenario 4 is not in the default set (it would take the default run past three minutes): its own tiny run.
describe("pnpm bench --scenario 4 at a tiny scale", () => {
  let dir: string;
  let stdout: string;
  let s: ScenarioResult;

  beforeAll(() => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`pnpm build\` first`);
    dir = mkdtempSync(join(tmpdir(), "ayon-sg-bench-push-"));
    const run = spawnSync(process.execPath, [CLI, "--scenario", "4", "--scale", String(SCALE), "--latency-ms", "1", "--json", join(dir, "bench.json")], {
      encoding: "utf8",
      timeout: 110_000,
    });
    stdout = run.stdout;
    if (run.status !== 0) throw new Error(`bench exited ${run.status}:\n${run.stdout}\n${run.stderr}`);
    s = (JSON.parse(readFileSync(join(dir, "bench.json"), "utf8")) as BenchReport).scenarios[0]!;
  }, 120_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("pushes every AYON edit to ShotGrid through two runtime processes and times each one", () => {
    expect(stdout).toMatch(/^\| 4 +\| Live push: 50 AYON edits, 10 projects/m);
    expect(stdout).toMatch(/50 edits at 220\/s over 2 runtime processes: 50 applied, [\d.]+ events\/s sustained, latency p50/);
    expect(s.id).toBe(4);
    const live = expectTimedEdits(s);
    const { p50 } = live.latencyMs;
    // Every edit is a ShotGrid write; the coordinator's own AYON writes are not the runtime's requests.
    expect(s.traffic.writes.shotgrid).toBeGreaterThan(0);
    expect(s.traffic.routes.ayon["PATCH /api/projects/{projectName}/folders/{folderId}"]).toBeUndefined();
    expect(s.targets.map((t) => t.name)).toEqual(["all edits applied", "throughput", "latency p50", "latency p99", "requests", "Python addon"]);
    expect(s.targets[0]).toMatchObject({ met: true, actual: "50" });
    expect(s.pushBaseline).toEqual({ pythonMsPerEntity: 6000, oursMsPerEntity: p50, ratio: 6000 / p50 });
    expect(stdout).toMatch(/~6\.00 s per entity \(×\d+ ours\)/);
    const units = s.units!;
    expect(units.unit).toBe("edit");
    expect(units.shotgridRequestsPerUnit).toBeCloseTo(s.traffic.requests.shotgrid / 50, 5);
    expect(stdout).toMatch(/queue bookkeeping [\d.]+ requests per job over [\d,]+ job\(s\); ShotGrid [\d.]+ requests per edit/);
  });
});

/** A live run of 50 edits at 220/s over two processes: every edit applied, no job failed, latencies in order. */
function expectTimedEdits(s: ScenarioResult): LiveFigures {
  const live = s.live!;
  expect(live).toMatchObject({ edits: 50, applied: 50, editRatePerSecond: 220, runtimeProcesses: 2 });
  expect(live.jobs.failed ?? 0).toBe(0);
  const { p50, p90, p99, max } = live.latencyMs;
  expect(p50).toBeGreaterThan(0);
  expect([p50, p90, p99, max]).toEqual([p50, p90, p99, max].sort((a, b) => a - b));
  return live;
}
