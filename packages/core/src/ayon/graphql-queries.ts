// The GraphQL documents the client sends (ayon-backend ayon_server/graphql/resolvers/events.py, tasks.py). Values
// always travel as variables; only field names are written into the document, and those are checked to be plain
// identifiers.
import { AyonInputError } from "./errors.js";
import type { EventQuery } from "./types.js";

export interface GraphqlRequest {
  query: string;
  variables: Record<string, unknown>;
}

const EVENT_FIELDS = "id hash topic project user sender dependsOn status retries description summary createdAt updatedAt";

/**
 * `events(...)` arguments (ayon-backend ayon_server/graphql/resolvers/events.py) with their GraphQL types, in the
 * order they are written.
 */
const EVENT_ARGUMENTS: ReadonlyArray<[keyof EventQuery, string]> = [
  ["topics", "[String!]"],
  ["projects", "[String!]"],
  ["statuses", "[String!]"],
  ["ids", "[String!]"],
  ["newerThan", "String"],
  ["olderThan", "String"],
  ["hasChildren", "Boolean"],
  ["first", "Int"],
  ["after", "String"],
  ["last", "Int"],
  ["before", "String"],
];

/** Only the arguments the caller set are declared, so the server applies its own defaults for the rest. */
export function eventsQuery(query: EventQuery): GraphqlRequest {
  const declarations: string[] = [];
  const args: string[] = [];
  const variables: Record<string, unknown> = {};
  for (const [name, type] of EVENT_ARGUMENTS) {
    const value = query[name];
    if (value === undefined) continue;
    declarations.push(`$${name}: ${type}`);
    args.push(`${name}: $${name}`);
    variables[name] = value;
  }
  const fields = query.withPayload === false ? EVENT_FIELDS : `${EVENT_FIELDS} payload`;
  const signature = declarations.length ? `(${declarations.join(", ")})` : "";
  const call = args.length ? `(${args.join(", ")})` : "";
  return {
    query:
      `query Events${signature} { events${call} { ` +
      `edges { node { ${fields} } } pageInfo { hasNextPage endCursor hasPreviousPage startCursor } } }`,
    variables,
  };
}

const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

/** One page of `project(name).tasks(first, after, folderIds)`; attribs are the fields selected in `attrib {}`. */
export function tasksQuery(attribs: readonly string[], withFolderIds: boolean): string {
  for (const name of attribs) {
    if (!GRAPHQL_NAME.test(name)) {
      throw new AyonInputError(`listTasks attribs must be attribute names such as fps, got ${JSON.stringify(name)}.`);
    }
  }
  // ownAttrib beside attrib: which of the values are the task's own and which inherited (its names only).
  const attrib = attribs.length ? ` attrib { ${attribs.join(" ")} } ownAttrib` : "";
  const folderDecl = withFolderIds ? ", $folderIds: [String!]" : "";
  const folderArg = withFolderIds ? ", folderIds: $folderIds" : "";
  return (
    `query ProjectTasks($projectName: String!, $first: Int!, $after: String${folderDecl}) { ` +
    `project(name: $projectName) { tasks(first: $first, after: $after${folderArg}) { ` +
    `edges { node { id name label taskType folderId assignees status tags active data${attrib} } } ` +
    `pageInfo { hasNextPage endCursor } } } }`
  );
}
