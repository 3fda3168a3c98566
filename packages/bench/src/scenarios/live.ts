// Scenario 3 (and 5, its ceiling run: more projects, processes and edits per second): live throughput. Ten auto-sync ShotGrid projects are imported (unmeasured setup), then two
// runtime processes run: A with the leecher and the handlers, B with the handlers only (one leecher: running
// two is safe but only doubles the ShotGrid polling, see the leecher's README). A human user's scripted edits
// go into ShotGrid at a steady rate; each one must travel leecher → AYON queue → update handler → AYON.
// Per edit we time the ShotGrid write (in the ShotGrid emulator's process) and the first AYON change carrying
// its marker (in the AYON emulator's process, from the entity event's own timestamp).
import type { ShotgridProjectSpec } from "@ayon-sg/testkit";
import type { Deployment, PluginPackage } from "../deployment.js";
import { MARKER_PATTERN } from "../emulators/edit-script.js";
import type { EditReport } from "../emulators/edit-script.js";
import type { SeededProject } from "../emulators/shotgrid-host.js";
import { check } from "../report/targets.js";
import { traffic } from "../report/traffic.js";
import type { LiveFigures, ScenarioId, ScenarioResult } from "../report/types.js";
import { ceiling } from "../report/ceiling.js";
import { unitFigures } from "../report/unit-figures.js";
import { MachineWindow } from "../machine/window.js";
import { JOB_TOPIC } from "./measured-job.js";
import { liveProjectSpec } from "./project-spec.js";
import { liveFigures } from "./live-figures.js";
import type { JobTimeline, LiveSources } from "../emulators/job-timeline.js";
import type { RuntimeProcess } from "../runtime/runtime-process.js";
import type { HostStats } from "../emulators/protocol.js";

export const LIVE_PROJECTS = 10;
/** Edits per second by default: above the 200 events/s target, so meeting it means keeping up with this stream. */
export const EDIT_RATE = 220;
const HANDLERS: PluginPackage[] = ["handler-update-from-shotgrid", "handler-sync-from-shotgrid", "handler-project-sync"];
/** No AYON change for this long while edits are outstanding: the run is over (the figures say what is missing). */
export const STALL_MS = 30_000;

export interface LiveRunOptions {
  scale: number;
  /** ShotGrid edits per second (default EDIT_RATE). */
  editRate?: number;
  /** 1-minute load average when the bench started (report/load.ts). */
  loadBefore: number;
  log?: (line: string) => void;
  /** Scenario 3 by default; 5 is the ceiling run (ceilingRun). */
  id?: ScenarioId;
  /** Auto-sync projects the edits go round (default LIVE_PROJECTS). */
  projects?: number;
  /** Runtime processes; the first also runs the leecher (default 2). */
  runtimes?: number;
  /** Edits at scale 1 (default 5000). */
  edits?: number;
}

/** Scenario 5: scenario 3's edits at 500 edits/s over 25 projects and 3 runtime processes, to find the ceiling. */
export const CEILING = { id: 5, editRate: 500, projects: 25, runtimes: 3, edits: 5000 } as const;

