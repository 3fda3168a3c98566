/**
 * `ayon-sg-runtime sandbox`: emulators (or a real AYON with --ayon, and the ShotGrid emulator) → deployment-like
 * AYON setup → demo project → the runtime (in this process, plugins from the studio directory) → import and
 * sync through the page's events → either verify and exit (--once, then --edits N live edits and a summary)
 * or a trickle of live ShotGrid edits until Ctrl-C.
 */
import { AyonClient, sleep, UserError, type JobReport } from "@ayon-sg/core";
import type { RuntimeService } from "@ayon-sg/core/service";
import { makeAddonZip } from "./addon-zip.js";
import { setUpAyonLikeADeployment, type AddonDeployment } from "./ayon-setup.js";
import { emulatorTarget, realTarget, type AyonTarget } from "./ayon-target.js";
import { EditLatency } from "./edit-latency.js";
import { seedDemoProject, type DemoProject } from "./demo-project.js";
import { EditTrickle } from "./edit-trickle.js";
import { startEmulators, type Emulators } from "./emulators.js";
import { JobWatch } from "./job-watch.js";
import { LiveJobs } from "./live-jobs.js";
import { ayonNamesFor, parseSandboxArgs, SANDBOX_USAGE, SandboxUsageError, type SandboxOptions } from "./options.js";
import { startPageHost, type PageHost } from "./page-host.js";
import { runtimeServiceFor } from "./studio-runtime.js";
import { importProjectEvent, newRequestId, syncProjectEvent, type PageRequestEvent } from "./page-requests.js";
import { formatCounts, readBothSides, verifySync } from "./verify.js";
import { formatReport, reportProblems, type RunReport } from "./run-report.js";
import type { ShotgridStore } from "@ayon-sg/testkit";

/** How long one import or sync may take before the sandbox gives up (a very large demo, a slow machine). */
const JOB_TIMEOUT_MS = 15 * 60_000;

export interface SandboxIo {
  stdout: NodeJS.WriteStream | (NodeJS.WritableStream & { isTTY?: boolean; columns?: number });
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
}

/** The entry core's `sandbox` command calls (SandboxEntryPoint). */
export async function runSandbox(args: string[], context: { studioDir: string }, io: SandboxIo = { stdout: process.stdout, stderr: process.stderr, env: process.env }): Promise<number> {
  let options: SandboxOptions;
  try {
    options = parseSandboxArgs(args);
  } catch (error) {
    if (!(error instanceof SandboxUsageError)) throw error;
    io.stderr.write(`error: ${error.message}\n\n${SANDBOX_USAGE}`);
    return 2;
  }
  if (options.help) {
    io.stdout.write(SANDBOX_USAGE);
    return 0;
  }
  return new Sandbox(options, context.studioDir, io).run();
}

class Sandbox {
  private emulators: Emulators | null = null;
  private target: AyonTarget | null = null;
  private report: RunReport | null = null;
  private service: RuntimeService | null = null;
  private page: PageHost | null = null;
  private watch: JobWatch | null = null;
  private readonly stop = new AbortController();
  private readonly started = Date.now();

  constructor(
    private readonly options: SandboxOptions,
    private readonly studioDir: string,
    private readonly io: SandboxIo,
  ) {}

  /** A line of the sandbox's own; once the runtime runs, through its output so the progress bar stays intact. */
  private say(line: string): void {
    (this.service?.output ?? this.io.stdout).write(`${line}\n`);
  }

  async run(): Promise<number> {
    const onSignal = () => this.stop.abort();
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
    try {
      const demo = await this.setUp();
      if (this.stop.signal.aborted) return 0;
      await this.importAndSync(demo);
      if (this.options.once) {
        const verified = await this.verify(demo);
        if (verified !== 0 || this.options.edits === 0) return this.finish(verified);
        await this.trickle(demo);
        return this.finish(0);
      }
      if (this.stop.signal.aborted) return 0;
      await this.trickle(demo);
      return 0;
    } catch (error) {
      if (this.stop.signal.aborted && !(error instanceof UserError)) return 0;
      this.io.stderr.write(`sandbox: ${error instanceof Error ? error.message : String(error)}\n`);
      return error instanceof UserError ? error.exitCode : 1;
    } finally {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      await this.shutDown();
    }
  }

