// Conversation part 3: the GraphQL documents ayon-sg sends (core graphql-queries.ts, the shotgrid incremental
// lookup, the addon page's reply query), written out as the generators produce them, plus GraphQL errors.
import { IDS } from "./steps-entities.js";
import { ATTRIBUTE_PROBE, MISSING_PROJECT, PROJECT } from "./steps-server.js";
import type { Step } from "./types.js";

const EVENT_FIELDS = "id hash topic project user sender dependsOn status retries description summary createdAt updatedAt payload";
const PAGE_INFO = "pageInfo { hasNextPage endCursor hasPreviousPage startCursor }";

const EVENT_NODE = `edges { node { ${EVENT_FIELDS} } } ${PAGE_INFO}`;
const EVENT_NODE_NO_PAYLOAD = `edges { node { ${EVENT_FIELDS.replace(" payload", "")} } } ${PAGE_INFO}`;
/** The runtime's event feed, oldest first. */
export const EVENTS_FIRST = `query Events($topics: [String!], $first: Int) { events(topics: $topics, first: $first) { ${EVENT_NODE} } }`;
/** The event feed's newest event. */
export const EVENTS_LAST = `query Events($topics: [String!], $last: Int) { events(topics: $topics, last: $last) { ${EVENT_NODE} } }`;
/** The reaper's unfinished jobs, without payloads. */
export const EVENTS_BY_STATUS =
  `query Events($topics: [String!], $statuses: [String!], $first: Int) { events(topics: $topics, statuses: $statuses, first: $first) { ${EVENT_NODE_NO_PAYLOAD} } }`;

const TASK_NODE = "id name label taskType folderId assignees status tags active data attrib { shotgridId shotgridType } ownAttrib";
export const PROJECT_TASKS =
  `query ProjectTasks($projectName: String!, $first: Int!, $after: String) { project(name: $projectName) { ` +
  `tasks(first: $first, after: $after) { edges { node { ${TASK_NODE} } } pageInfo { hasNextPage endCursor } } } }`;
export const PROJECT_TASKS_BY_FOLDER =
  `query ProjectTasks($projectName: String!, $first: Int!, $after: String, $folderIds: [String!]) { project(name: $projectName) { ` +
  `tasks(first: $first, after: $after, folderIds: $folderIds) { edges { node { ${TASK_NODE} } } pageInfo { hasNextPage endCursor } } } }`;

// hasChildren beside childCount: the real server counts children only when one of them is asked (with its typo).
const FOLDER_FIELDS =
  "id name label folderType parentId status tags active hasVersions hasChildren childCount taskCount attrib { shotgridId shotgridType } ownAttrib";
const LOOKUP_TASK_FIELDS =
  "id name label taskType folderId status tags assignees active attrib { shotgridId shotgridType } ownAttrib folder { products(first: 1) { edges { node { id } } } } versions(first: 1) { edges { node { id } } }";
const PARENT_FIELDS = "id name label folderType parentId status tags active attrib { shotgridId shotgridType } ownAttrib";
const folders = (alias: string, args: string, fields = FOLDER_FIELDS) => `${alias}: folders(${args}, first: 2000) { edges { node { ${fields} } } }`;
const tasks = (alias: string, args: string) => `${alias}: tasks(${args}, first: 2000) { edges { node { ${LOOKUP_TASK_FIELDS} } } }`;

/**
 * packages/shotgrid/src/sync/incremental/ayon-lookup.ts with every part asked (folders by id come with their parent; the
 * identity searches under parents take several parents, as a wave's lookups asked together do).
 */
export const INCREMENTAL_LOOKUP =
  "query IncrementalLookup($project: String!, $folderIds: [String!], $taskIds: [String!], $folderAttr: [AttributeFilterInput!], " +
  "$taskAttr: [AttributeFilterInput!], $rootAttr: [AttributeFilterInput!], $scopeParents: [String!], $scopeAttr: [AttributeFilterInput!], " +
  "$scopeFolders: [String!], $scopeTaskAttr: [AttributeFilterInput!], $paths: [String!], $parent: String!) { project(name: $project) { " +
  [
    folders("byFolderId", "ids: $folderIds", `${FOLDER_FIELDS} parent { ${PARENT_FIELDS} }`),
    tasks("byTaskId", "ids: $taskIds"),
    folders("folderIdentity", "attributes: $folderAttr"),
    tasks("taskIdentity", "attributes: $taskAttr"),
    folders("rootIdentity", 'parentId: "root", attributes: $rootAttr'),
    folders("scopedIdentity", "parentIds: $scopeParents, attributes: $scopeAttr"),
    tasks("scopedTaskIdentity", "folderIds: $scopeFolders, attributes: $scopeTaskAttr"),
    folders("byPath", "paths: $paths"),
    folders("childFolders", "parentIds: [$parent]"),
    tasks("childTasks", "folderIds: [$parent]"),
  ].join(" ") +
  " } }";

export const INCREMENTAL_SIBLINGS =
  "query IncrementalSiblings($project: String!, $parent: String!, $after: String) { project(name: $project) { " +
  `list: folders(parentId: $parent, first: 2000, after: $after) { edges { node { ${FOLDER_FIELDS} } } pageInfo { hasNextPage endCursor } } } }`;

