// Every GraphQL document ayon-sg sends validates against the real AYON 1.16 introspection plus the ShotGrid
// addon's attributes, as a real server with this addon installed has them. It sits in the addon package: the
// one that sees every sender (the core client, the ShotGrid sync, this addon's page and scripted runtime) and
// whose install adds the attributes. The documents are taken from the code that sends them (the clients with a
// graphql() that captures instead of sending; the sandbox's literals read from its sources), never retyped; a
// scan of the sources makes sure a new named query somewhere is covered here.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "@jest/globals";
import { AyonClient, type EventQuery } from "@ayon-sg/core";
import { attributesActive, loadAyonUsers, lookupAyon, SHOTGRID_ATTRIBUTES, siblingsOf } from "@ayon-sg/shotgrid";
import { canonicalDocument, CONVERSATION, CONVERSATION_DOCUMENTS, documentProblems, operationNames, schemaWithAttributes } from "@ayon-sg/testkit";
import { REPLY_QUERY } from "../frontend/src/api.js";
import { FAILED_JOBS_QUERY, JOB_SOURCES_QUERY, PAGE_USER_QUERY } from "../frontend/src/failed-jobs.js";
import { REQUESTS_QUERY } from "./browser/scripted-runtime.js";

const PACKAGES_DIR = fileURLToPath(new URL("../../", import.meta.url));

/** An empty page for any connection the code reads (events, users, project.<anything>). */
const EMPTY_PAGE = { edges: [], pageInfo: { hasNextPage: false, endCursor: null, hasPreviousPage: false, startCursor: null } };
const EMPTY_ANSWER = { events: EMPTY_PAGE, projects: EMPTY_PAGE, users: EMPTY_PAGE, project: new Proxy({}, { has: () => true, get: (_target, key) => (typeof key === "string" ? EMPTY_PAGE : undefined) }) };

/** An AyonClient whose graphql() keeps the document and answers an empty page instead of sending it. */
class CapturingClient extends AyonClient {
  readonly documents: string[] = [];

  constructor() {
    super({ serverUrl: "http://127.0.0.1:9", apiKey: "CapturingKey0123456789abcdefghij" });
  }

  override async graphql<T>(query: string): Promise<T> {
    this.documents.push(query);
    return EMPTY_ANSWER as T;
  }
}

const ID = "0123456789abcdef0123456789abcdef";

/** The runtime's event queries (event feed, reaper, leecher state), every argument alone, all together. */
const EVENT_QUERIES: EventQuery[] = [
  { topics: ["a.b"], first: 500, after: "c" }, { topics: ["a.b"], first: 500 }, { topics: ["a.b"], last: 1 }, { topics: ["a.b"], last: 9, before: "c" },
  { topics: ["a.b"], statuses: ["pending"], first: 500, after: "c", withPayload: false }, { topics: ["a.b"], statuses: ["pending"], first: 500, withPayload: false },
  { topics: ["a.b"], last: 100, withPayload: false },
  { topics: ["a.b"] }, { projects: ["p"] }, { statuses: ["finished"] }, { ids: [ID] }, { newerThan: "2026-01-01T00:00:00Z" },
  { olderThan: "2026-01-01T00:00:00Z" }, { first: 5 }, { after: "c" }, { last: 5 }, { before: "c" },
  { topics: ["a.b"], projects: ["p"], statuses: ["finished"], ids: [ID], newerThan: "x", olderThan: "y", first: 1, after: "c", last: 1, before: "c" },
  { topics: ["a.b"], first: 500, withPayload: false },
];

