// The AYON emulator in its own process, plus what the driver asks of it without going through HTTP:
// waiting for a job's outcome, counting a project's entities, and (live scenario) timing AYON changes.
import { startAyonEmulator, type AyonEmulatorOptions, type EventRecord } from "@ayon-sg/testkit";
import { hostStats, withoutOwnRequests } from "./host-stats.js";
import { ChangeWatcher } from "./change-watcher.js";
import { jobTimeline, type LiveSources } from "./job-timeline.js";
import { PushEditScript, type PushEditPlan } from "./push-edit-script.js";

export interface AyonHostOptions {
  apiKey: string;
  latencyMs: number;
  addons?: AyonEmulatorOptions["addons"];
  attributes?: AyonEmulatorOptions["attributes"];
}

export interface JobOutcome {
  status: string;
  description: string;
  /** Job creation (enroll) to its last update, by the emulator's clock. */
  runMs: number;
}

const TERMINAL = new Set(["finished", "failed", "aborted"]);

export async function startAyonHost(raw: Record<string, unknown>) {
  const options = raw as unknown as AyonHostOptions;
  const emulator = await startAyonEmulator({
    apiKey: options.apiKey,
    latencyMs: options.latencyMs,
    addons: options.addons,
    attributes: options.attributes,
  });
  const changes = new ChangeWatcher(emulator.state.events);
  let pushEdits: PushEditScript | null = null;
  return {
    url: emulator.url,
    close: async () => {
      pushEdits?.stop();
      await emulator.close();
    },
    commands: {
      // The push scenario's coordinator writes through this emulator's REST API from this process: not the runtime's requests.
      stats: () => withoutOwnRequests(hostStats(emulator.stats()), pushEdits?.ownRequests() ?? {}),
      resetStats: () => emulator.resetStats(),
      /** Resolves once the job enrolled for `sourceId` has finished or failed (checked in-process every 10 ms). */
      waitForJob: async (args: { sourceId: string; jobTopic: string; timeoutMs: number }): Promise<JobOutcome> => {
        const deadline = Date.now() + args.timeoutMs;
        for (;;) {
          const job: EventRecord | undefined = emulator.state.events.targetOf(args.sourceId, args.jobTopic);
          if (job && TERMINAL.has(job.status)) return { status: job.status, description: job.description, runMs: job.updatedAt - job.createdAt };
          if (Date.now() > deadline) throw new Error(`no outcome for the job of event ${args.sourceId} within ${args.timeoutMs} ms (status: ${job?.status ?? "not enrolled"})`);
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      },
      /** Live folders and tasks of a project. */
      projectCounts: (args: { project: string }) => {
        const project = emulator.state.project(args.project);
        if (!project) return { folders: 0, tasks: 0 };
        let folders = 0;
        let tasks = 0;
        for (const folder of project.folders.values()) if (folder.active) folders += 1;
        for (const task of project.tasks.values()) if (task.active) tasks += 1;
        return { folders, tasks };
      },
      /** Jobs of `jobTopic` by status (the live scenario checks that nothing failed or hangs). */
      jobStatuses: (args: { jobTopic: string }) => {
        const out: Record<string, number> = {};
        for (const job of emulator.state.events.ofTopic(args.jobTopic)) out[job.status] = (out[job.status] ?? 0) + 1;
        return out;
      },
      /**
       * Per project, the live jobs' timings (by the emulator's clock): how long each ran (enroll to outcome) and
       * how long its project waited between one outcome and the next enroll — the chain the README explains.
       */
      jobTimeline: (args: { jobTopic: string; since: number; sources?: LiveSources }) => jobTimeline(emulator.state.events, args.jobTopic, args.since, args.sources),
      startChangeWatch: (args: { pattern: string }) => changes.start(new RegExp(args.pattern)),
      changeTimes: () => changes.times(),
      /** Starts the push scenario's edits (a person editing AYON); they run on their own timer, `pushEditTimes` reports them. */
      startPushEdits: (args: PushEditPlan) => {
        pushEdits?.stop();
        pushEdits = new PushEditScript(emulator, options.apiKey, args);
        pushEdits.start();
        return { planned: args.total };
      },
      pushEditTimes: () => pushEdits?.report() ?? { done: 0, failed: 0, firstFailure: null, finishedAt: null, edits: {} },
    },
  };
}
