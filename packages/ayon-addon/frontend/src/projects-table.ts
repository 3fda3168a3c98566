// The projects table's live figures, read straight from AYON's GraphQL in TWO requests whatever the number of
// projects and jobs (AYON's events resolver filters by topic, status and time but aggregates nothing, and a job
// event carries no project — ayon-backend ayon_server/events/enroll.py dispatches it with depends_on only):
//   1. one document with every AYON project, its link (attrib.shotgridId) and push switch (attrib.shotgridPush), read
//      from allAttrib (a JSON string: it needs no restart after the addon adds the attributes),
//      three windows of the addon's job topic — waiting/running jobs, failed jobs of the last
//      24 h, the newest jobs of the last 24 h (for last event / last full sync) — plus the leecher's state event;
//   2. the source events of those jobs by id (project, summary, description; no payload).
// Each window holds at most JOB_WINDOW jobs, so a count can be a floor ("1000+") and, on a busy queue, the newest
// jobs cover less than 24 h: a last event or full sync older than them shows as "older" (`capped` says which).
// GraphQL shows managers every event and other users only their own (ayon-backend graphql/resolvers/events.py).
import { AyonRequestError, callAyon, type AyonConnection, type ImportableProject } from "./api.js";
import { SHOTGRID_JOB_TOPIC } from "./failed-jobs.js";

/** The leecher's cursor event (packages/leecher state-store.ts). */
export const LEECHER_STATE_TOPIC = "shotgrid.leecher.state";
/** The most jobs one window reads. */
export const JOB_WINDOW = 1000;
export const DAY_MS = 24 * 3600 * 1000;
/** User-timing marks the table sets once: its first rows, its first figures shown... */
export const ROWS_MARK = "ayonsg:projects-table-rows";
export const FIGURES_MARK = "ayonsg:projects-table-figures";
/** ...and when the first figures' data had arrived (FIGURES_MARK minus this is the page's own rendering). */
export const FIGURES_READ_MARK = "ayonsg:projects-table-figures-read";

export const PROJECTS_TABLE_QUERY = `query AyonSgProjectsTable($jobTopics: [String!], $stateTopics: [String!], $since: String, $window: Int) {
  projects { edges { node { name active allAttrib } } }
  leecher: events(topics: $stateTopics, last: 5) { edges { node { summary updatedAt } } }
  active: events(topics: $jobTopics, statuses: ["pending", "in_progress"], last: $window) { edges { node { dependsOn status } } }
  failed: events(topics: $jobTopics, statuses: ["failed"], newerThan: $since, last: $window) { edges { node { dependsOn } } }
  recent: events(topics: $jobTopics, newerThan: $since, last: $window) { edges { node { dependsOn status createdAt updatedAt } } }
}`;

export const TABLE_SOURCES_QUERY = `query AyonSgTableSources($ids: [String!], $last: Int) {
  events(ids: $ids, last: $last) { edges { node { id project summary description } } }
}`;

export type SyncKind = "full sync" | "reconcile";

export interface LastSync {
  kind: SyncKind;
  status: string;
  startedAt: string;
  /** Until now while it runs. */
  durationMs: number;
}

export interface ProjectStats {
  waiting: number;
  running: number;
  failed24h: number;
  lastEvent: { sgEventId: number; at: string } | null;
  lastSync: LastSync | null;
}

export interface LeecherCursor {
  lowWater: number;
  openHoles: number;
  savedAt: string;
}

/** An AYON project with its link to a ShotGrid project and its push switch. */
export interface AyonProjectLink {
  name: string;
  active: boolean;
  /** attrib.shotgridId; null when it holds none (a project born in AYON has no ShotGrid project yet). */
  shotgridId: number | null;
  push: boolean;
}

export interface TableStats {
  ayonProjects: AyonProjectLink[];
  byProject: Map<string, ProjectStats>;
  leecher: LeecherCursor | null;
  /** Which windows were full: their counts are floors, and what they did not reach is "older", not "none". */
  capped: { active: boolean; failed: boolean; recent: boolean };
  /** false while the jobs' sources are being read (byProject is empty then). */
  figures: boolean;
  /** GraphQL requests this read took. */
  requests: number;
}

