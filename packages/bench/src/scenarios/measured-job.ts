// Runs one user-triggered job through a fresh runtime process and measures it: stats are reset once the
// runtime is up, the trigger event is dispatched like the addon page does, and the job's outcome is awaited
// inside the AYON emulator's process (no polling requests that would inflate the counts).
import type { Deployment } from "../deployment.js";
import type { JobOutcome } from "../emulators/ayon-host.js";
import { traffic } from "../report/traffic.js";
import type { LoadFigures, Traffic } from "../report/types.js";
import { MachineWindow } from "../machine/window.js";

export const JOB_TOPIC = "shotgrid.proc";

export interface MeasuredJob {
  wallMs: number;
  outcome: JobOutcome;
  traffic: Traffic;
  peakRssBytes: number | null;
  runtimeCpuMs: number | null;
  load: LoadFigures;
}

export interface JobTrigger {
  topic: string;
  project?: string;
  payload: Record<string, unknown>;
}

/**
 * Starts `ayon-sg-runtime run` on `studioDir`, waits until it serves the queue (its ops server line comes after
 * the worker pool has started), measures the job `trigger` starts, and stops the runtime.
 */
export async function measureJob(
  deployment: Deployment,
  studioDir: string,
  trigger: JobTrigger,
  options: { instance: string; timeoutMs: number; loadBefore: number },
): Promise<MeasuredJob> {
  const runtime = deployment.startRuntime(options.instance, studioDir);
  try {
    await runtime.waitFor("health at ");
    await Promise.all([deployment.ayon.resetStats(), deployment.shotgrid.resetStats()]);
    const cpuBefore = runtime.cpuMs();
    const window = new MachineWindow(options.loadBefore);
    const started = performance.now();
    const dispatched = await deployment.client.dispatchEvent({ ...trigger, finished: true });
    if (!dispatched.id) throw new Error("AYON did not store the trigger event");
    const outcome = await deployment.ayon.call<JobOutcome>("waitForJob", { sourceId: dispatched.id, jobTopic: JOB_TOPIC, timeoutMs: options.timeoutMs });
    const wallMs = performance.now() - started;
    const [ayonStats, shotgridStats] = await Promise.all([deployment.ayon.stats(), deployment.shotgrid.stats()]);
    const cpuAfter = runtime.cpuMs();
    const runtimeCpuMs = cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore;
    const totals = traffic(ayonStats, shotgridStats);
    const measured: MeasuredJob = {
      wallMs,
      outcome,
      traffic: totals,
      peakRssBytes: runtime.peakRssBytes(),
      runtimeCpuMs,
      load: window.end(runtimeCpuMs === null ? null : runtimeCpuMs + totals.emulatorCpuMs.ayon + totals.emulatorCpuMs.shotgrid),
    };
    if (outcome.status !== "finished") throw new Error(`the job ended ${outcome.status}: ${outcome.description}\n${runtime.output()}`);
    return measured;
  } finally {
    await runtime.stop();
  }
}
