// One project of the projects table: its ShotGrid project, whether live sync runs each way (project-row-state.ts),
// queue figures and last full sync.
// The last cell holds the row's actions (ProjectRowActions.tsx); an opened sync preview shows in a row of its own
// under it.
import { Fragment, memo, useCallback, useState } from "react";
import type { AyonConnection } from "../api.js";
import { rowSyncState } from "../project-row-state.js";
import { JOB_WINDOW, type ProjectStats, type TableRow, type TableStats } from "../projects-table.js";
import { ProjectRowActions } from "./ProjectRowActions.js";
import { SyncPreview } from "./SyncPreview.js";

export function ago(iso: string, now: number): string {
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  return s < 86_400 ? `${Math.round(s / 3600)} h ago` : `${Math.round(s / 86_400)} d ago`;
}

export function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

interface RowProps {
  connection: AyonConnection;
  project: TableRow;
  stats: ProjectStats | undefined;
  /** Figures are known (a manager reading the queue, read); otherwise "—". */
  known: boolean;
  capped: TableStats["capped"];
  canAct: boolean;
  now: number;
  /** The table's column count, spanned by the preview row. */
  columns: number;
  onLinked: () => void;
}

const onOff = (value: boolean | null) => (value === null ? "—" : value ? "on" : "off");
const PUSH_WAITS = "shotgridPush is on: AYON changes are pushed once the project has a ShotGrid project (AYON ► ShotGrid creates it)";

function Count({ value, known, capped }: { value: number | undefined; known: boolean; capped: boolean }) {
  if (!known) return <td className="num">—</td>;
  return <td className="num">{value ?? 0}{capped && value ? "+" : ""}</td>;
}

export const ProjectRow = memo(function ProjectRow({ connection, project, stats, known, capped, canAct, now, columns, onLinked }: RowProps) {
  const { ayonProject } = project;
  const last = stats?.lastSync;
  // Not in the window of newest jobs: none in 24 h, or (the window was full) older than the window.
  const none = capped.recent ? "older" : "none in 24 h";
  const [previewing, setPreviewing] = useState(false);
  const togglePreview = useCallback(() => setPreviewing((open) => !open), []);
  const sync = rowSyncState(project);
  return (
    <Fragment>
    <tr data-testid={`imported-${ayonProject}`}>
      <td className="project-name">{ayonProject}</td>
      <td>{project.shotgridId === null ? <span className="muted">not linked</span> : `${project.sgName ?? "—"} (id ${project.shotgridId})`}</td>
      <td data-testid={`live-from-shotgrid-${ayonProject}`}>{onOff(sync.liveFromShotgrid)}</td>
      <td data-testid={`live-to-shotgrid-${ayonProject}`} title={sync.pushWaitsForLink ? PUSH_WAITS : undefined}>{sync.pushWaitsForLink ? "not yet" : onOff(sync.liveToShotgrid)}</td>
      <td>{!known ? "—" : stats?.lastEvent ? `#${stats.lastEvent.sgEventId}, ${ago(stats.lastEvent.at, now)}` : <span title={`not among the newest ${JOB_WINDOW} jobs of the last 24 h`}>{none}</span>}</td>
      <Count value={stats?.waiting} known={known} capped={capped.active} />
      <Count value={stats?.running} known={known} capped={capped.active} />
      <Count value={stats?.failed24h} known={known} capped={capped.failed} />
      <td data-testid={`last-sync-${ayonProject}`}>
        {!known ? "—" : last ? `${last.kind} ${last.status}, ${ago(last.startedAt, now)}, ${duration(last.durationMs)}` : <span title={`not among the newest ${JOB_WINDOW} jobs of the last 24 h`}>{none}</span>}
      </td>
      <ProjectRowActions
        connection={connection}
        ayonProject={ayonProject}
        canAct={canAct}
        canSyncFromShotgrid={sync.canSyncFromShotgrid}
        canSyncFromAyon={sync.canSyncFromAyon}
        previewing={previewing}
        onTogglePreview={togglePreview}
        onLinked={onLinked}
      />
    </tr>
    {previewing && (
      <tr className="preview-row">
        <td colSpan={columns}>
          <SyncPreview connection={connection} projectName={ayonProject} />
        </td>
      </tr>
    )}
    </Fragment>
  );
});
