// The failed jobs of the addon's job topic, read straight from AYON's GraphQL (no runtime needed to look):
// the job events with status "failed", then their source events for project, topic and action. GraphQL shows
// managers every event and other users only their own (ayon-backend ayon_server/graphql/resolvers/events.py),
// so only managers see these jobs; acting on them goes through the runtime (api.ts, retry-/skip-failed-jobs).
import { AyonRequestError, callAyon, type AyonConnection } from "./api.js";

/** The ShotGrid order group's job topic (packages/shotgrid plugin-identity.ts). */
export const SHOTGRID_JOB_TOPIC = "shotgrid.proc";
/** The newest this many failed jobs are listed. */
export const FAILED_JOBS_LIMIT = 100;

export interface FailedJobRow {
  jobId: string;
  sourceId: string;
  project: string | null;
  topic: string | null;
  action: string | null;
  description: string;
  failedAt: string;
  tries: number;
}

export const FAILED_JOBS_QUERY = `query AyonSgFailedJobs($topics: [String!], $statuses: [String!], $last: Int) {
  events(topics: $topics, statuses: $statuses, last: $last) { edges { node { id dependsOn description updatedAt retries payload } } }
}`;

export const JOB_SOURCES_QUERY = `query AyonSgJobSources($ids: [String!], $last: Int) {
  events(ids: $ids, last: $last) { edges { node { id topic project payload } } }
}`;

export const PAGE_USER_QUERY = `query AyonSgPageUser { me { name isManager isAdmin } }`;

type Edges<T> = { data?: { events?: { edges?: Array<{ node: T }> } }; errors?: Array<{ message?: string }> } | null;

async function query<T>(conn: AyonConnection, document: string, variables: Record<string, unknown>): Promise<T[]> {
  const data = (await callAyon(conn, "/graphql", { query: document, variables })) as Edges<T>;
  if (data?.errors?.length) throw new AyonRequestError(`AYON's GraphQL refused the query: ${data.errors[0]?.message ?? "unknown error"}`);
  return (data?.data?.events?.edges ?? []).map((edge) => edge.node);
}

/** Whether the page's user may act (a manager or an admin). */
export async function fetchCanAct(conn: AyonConnection): Promise<boolean> {
  const data = (await callAyon(conn, "/graphql", { query: PAGE_USER_QUERY })) as { data?: { me?: { isManager?: boolean; isAdmin?: boolean } } } | null;
  return data?.data?.me?.isManager === true || data?.data?.me?.isAdmin === true;
}

function parsed(payload: string | null): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(payload ?? "null");
    return value && typeof value === "object" ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function actionOf(payload: string | null): string | null {
  const action = parsed(payload)?.action;
  return typeof action === "string" ? action : null;
}

/**
 * How many times a failed job ran: AYON adds one to `retries` each time it offers it again; a job the runtime failed
 * for good has its retries set past the maximum and its count in `payload.tries` (core runtime/failed-jobs.ts).
 */
export function triesOf(retries: number, payload: string | null): number {
  const kept = parsed(payload)?.tries;
  return typeof kept === "number" && Number.isInteger(kept) && kept > 0 ? kept : retries + 1;
}

/** The newest failed jobs, newest first, each with its source's project, topic and action. */
export async function fetchFailedJobs(conn: AyonConnection): Promise<FailedJobRow[]> {
  type Job = { id: string; dependsOn: string | null; description: string; updatedAt: string; retries: number; payload: string | null };
  type Source = { id: string; topic: string; project: string | null; payload: string | null };
  const jobs = await query<Job>(conn, FAILED_JOBS_QUERY, { topics: [SHOTGRID_JOB_TOPIC], statuses: ["failed"], last: FAILED_JOBS_LIMIT });
  const ids = [...new Set(jobs.map((job) => job.dependsOn).filter((id): id is string => id !== null))];
  const sources = new Map((ids.length ? await query<Source>(conn, JOB_SOURCES_QUERY, { ids, last: ids.length }) : []).map((s) => [s.id, s]));
  return jobs
    .map((job) => {
      const source = job.dependsOn ? sources.get(job.dependsOn) : undefined;
      return {
        jobId: job.id,
        sourceId: job.dependsOn ?? "",
        project: source?.project ?? null,
        topic: source?.topic ?? null,
        action: source ? actionOf(source.payload) : null,
        description: job.description,
        failedAt: job.updatedAt,
        tries: triesOf(job.retries, job.payload),
      };
    })
    .sort((a, b) => b.failedAt.localeCompare(a.failedAt));
}
