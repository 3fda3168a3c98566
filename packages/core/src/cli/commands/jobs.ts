/**
 * `jobs failed|retry|skip`: the failed jobs of the studio's runtime (runtime/failed-jobs.ts, the mechanism the
 * addon page uses too), read and acted on with the runtime's own AYON key.
 */
import { Command, Option } from "commander";
import { Writable } from "node:stream";
import { FailedJobs, type FailedJob, type JobSelection, type ReplayOutcome } from "../../runtime/failed-jobs.js";
import { Runtime, RuntimeConfigError } from "../../runtime/runtime.js";
import { UserError } from "../../config/user-error.js";
import { bootstrap, connectToAyon, createAyonClient, loadAddonSettings, studioRuntimeOptions } from "../bootstrap.js";
import { studioOption, USAGE_EXIT_CODE, type CliCommand, type CliContext } from "../usage.js";

/** Who a CLI action is recorded as, in the job's description. */
const CLI_ACTOR = "ayon-sg-runtime jobs (command line)";

/** The studio's FailedJobs, built as `run` would build it (same plugins, job topics and queue settings). */
async function failedJobsOf(studioDir: string | undefined): Promise<FailedJobs> {
  const booted = await bootstrap({ studioDir, stream: new Writable({ write: (_c, _e, done) => done() }) });
  const { env, logger } = booted;
  const ayon = createAyonClient(env, logger);
  await connectToAyon(ayon, env);
  const settings = await loadAddonSettings(ayon, env, logger);
  const prepared = prepareOrExplain(studioRuntimeOptions(booted, ayon, logger, settings));
  return prepared.root.resolve(FailedJobs);
}

/** The plugins' problems (as `check` prints them) are a configuration problem here, not a crash. */
function prepareOrExplain(options: Parameters<typeof Runtime.prepare>[0]): ReturnType<typeof Runtime.prepare> {
  try {
    return Runtime.prepare(options);
  } catch (error) {
    if (error instanceof RuntimeConfigError) throw new UserError(`the studio's plugins do not load (run 'ayon-sg-runtime check'): ${error.message}`);
    throw error;
  }
}

/** One line per job: job, project, topic/action, when, tries, sentence. */
export function failedJobsTable(jobs: readonly FailedJob[]): string {
  if (jobs.length === 0) return "No failed jobs.\n";
  const rows = jobs.map((job) => [
    job.jobId,
    job.project ?? "-",
    `${job.sourceTopic ?? "(source gone)"}${job.action ? `/${job.action}` : ""}`,
    job.failedAt.replace(/\.\d+/, "").replace("T", " "),
    `${job.tries}${job.final ? "" : " (will retry)"}`,
    job.description.replace(/\s+/g, " "),
  ]);
  const header = ["JOB", "PROJECT", "TOPIC/ACTION", "FAILED AT", "TRIES", "SENTENCE"];
  const widths = header.slice(0, -1).map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < widths.length ? c.padEnd(widths[i]!) : c)).join("  ").trimEnd();
  return `${[header, ...rows].map(line).join("\n")}\n${jobs.length} failed job(s).\n`;
}

function replayReport(verb: string, outcome: ReplayOutcome): string {
  const lines = outcome.done.map((job) => `${verb} ${job.jobId} (${job.project ?? "no project"}, ${job.sourceTopic}${job.action ? `/${job.action}` : ""})`);
  for (const { job, reason } of outcome.refused) lines.push(`not retried ${job.jobId}: ${reason}`);
  lines.push(`${outcome.done.length} job(s) ${verb === "retried" ? "offered again: the runtime runs them in their project's order" : verb}.`);
  return `${lines.join("\n")}\n`;
}

export const jobsRegistration: CliCommand = (program, context) => {
  const jobs = program.command("jobs").description("list the runtime's failed jobs, retry or skip them");
  jobs
    .command("failed")
    .description("list failed jobs: job, project, topic/action, when, tries, the sentence it failed with")
    .addOption(studioOption())
    .option("--project <name>", "only this AYON project's jobs")
    .option("--json", "print the jobs as JSON")
    .action(async (options: { studio?: string; project?: string; json?: boolean }) => {
      const list = await (await failedJobsOf(options.studio)).list(options.project ? { project: options.project } : {});
      context.out.write(options.json ? `${JSON.stringify(list, null, 2)}\n` : failedJobsTable(list));
    });
  jobs
    .command("retry")
    .description("make AYON offer failed jobs again: --all, --project P, or job ids")
    .argument("[jobId...]", "the jobs to retry")
    .addOption(studioOption())
    .addOption(new Option("--all", "every failed job").conflicts("project"))
    .option("--project <name>", "every failed job of this AYON project")
    .action(async (ids: string[], options: { studio?: string; all?: boolean; project?: string }, command: Command) => {
      const selection = selectionOf(ids, options, command, context);
      if (!selection) return;
      const outcome = await (await failedJobsOf(options.studio)).retry(selection, CLI_ACTOR);
      context.out.write(replayReport("retried", outcome));
      if (outcome.refused.length > 0) context.exitCode = 1;
    });
  jobs
    .command("skip")
    .description("mark failed jobs done without running them: AYON never offers them again")
    .argument("<jobId...>", "the jobs to skip")
    .addOption(studioOption())
    .action(async (ids: string[], options: { studio?: string }) => {
      const skipped = await (await failedJobsOf(options.studio)).skip(ids, CLI_ACTOR);
      context.out.write(replayReport("skipped", { done: skipped, refused: [] }));
    });
};

/** Exactly one of --all, --project, ids; otherwise wrong usage. */
function selectionOf(ids: string[], options: { all?: boolean; project?: string }, command: Command, context: CliContext): JobSelection | null {
  const given = [options.all === true, options.project !== undefined, ids.length > 0].filter(Boolean).length;
  if (given !== 1) {
    context.err.write("error: give exactly one of --all, --project <name> or job ids\n");
    context.err.write(command.helpInformation());
    context.exitCode = USAGE_EXIT_CODE;
    return null;
  }
  if (options.all) return { all: true };
  if (options.project !== undefined) return { project: options.project };
  return { jobIds: ids };
}
