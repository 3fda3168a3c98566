// The projects table: every project with its live figures (projects-table.ts), sortable by any column
// header and filtered by a text matching the AYON or ShotGrid name. Figures are polled; rows stay mounted.
import { useEffect, useMemo, useState } from "react";
import type { AyonConnection } from "../api.js";
import { rowSyncState } from "../project-row-state.js";
import { FIGURES_MARK, JOB_WINDOW, ROWS_MARK, type ProjectStats, type TableRow, type TableStats } from "../projects-table.js";
import { ago, ProjectRow } from "./ProjectRow.js";

export type SortKey = "project" | "shotgrid" | "liveFromShotgrid" | "liveToShotgrid" | "lastEvent" | "waiting" | "running" | "failed" | "lastSync";

// Waiting/Running are AYON's job statuses: the runtime leaves a job "pending" until its first progress report
// (core job-runner.ts), so a short job counts as waiting while it runs; events not yet taken are not jobs yet.
const TITLES: Partial<Record<SortKey, string>> = {
  liveFromShotgrid: "ShotGrid changes applied to AYON as they happen: on when the ShotGrid project's AYON Auto Sync (sg_ayon_auto_sync) is on",
  liveToShotgrid: "AYON changes pushed to ShotGrid as they happen: on when the AYON project's shotgridPush attribute is true and it has a ShotGrid project",
  waiting: "Jobs with status pending (taken, not reporting progress yet)",
  running: "Jobs with status in_progress (reporting progress)",
  failed: "Jobs failed in the last 24 hours",
  lastEvent: "Newest ShotGrid event whose job finished, among the newest jobs of the last 24 hours",
};

const COLUMNS: Array<{ key: SortKey | null; label: string }> = [
  { key: "project", label: "AYON project" }, { key: "shotgrid", label: "ShotGrid project" }, { key: "liveFromShotgrid", label: "Live ShotGrid → AYON" },
  { key: "liveToShotgrid", label: "Live AYON → ShotGrid" }, { key: "lastEvent", label: "Last ShotGrid event" }, { key: "waiting", label: "Waiting" },
  { key: "running", label: "Running" }, { key: "failed", label: "Failed 24 h" }, { key: "lastSync", label: "Last full sync" },
  { key: null, label: "" },
];

const NOT_CAPPED = { active: false, failed: false, recent: false };

const onOffUnknown = (value: boolean | null) => (value === null ? -1 : value ? 1 : 0);

function sortValue(key: SortKey, p: TableRow, s: ProjectStats | undefined): string | number {
  switch (key) {
    case "project": return p.ayonProject.toLowerCase();
    case "shotgrid": return (p.sgName ?? "").toLowerCase();
    case "liveFromShotgrid": return onOffUnknown(rowSyncState(p).liveFromShotgrid);
    case "liveToShotgrid": return onOffUnknown(rowSyncState(p).liveToShotgrid);
    case "lastEvent": return s?.lastEvent?.sgEventId ?? -1;
    case "waiting": return s?.waiting ?? 0;
    case "running": return s?.running ?? 0;
    case "failed": return s?.failed24h ?? 0;
    case "lastSync": return s?.lastSync?.startedAt ?? "";
  }
}

interface Props {
  connection: AyonConnection;
  projects: TableRow[];
  stats: TableStats | null;
  canAct: boolean;
  now: number;
  /** A project got its ShotGrid project: the runtime's list has changed. */
  onLinked: () => void;
}

export function ProjectsTable({ connection, projects, stats, canAct, now, onLinked }: Props) {
  const [sort, setSort] = useState<{ key: SortKey; dir: 1 | -1 }>({ key: "project", dir: 1 });
  const [filter, setFilter] = useState("");

  const rows = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    const kept = needle ? projects.filter((p) => `${p.ayonProject} ${p.sgName ?? ""}`.toLowerCase().includes(needle)) : projects;
    const keyed = kept.map((p) => ({ p, v: sortValue(sort.key, p, stats?.byProject.get(p.ayonProject)) }));
    keyed.sort((a, b) => (a.v < b.v ? -sort.dir : a.v > b.v ? sort.dir : 0));
    return keyed.map((k) => k.p);
  }, [projects, stats, sort, filter]);

  const known = canAct && stats !== null && stats.figures;
  // User-timing marks (devtools' Performance panel, and the benchmark that reads them): the first rows, the first figures.
  useEffect(() => {
    if (rows.length > 0 && performance.getEntriesByName(ROWS_MARK).length === 0) performance.mark(ROWS_MARK);
  }, [rows.length]);
  useEffect(() => {
    if (known && performance.getEntriesByName(FIGURES_MARK).length === 0) performance.mark(FIGURES_MARK);
  }, [known]);

  const toggle = (key: SortKey) => setSort((s) => ({ key, dir: s.key === key ? (-s.dir as 1 | -1) : 1 }));

  return (
    <section className="card" data-testid="imported-projects">
      <h2>Projects</h2>
      <p className="muted" data-testid="leecher-cursor">
        {!canAct ? "Queue figures are shown to AYON managers only." :
          stats?.leecher ? `Leecher: every ShotGrid event up to #${stats.leecher.lowWater} handled (saved ${ago(stats.leecher.savedAt, now)}, ${stats.leecher.openHoles} open)` :
          "Leecher: no saved cursor yet."}
        {known && (stats.capped.active || stats.capped.failed) ? ` · counts read from the newest ${JOB_WINDOW} jobs: "+" marks a floor` : ""}
      </p>
      <input className="table-filter" placeholder="Filter projects" value={filter} onChange={(e) => setFilter(e.target.value)} data-testid="projects-filter" />
      {projects.length === 0 ? (
        <p className="muted">No project in AYON yet.</p>
      ) : (
        <table className="projects-table" data-testid="projects-table">
          <thead>
            <tr>
              {COLUMNS.map((c, i) => (
                <th key={i} data-testid={c.key ? `sort-${c.key}` : undefined} onClick={c.key ? () => toggle(c.key!) : undefined} className={c.key ? "sortable" : undefined} title={c.key ? TITLES[c.key] : undefined}>
                  {c.label}{c.key && sort.key === c.key ? (sort.dir === 1 ? " ▲" : " ▼") : ""}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((p) => (
              <ProjectRow key={p.ayonProject} connection={connection} project={p} stats={stats?.byProject.get(p.ayonProject)} known={known} capped={stats?.capped ?? NOT_CAPPED} canAct={canAct} now={now} columns={COLUMNS.length} onLinked={onLinked} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
