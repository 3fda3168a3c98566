/**
 * `ayon-sg-runtime sandbox`: emulators → deployment-like AYON setup → demo project → the runtime (in this
 * process, plugins from the studio directory) → import and sync through the page's events → either verify and
 * exit (--once) or a trickle of live ShotGrid edits until Ctrl-C.
 */
import { AyonClient, sleep, UserError, type JobReport } from "@ayon-sg/core";
import type { RuntimeService } from "@ayon-sg/core/service";
import { makeAddonZip } from "./addon-zip.js";
import { setUpAyonLikeADeployment, type AddonDeployment } from "./ayon-setup.js";
import { seedDemoProject, type DemoProject } from "./demo-project.js";
import { EditTrickle } from "./edit-trickle.js";
import { startEmulators, type Emulators } from "./emulators.js";
import { JobWatch } from "./job-watch.js";
import { LiveJobs } from "./live-jobs.js";
import { parseSandboxArgs, SANDBOX_USAGE, SandboxUsageError, type SandboxOptions } from "./options.js";
import { startPageHost, type PageHost } from "./page-host.js";
import { runtimeServiceFor } from "./studio-runtime.js";
import { importProjectEvent, newRequestId, syncProjectEvent, type PageRequestEvent } from "./page-requests.js";
import { formatCounts, readBothSides, verifySync } from "./verify.js";

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
      if (this.options.once) return await this.verify(demo);
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
    this.emulators = await startEmulators({ ayonPort: o.ayonPort, shotgridPort: o.shotgridPort, latencyMs: o.latencyMs });
    const { ayon, shotgrid, credentials } = this.emulators;
    this.say(`AYON emulator     ${ayon.url}`);
    this.say(`ShotGrid emulator ${shotgrid.url}`);

    const addon = await makeAddonZip((line) => this.say(line));
    const deployment = await setUpAyonLikeADeployment({ ayonUrl: ayon.url, shotgridUrl: shotgrid.url, credentials, addon, pollingFrequency: 1 });
    this.say(`AYON set up like a deployment: addon ${addon.name} ${addon.version} installed, settings saved, script key in secret '${credentials.script.secretName}', service user '${credentials.service.name}'`);

    const demo = seedDemoProject(shotgrid.store, o);
    const { ids } = demo.generated;
    this.say(
      `ShotGrid project '${demo.sgName}' (id ${demo.sgProjectId}) seeded with auto-sync on: ${ids.Episode.length} episodes, ` +
        `${ids.Sequence.length} sequences, ${ids.Shot.length} shots, ${ids.Asset.length} assets, ${ids.Task.length} tasks`,
    );

    const startRuntimeService = await runtimeServiceFor(this.studioDir);
    this.service = await startRuntimeService({ studioDir: this.studioDir, processEnv: this.runtimeEnv(deployment), stream: this.io.stdout });
    this.watch = new JobWatch(this.service.runtime.events, (report) => this.say(`  a try failed and AYON offers it again: ${report.description}`));
    if (!o.once) {
      this.page = await startPageHost({ ayonUrl: ayon.url, admin: credentials.admin, addonName: addon.name, addonVersion: addon.version, port: o.pagePort });
    }
    this.say(this.whereToLook(deployment));
    return demo;
  }

  /** The runtime's environment, as AYON's service host would give it (ayon-api.md §8), plus ayon-sg's own. */
  private runtimeEnv(deployment: AddonDeployment): NodeJS.ProcessEnv {
    const { ayon, credentials } = this.emulators!;
    const env = this.io.env;
    return {
      AYON_SERVER_URL: ayon.url,
      AYON_API_KEY: credentials.service.apiKey,
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
    const { ayon, shotgrid, credentials } = this.emulators!;
    const lines = [
      "",
      "Where to look:",
      `  AYON (emulator)        ${ayon.url}    API key of service user '${credentials.service.name}': ${credentials.service.apiKey}`,
      `                         e.g. curl -H "x-api-key: ${credentials.service.apiKey}" ${ayon.url}/api/projects`,
      `  ShotGrid (emulator)    ${shotgrid.url}    script '${credentials.script.name}' (its key is in AYON's secret '${credentials.script.secretName}')`,
      ...(this.page
        ? [`  Addon page             ${this.page.url}    (AYON's settings tab around ${this.page.addonPageUrl})`]
        : [`  Addon page             ${ayon.url}/addons/${deployment.addonName}/${deployment.addonVersion}/frontend/`]),
      `  Health and metrics     ${this.service!.opsUrl}/healthz    ${this.service!.opsUrl}/metrics`,
      "",
    ];
    return lines.join("\n");
  }

  private async importAndSync(demo: DemoProject): Promise<void> {
    const request = { projectName: demo.ayonName, projectCode: demo.ayonCode, sgProjectId: demo.sgProjectId };
    this.say(`Importing '${demo.sgName}' as AYON project ${demo.ayonName} (the event the addon page sends)…`);
    const imported = await this.runPageRequest(importProjectEvent(request, newRequestId()), "the import");
    this.say(`  import ${imported.status} in ${seconds(imported.durationMs)}: ${imported.description}`);
    if (imported.status !== "finished") throw new Error(`the import did not finish: ${imported.description}`);
    this.say(`Full sync of ${demo.ayonName} (again: nothing should change)…`);
    const synced = await this.runPageRequest(syncProjectEvent(demo.ayonName, newRequestId()), "the full sync");
    this.say(`  sync ${synced.status} in ${seconds(synced.durationMs)}: ${synced.description}`);
    if (synced.status !== "finished") throw new Error(`the full sync did not finish: ${synced.description}`);
  }

  /** Posts a request as the page would (a manager's event) and waits for the runtime's job. */
  private async runPageRequest(event: PageRequestEvent, what: string): Promise<JobReport> {
    const { ayon, credentials } = this.emulators!;
    const client = new AyonClient({ serverUrl: ayon.url, apiKey: credentials.deployKey, sender: "sandbox-page" });
    const { id } = await client.dispatchEvent(event);
    if (!id) throw new Error(`AYON stored no event for ${what}`);
    return this.watch!.wait(id, JOB_TIMEOUT_MS, what, this.stop.signal);
  }

  private async verify(demo: DemoProject): Promise<number> {
    const { ayon, shotgrid, credentials } = this.emulators!;
    const client = new AyonClient({ serverUrl: ayon.url, apiKey: credentials.deployKey, sender: "sandbox-verify" });
    const result = verifySync(await readBothSides(client, shotgrid.store, demo));
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
    this.service!.runtime.events.on("job:done", jobs.onJob);
    const limit = this.options.edits > 0 ? ` (${this.options.edits} edits)` : "; Ctrl-C stops";
    this.say(`Live: an edit in ShotGrid as '${credentials.artist.name}' every ${this.options.editInterval} s${limit}. Watch them reach AYON`);
    this.say("(events that change nothing AYON keeps, e.g. ShotGrid's back-references, are counted, not shown):");
    while (!this.stop.signal.aborted && (this.options.edits === 0 || edits.made < this.options.edits)) {
      await sleep(this.options.editInterval * 1000, this.stop.signal);
      if (this.stop.signal.aborted) break;
      const edit = edits.next();
      this.say(`ShotGrid edit ${edits.made}: ${edit.text}`);
    }
    if (!this.stop.signal.aborted) await this.settle();
    this.service!.runtime.events.off("job:done", jobs.onJob);
    this.say(`Stopping after ${edits.made} edit(s); ${jobs.summary()}.`);
  }

  /** After the last edit: waits until no job has finished for a few seconds (the leecher polls every second), at most a minute. */
  private async settle(): Promise<void> {
    let last = Date.now();
    const touch = () => (last = Date.now());
    this.service!.runtime.events.on("job:done", touch);
    const deadline = Date.now() + 60_000;
    while (!this.stop.signal.aborted && Date.now() - last < 3000 && Date.now() < deadline) await sleep(250, this.stop.signal);
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

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
