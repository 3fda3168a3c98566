/**
 * The topic catalogue: AYON's own `entity.*` topics with the schemas of their summary and payload
 * (entity-topics.ts), the event types a handler declared for them gets, and the check the runtime makes before a
 * handler sees such an event.
 */
import type { z } from "zod";
import type { AyonEvent } from "../ayon/types.js";
import { InvalidEventError } from "../plugin/errors.js";
import { ENTITY_TOPICS, type TopicSchemas } from "./entity-topics.js";

type EntityTopics = typeof ENTITY_TOPICS;
type Flattened = {
  [E in keyof EntityTopics & string as `entity.${E}.${keyof EntityTopics[E] & string}`]: unknown;
};

/** Every catalogued topic, e.g. "entity.task.status_changed". */
export type CataloguedTopic = keyof Flattened & string;

type SchemasOf<T extends CataloguedTopic> = T extends `entity.${infer E extends keyof EntityTopics & string}.${infer S}`
  ? S extends keyof EntityTopics[E]
    ? EntityTopics[E][S]
    : never
  : never;

/** The event of a catalogued topic: `summary` and `payload` typed as AYON sends them. */
export type CataloguedEvent<T extends CataloguedTopic> = T extends CataloguedTopic
  ? Omit<AyonEvent, "topic" | "summary" | "payload"> & {
      topic: T;
      summary: z.output<SchemasOf<T> extends TopicSchemas ? SchemasOf<T>["summary"] : never>;
      payload: z.output<SchemasOf<T> extends TopicSchemas ? SchemasOf<T>["payload"] : never>;
    }
  : never;

/**
 * The event a handler gets for the topic(s) it declares: a catalogued topic's typed event, else (another topic,
 * a wildcard) the plain `AyonEvent`. A union of topics gives the union of their events.
 */
export type TopicEvent<T extends string> = T extends CataloguedTopic ? CataloguedEvent<T> : AyonEvent;

/** The catalogue at run time: topic → schemas. */
export const EVENT_CATALOGUE: ReadonlyMap<string, TopicSchemas> = new Map(
  Object.entries(ENTITY_TOPICS).flatMap(([entity, topics]) =>
    Object.entries(topics as Record<string, TopicSchemas>).map(([suffix, schemas]) => [`entity.${entity}.${suffix}`, schemas] as const),
  ),
);

export function isCataloguedTopic(topic: string): topic is CataloguedTopic {
  return EVENT_CATALOGUE.has(topic);
}

/**
 * Narrows an event a handler got (for example through a wildcard topic) to a catalogued topic's type. Sound
 * because the runtime has checked every catalogued event before handing it over (`checkCataloguedEvent`).
 */
export function isTopic<T extends CataloguedTopic>(event: AyonEvent, topic: T): event is AyonEvent & CataloguedEvent<T> {
  return event.topic === topic;
}

/**
 * The runtime's check at the edge: an event of a catalogued topic whose summary or payload is not what AYON sends
 * for it is refused with an InvalidEventError (its job fails at once, never retried) naming the first wrong keys.
 * Events of other topics pass as they are.
 */
export function checkCataloguedEvent<E extends AyonEvent>(event: E): E {
  const schemas = EVENT_CATALOGUE.get(event.topic);
  if (!schemas) return event;
  const problems = [
    ...issuesOf("summary", schemas.summary.safeParse(event.summary ?? {})),
    ...issuesOf("payload", schemas.payload.safeParse(event.payload ?? {})),
  ];
  if (problems.length === 0) return event;
  throw new InvalidEventError(`event ${event.id} (${event.topic}) is not what AYON sends for this topic: ${problems.slice(0, 3).join("; ")}`);
}

function issuesOf(part: string, result: z.ZodSafeParseResult<unknown>): string[] {
  if (result.success) return [];
  return result.error.issues.map((issue) => `${[part, ...issue.path.map(String)].join(".")}: ${issue.message}`);
}
