// The shape of the benchmark's results: what the table prints and the JSON holds.
import type { Ceiling } from "./ceiling.js";

export interface Traffic {
  requests: { shotgrid: number; ayon: number; total: number };
  /** Body bytes as the emulators count them: `in` = request bodies received, `out` = response bodies sent. */
  bytes: { in: number; out: number };
  /** Write requests (AYON operations/PATCH/POST/DELETE other than events and enroll; ShotGrid writes and batches). */
  writes: { ayon: number; shotgrid: number; total: number };
  /** Queue bookkeeping requests to AYON (dispatching, enrolling, reading and updating events). */
  ayonBookkeeping: number;
  /** CPU of each emulator's own process during the scenario. */
  emulatorCpuMs: { ayon: number; shotgrid: number };
  /** Requests per route template, busiest first. */
  routes: { ayon: Record<string, number>; shotgrid: Record<string, number> };
  /** The largest single response body each emulator sent, and its route: the scale the clients' reply cap must allow. */
  largestReply: { ayon: LargestReply; shotgrid: LargestReply };
}

export interface LargestReply {
  route: string | null;
  bytes: number;
}

export interface TargetCheck {
  name: string;
  target: string;
  actual: string;
  met: boolean;
}

export interface LiveFigures {
  edits: number;
  /** Edits whose AYON change was seen. */
  applied: number;
  /** Rate the edits were written at. */
  editRatePerSecond: number;
  /** AYON changes applied per second over the steady window (10th to 90th percentile of change times). */
  eventsPerSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  /** Jobs of the live edits by status at the end. */
  jobs: Record<string, number>;
  runtimeProcesses: number;
  /** Each runtime process's CPU time during the edits, by instance name (the first also runs the leecher). */
  runtimeCpuMsByProcess?: Record<string, number>;
  /** What limits throughput and latency (report/ceiling.ts). */
  ceiling: Ceiling;
  /** The measured per-project chain that bounds the throughput under per-project order. */
  chain: {
    /** Projects served at once: per-project order allows one batch of events in flight per project. */
    lanes: number;
    /** Mean jobs per batch (one handler call). */
    meanBatchSize: number;
    /** Requests to ShotGrid and AYON per applied edit, everything included (leecher, queue, handler). */
    requestsPerEdit: number;
    /** Mean time of a request at the emulators (latency included), ms. */
    meanRequestMs: number;
    /** Mean enroll → stored outcome of a batch's first job, ms. */
    meanJobMs: number;
    /** Mean time between two batch starts of a busy project, ms: one batch's cycle. */
    meanCycleMs: number;
    /** lanes × meanBatchSize × 1000 / meanCycleMs: what this chain can apply per second at this batch size. */
    boundPerSecond: number;
  };
}

/** The machine around a scenario's measured window (report/load.ts). */
export interface LoadFigures {
  cores: number;
  /** 1-minute load average when the bench started, before its own processes ran. */
  before: number;
  /** 1-minute load average sampled through the window. */
  mean: number;
  max: number;
  /** Cores the bench's own processes (runtimes, emulators, driver) kept busy on average over the window. */
  ownCores: number | null;
  /** Cores everything else kept busy over the window (/proc/stat busy time minus ours); null where unknown. */
  otherCores: number | null;
}

/** Per-unit figures (report/unit-figures.ts). */
export interface UnitFigures {
  unit: "edit" | "entity";
  units: number;
  jobs: number;
  runtimeCpuMsPerUnit: number | null;
  ayonRequestsPerUnit: number;
  /** AYON requests of the queue (dispatch, enroll, job PATCHes, event GETs) per job. */
  bookkeepingPerJob: number | null;
  /** ShotGrid requests per unit. */
  shotgridRequestsPerUnit: number;
  /** AYON requests per unit by kind: dispatch, enroll, eventUpdate, eventRead, graphql, write, otherRead. */
  ayonPerUnit: Record<"dispatch" | "enroll" | "eventUpdate" | "eventRead" | "graphql" | "write" | "otherRead", number>;
}

export type ScenarioId = 1 | 2 | 3 | 4 | 5 | 6;

export interface ScenarioResult {
  id: ScenarioId;
  name: string;
  wallMs: number;
  traffic: Traffic;
  /** Peak resident memory of the runtime process (the larger one in the live scenario). */
  peakRssBytes: number | null;
  runtimeCpuMs: number | null;
  /** Scenario 1: AYON entities created; scenario 2: entities checked. */
  entities?: number;
  /** Scenario 1: the Python addon's request count for the same import, and how many times more that is. */
  baseline?: { requests: number; ratio: number };
  /** Scenario 4: the Python addon's time per pushed entity (its users' report), ours (p50 latency), and the ratio. */
  pushBaseline?: { pythonMsPerEntity: number; oursMsPerEntity: number; ratio: number };
  live?: LiveFigures;
  /** The job's description (scenarios 1–2). */
  outcome?: string;
  units?: UnitFigures;
  load?: LoadFigures;
  targets: TargetCheck[];
}

export interface BenchOptions {
  latencyMs: number;
  scenarios: ScenarioId[];
  scale: number;
  jsonPath: string;
  /** When set: runtime and emulator processes write CPU profiles (node --cpu-prof) here. */
  cpuProfileDir: string | null;
  /** When set: each runtime's whole log is kept here. */
  logDir: string | null;
  /** Live scenario: ShotGrid edits per second. */
  editRate: number;
}

export interface BenchReport {
  startedAt: string;
  machine: { cpus: number; cpuModel: string; node: string; platform: string; totalMemoryBytes: number };
  options: Omit<BenchOptions, "jsonPath">;
  /** True when the run used the sizes and latency, the only setting the targets are defined for. */
  targetsApply: boolean;
  scenarios: ScenarioResult[];
}