// Each window asks only the fields its figures use (a smaller answer, read and parsed sooner).
interface Job { dependsOn: string | null; status: string; createdAt: string; updatedAt: string }
type ActiveJob = Pick<Job, "dependsOn" | "status">;
type FailedJob = Pick<Job, "dependsOn">;
interface Source { id: string; project: string | null; summary: string | null; description: string }
type Conn<T> = { edges?: Array<{ node: T }> } | undefined;
type Answer = { data?: Record<string, Conn<unknown>>; errors?: Array<{ message?: string }> } | null;

async function graphql(conn: AyonConnection, query: string, variables: Record<string, unknown>): Promise<Record<string, Conn<unknown>>> {
  const data = (await callAyon(conn, "/graphql", { query, variables })) as Answer;
  if (data?.errors?.length) throw new AyonRequestError(`AYON's GraphQL refused the query: ${data.errors[0]?.message ?? "unknown error"}`);
  return data?.data ?? {};
}

const nodes = <T>(c: Conn<unknown>): T[] => ((c?.edges ?? []) as Array<{ node: T }>).map((e) => e.node);

function json(text: string | null): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text ?? "null");
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/**
 * Which full-sync request a source event is, from what its sender wrote: a scheduled reconcile carries
 * summary.slot (handler-sync-from-shotgrid reconcile-schedule.ts), the page's sync is described
 * "Sync <project> from ShotGrid" (api.ts). A ShotGrid event (summary.sg_event_id) is none.
 */
export function syncKindOf(summary: Record<string, unknown>, description: string): SyncKind | null {
  if (typeof summary.sg_event_id === "number") return null;
  if (typeof summary.slot === "string") return "reconcile";
  return /^Sync \S+ from ShotGrid$/.test(description) ? "full sync" : null;
}

const empty = (): ProjectStats => ({ waiting: 0, running: 0, failed24h: 0, lastEvent: null, lastSync: null });

/** Builds the per-project figures from the windows and their sources (pure: tested without AYON). */
export function buildStats(windows: { active: ActiveJob[]; failed: FailedJob[]; recent: Job[] }, sources: Source[], now: number): Map<string, ProjectStats> {
  const byId = new Map(sources.map((s) => [s.id, { project: s.project, summary: json(s.summary), description: s.description }]));
  const out = new Map<string, ProjectStats>();
  const statsOf = (job: FailedJob) => {
    const source = job.dependsOn ? byId.get(job.dependsOn) : undefined;
    if (!source?.project) return null;
    let stats = out.get(source.project);
    if (!stats) out.set(source.project, (stats = empty()));
    return { stats, source };
  };
  for (const job of windows.active) {
    const hit = statsOf(job);
    if (hit && job.status === "pending") hit.stats.waiting += 1;
    if (hit && job.status === "in_progress") hit.stats.running += 1;
  }
  for (const job of windows.failed) {
    const hit = statsOf(job);
    if (hit) hit.stats.failed24h += 1;
  }
  for (const job of windows.recent) {
    const hit = statsOf(job);
    if (!hit) continue;
    const { stats, source } = hit;
    const sgEventId = source.summary.sg_event_id;
    if (job.status === "finished" && typeof sgEventId === "number" && (!stats.lastEvent || sgEventId > stats.lastEvent.sgEventId)) {
      stats.lastEvent = { sgEventId, at: job.updatedAt };
    }
    const kind = syncKindOf(source.summary, source.description);
    if (kind && (!stats.lastSync || job.createdAt > stats.lastSync.startedAt)) {
      const ended = job.status === "finished" || job.status === "failed" ? Date.parse(job.updatedAt) : now;
      stats.lastSync = { kind, status: job.status, startedAt: job.createdAt, durationMs: Math.max(0, ended - Date.parse(job.createdAt)) };
    }
  }
  return out;
}

function leecherOf(states: Array<{ summary: string | null; updatedAt: string }>): LeecherCursor | null {
  for (const state of states) {
    const summary = json(state.summary);
    if (typeof summary.low_water === "number") {
      return { lowWater: summary.low_water, openHoles: typeof summary.open_holes === "number" ? summary.open_holes : 0, savedAt: state.updatedAt };
    }
  }
  return null;
}

