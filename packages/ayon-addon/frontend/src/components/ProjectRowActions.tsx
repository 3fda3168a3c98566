// The actions cell of one projects-table row (managers only): "Sync", and "Preview sync" that opens the row's
// preview (ProjectRow.tsx shows it under the row).
// Memoized on stable props, so the table's refreshes do not re-render its buttons. They are plain buttons styled
// with AYON's theme variables (styles.css): a styled-component Button in each of 500 rows made the table's first
// figures take a third of a second longer to appear.
import { memo } from "react";
import type { AyonConnection } from "../api.js";
import { isJobActive, useJob } from "../useJob.js";
import { JobStatus } from "./JobStatus.js";

interface ActionsProps {
  connection: AyonConnection;
  ayonProject: string;
  canAct: boolean;
  /** A ShotGrid project is linked: there is something to sync (or preview) from ShotGrid. */
  canSyncFromShotgrid: boolean;
  previewing: boolean;
  onTogglePreview: () => void;
}

export const ProjectRowActions = memo(function ProjectRowActions({ connection, ayonProject, canAct, canSyncFromShotgrid, previewing, onTogglePreview }: ActionsProps) {
  const job = useJob(connection);
  return (
    <td className="row-actions">
      {canAct && (
        <>
          <button type="button" className="row-button" disabled={isJobActive(job.state) || !canSyncFromShotgrid} onClick={() => void job.start({ action: "sync-from-shotgrid", projectName: ayonProject })} data-testid={`sync-${ayonProject}`}>Sync</button>
          <button type="button" className="row-button" disabled={!canSyncFromShotgrid && !previewing} onClick={onTogglePreview} data-testid={`preview-${ayonProject}`}>{previewing ? "Close preview" : "Preview sync"}</button>
        </>
      )}
      <JobStatus state={job.state} onRetry={job.retry} testId={`sync-job-${ayonProject}`} />
    </td>
  );
});
