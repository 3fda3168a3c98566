// @ayon-sg/core — the public API for plugin authors and the runtime. reflect-metadata is loaded here once,
// so plugins never import it themselves.
import "reflect-metadata";

export { Logger, SilentLogger, type LogMeta } from "./logging/logger.js";
export { definePlugin, isPluginDeclaration, type PluginDeclaration, type PluginDefinition, type ConfigSchema } from "./plugin/define-plugin.js";
export { defineOrderGroup, defaultJobTopic, type OrderGroup, type ResolvedOrderGroup } from "./plugin/order-group.js";
export { Handler, handlerMetadata, type HandlerOptions, type HandlerContext, type HandlerOutcome, type EventHandler, type HandlerClass } from "./plugin/handler.js";
export { Source, sourceMetadata, type EventSource, type SourceContext, type SourceClass } from "./plugin/source.js";
export { defineService, type ServiceProvider, type ServiceContext, type ServiceToken } from "./plugin/service.js";
export {
  EVENT_CATALOGUE, ENTITY_TOPICS, checkCataloguedEvent, isCataloguedTopic, isTopic,
  type CataloguedEvent, type CataloguedTopic, type TopicEvent, type TopicSchemas,
} from "./events/index.js";
export { HandlerError, InvalidEventError, isRetryable, isUnavailable, describeError } from "./plugin/errors.js";
export { AddonSettings, Secrets, PluginConfig, RuntimeInfo } from "./runtime/tokens.js";
export { Runtime, RuntimeConfigError, type RuntimeOptions } from "./runtime/runtime.js";
export { DEFAULT_QUEUE_CONFIG, type QueueConfig } from "./runtime/queue-config.js";
export { FailedJobs, FailedJobsError, type FailedJob, type JobSelection, type ReplayOutcome } from "./runtime/failed-jobs.js";
export { JobFailures, isFinalFailure, type FinalFailure, type FinalFailureListener } from "./runtime/job-failures.js";
export { REPLY_TOPIC_PREFIX, type ReplyState, type ReplyStatus } from "./runtime/reply.js";
export type { JobReport, JobProgress, RuntimeEvents } from "./runtime/runtime-events.js";
export { UserError } from "./config/user-error.js";
export { Metrics, Counter, Gauge, Histogram } from "./metrics/registry.js";
export { RouteTemplates } from "./metrics/route-templates.js";
export { DEFAULT_HEALTH_THRESHOLDS, type HealthPart, type HealthStatus, type HealthThresholds, type HealthReport } from "./health/health.js";
export { sleep } from "./util/sleep.js";
export { looksLikeKey, secretNameProblem } from "./util/secret-name.js";
export { z } from "zod";
export { AyonClient, type AyonClientOptions, type AyonRequestInfo, type ChunkedOperationsOptions, type ChunkProgress, type OperationsOptions } from "./ayon/client.js";
export type * from "./ayon/types.js";
export {
  AyonError, AyonConfigError, AyonInputError, AyonHttpError, AyonAuthError, AyonUnavailableError, AyonReplyTooLargeError, AyonOperationsError,
  AyonGraphqlError, AyonResponseError, type FailedOperation, type GraphqlErrorItem,
} from "./ayon/errors.js";
export { ACTIVITY_BODY_MAX, type ActivityEntityType, type ActivityRequest } from "./ayon/activities.js";
export { newAyonId, AYON_ID_REGEX } from "./ayon/ids.js";
export { NAME_REGEX as AYON_NAME_REGEX } from "./ayon/client-options.js";
export { classifyAnswer, type AnswerClass, type AnswerFacts } from "./http/failure-class.js";
export {
  DEFAULT_MAX_REPLY_BYTES, ExchangeTimeoutError, formatBytes, HttpExchange, ReplyTooLargeError,
  type ExchangeRequest, type ExchangeResponse, type HttpExchangeOptions,
} from "./http/http-exchange.js";
