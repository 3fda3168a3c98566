import "reflect-metadata";
import { EventEmitter } from "eventemitter3";
import { container as globalContainer, type DependencyContainer } from "tsyringe";
import { AyonClient } from "../ayon/client.js";
import { Logger } from "../logging/logger.js";
import { describeError } from "../plugin/errors.js";
import { handlerMetadata } from "../plugin/handler.js";
import type { PluginDeclaration } from "../plugin/define-plugin.js";
import { resolveOrderGroup, type ResolvedOrderGroup } from "../plugin/order-group.js";
import type { ServiceContext, ServiceProvider, ServiceToken } from "../plugin/service.js";
import { sourceMetadata, type EventSource, type SourceClass } from "../plugin/source.js";
import { validatePluginConfigs } from "../config/plugin-config.js";
import { DEFAULT_MAX_REPLY_BYTES } from "../http/http-exchange.js";
import { DEFAULT_QUEUE_CONFIG, type QueueConfig } from "./queue-config.js";
import { assertGroupsConsistent, buildRoutes, OrderGroupConflictError, type LoadedHandler, type Route } from "./routes.js";
import type { RuntimeEvents } from "./runtime-events.js";
import { SourceSupervisor } from "./source-supervisor.js";
import { JobFailures } from "./job-failures.js";
import { AddonSettings, PluginConfig, RuntimeInfo, Secrets } from "./tokens.js";
import { WorkerPool } from "./worker-pool.js";
import { PastCutoffMonitor } from "./past-cutoff.js";
import { FailedJobs } from "./failed-jobs.js";
import { asToken, wireClass } from "./di.js";
import { Metrics } from "../metrics/registry.js";
import { instrumentRuntime, requestRecorder } from "../metrics/runtime-metrics.js";
import { DEFAULT_HEALTH_THRESHOLDS, type HealthReport, type HealthThresholds } from "../health/health.js";
import { RemoteHealth } from "../health/reachability.js";
import { runtimeHealth, type HealthContributor } from "../health/runtime-health.js";

export interface RuntimeOptions {
  plugins: readonly PluginDeclaration[];
  /**
   * The runtime's AYON client (its own reads and the queue's upkeep); each plugin gets one derived from it that
   * sends its order group's X-Sender-Type, and workers derive one per slot with their own sender name.
   */
  ayon: AyonClient;
  logger: Logger;
  info: RuntimeInfo;
  settings: AddonSettings;
  queue?: Partial<QueueConfig>;
  /** Per-plugin config sections, keyed by plugin id. */
  pluginConfig?: Record<string, unknown>;
  /** Ids of installed plugins that are excluded: their config sections are not taken for misspelled ids. */
  inactivePluginIds?: readonly string[];
  /** Instances that replace a plugin service (tests inject fakes through the container this way). */
  services?: Array<{ token: ServiceToken<unknown>; value: unknown }>;
  /** Registers secret values with the log redactor. */
  redact?: (secret: string) => void;
  /** Clears the registered secret values from a sentence (the log redactor's); used for what plugins observe. */
  redactText?: (text: string) => string;
  /** Where the runtime and its plugins publish figures (served on /metrics); a fresh registry by default. */
  metrics?: Metrics;
  /** Whether the remotes answer, fed by the clients' request recorders (the AYON client's too); fresh by default. */
  remotes?: RemoteHealth;
  /** When /healthz reports "degraded" (DEFAULT_HEALTH_THRESHOLDS for what is not given). */
  healthThresholds?: Partial<HealthThresholds>;
}

/** What `Runtime.prepare` checked and wired; nothing in it has been created yet. */
export interface PreparedRuntime {
  root: DependencyContainer;
  handlers: LoadedHandler[];
  sources: Array<{ pluginId: string; name: string; sourceClass: SourceClass; scope: DependencyContainer; logger: Logger }>;
  /** The AYON client a plugin's services and handlers get: it sends the plugin's order group's sender type. */
  clientOf: (pluginId: string) => AyonClient;
}

/**
 * A configuration problem a TD must fix; the CLI prints the message alone and exits non-zero. One sentence per
 * line when there are several.
 */
export class RuntimeConfigError extends Error {
  override readonly name = "RuntimeConfigError";
}