export async function runLiveScenario(deployment: Deployment, options: LiveRunOptions): Promise<ScenarioResult> {
  const log = options.log ?? (() => undefined);
  const id = options.id ?? 3;
  const lanes = options.projects ?? LIVE_PROJECTS;
  const edits = Math.max(50, Math.round((options.edits ?? 5000) * options.scale));
  const editRate = options.editRate ?? EDIT_RATE;
  const projects = await importProjects(deployment, lanes, (name) => liveProjectSpec(name, Math.ceil(edits / lanes)));

  // Every process serves all project lanes if needed; the event feed polls at the default 1 s.
  const queue = { concurrency: lanes, metricsPort: 0 };
  const leecher = { config: { "shotgrid-leecher": { pollIntervalSeconds: 1, dispatchConcurrency: lanes } } };
  const names = Array.from({ length: options.runtimes ?? 2 }, (_, i) => `bench-live-${String.fromCharCode(97 + i)}`);
  const runtimes = names.map((name, i) =>
    deployment.startRuntime(name, i === 0 ? deployment.studio(["leecher", ...HANDLERS], { ...queue, ...leecher }) : deployment.studio(HANDLERS, queue)),
  );
  try {
    await Promise.all(runtimes.map((r) => r.waitFor("health at ")));
    // The leecher's first start asks for a full sync of every linked project: let those finish first.
    await waitForJobs(deployment, 2 * lanes, 120_000);
    log(`scenario ${id}: ${edits} edits at ${editRate}/s over ${lanes} projects and ${runtimes.length} runtime processes…`);

    await Promise.all([deployment.ayon.resetStats(), deployment.shotgrid.resetStats()]);
    const cpuBefore = runtimes.map((r) => r.cpuMs());
    const window = new MachineWindow(options.loadBefore);
    await deployment.ayon.call("startChangeWatch", { pattern: MARKER_PATTERN });
    const editsStarted = Date.now();
    await deployment.shotgrid.call("startEdits", { projectIds: projects.map((p) => p.projectId), total: edits, ratePerSecond: editRate });
    const { written, changed } = await waitForChanges(deployment, edits);
    const { result, live } = await measureLive(deployment, {
      id, name: `Live${id === 3 ? "" : " ceiling"}: ${edits.toLocaleString("en-US")} edits, ${lanes} projects`,
      runtimes, runtimeNames: names, cpuBefore, window, editsStarted, written: written.times, changed, editRate, lanes, sources: "shotgrid-event",
    });
    const units = result.units!;
    const cpuPerEdit = units.runtimeCpuMsPerUnit;
    if (id !== 3) {
      result.targets = [check("all edits applied", `${edits}`, live.applied === edits, String(live.applied))];
      return result;
    }
    return {
      ...result,
      targets: [
        check("all edits applied", `${edits}`, live.applied === edits, String(live.applied)),
        check("throughput", ">= 215 events/s", live.eventsPerSecond >= 215, `${live.eventsPerSecond.toFixed(1)} events/s`),
        check("latency p50", "< 1.5 s", live.latencyMs.p50 < 1500, `${(live.latencyMs.p50 / 1000).toFixed(2)} s`),
        check("latency p99", "< 3 s", live.latencyMs.p99 < 3000, `${(live.latencyMs.p99 / 1000).toFixed(2)} s`),
        check("runtime CPU", "<= 3 ms per edit", cpuPerEdit !== null && cpuPerEdit <= 3, cpuPerEdit === null ? "n/a" : `${cpuPerEdit.toFixed(2)} ms`),
        check("AYON requests", "<= 4 per edit", units.ayonRequestsPerUnit <= 4, units.ayonRequestsPerUnit.toFixed(2)),
      ],
    };
  } finally {
    await Promise.all(runtimes.map((r) => r.stop()));
  }
}

export interface MeasureInput {
  id: ScenarioId;
  name: string;
  runtimes: readonly RuntimeProcess[];
  /** Their instance names, in the same order. */
  runtimeNames: readonly string[];
  /** The runtimes' CPU when the measured window began. */
  cpuBefore: ReadonlyArray<number | null>;
  window: MachineWindow;
  editsStarted: number;
  /** Edit → epoch ms it was written, and epoch ms its change was seen on the other side. */
  written: Record<string, number>;
  changed: Record<string, number>;
  editRate: number;
  lanes: number;
  sources: LiveSources;
}

/**
 * The figures of a live run once its edits are through (scenarios 3, 4, 5): the jobs' outcomes, both emulators'
 * traffic, the runtimes' CPU and memory, the job timeline and what limits the run; no targets.
 */
export async function measureLive(deployment: Deployment, input: MeasureInput): Promise<{ result: ScenarioResult; live: LiveFigures }> {
  const { runtimes, changed, written, editRate, lanes } = input;
  // The last change comes before its job's outcome is stored: count those requests too.
  const jobs = await waitForOutcomes(deployment, 10_000);
  const [ayonStats, shotgridStats] = await Promise.all([deployment.ayon.stats(), deployment.shotgrid.stats()]);
  const rss = runtimes.map((r) => r.peakRssBytes());
  const cpu = runtimes.map((r, i) => (r.cpuMs() ?? 0) - (input.cpuBefore[i] ?? 0));
  const timeline = await deployment.ayon.call<JobTimeline>("jobTimeline", { jobTopic: JOB_TOPIC, since: input.editsStarted, sources: input.sources });
  const figures = liveFigures(written, changed, editRate);
  const totals = traffic(ayonStats, shotgridStats);
  const runtimeCpuMs = cpu.reduce((a, b) => a + b, 0);
  const load = input.window.end(runtimeCpuMs + totals.emulatorCpuMs.ayon + totals.emulatorCpuMs.shotgrid);
  const jobCount = Object.values(jobs).reduce((a, b) => a + b, 0);
  const live: LiveFigures = {
    ...figures,
    jobs,
    runtimeProcesses: runtimes.length,
    runtimeCpuMsByProcess: Object.fromEntries(input.runtimeNames.map((name, i) => [name, cpu[i] ?? 0])),
    ceiling: ceiling({
      editRate,
      eventsPerSecond: figures.eventsPerSecond,
      jobsPerEdit: timeline.jobs / Math.max(1, figures.applied),
      latencyMs: figures.latencyMs,
      timeline,
      lanes,
      cores: load.cores,
      ownCores: load.ownCores,
      otherCores: load.otherCores,
    }),
    chain: {
      lanes,
      requestsPerEdit: totals.requests.total / Math.max(1, figures.applied),
      meanRequestMs: meanRequestMs([ayonStats, shotgridStats]),
      meanBatchSize: timeline.batches > 0 ? timeline.jobs / timeline.batches : 0,
      meanJobMs: timeline.meanRunMs,
      meanCycleMs: timeline.meanCycleMs,
      boundPerSecond: timeline.meanCycleMs > 0 && timeline.batches > 0 ? (lanes * (timeline.jobs / timeline.batches) * 1000) / timeline.meanCycleMs : 0,
    },
  };
  const times = Object.values(changed);
  const wallMs = times.length > 0 ? Math.max(...times) - Math.min(...Object.values(written)) : 0;
  const result: ScenarioResult = {
    id: input.id,
    name: input.name,
    wallMs,
    traffic: totals,
    peakRssBytes: rss.every((r) => r === null) ? null : Math.max(...rss.map((r) => r ?? 0)),
    runtimeCpuMs,
    live,
    load,
    targets: [],
  };
  result.units = unitFigures(result, "edit", live.applied, jobCount);
  return { result, live };
}