  private async setUp(): Promise<DemoProject> {
    const o = this.options;
    const real = o.ayonUrl !== null ? await realTarget(o.ayonUrl, o.ayonKey ?? this.io.env.AYON_API_KEY) : null;
    this.emulators = await startEmulators({ ayonPort: o.ayonPort, shotgridPort: o.shotgridPort, latencyMs: o.latencyMs, ayon: real === null });
    const { shotgrid, credentials } = this.emulators;
    const target = (this.target = real ?? emulatorTarget(this.emulators));
    this.say(target.kind === "real" ? `AYON (real, ${target.version}) ${target.url}` : `AYON emulator     ${target.url}`);
    this.say(`ShotGrid emulator ${shotgrid.url}`);
    const { name: ayonName } = ayonNamesFor(o.project);
    if (real && (await this.ayonClient("sandbox-setup").getProject(ayonName))) {
      throw new UserError(`AYON at ${target.url} already has a project ${ayonName}: pick another --project (the sandbox imports a new one)`, 2);
    }

    const addon = await makeAddonZip((line) => this.say(line));
    const setupStarted = Date.now();
    const deployment = await setUpAyonLikeADeployment({
      ayonUrl: target.url,
      setupKey: target.setupKey,
      shotgridUrl: shotgrid.url,
      script: credentials.script,
      service: target.service,
      addon,
      pollingFrequency: 1,
      say: (line) => this.say(line),
      restartGraceMs: target.kind === "emulator" ? 0 : undefined,
    });
    this.say(`AYON set up like a deployment in ${seconds(Date.now() - setupStarted)}:\n${deployment.steps.map((step) => `  - ${step}`).join("\n")}`);

    if (target.kind === "real") shotgrid.store.data.table("EventLogEntry").noteId(await this.highestDispatchedShotgridEvent());
    const demo = seedDemoProject(shotgrid.store, o, target.kind === "real" ? await this.highestLinkedShotgridProject() : 0);
    const g = demo.generated.ids;
    this.report = {
      server: target.kind === "real" ? `real AYON ${target.version} at ${target.url}` : `AYON emulator at ${target.url}`,
      project: `${demo.ayonName}: ${g.Episode.length} episodes, ${g.Sequence.length} sequences, ${g.Shot.length} shots, ${g.Asset.length} assets, ${g.Task.length} tasks`,
      setupMs: Date.now() - setupStarted,
    };
    const { ids } = demo.generated;
    this.say(
      `ShotGrid project '${demo.sgName}' (id ${demo.sgProjectId}) seeded with auto-sync on: ${ids.Episode.length} episodes, ` +
        `${ids.Sequence.length} sequences, ${ids.Shot.length} shots, ${ids.Asset.length} assets, ${ids.Task.length} tasks`,
    );

    const startRuntimeService = await runtimeServiceFor(this.studioDir);
    this.service = await startRuntimeService({ studioDir: this.studioDir, processEnv: this.runtimeEnv(deployment), stream: this.io.stdout });
    this.watch = new JobWatch(this.service.runtime.events, (report) => this.say(`  a try failed and AYON offers it again: ${report.description}`));
    if (!o.once && target.kind === "emulator") {
      this.page = await startPageHost({ ayonUrl: target.url, admin: credentials.admin, addonName: addon.name, addonVersion: addon.version, port: o.pagePort });
    }
    this.say(this.whereToLook(deployment));
    return demo;
  }

  /**
   * The runtime's environment, as AYON's service host would give it (ayon-python-api ayon_api/_api.py reads the
   * AYON_* names), plus ayon-sg's own.
   */
  private runtimeEnv(deployment: AddonDeployment): NodeJS.ProcessEnv {
    const target = this.target!;
    const env = this.io.env;
    return {
      AYON_SERVER_URL: target.url,
      AYON_API_KEY: target.service.apiKey,
      AYON_ADDON_NAME: deployment.addonName,
      AYON_ADDON_VERSION: deployment.addonVersion,
      AYON_SERVICE_NAME: "ayon-sg-sandbox",
      AYON_SG_INSTANCE: "sandbox",
      AYON_SG_METRICS_PORT: env.AYON_SG_METRICS_PORT || String(this.options.metricsPort),
      AYON_SG_METRICS_HOST: env.AYON_SG_METRICS_HOST || "127.0.0.1",
      ...(env.AYON_SG_CONCURRENCY ? { AYON_SG_CONCURRENCY: env.AYON_SG_CONCURRENCY } : {}),
      LOG_LEVEL: env.LOG_LEVEL || "info",
      // Read by people, also when piped through tee: JSON only when asked for.
      LOG_FORMAT: env.LOG_FORMAT || "pretty",
    };
  }

