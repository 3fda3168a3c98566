import "reflect-metadata";
import { injectable } from "tsyringe";
import type { TopicEvent } from "../events/catalogue.js";
import type { Logger } from "../logging/logger.js";
import { declareDeps, type InstancesOf, type Token } from "./injection.js";
import { HANDLER_METADATA } from "./metadata.js";

export interface HandlerOptions<T extends string = string, D extends readonly Token[] = readonly Token[]> {
  /**
   * AYON topic(s) to process, e.g. "shotgrid.event" or "entity.task.status_changed"; `*` is a wildcard. For a
   * catalogued topic (AYON's own `entity.*` events) `handle` gets the typed event, `TopicEvent<topic>`.
   */
  topic: T | readonly T[];
  /**
   * The classes the constructor receives, in order (`deps: [Logger, AyonClient]` for
   * `constructor(log: Logger, ayon: AyonClient)`). Optional, and the recommended form: the classes are named as
   * values, so an `import type` of one fails to compile instead of failing at start, and no compiler setting
   * (`emitDecoratorMetadata`, legacy or TC39 decorators) matters; the compiler also checks the constructor
   * takes these types in this order. Without `deps`, the types come from `emitDecoratorMetadata`.
   */
  deps?: D;
  /** Only events whose `payload.action` is one of these. */
  action?: string | string[];
  /**
   * true (default): events of one project are processed one at a time, in order, across every runtime process.
   * false: events are processed as they come, in parallel (request/reply topics).
   */
  ordered?: boolean;
  /** Source events sent with one of these X-Sender-Type values are not enrolled (loop prevention). */
  ignoreSenderTypes?: string[];
  /**
   * Ordered handlers that implement `handleBatch`: up to this many events of one project, next to each other in
   * the queue, are taken together and handed over in one call (each keeps its own job). Default 1.
   */
  batch?: number;
  /** One line for `list-plugins`. */
  description?: string;
}

/** What a handler reports when it returns instead of throwing. */
export interface HandlerOutcome {
  readonly kind: "done" | "skipped";
  readonly message: string;
  /** Stored on the job event (and sent to a waiting page): keep it small and free of secrets. */
  readonly result?: unknown;
}

export interface HandlerContext {
  readonly job: { readonly id: string };
  /** Bound to `{plugin, handler, topic, eventId, jobId}`. */
  readonly logger: Logger;
  /** Aborted when the job times out or the runtime shuts down; pass it to long loops and requests. */
  readonly signal: AbortSignal;
  /** Shows progress on the AYON job event (0–100); cheap to call often, the runtime throttles it. */
  progress(percent: number, message?: string): void;
  skip(reason: string): HandlerOutcome;
  done(message?: string, result?: unknown): HandlerOutcome;
}

/** A handler of the topic(s) `T`: its events are `TopicEvent<T>` (typed for catalogued topics, else AyonEvent). */
export interface EventHandler<T extends string = string> {
  handle(event: TopicEvent<T>, ctx: HandlerContext): Promise<HandlerOutcome | void> | HandlerOutcome | void;
  /**
   * Optional, with the `batch` option: events of one project in queue order (the first is the job `ctx` names).
   * Returns one settled result per event, in the same order: a rejected one fails that event's job alone, as a
   * throw from `handle` would. The outcome must be what handling the events one by one in this order would give.
   */
  handleBatch?(events: readonly TopicEvent<T>[], ctx: HandlerContext): Promise<Array<PromiseSettledResult<HandlerOutcome | void>>>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- constructor parameters are whatever DI provides
export type HandlerClass = new (...args: any[]) => EventHandler;

export interface HandlerMetadata {
  topics: string[];
  actions: string[] | null;
  ordered: boolean;
  ignoreSenderTypes: string[];
  /** Largest number of events handed to `handleBatch` at once (1 = no batches). */
  batch: number;
  description: string | null;
}

const TOPIC_REGEX = /^[a-zA-Z][a-zA-Z0-9_.*]{2,64}$/;

/**
 * Marks a class as an event handler. It only writes metadata (and makes the class injectable): the runtime
 * registers handlers into its own container when it loads the plugin that lists them, and checks there, before
 * anything starts, that every constructor parameter can be provided. The class's `handle` must take the declared
 * topics' event (`TopicEvent<T>`, or AyonEvent): a handler typed for another topic does not compile.
 *
 * @example
 * ```ts
 * @Handler({ topic: "entity.task.status_changed", deps: [Logger, AyonClient] })
 * class FlagApprovedTask implements EventHandler<"entity.task.status_changed"> {
 *   constructor(private readonly log: Logger, private readonly ayon: AyonClient) {}
 *   async handle(event: TopicEvent<"entity.task.status_changed">, ctx: HandlerContext) { ... }
 * }
 * ```
 */
export function Handler<const T extends string, const D extends readonly Token[] = readonly Token[]>(options: HandlerOptions<T, D>) {
  const metadata = normalize(options);
  return function <C extends new (...args: InstancesOf<D>) => EventHandler<T>>(target: C): C {
    if (metadata.batch > 1 && typeof target.prototype.handleBatch !== "function") {
      throw new TypeError(`@Handler ${target.name}: the batch option needs a handleBatch method`);
    }
    if (options.deps) declareDeps(target, options.deps, "@Handler");
    injectable()(target as never);
    Reflect.defineMetadata(HANDLER_METADATA, metadata, target);
    return target;
  };
}

export function handlerMetadata(target: unknown): HandlerMetadata | undefined {
  if (typeof target !== "function") return undefined;
  return Reflect.getMetadata(HANDLER_METADATA, target) as HandlerMetadata | undefined;
}

function normalize(options: HandlerOptions<string, readonly Token[]>): HandlerMetadata {
  const topics: string[] = typeof options.topic === "string" ? [options.topic] : [...options.topic];
  if (topics.length === 0) throw new TypeError("@Handler needs at least one topic");
  for (const topic of topics) {
    if (!TOPIC_REGEX.test(topic)) throw new TypeError(`@Handler topic '${topic}' is not a valid AYON topic`);
  }
  const actions = options.action === undefined ? null : [options.action].flat();
  const batch = options.batch ?? 1;
  if (!Number.isInteger(batch) || batch < 1 || batch > 1000) throw new TypeError(`@Handler batch must be an integer from 1 to 1000, got ${String(batch)}`);
  if (batch > 1 && options.ordered === false) throw new TypeError("@Handler batch needs ordered events (unordered events are already processed in parallel)");
  return {
    topics,
    actions,
    ordered: options.ordered ?? true,
    ignoreSenderTypes: [...(options.ignoreSenderTypes ?? [])].sort(),
    batch,
    description: options.description ?? null,
  };
}
