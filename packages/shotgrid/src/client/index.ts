export { ShotgridClient, type ShotgridClientOptions, type SearchQuery, type SearchPageQuery, type ReadOptions } from "./shotgrid-client.js";
export {
  ShotgridError, ShotgridInputError, ShotgridProtocolError, ShotgridAuthError, ShotgridHttpError, ShotgridUnavailableError, ShotgridReplyTooLargeError,
  ShotgridBatchError, type ShotgridHttpErrorInit, type ShotgridUnavailableErrorInit, type ShotgridBatchErrorInit,
} from "./errors.js";
export { and, or, toHashFilter, type HashFilter, type FilterCondition, type FilterInput, type FilterRelation } from "./filters.js";
export { flattenRecord, linkOf, linksOf, type ShotgridRecord, type EntityLink, type WireRecord } from "./records.js";
export {
  SgFloat, sgFloat, parseSgFloat, parseShotgridTime, formatShotgridTime, addLinks, removeLinks, setLinks, linkRef,
  type LinkRef, type MultiEntityUpdate, type MultiEntityUpdateMode,
} from "./values.js";
export { entitySlug, assertEntityType } from "./entity-slug.js";
export { fieldCodeFor, type FieldSchema, type EntitySchema, type EnsureFieldSpec } from "./schema.js";
export type { BatchRequest, BatchResult, BatchOptions, BatchProgress } from "./batch.js";
export type { RequestInfo } from "./transport.js";
export type { RetryPolicy } from "./backoff.js";