/**
 * The runtime: one DI container per plugin (children of the runtime's), shared services created once, sources
 * started and supervised, and the worker pool consuming AYON's event queue for the loaded handlers.
 */
export class Runtime {
  readonly events = new EventEmitter<RuntimeEvents>();
  readonly container: DependencyContainer;
  readonly routes: readonly Route[];
  readonly metrics: Metrics;
  private readonly pool: WorkerPool;
  /** Reports source events past ignoreOlderThanDays (past-cutoff.ts), checked at start and every sweep. */
  private readonly pastCutoff: PastCutoffMonitor;
  private readonly pastCutoffStop = new AbortController();
  private pastCutoffLoop: Promise<void> = Promise.resolve();
  private readonly sweepIntervalMs: number;
  private readonly supervisors: SourceSupervisor[] = [];
  private readonly disposers: Array<() => Promise<void> | void> = [];
  private readonly healthContributors: HealthContributor[] = [];
  private ayonUp = true;
  private started = false;

  private constructor(
    private readonly options: RuntimeOptions,
    container: DependencyContainer,
    handlers: LoadedHandler[],
    private readonly sources: Array<{ pluginId: string; name: string; instance: EventSource; logger: Logger }>,
  ) {
    this.container = container;
    this.routes = buildRoutes(handlers);
    this.metrics = container.resolve(Metrics);
    instrumentRuntime(this.metrics, this.events);
    this.events.on("ayon:unavailable", () => (this.ayonUp = false));
    this.events.on("ayon:available", () => (this.ayonUp = true));
    const failures = container.resolve(JobFailures);
    this.events.on("job:done", (report) => failures.observe(report));
    for (const source of sources) {
      const instance = source.instance;
      if (typeof instance.health === "function") this.healthContributors.push({ name: source.name, health: (t) => instance.health!(t) });
    }
    const queue = { ...DEFAULT_QUEUE_CONFIG, ...options.queue };
    this.pastCutoff = new PastCutoffMonitor({ ayon: options.ayon, routes: this.routes, days: queue.ignoreOlderThanDays, logger: options.logger.child({ component: "backlog" }), metrics: this.metrics });
    this.healthContributors.push({ name: "pastCutoff", health: () => this.pastCutoff.health() });
    this.sweepIntervalMs = queue.sweepIntervalMs;
    this.pool = new WorkerPool({
      ayon: options.ayon,
      routes: this.routes,
      config: queue,
      logger: options.logger.child({ component: "workers" }),
      emitter: this.events,
      instanceName: options.info.instanceName,
    });
  }

  /**
   * Validates plugin configs, checks and wires every plugin's container (`prepare`), then creates the shared
   * services and the sources.
   */
  static async create(options: RuntimeOptions): Promise<Runtime> {
    const prepared = Runtime.prepare(options);
    const { root } = prepared;
    const disposers: Array<() => Promise<void> | void> = [];
    const contributors: HealthContributor[] = [];
    await createServices({ ...options, metrics: root.resolve(Metrics), remotes: root.resolve(RemoteHealth) }, root, root.resolve(Secrets), disposers, prepared.clientOf, contributors);
    const sources: Array<{ pluginId: string; name: string; instance: EventSource; logger: Logger }> = [];
    for (const source of prepared.sources) {
      try {
        sources.push({ pluginId: source.pluginId, name: source.name, instance: source.scope.resolve(source.sourceClass), logger: source.logger });
      } catch (error) {
        throw new RuntimeConfigError(`plugin '${source.pluginId}': source '${source.name}' cannot be created: ${describeError(error)}`);
      }
    }
    const runtime = new Runtime(options, root, prepared.handlers, sources);
    runtime.disposers.push(...disposers);
    runtime.healthContributors.unshift(...contributors);
    return runtime;
  }

