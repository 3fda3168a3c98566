import {
  AddonSettings, AyonClient, Runtime, RuntimeInfo,
  type AyonEvent, type AyonRequestInfo, type JobReport, type Logger, type PluginDeclaration, type QueueConfig, type ServiceToken,
} from "@ayon-sg/core";
import { CapturingLogger } from "./capturing-logger.js";

export interface TestRuntimeOptions {
  plugins: PluginDeclaration[];
  /** The AYON to talk to, usually an emulator from `startAyonEmulator()`. */
  ayon: { url: string; apiKey: string };
  /** Studio-level addon settings the plugins see. */
  settings?: Record<string, unknown>;
  /** Per-plugin config sections, keyed by plugin id. */
  config?: Record<string, unknown>;
  /** Fakes replacing plugin services (e.g. a ShotgridClient pointed at the ShotGrid emulator). */
  services?: Array<{ token: ServiceToken<unknown>; value: unknown }>;
  /** Queue settings; the defaults here are fast for tests (50 ms polls). */
  queue?: Partial<QueueConfig>;
  logger?: Logger;
  instanceName?: string;
  /** Sees every request the runtime's AYON client makes (route, status), e.g. to count refusals. */
  onAyonRequest?: (info: AyonRequestInfo) => void;
}

export interface TestRuntime {
  runtime: Runtime;
  /** A client for the same AYON (sender "test"), to dispatch events and read results. */
  ayon: AyonClient;
  logger: CapturingLogger;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Dispatches a source event (finished, so it can be enrolled) and returns its id. */
  dispatch(topic: string, options?: { project?: string; payload?: Record<string, unknown>; summary?: Record<string, unknown> }): Promise<string>;
  /**
   * Resolves with the report of the job that processed this source event; with `plugin`, the job of that plugin's
   * order group (each group has its own job of an event: two plugins on one topic make two jobs).
   */
  waitForJob(sourceId: string, timeoutMs?: number, plugin?: string): Promise<JobReport>;
  /** The job event as AYON stores it (status, description, payload); of any plugin's job topic. */
  jobEvent(sourceId: string): Promise<AyonEvent | null>;
}

/**
 * A real runtime for tests of a studio's own handlers: real plugin loading, DI, the AYON queue and job
 * lifecycle, against an AYON emulator — no module mocking. Fakes go in through `services`.
 */
export async function createTestRuntime(options: TestRuntimeOptions): Promise<TestRuntime> {
  const logger = options.logger instanceof CapturingLogger ? options.logger : new CapturingLogger();
  const ayon = new AyonClient({ serverUrl: options.ayon.url, apiKey: options.ayon.apiKey, sender: options.instanceName ?? "test-runtime", senderType: "ayon-sg", retry: { limit: 2, baseDelayMs: 20, maxDelayMs: 200 }, onRequest: options.onAyonRequest });
  const queue: Partial<QueueConfig> = { concurrency: 2, pollIntervalMs: 50, sweepIntervalMs: 2000, shutdownGraceMs: 2000, progressIntervalMs: 100, outageBackoffMaxMs: 2000, ...options.queue };
  const runtime = await Runtime.create({
    plugins: options.plugins,
    ayon,
    logger: options.logger ?? logger,
    // Named after the addon the plugins declare, as the runtime's start reads it.
    settings: new AddonSettings(options.plugins.find((plugin) => plugin.addon)?.addon ?? "", null, options.settings ?? {}, ayon),
    info: new RuntimeInfo("test", options.instanceName ?? "test-runtime", "test", process.cwd()),
    queue,
    pluginConfig: options.config,
    services: options.services,
  });
  const reports = new Map<string, JobReport>();
  const waiting = new Map<string, Array<(report: JobReport) => void>>();
  runtime.events.on("job:done", (report) => {
    if (report.status === "released") return;
    for (const key of [report.sourceId, `${report.group}:${report.sourceId}`]) {
      reports.set(key, report);
      for (const resolve of waiting.get(key) ?? []) resolve(report);
      waiting.delete(key);
    }
  });
  const groupOf = (pluginId: string) => options.plugins.find((plugin) => plugin.id === pluginId)?.orderGroup?.name ?? pluginId;
  const client = ayon.withSender("test", "test");
  // Each order group stores its jobs under its own topic.
  const topics = [...new Set(runtime.routes.map((route) => route.jobTopic))];

  return {
    runtime,
    ayon: client,
    logger,
    start: () => runtime.start(),
    stop: () => runtime.stop(),
    async dispatch(topic, opts = {}) {
      const result = await client.dispatchEvent({ topic, project: opts.project, payload: opts.payload ?? {}, summary: opts.summary ?? {}, finished: true });
      if (!result.id) throw new Error("dispatch returned no id");
      return result.id;
    },
    waitForJob(sourceId, timeoutMs = 10_000, plugin) {
      const key = plugin === undefined ? sourceId : `${groupOf(plugin)}:${sourceId}`;
      const done = reports.get(key);
      if (done) return Promise.resolve(done);
      return new Promise<JobReport>((resolve, reject) => {
        const whose = plugin === undefined ? "" : ` of plugin ${plugin}`;
        const timer = setTimeout(() => reject(new Error(`no job${whose} finished for source event ${sourceId} within ${timeoutMs} ms`)), timeoutMs);
        const list = waiting.get(key) ?? [];
        list.push((report) => {
          clearTimeout(timer);
          resolve(report);
        });
        waiting.set(key, list);
      });
    },
    async jobEvent(sourceId) {
      if (topics.length === 0) return null;
      const page = await client.queryEvents({ topics, last: 500 });
      const node = page.events.find((e) => e.dependsOn === sourceId);
      return node ? client.getEvent(node.id) : null;
    },
  };
}