/** packages/shotgrid/src/mapping/users-load.ts: every AYON user, paged (the users map and the users sync). */
export const SYNC_USERS = `query SyncUsers($first: Int!, $after: String) { users(first: $first, after: $after) {
  edges { node { name active isAdmin isService attrib { email fullName } } } pageInfo { hasNextPage endCursor } } }`;

/** packages/ayon-addon/frontend/src/api.ts REPLY_QUERY and the scripted runtime's request query. */
export const ADDON_REPLY = "query AyonSgReply($topics: [String!]) {\n  events(topics: $topics, last: 1) { edges { node { payload updatedAt } } }\n}";
export const PAGE_REQUESTS = "query PageRequests($topics: [String!]) {\n  events(topics: $topics, last: 100) { edges { node { id topic project payload } } }\n}";

export const gql = (name: string, about: string, query: string, variables: Record<string, unknown> = {}): Step => ({
  name, about, role: "service", method: "POST", path: "/graphql", body: { query, variables },
});

const shotgridIds = (...values: string[]) => [{ name: "shotgridId", values }];

export const GRAPHQL_STEPS: Step[] = [
  gql("graphql-tasks", "ProjectTasks (client.listTasks), one page", PROJECT_TASKS, { projectName: PROJECT, first: 2000, after: null }),
  gql("graphql-tasks-paged", "ProjectTasks with first: 1 (cursor paging)", PROJECT_TASKS, { projectName: PROJECT, first: 1, after: null }),
  gql("graphql-tasks-by-folder", "ProjectTasks with folderIds", PROJECT_TASKS_BY_FOLDER, { projectName: PROJECT, first: 2000, after: null, folderIds: [IDS.hero] }),
  gql("graphql-tasks-missing-project", "ProjectTasks on a project that does not exist", PROJECT_TASKS, { projectName: MISSING_PROJECT, first: 10, after: null }),
  gql("graphql-lookup", "IncrementalLookup with every part (ids with parents, attribute filters, root, scoped under several parents, paths, children)", INCREMENTAL_LOOKUP, {
    project: PROJECT,
    folderIds: [IDS.hero, IDS.sh010, IDS.missing],
    taskIds: [IDS.modeling],
    folderAttr: shotgridIds("1001", "2001"),
    taskAttr: shotgridIds("5001"),
    rootAttr: shotgridIds("assets"),
    scopeParents: [IDS.assets, "root"],
    scopeAttr: shotgridIds("1001", "assets"),
    scopeFolders: [IDS.hero, IDS.sh010],
    scopeTaskAttr: shotgridIds("5001"),
    paths: ["assets", "shots/sh010", "rr_missing/path"],
    parent: IDS.assets,
  }),
  gql("graphql-siblings", "IncrementalSiblings at the project root", INCREMENTAL_SIBLINGS, { project: PROJECT, parent: "root", after: null }),
  gql("graphql-child-count", "folders with childCount but not hasChildren (the real server's typo: 0; why the lookup asks both)", `query ChildCount($project: String!) { project(name: $project) { folders(parentIds: ["root"], first: 10) { edges { node { name childCount taskCount } } } } }`, { project: PROJECT }),
  gql("graphql-unknown-field", "a document selecting a field the schema lacks (validation error)", "query Bad { projects(first: 1) { edges { node { noSuchField } } } }"),
  gql("graphql-bad-variable", "a variable of the wrong type", PROJECT_TASKS, { projectName: PROJECT, first: "many", after: null }),
  gql("graphql-syntax-error", "a document that does not parse", "query { projects(first: 1) { edges { node { name } }"),
];

/** GraphQL reads of events, after the events part has stored some. */
export const EVENT_GRAPHQL_STEPS: Step[] = [
  gql("graphql-events-first", "Events, oldest first (client.queryEvents, the runtime's event feed)", EVENTS_FIRST, { topics: ["rrconv.*"], first: 10 }),
  gql("graphql-events-last", "Events, newest first (the event feed's newest)", EVENTS_LAST, { topics: ["rrconv.source", "rrconv.job"], last: 2 }),
  gql("graphql-events-by-status", "Events by status without payload (the reaper)", EVENTS_BY_STATUS, { topics: ["rrconv.job"], statuses: ["pending", "in_progress", "failed"], first: 500 }),
  gql("graphql-events-none", "Events of a topic nobody sent", EVENTS_FIRST, { topics: ["rrconv.nobody"], first: 10 }),
  gql("graphql-addon-reply", "the addon page's reply query (last reply to a request)", ADDON_REPLY, { topics: ["rrconv.source"] }),
  gql("graphql-page-requests", "the scripted runtime's request query", PAGE_REQUESTS, { topics: ["rrconv.source", "rrconv.job"] }),
];

/** The documents above that copy what ayon-sg's code generates (checked against the generators elsewhere). */
export const CONVERSATION_DOCUMENTS = {
  ATTRIBUTE_PROBE, EVENTS_FIRST, EVENTS_LAST, EVENTS_BY_STATUS, PROJECT_TASKS, PROJECT_TASKS_BY_FOLDER, INCREMENTAL_LOOKUP, INCREMENTAL_SIBLINGS, ADDON_REPLY, PAGE_REQUESTS,
  SYNC_USERS,
};
