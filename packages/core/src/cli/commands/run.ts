import { queueOverrides } from "../../config/studio-config.js";
import { UserError } from "../../config/user-error.js";
import { describeError } from "../../plugin/errors.js";
import { loadedPlugins } from "../../plugin/discovery.js";
import { Runtime, RuntimeConfigError } from "../../runtime/runtime.js";
import { RuntimeInfo } from "../../runtime/tokens.js";
import { CORE_VERSION } from "../../version.js";
import { bootstrap, connectToAyon, createAyonClient, loadAddonSettings } from "../bootstrap.js";
import { Metrics } from "../../metrics/registry.js";
import { requestRecorder } from "../../metrics/runtime-metrics.js";
import { startOpsServer, type OpsServer } from "../../metrics/ops-server.js";

/** `run`: load the plugins, connect, and process events until SIGINT/SIGTERM. */
export async function runCommand(options: { studioDir?: string }): Promise<number> {
  const { env, logger, redactor, manifest, reports } = await bootstrap({ studioDir: options.studioDir });
  for (const report of reports) {
    if (report.status === "failed") logger.error(`plugin package ${report.packageName} not loaded: ${report.reason}`);
    else if (report.status === "skipped") logger.info(`plugin package ${report.packageName} skipped: ${report.reason}`);
  }
  const plugins = loadedPlugins(reports);
  if (plugins.length === 0) throw new UserError(`no plugin to run in ${manifest.dir}: add plugin packages to its package.json dependencies (see list-plugins).`);

  const metrics = new Metrics();
  const ayon = createAyonClient(env, logger.child({ component: "ayon" }), requestRecorder(metrics, "ayon"));
  const server = await connectToAyon(ayon, env);
  if (!server.isService) throw new UserError(`the AYON user '${server.user}' is not a service user: AYON only lets service users take jobs from its event queue.`);
  logger.info(`connected to AYON ${server.version} at ${env.serverUrl} as '${server.user}'`);
  const settings = await loadAddonSettings(ayon, env, logger);

  let runtime: Runtime;
  try {
    runtime = await Runtime.create({
      plugins,
      ayon,
      logger,
      settings,
      info: new RuntimeInfo(env.serviceName, env.instanceName, CORE_VERSION, env.studioDir),
      queue: { ...queueOverrides(manifest.config), ...(env.concurrency ? { concurrency: env.concurrency } : {}) },
      pluginConfig: manifest.config.config,
      redact: (secret) => redactor.add(secret),
      metrics,
    });
  } catch (error) {
    if (error instanceof RuntimeConfigError) throw new UserError(error.message);
    throw error;
  }

  const stopped = new Promise<string>((resolve) => {
    process.once("SIGINT", () => resolve("SIGINT"));
    process.once("SIGTERM", () => resolve("SIGTERM"));
  });
  await runtime.start();
  let ops: OpsServer | null = null;
  const metricsPort = env.metricsPort ?? manifest.config.metricsPort ?? null;
  if (metricsPort !== null) {
    ops = await startOpsServer({ port: metricsPort, host: env.metricsHost, metrics, health: () => runtime.health() });
    logger.info(`health at ${ops.url}/healthz, metrics at ${ops.url}/metrics`);
  }
  const signal = await stopped;
  logger.info(`${signal} received: stopping (running jobs get their grace period)`);
  try {
    await runtime.stop();
    await ops?.close();
  } catch (error) {
    logger.error(`shutdown did not complete cleanly: ${describeError(error)}`);
    return 1;
  }
  return 0;
}