/** Mean time per request at the emulators (their own clocks; the injected latency included). */
function meanRequestMs(stats: HostStats[]): number {
  let count = 0;
  let total = 0;
  for (const s of stats) {
    for (const route of Object.values(s.byRoute)) {
      count += route.count;
      total += route.totalMs;
    }
  }
  return count ? total / count : 0;
}

/** Seeds the projects and imports them through a setup runtime (create-project jobs), unmeasured. */
export async function importProjects(deployment: Deployment, count: number, spec: (name: string) => ShotgridProjectSpec): Promise<SeededProject[]> {
  const projects: SeededProject[] = [];
  for (let i = 0; i < count; i++) projects.push(await deployment.shotgrid.call<SeededProject>("seed", { spec: spec(`Live ${i}`) }));
  const setup = deployment.startRuntime("bench-setup", deployment.studio(["handler-project-sync"], { metricsPort: 0, concurrency: count }));
  try {
    await setup.waitFor("health at ");
    await Promise.all(
      projects.map(async (project, i) => {
        const name = `live_${i}`;
        const { id } = await deployment.client.dispatchEvent({
          topic: "shotgrid.event",
          project: name,
          payload: { action: "create-project", project_name: name, project_code: `lv${i}`, sg_project_id: project.projectId },
          finished: true,
        });
        const outcome = await deployment.ayon.call<{ status: string; description: string }>("waitForJob", { sourceId: id, jobTopic: JOB_TOPIC, timeoutMs: 120_000 });
        if (outcome.status !== "finished") throw new Error(`importing live_${i} ended ${outcome.status}: ${outcome.description}`);
      }),
    );
  } finally {
    await setup.stop();
  }
  return projects;
}

/** Waits until at least `count` jobs exist and none is pending or in progress. */
async function waitForJobs(deployment: Deployment, count: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const jobs = await deployment.ayon.call<Record<string, number>>("jobStatuses", { jobTopic: JOB_TOPIC });
    const total = Object.values(jobs).reduce((a, b) => a + b, 0);
    if (total >= count && !jobs.pending && !jobs.in_progress) return;
    if (Date.now() > deadline) throw new Error(`the backfill syncs did not finish within ${timeoutMs} ms: ${JSON.stringify(jobs)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The job statuses once none is pending or in progress (or after `timeoutMs`, as they are then). */
export async function waitForOutcomes(deployment: Deployment, timeoutMs: number): Promise<Record<string, number>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const jobs = await deployment.ayon.call<Record<string, number>>("jobStatuses", { jobTopic: JOB_TOPIC });
    if ((!jobs.pending && !jobs.in_progress) || Date.now() > until) return jobs;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Polls both emulators (over IPC) until every edit has its AYON change, or nothing moves for STALL_MS. */
async function waitForChanges(deployment: Deployment, edits: number): Promise<{ written: EditReport; changed: Record<string, number> }> {
  let lastCount = -1;
  let lastProgress = Date.now();
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const [written, changed] = await Promise.all([
      deployment.shotgrid.call<EditReport>("editTimes"),
      deployment.ayon.call<Record<string, number>>("changeTimes"),
    ]);
    const count = Object.keys(changed).length;
    if (written.done >= edits && count >= edits) return { written, changed };
    if (count !== lastCount) {
      lastCount = count;
      lastProgress = Date.now();
    } else if (Date.now() - lastProgress > STALL_MS) {
      return { written, changed };
    }
  }
}
