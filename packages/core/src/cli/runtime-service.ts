/**
 * What `run` does up to "processing events": environment, logger, plugin discovery, AYON connection, addon
 * settings, the runtime, the ops server (/healthz, /metrics) and the progress display. Split from the command
 * so the sandbox can run the very same runtime in its own process.
 */
import type { AyonClient } from "../ayon/client.js";
import type { RuntimeEnv } from "../config/env.js";
import { healthThresholds, queueOverrides } from "../config/studio-config.js";
import { UserError } from "../config/user-error.js";
import type { Logger } from "../logging/logger.js";
import { startOpsServer, type OpsServer } from "../metrics/ops-server.js";
import { Metrics } from "../metrics/registry.js";
import { requestRecorder } from "../metrics/runtime-metrics.js";
import { RemoteHealth } from "../health/reachability.js";
import { loadedPlugins } from "../plugin/discovery.js";
import { Runtime, RuntimeConfigError } from "../runtime/runtime.js";
import { InstanceHeartbeat } from "../runtime/instance-heartbeat.js";
import { DEFAULT_QUEUE_CONFIG } from "../runtime/queue-config.js";
import { CORE_VERSION } from "../version.js";
import { bootstrap, connectToAyon, createAyonClient, loadAddonSettings, studioRuntimeOptions } from "./bootstrap.js";
import { ProgressDisplay, type ProgressStream } from "./progress-display.js";

export interface RuntimeServiceOptions {
  /** The studio directory (default: AYON_SG_STUDIO_DIR, else the current directory). */
  studioDir?: string;
  /** Read instead of process.env (plus the studio's .env); the sandbox passes its own. */
  processEnv?: NodeJS.ProcessEnv;
  /** Where logs and progress go (default process.stdout). */
  stream?: ProgressStream & NodeJS.WritableStream;
  /** Job progress: a live bar on a TTY, plain log lines elsewhere ("auto", the default), or none. */
  progress?: "auto" | "off";
}

export interface RuntimeService {
  runtime: Runtime;
  env: RuntimeEnv;
  logger: Logger;
  ayon: AyonClient;
  /** Base URL of /healthz and /metrics, or null when they are not served. */
  opsUrl: string | null;
  /** Where other output goes so it does not break the progress bar (the stream itself off a terminal). */
  output: NodeJS.WritableStream;
  /** Stops the runtime (running jobs get their grace period), then the ops server and the display. */
  stop(): Promise<void>;
}

export async function startRuntimeService(options: RuntimeServiceOptions = {}): Promise<RuntimeService> {
  const stream = options.stream ?? process.stdout;
  // On a terminal the log is written through the display (it keeps the bar below); elsewhere progress lines go
  // through the logger: structured, with the job's ids.
  let progressLog: Logger | null = null;
  const display =
    options.progress === "off"
      ? null
      : new ProgressDisplay({
          stream,
          onLine: (text, job) => progressLog?.info(text, { jobId: job.jobId, percent: job.percent, project: job.project ?? undefined }),
        });
  const booted = await bootstrap({
    studioDir: options.studioDir,
    processEnv: options.processEnv,
    stream: display?.mode === "bar" ? display.output : stream,
  });
  const { env, logger, redactor, manifest, reports } = booted;
  progressLog = logger.child({ component: "progress" });
  for (const report of reports) {
    if (report.status === "failed") logger.error(`plugin package ${report.packageName} not loaded: ${report.reason}`);
    else if (report.status === "skipped") logger.info(`plugin package ${report.packageName} skipped: ${report.reason}`);
  }
  const plugins = loadedPlugins(reports);
  if (plugins.length === 0) throw new UserError(`no plugin to run in ${manifest.dir}: add plugin packages to its package.json dependencies (see list-plugins).`);

  const metrics = new Metrics();
  metrics.collectProcessMetrics();
  const remotes = new RemoteHealth();
  const ayon = createAyonClient(env, logger.child({ component: "ayon" }), requestRecorder(metrics, "ayon", remotes.of("ayon")));
  const server = await connectToAyon(ayon, env);
  if (!server.isService) throw new UserError(`the AYON user '${server.user}' is not a service user: AYON only lets service users take jobs from its event queue.`);
  logger.info(`connected to AYON ${server.version} at ${env.serverUrl} as '${server.user}'`);
  const settings = await loadAddonSettings(ayon, env, logger);

  const queue = { ...queueOverrides(manifest.config), ...(env.concurrency ? { concurrency: env.concurrency } : {}) };
  let runtime: Runtime;
  try {
    runtime = await Runtime.create({
      ...studioRuntimeOptions(booted, ayon, logger, settings),
      queue,
      redact: (secret) => redactor.add(secret),
      redactText: (text) => redactor.text(text),
      metrics,
      remotes,
      healthThresholds: healthThresholds(manifest.config),
    });
  } catch (error) {
    if (error instanceof RuntimeConfigError) throw new UserError(error.message);
    throw error;
  }
  // The ops server starts first: a port already in use stops the start before any job is taken.
  let ops: OpsServer | null = null;
  const metricsPort = env.metricsPort ?? manifest.config.metricsPort ?? null;
  if (metricsPort !== null) {
    ops = await startOpsServer({ port: metricsPort, host: env.metricsHost, metrics, health: () => runtime.health() }).catch((error: unknown) => {
      throw new UserError(`cannot serve /healthz and /metrics on ${env.metricsHost}:${metricsPort}: ${(error as Error).message}`);
    });
    logger.info(`health at ${ops.url}/healthz, metrics at ${ops.url}/metrics`);
  }
  const detach = display?.attach(runtime.events);
  await runtime.start();
  // The instance event the addon page and `ayon-sg-runtime instances` read (runtime/instances.ts).
  const heartbeat = new InstanceHeartbeat({
    ayon,
    logger: logger.child({ component: "instance" }),
    instance: env.instanceName,
    service: env.serviceName,
    version: CORE_VERSION,
    plugins: plugins.map((plugin) => plugin.id),
    workerSlots: queue.concurrency ?? DEFAULT_QUEUE_CONFIG.concurrency,
    intervalMs: queue.heartbeatIntervalMs ?? DEFAULT_QUEUE_CONFIG.heartbeatIntervalMs,
  });
  void heartbeat.start(); // in the background: the signal handlers of `run` are installed when this returns
  return {
    runtime,
    env,
    logger,
    ayon,
    opsUrl: ops?.url ?? null,
    output: display?.mode === "bar" ? display.output : stream,
    async stop() {
      try {
        await runtime.stop();
        await heartbeat.stop();
        await ops?.close();
      } finally {
        detach?.();
        display?.close();
      }
    },
  };
}