async function sentDocuments(): Promise<Map<string, string>> {
  const ayon = new CapturingClient();
  for (const query of EVENT_QUERIES) await ayon.queryEvents(query);
  await ayon.listTasks("p", { attribs: ["shotgridId", "shotgridType"] });
  await ayon.listTasks("p");
  await ayon.listTasks("p", { folderIds: [ID], attribs: ["shotgridId", "shotgridType"] });
  await attributesActive(ayon);
  await lookupAyon(ayon, "p", {
    folderIds: [ID], taskIds: [ID], folderShotgridIds: ["1"], taskShotgridIds: ["2"], rootShotgridIds: ["3"],
    scopedAll: [{ kind: "folder", parentId: null, shotgridIds: ["4"] }, { kind: "task", parentId: ID, shotgridIds: ["5"] }], folderPaths: ["a", "a/b"], childrenOf: ID,
  });
  await lookupAyon(ayon, "p", { scoped: { kind: "task", parentId: ID, shotgridIds: ["5"] } });
  // The fields mapping's attributes beside the identity (any attribute of the schema; these are built in).
  await lookupAyon(ayon, "p", { folderIds: [ID], taskIds: [ID], attribs: { folder: ["fps", "frameStart"], task: ["priority"] } });
  await siblingsOf(ayon, "p", "folder", null);
  await siblingsOf(ayon, "p", "task", ID);
  await loadAyonUsers(ayon);
  const documents = new Map<string, string>();
  ayon.documents.forEach((document, i) => documents.set(`client #${i + 1} (${operationNames(document).join()})`, document));
  documents.set("addon page REPLY_QUERY", REPLY_QUERY);
  documents.set("addon page FAILED_JOBS_QUERY", FAILED_JOBS_QUERY);
  documents.set("addon page JOB_SOURCES_QUERY", JOB_SOURCES_QUERY);
  documents.set("addon page PAGE_USER_QUERY", PAGE_USER_QUERY);
  documents.set("scripted runtime REQUESTS_QUERY", REQUESTS_QUERY);
  for (const [where, document] of literalDocuments("sandbox")) documents.set(where, document);
  return documents;
}

/**
 * The documents a package this one cannot import (the sandbox depends on this addon) writes as plain string
 * literals, read from its sources as they are.
 */
function literalDocuments(pkg: string): Map<string, string> {
  const found = new Map<string, string>();
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (/\.ts$/.test(entry.name) && !/\.test(-helpers)?\.ts$/.test(entry.name)) {
        const literals = /"(query\s+[A-Z]\w*[\s({][^"]*)"|'(query\s+[A-Z]\w*[\s({][^']*)'|`(query\s+[A-Z]\w*[\s({][^`$]*)`/g;
        for (const match of readFileSync(path, "utf8").matchAll(literals)) {
          const document = (match[1] ?? match[2] ?? match[3])!;
          found.set(`${pkg} ${entry.name} (${operationNames(document).join()})`, document);
        }
      }
    }
  };
  visit(join(PACKAGES_DIR, pkg, "src"));
  return found;
}

/** Named queries written in the project's sources (tests and the AYON emulator's own side left out). */
function namedQueriesInSources(): Map<string, string> {
  const found = new Map<string, string>();
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "node_modules" && entry.name !== "dist") visit(path);
      } else if (/\.tsx?$/.test(entry.name) && !/\.test(-helpers)?\.tsx?$/.test(entry.name)) {
        for (const match of readFileSync(path, "utf8").matchAll(/\bquery\s+([A-Z][A-Za-z0-9_]*)\s*[({$]/g)) found.set(match[1]!, path);
      }
    }
  };
  for (const pkg of readdirSync(PACKAGES_DIR)) {
    if (pkg === "testkit") continue;
    for (const root of ["src", "frontend/src"]) {
      try {
        visit(join(PACKAGES_DIR, pkg, root));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      }
    }
  }
  return found;
}

const schema = schemaWithAttributes(SHOTGRID_ATTRIBUTES);

describe("GraphQL documents ayon-sg sends, against the real AYON 1.16 schema with the ShotGrid addon's attributes", () => {
  test("every document the code generates validates", async () => {
    const documents = await sentDocuments();
    expect(documents.size).toBeGreaterThan(15);
    const problems = [...documents].map(([where, document]) => ({ where, problems: documentProblems(schema, document) }));
    expect(problems.filter((p) => p.problems.length > 0)).toEqual([]);
  });

  test("every named query in the sources is among the validated documents", async () => {
    const validated = new Set([...(await sentDocuments()).values()].flatMap(operationNames));
    const missing = [...namedQueriesInSources()].filter(([name]) => !validated.has(name)).map(([name, file]) => `${name} (${file})`);
    expect(missing).toEqual([]);
  });

  test("the recorded conversation sends the very documents the code generates", async () => {
    const generated = new Set([...(await sentDocuments()).values()].map(canonicalDocument));
    const stale = Object.entries(CONVERSATION_DOCUMENTS).filter(([, document]) => !generated.has(canonicalDocument(document))).map(([name]) => name);
    expect(stale).toEqual([]);
  });

  test("the conversation's GraphQL validates, except the steps that send an invalid document on purpose", () => {
    const invalidOnPurpose = ["graphql-unknown-field", "graphql-syntax-error"];
    const results = CONVERSATION.filter((step) => step.path === "/graphql" && step.method === "POST").map((step) => ({
      step: step.name,
      valid: documentProblems(schema, (step.body as { query: string }).query).length === 0,
    }));
    expect(results.filter((r) => r.valid === invalidOnPurpose.includes(r.step))).toEqual([]);
  });
});