  private whereToLook(deployment: AddonDeployment): string {
    const { shotgrid, credentials } = this.emulators!;
    const target = this.target!;
    const ayonLines =
      target.kind === "real"
        ? [`  AYON (real)            ${target.url}    the runtime runs as service user '${target.service.name}'`]
        : [
            `  AYON (emulator)        ${target.url}    API key of service user '${target.service.name}': ${target.service.apiKey}`,
            `                         e.g. curl -H "x-api-key: ${target.service.apiKey}" ${target.url}/api/projects`,
          ];
    const lines = [
      "",
      "Where to look:",
      ...ayonLines,
      `  ShotGrid (emulator)    ${shotgrid.url}    script '${credentials.script.name}' (its key is in AYON's secret '${credentials.script.secretName}')`,
      ...(this.page
        ? [`  Addon page             ${this.page.url}    (AYON's settings tab around ${this.page.addonPageUrl})`]
        : [`  Addon page             ${target.url}/addons/${deployment.addonName}/${deployment.addonVersion}/frontend/`]),
      `  Health and metrics     ${this.service!.opsUrl}/healthz    ${this.service!.opsUrl}/metrics`,
      "",
    ];
    return lines.join("\n");
  }

  private async importAndSync(demo: DemoProject): Promise<void> {
    const request = { projectName: demo.ayonName, projectCode: demo.ayonCode, sgProjectId: demo.sgProjectId };
    this.say(`Importing '${demo.sgName}' as AYON project ${demo.ayonName} (the event the addon page sends)…`);
    let started = Date.now();
    const imported = await this.runPageRequest(importProjectEvent(request, newRequestId()), "the import");
    this.report!.import = { job: imported, wallMs: Date.now() - started };
    this.say(`  import ${imported.status} in ${seconds(imported.durationMs)}: ${imported.description}`);
    if (imported.status !== "finished") throw new Error(`the import did not finish: ${imported.description}`);
    this.say(`Full sync of ${demo.ayonName} (again: nothing should change)…`);
    const store = this.emulators!.shotgrid.store;
    const logBefore = lastEventLogId(store);
    started = Date.now();
    const synced = await this.runPageRequest(syncProjectEvent(demo.ayonName, newRequestId()), "the full sync");
    this.report!.sync = { job: synced, wallMs: Date.now() - started, shotgridWrites: eventLogCountSince(store, logBefore) };
    this.say(`  sync ${synced.status} in ${seconds(synced.durationMs)}: ${synced.description}`);
    if (synced.status !== "finished") throw new Error(`the full sync did not finish: ${synced.description}`);
  }

  /** The highest ShotGrid project id an AYON project is linked to (attrib shotgridId), 0 when none is. */
  private async highestLinkedShotgridProject(): Promise<number> {
    type Reply = { projects: { edges: Array<{ node: { attrib: { shotgridId?: string | null } | null } }> } };
    const reply = await this.ayonClient("sandbox-setup").graphql<Reply>("query SandboxLinkedProjects { projects { edges { node { attrib { shotgridId } } } } }");
    return reply.projects.edges.reduce((max, edge) => Math.max(max, Number(edge.node.attrib?.shotgridId) || 0), 0);
  }

  /**
   * The highest ShotGrid event id among the newest `shotgrid.event` events, 0 when none. A leecher's event hash is
   * the ShotGrid event id alone (as the Python addon's), so a new emulator's event log must start above the ids
   * that earlier runs dispatched to this AYON, or AYON would refuse its events as duplicates.
   */
  private async highestDispatchedShotgridEvent(): Promise<number> {
    const page = await this.ayonClient("sandbox-setup").queryEvents({ topics: ["shotgrid.event"], last: 100, withPayload: false });
    return page.events.reduce((max, event) => Math.max(max, Number(event.summary?.sg_event_id) || 0), 0);
  }

  private ayonClient(sender: string): AyonClient {
    return new AyonClient({ serverUrl: this.target!.url, apiKey: this.target!.setupKey, sender });
  }

