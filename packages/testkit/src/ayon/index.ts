// The AYON server emulator: a real node:http server on loopback that behaves like ayon-backend 1.16.0
// (its api/ routes and ayon_server/ rules: auth, events and enroll, QueryFilter, projects,
// folders/tasks and the operations transaction, attributes with restart, settings, secrets, addons,
// GraphQL built from the real introspection). State lives in memory with indexes (see state.ts).
//
// Where it knowingly differs (each spot also says so in a comment):
//   * no 0.2 s sleep after a failed key and no per-IP lockout (loopback is exempt anyway);
//   * no access groups: every authenticated user sees every project;
//   * enroll excludes a source with a finished target whatever the target's age (an edge
//     case of ayon_server/events/enroll.py, simplified); enroll targets carry no project;
//   * products, versions, representations and workfiles are not stored: operations on them answer 501,
//     GraphQL connections to them are empty; tests mark `folder.hasVersions` through `state` instead;
//   * an installed addon is usable at once (a restart is still flagged), its settings defaults come
//     from `server/settings_defaults.json`, and /overrides returns the raw overrides document;
//   * GraphQL `sortBy` is ignored (creation order), and `hasChildren` on events is ignored;
//   * where the server turns a set into a list, whose order is arbitrary, the emulator keeps a fixed one: the assign
//     endpoint's assignees (current names, then the added ones) and the tags a tags_changed description names;
//   * activities (activities.ts) are taken on folders and tasks only, without watchers, categories, files or
//     entity relations: origin, author and mentions make the references and the inbox.
export {
  startAyonEmulator,
  type AyonEmulator,
  type AyonEmulatorOptions,
  type AyonEmulatorUser,
  type AyonEmulatorAddon,
} from "./emulator.js";
export { runAyonEmulatorCli, parseAyonCliArgs, AYON_EMULATOR_USAGE, type AyonCliOptions } from "./cli.js";
export { AyonState } from "./state.js";
export { ProjectState } from "./project-store.js";
export { EventStore } from "./event-store.js";
export type {
  EventRecord,
  EventStatus,
  FolderRecord,
  TaskRecord,
  UserRecord,
  AttributeDefinition,
  AttributeData,
} from "./types.js";
// GraphQL documents checked against the real introspection plus an addon's attributes.
export { canonicalDocument, documentProblems, operationNames, schemaWithAttributes, type ExtraAttribute } from "./graphql/document-validator.js";
// The scripted conversation recorded from a real AYON and replayed against the emulator (its GraphQL documents
// are checked against the ones the clients generate).
export { CONVERSATION } from "./conversation/steps.js";
export { CONVERSATION_DOCUMENTS } from "./conversation/steps-graphql.js";
export type { Step as ConversationStep } from "./conversation/types.js";
export { activitiesOf, inboxOf, type ActivityRecord, type ActivityReference } from "./activities.js";