  /**
   * Everything `create` does before anything acts, shared with `ayon-sg-runtime check`: the plugin configs are
   * validated, each plugin gets its container, and every handler's and source's constructor is checked against
   * what will be provided (core's tokens, the services the plugins list) without creating anything — no service
   * is started, no connection opened. Every problem is reported at once, one sentence per line, in a
   * RuntimeConfigError.
   */
  static prepare(options: RuntimeOptions): PreparedRuntime {
    const root = globalContainer.createChildContainer();
    root.registerInstance(asToken(Logger), options.logger);
    root.registerInstance(AyonClient, options.ayon);
    root.registerInstance(AddonSettings, options.settings);
    root.registerInstance(RuntimeInfo, options.info);
    root.registerInstance(Metrics, options.metrics ?? new Metrics());
    root.registerInstance(RemoteHealth, options.remotes ?? new RemoteHealth());
    root.registerInstance(Secrets, new Secrets(options.ayon));
    const maxRetries = { ...DEFAULT_QUEUE_CONFIG, ...options.queue }.maxRetries;
    root.registerInstance(JobFailures, new JobFailures({ reader: options.ayon, maxRetries }, options.redactText));
    for (const { token, value } of options.services ?? []) root.registerInstance(token as never, value);

    const { configs, problems } = validatePluginConfigs(options.plugins, options.pluginConfig ?? {}, options.inactivePluginIds);
    const groups = new Map(options.plugins.map((plugin) => [plugin.id, orderGroupOf(plugin)]));
    const jobTopics = [...new Set(options.plugins.filter((p) => p.handlers.length > 0).map((p) => groups.get(p.id)!.jobTopic))];
    root.registerInstance(FailedJobs, new FailedJobs(options.ayon, jobTopics, { ...DEFAULT_QUEUE_CONFIG, ...options.queue }));
    try {
      assertGroupsConsistent(options.plugins.map((plugin) => ({ pluginId: plugin.id, group: groups.get(plugin.id)! })));
    } catch (error) {
      if (!(error instanceof OrderGroupConflictError)) throw error;
      problems.push(error.message);
    }
    // A plugin's writes carry its order group's sender type, so loop prevention (`ignoreSenderTypes`) can tell
    // them apart; the sender name stays the runtime's.
    const sender = options.ayon.options.sender ?? options.info.instanceName;
    const clients = new Map<string, AyonClient>();
    const clientOf = (pluginId: string): AyonClient => {
      const { senderType } = groups.get(pluginId)!;
      let client = clients.get(senderType);
      if (!client) clients.set(senderType, (client = options.ayon.withSender(sender, senderType)));
      return client;
    };
    const ayonReplaced = options.services?.some((service) => service.token === AyonClient) ?? false;
    const pending = new Set<unknown>(options.plugins.flatMap((p) => p.services.map((s) => s.token)));
    const handlers: LoadedHandler[] = [];
    const sources: PreparedRuntime["sources"] = [];
    for (const plugin of options.plugins) {
      const scope = root.createChildContainer();
      const logger = options.logger.child({ plugin: plugin.id });
      scope.registerInstance(asToken(Logger), logger);
      // A test's own AyonClient (passed in `services`) stays what handlers get.
      if (!ayonReplaced) scope.registerInstance(AyonClient, clientOf(plugin.id));
      scope.registerInstance(PluginConfig, new PluginConfig(configs.get(plugin.id)));
      const wiring = { pluginId: plugin.id, scope, pending };
      for (const handlerClass of plugin.handlers) {
        const problem = wireClass(handlerClass, { ...wiring, role: "handler" });
        if (problem) problems.push(problem);
        handlers.push({ pluginId: plugin.id, handlerClass, metadata: handlerMetadata(handlerClass)!, container: scope, group: groups.get(plugin.id)! });
      }
      for (const sourceClass of plugin.sources) {
        const name = sourceMetadata(sourceClass)!.name;
        const problem = wireClass(sourceClass, { ...wiring, role: "source" });
        if (problem) problems.push(problem);
        sources.push({ pluginId: plugin.id, name, sourceClass, scope, logger: logger.child({ source: name }) });
      }
    }
    if (problems.length > 0) throw new RuntimeConfigError(problems.join("\n"));
    buildRoutes(handlers); // refuses handlers whose topics conflict, before anything starts
    return { root, handlers, sources, clientOf };
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    const topics = this.routes.map((r) => `${r.group} → ${r.jobTopic}: ${[r.sourceTopic].flat().join(", ")}`);
    this.options.logger.info(
      `runtime '${this.options.info.instanceName}' starting: ${this.options.plugins.length} plugin(s), ` +
        `${this.sources.length} source(s), ${this.routes.length} route(s)${topics.length ? ` [${topics.join("; ")}]` : ""}`,
    );
    for (const source of this.sources) {
      const supervisor = new SourceSupervisor(source.name, source.instance, source.logger, this.events);
      this.supervisors.push(supervisor);
      supervisor.start();
    }
    await this.pool.start();
    this.pastCutoffLoop = this.pastCutoff.run(this.sweepIntervalMs, this.pastCutoffStop.signal);
  }