  /** The end of a bounded run: the summary, and 1 when a figure says something went wrong. */
  private finish(code: number): number {
    if (!this.report) return code;
    this.say(`\n${formatReport(this.report)}`);
    const problems = reportProblems(this.report);
    if (problems.length === 0) return code;
    this.say(`FAILED:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    return 1;
  }

  /** Posts a request as the page would (a manager's event) and waits for the runtime's job. */
  private async runPageRequest(event: PageRequestEvent, what: string): Promise<JobReport> {
    const { id } = await this.ayonClient("sandbox-page").dispatchEvent(event);
    if (!id) throw new Error(`AYON stored no event for ${what}`);
    return this.watch!.wait(id, JOB_TIMEOUT_MS, what, this.stop.signal);
  }

  private async verify(demo: DemoProject): Promise<number> {
    const result = verifySync(await readBothSides(this.ayonClient("sandbox-verify"), this.emulators!.shotgrid.store, demo));
    this.say(`\n${formatCounts(result.rows)}\n`);
    if (result.problems.length > 0) {
      this.say(`Verification FAILED:\n${result.problems.map((p) => `  - ${p}`).join("\n")}`);
      return 1;
    }
    this.say(`Verified: AYON project ${demo.ayonName} mirrors ShotGrid project '${demo.sgName}' and every ShotGrid entity is linked (${seconds(Date.now() - this.started)} in all).`);
    return 0;
  }

  private async trickle(demo: DemoProject): Promise<void> {
    const { shotgrid, credentials } = this.emulators!;
    const artist = shotgrid.humanUser(credentials.artist.login, credentials.artist.name);
    const edits = new EditTrickle(shotgrid.store, demo.generated, artist, this.options.seed);
    // Every job from now on is a consequence of the edits (or of the leecher's own sync request).
    const jobs = new LiveJobs((line) => this.say(line));
    const latency = new EditLatency();
    this.service!.runtime.events.on("job:done", jobs.onJob);
    this.service!.runtime.events.on("job:done", latency.onJob);
    const limit = this.options.edits > 0 ? ` (${this.options.edits} edits)` : "; Ctrl-C stops";
    this.say(`Live: an edit in ShotGrid as '${credentials.artist.name}' every ${this.options.editInterval} s${limit}. Watch them reach AYON`);
    this.say("(events that change nothing AYON keeps, e.g. ShotGrid's back-references, are counted, not shown):");
    while (!this.stop.signal.aborted && (this.options.edits === 0 || edits.made < this.options.edits)) {
      await sleep(this.options.editInterval * 1000, this.stop.signal);
      if (this.stop.signal.aborted) break;
      const logBefore = lastEventLogId(shotgrid.store);
      const edit = edits.next();
      latency.edited(logBefore + 1, lastEventLogId(shotgrid.store));
      this.say(`ShotGrid edit ${edits.made}: ${edit.text}`);
    }
    if (!this.stop.signal.aborted) await this.settle(() => latency.waiting);
    this.service!.runtime.events.off("job:done", jobs.onJob);
    this.service!.runtime.events.off("job:done", latency.onJob);
    if (this.report) this.report.edits = latency.summary();
    this.say(`Stopping after ${edits.made} edit(s); ${jobs.summary()}.`);
  }

  /**
   * After the last edit: waits until it reached AYON (`waiting` false) and no job has finished for a few seconds
   * (the leecher polls every second), at most a minute.
   */
  private async settle(waiting: () => boolean): Promise<void> {
    let last = Date.now();
    const touch = () => (last = Date.now());
    this.service!.runtime.events.on("job:done", touch);
    const deadline = Date.now() + 60_000;
    while (!this.stop.signal.aborted && (waiting() || Date.now() - last < 3000) && Date.now() < deadline) await sleep(250, this.stop.signal);
    this.service!.runtime.events.off("job:done", touch);
  }

  private async shutDown(): Promise<void> {
    this.watch?.close();
    const steps: Array<[string, (() => Promise<void>) | undefined]> = [
      ["the runtime", this.service ? () => this.service!.stop() : undefined],
      ["the page host", this.page ? () => this.page!.close() : undefined],
      ["the emulators", this.emulators ? () => this.emulators!.close() : undefined],
    ];
    for (const [what, step] of steps) {
      if (!step) continue;
      try {
        await step();
      } catch (error) {
        this.io.stderr.write(`sandbox: ${what} did not stop cleanly: ${(error as Error).message}\n`);
      }
    }
  }
}

/** The newest ShotGrid event log entry's id (0: none), to count the writes a job makes. */
function lastEventLogId(store: ShotgridStore): number {
  return store.find("EventLogEntry", [], { fields: ["id"] }).reduce((max, row) => Math.max(max, row.id as number), 0);
}

function eventLogCountSince(store: ShotgridStore, id: number): number {
  return store.find("EventLogEntry", [["id", "greater_than", id]], { fields: ["id"] }).length;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
