// Scenario 4: live AYON → ShotGrid. Ten auto-sync ShotGrid projects are imported and linked (unmeasured setup),
// `shotgridPush` is turned on for each, and AYON users are linked to ShotGrid people. Two runtime processes run the
// push plugin (`update-from-ayon`), the first with the leecher too, as a deployment would. A coordinator's scripted
// edits go into AYON through its REST API at a steady rate (push-edit-script.ts, in the AYON emulator's process):
// labels, renames, statuses, new Shots and Tasks, tags, assignees. Per edit we time the AYON write and the ShotGrid
// write that carries it (write-watcher.ts, in the ShotGrid emulator's process).
import type { Deployment } from "../deployment.js";
import { PUSH_MARKER_PATTERN, pushEntitiesNeeded, type PushEditPlan, type PushEditReport } from "../emulators/push-edit-script.js";
import type { WriteTimes } from "../emulators/write-watcher.js";
import { MachineWindow } from "../machine/window.js";
import { check } from "../report/targets.js";
import type { ScenarioResult } from "../report/types.js";
import { EDIT_RATE, importProjects, LIVE_PROJECTS, measureLive, STALL_MS } from "./live.js";
import { liveProjectSpec } from "./project-spec.js";
import { pushBaseline, pushChanges } from "./push-figures.js";

export interface PushRunOptions {
  scale: number;
  /** AYON edits per second (default EDIT_RATE). */
  editRate?: number;
  loadBefore: number;
  log?: (line: string) => void;
}

/** ShotGrid people and the AYON users linked to them (`data.sg_user_id`, as "Sync users" links them): the assignees. */
const ARTISTS = ["bench.ann", "bench.bob", "bench.cid", "bench.dee"];

export async function runPushScenario(deployment: Deployment, options: PushRunOptions): Promise<ScenarioResult> {
  const log = options.log ?? (() => undefined);
  const lanes = LIVE_PROJECTS;
  const edits = Math.max(50, Math.round(5000 * options.scale));
  const editRate = options.editRate ?? EDIT_RATE;
  const perProject = Math.ceil(edits / lanes);
  await importProjects(deployment, lanes, (name) => liveProjectSpec(name, perProject, pushEntitiesNeeded(perProject)));
  const names = Array.from({ length: lanes }, (_, i) => `live_${i}`);
  for (const name of names) await deployment.client.updateProject(name, { attrib: { shotgridPush: true } });
  const people = await deployment.shotgrid.call<Record<string, number>>("humanUsers", { logins: ARTISTS });
  for (const [login, id] of Object.entries(people)) await deployment.client.createUser(login, { data: { sg_user_id: id } });
  const codes = await deployment.shotgrid.call<{ Shot: string[]; Task: string[] }>("statusCodes", { types: ["Shot", "Task"] });

  const queue = { concurrency: lanes, metricsPort: 0 };
  const leecher = { config: { "shotgrid-leecher": { pollIntervalSeconds: 1, dispatchConcurrency: lanes } } };
  const runtimeNames = ["bench-push-a", "bench-push-b"];
  const runtimes = runtimeNames.map((name, i) =>
    deployment.startRuntime(name, deployment.studio(i === 0 ? ["leecher", "handler-update-from-ayon"] : ["handler-update-from-ayon"], i === 0 ? { ...queue, ...leecher } : queue)),
  );
  try {
    await Promise.all(runtimes.map((r) => r.waitFor("health at ")));
    log(`scenario 4: ${edits} AYON edits at ${editRate}/s over ${lanes} projects and ${runtimes.length} runtime processes…`);

    await Promise.all([deployment.ayon.resetStats(), deployment.shotgrid.resetStats()]);
    const cpuBefore = runtimes.map((r) => r.cpuMs());
    const window = new MachineWindow(options.loadBefore);
    await deployment.shotgrid.call("startWriteWatch", { pattern: PUSH_MARKER_PATTERN, keyedFields: ["sg_status_list", "task_assignees"] });
    const editsStarted = Date.now();
    const plan: PushEditPlan = { projects: names, total: edits, ratePerSecond: editRate, users: people, statusCodes: codes };
    await deployment.ayon.call("startPushEdits", plan);
    const { report, changed } = await waitForWrites(deployment, edits);
    if (report.failed > 0) log(`scenario 4: ${report.failed} AYON edit(s) failed; the first: ${report.firstFailure}`);
    const written = Object.fromEntries(Object.entries(report.edits).map(([n, e]) => [n, e.at]));
    const { result, live } = await measureLive(deployment, {
      id: 4, name: `Live push: ${edits.toLocaleString("en-US")} AYON edits, ${lanes} projects`,
      runtimes, runtimeNames, cpuBefore, window, editsStarted, written, changed, editRate, lanes, sources: "ayon-entity",
    });
    const units = result.units!;
    const baseline = pushBaseline(live.latencyMs.p50);
    return {
      ...result,
      pushBaseline: baseline,
      targets: [
        check("all edits applied", `${edits}`, live.applied === edits, String(live.applied)),
        check("throughput", ">= 200 edits/s", live.eventsPerSecond >= 200, `${live.eventsPerSecond.toFixed(1)} edits/s`),
        check("latency p50", "< 2 s", live.latencyMs.p50 < 2000, `${(live.latencyMs.p50 / 1000).toFixed(2)} s`),
        check("latency p99", "< 5 s", live.latencyMs.p99 < 5000, `${(live.latencyMs.p99 / 1000).toFixed(2)} s`),
        check("requests", "printed per edit", true, `ShotGrid ${units.shotgridRequestsPerUnit.toFixed(2)}, AYON ${units.ayonRequestsPerUnit.toFixed(2)}`),
        check("Python addon", "~6 s per entity (ayon-shotgrid #242)", true, `×${baseline.ratio.toFixed(0)} faster (p50 ${(live.latencyMs.p50 / 1000).toFixed(2)} s per entity)`),
      ],
    };
  } finally {
    await Promise.all(runtimes.map((r) => r.stop()));
  }
}

/** Polls both emulators (over IPC) until every edit has its ShotGrid write, or nothing moves for STALL_MS. */
async function waitForWrites(deployment: Deployment, edits: number): Promise<{ report: PushEditReport; changed: Record<string, number> }> {
  let lastCount = -1;
  let lastProgress = Date.now();
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const [report, writes] = await Promise.all([deployment.ayon.call<PushEditReport>("pushEditTimes"), deployment.shotgrid.call<WriteTimes>("writeTimes")]);
    const changed = pushChanges(report.edits, writes);
    const count = Object.keys(changed).length;
    if (report.done >= edits && count >= edits - report.failed) return { report, changed };
    if (count !== lastCount) {
      lastCount = count;
      lastProgress = Date.now();
    } else if (Date.now() - lastProgress > STALL_MS) {
      return { report, changed };
    }
  }
}