  /** Sources stop first (nothing new is produced), then the workers finish or release their jobs. */
  async stop(): Promise<void> {
    await Promise.all(this.supervisors.map((s) => s.stop()));
    this.pastCutoffStop.abort();
    await this.pastCutoffLoop;
    await this.pool.stop();
    for (const dispose of this.disposers.reverse()) {
      try {
        await dispose();
      } catch (error) {
        this.options.logger.warn(`a service did not close cleanly: ${describeError(error)}`);
      }
    }
    this.options.logger.info("runtime stopped");
  }

  /** Jobs this process is running right now. */
  get activeJobs(): number {
    return this.pool.activeJobs;
  }

  get scheduler() {
    return this.pool.scheduler;
  }

  /**
   * For /healthz: AYON, every remote the clients record requests to, and what sources and services report
   * (health/health.ts); "unavailable" while AYON is out, "degraded" past the thresholds.
   */
  health(): HealthReport {
    return runtimeHealth({
      ayonUp: this.ayonUp,
      remotes: this.container.resolve(RemoteHealth),
      contributors: this.healthContributors,
      thresholds: { ...DEFAULT_HEALTH_THRESHOLDS, ...this.options.healthThresholds },
      details: { instance: this.options.info.instanceName, activeJobs: this.activeJobs, routes: this.routes.length },
    });
  }
}

/** The plugin's order group; a declaration made by an older core (no `orderGroup`) is a group of its own. */
export function orderGroupOf(plugin: PluginDeclaration): ResolvedOrderGroup {
  return (plugin as { orderGroup?: ResolvedOrderGroup }).orderGroup ?? resolveOrderGroup({ name: plugin.id }, plugin.id);
}

async function createServices(
  options: RuntimeOptions,
  root: DependencyContainer,
  secrets: Secrets,
  disposers: Array<() => Promise<void> | void>,
  clientOf: (pluginId: string) => AyonClient,
  contributors: HealthContributor[] = [],
): Promise<void> {
  const overrides = new Map(options.services?.map((s) => [s.token, s.value]) ?? []);
  const providers = new Map<ServiceToken<unknown>, { provider: ServiceProvider<unknown>; pluginId: string }>();
  for (const plugin of options.plugins) {
    for (const provider of plugin.services) if (!providers.has(provider.token)) providers.set(provider.token, { provider, pluginId: plugin.id });
  }
  for (const [token, { provider, pluginId }] of providers) {
    if (overrides.has(token)) continue;
    const ctx = serviceContext({ ...options, ayon: clientOf(pluginId) }, secrets, provider.name);
    let instance: unknown;
    try {
      instance = await provider.create(ctx);
    } catch (error) {
      throw new RuntimeConfigError(`${provider.name} (needed by plugin '${pluginId}') could not start: ${describeError(error)}`);
    }
    root.registerInstance(token as never, instance);
    if (provider.dispose) disposers.push(() => provider.dispose!(instance));
    if (provider.health) contributors.push({ name: provider.name, health: (t) => provider.health!(instance, t) });
  }
}

export function serviceContext(
  options: Pick<RuntimeOptions, "logger" | "ayon" | "settings" | "redact" | "metrics" | "remotes">,
  secrets: Secrets,
  name: string,
): ServiceContext {
  const metrics = options.metrics ?? new Metrics();
  const remotes = options.remotes ?? new RemoteHealth();
  return {
    logger: options.logger.child({ service: name }),
    ayon: options.ayon,
    settings: options.settings,
    secrets,
    metrics,
    recordRequests: (target) => requestRecorder(metrics, target, remotes.of(target)),
    redact: (secret) => options.redact?.(secret),
    maxReplyBytes: options.ayon.options.maxReplyBytes ?? DEFAULT_MAX_REPLY_BYTES,
  };
}