type ProjectNode = { name: string; active: boolean; allAttrib: string | null };

/**
 * Every AYON project with the ShotGrid Project id its attrib.shotgridId holds (a string, as the Python addon writes
 * it). allAttrib holds only the values set; an unset shotgridPush is its definition's default, false (shotgrid setup.ts).
 */
export function ayonProjectsOf(projects: ProjectNode[]): AyonProjectLink[] {
  return projects.map((p) => {
    const attrib = json(p.allAttrib);
    const id = typeof attrib.shotgridId === "string" && /^\d{1,15}$/.test(attrib.shotgridId) ? Number(attrib.shotgridId) : 0;
    return { name: p.name, active: p.active, shotgridId: id > 0 ? id : null, push: attrib.shotgridPush === true };
  });
}

/**
 * The table's figures: two GraphQL requests (one when no job is in any window). `onLinked` gets the links and the
 * leecher's cursor as soon as the first answered (byProject still empty, `figures` false), so rows show early.
 */
export async function fetchTableStats(conn: AyonConnection, now = Date.now(), onLinked?: (partial: TableStats) => void): Promise<TableStats> {
  const since = new Date(now - DAY_MS).toISOString();
  const first = await graphql(conn, PROJECTS_TABLE_QUERY, { jobTopics: [SHOTGRID_JOB_TOPIC], stateTopics: [LEECHER_STATE_TOPIC], since, window: JOB_WINDOW });
  const windows = { active: nodes<ActiveJob>(first.active), failed: nodes<FailedJob>(first.failed), recent: nodes<Job>(first.recent) };
  const ids = [...new Set([...windows.active, ...windows.failed, ...windows.recent].map((j) => j.dependsOn).filter((id): id is string => !!id))];
  const base = {
    ayonProjects: ayonProjectsOf(nodes(first.projects)),
    leecher: leecherOf(nodes(first.leecher)),
    capped: { active: windows.active.length >= JOB_WINDOW, failed: windows.failed.length >= JOB_WINDOW, recent: windows.recent.length >= JOB_WINDOW },
    requests: ids.length ? 2 : 1,
  };
  onLinked?.({ ...base, byProject: new Map(), figures: false });
  const sources = ids.length ? nodes<Source>((await graphql(conn, TABLE_SOURCES_QUERY, { ids, last: ids.length })).events) : [];
  return { ...base, byProject: buildStats(windows, sources, now), figures: true };
}

/** One row of the table: an AYON project, linked to a ShotGrid project or not yet. */
export interface TableRow {
  ayonProject: string;
  /** null: no ShotGrid project is linked (a project born in AYON). */
  shotgridId: number | null;
  /** From ShotGrid (the runtime's list): null until it answered, or for users who cannot ask it. */
  sgName: string | null;
  autoSync: boolean | null;
  push: boolean | null;
  /** An active project in AYON's latest read (before that read: in the runtime's list, which read AYON). */
  inAyon: boolean;
}

/**
 * The rows: AYON's active projects with their links (every reader sees them) joined with the runtime's list of
 * ShotGrid projects (name, auto-sync; it also knows Python-era links kept only on the ShotGrid side). `ayon` is
 * null until AYON's projects were read.
 */
export function tableRows(listed: ImportableProject[] | null, ayon: AyonProjectLink[] | null): TableRow[] {
  const rows = new Map<string, TableRow>();
  for (const a of ayon ?? []) {
    if (a.active) rows.set(a.name, { ayonProject: a.name, shotgridId: a.shotgridId, sgName: null, autoSync: null, push: a.push, inAyon: true });
  }
  for (const p of listed ?? []) {
    if (p.ayonProject === null) continue;
    const row = rows.get(p.ayonProject);
    rows.set(p.ayonProject, { ayonProject: p.ayonProject, shotgridId: p.shotgridId, sgName: p.name, autoSync: p.autoSync, push: row?.push ?? null, inAyon: row !== undefined || ayon === null });
  }
  return [...rows.values()];
}
