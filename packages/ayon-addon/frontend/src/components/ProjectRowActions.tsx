// The actions cell of one projects-table row (managers only): the two full syncs, "ShotGrid ► AYON"
// (sync-from-shotgrid) and "AYON ► ShotGrid" (sync-from-ayon), and "Preview sync" that opens the row's preview of a
// ShotGrid ► AYON sync (ProjectRow.tsx shows it under the row).
// Both syncs share the row's one job: while either runs neither can be asked for again, so one project is never
// synced both ways at once from here, and the row keeps one status line, named after the direction last asked for.
// Memoized on stable props, so the table's refreshes do not re-render its buttons. They are plain buttons styled
// with AYON's theme variables (styles.css): a styled-component Button in each of 500 rows made the table's first
// figures take a third of a second longer to appear.
import { memo, useState } from "react";
import type { AyonConnection, PageRequest } from "../api.js";
import { isJobActive, useJob } from "../useJob.js";
import { JobStatus } from "./JobStatus.js";

const FROM_SHOTGRID = "ShotGrid ► AYON";
const FROM_AYON = "AYON ► ShotGrid";

interface ActionsProps {
  connection: AyonConnection;
  ayonProject: string;
  canAct: boolean;
  /** A ShotGrid project is linked: there is something to sync (or preview) from ShotGrid. */
  canSyncFromShotgrid: boolean;
  /** The project is in AYON: there is something to sync to ShotGrid. */
  canSyncFromAyon: boolean;
  previewing: boolean;
  onTogglePreview: () => void;
  /** AYON ► ShotGrid finished for a project that had no ShotGrid project: it has one now. */
  onLinked: () => void;
}

export const ProjectRowActions = memo(function ProjectRowActions(props: ActionsProps) {
  const { connection, ayonProject, canAct, canSyncFromShotgrid, canSyncFromAyon, previewing, onTogglePreview, onLinked } = props;
  // What was asked last, and whether the project was linked then: the runtime links it early in its AYON ► ShotGrid
  // sync, so by the job's end the row may already show the link.
  const [asked, setAsked] = useState<{ label: string; linked: boolean } | null>(null);
  const job = useJob(connection, (reply) => {
    if (reply.status === "finished" && asked?.label === FROM_AYON && !asked.linked) onLinked();
  });
  const busy = isJobActive(job.state);
  const sync = (label: string, request: PageRequest) => {
    setAsked({ label, linked: canSyncFromShotgrid });
    void job.start(request);
  };
  return (
    <td className="row-actions">
      {canAct && (
        <>
          <button
            type="button"
            className="row-button"
            disabled={busy || !canSyncFromShotgrid}
            title={canSyncFromShotgrid ? "Full sync of the ShotGrid project into AYON" : "No ShotGrid project is linked yet: AYON ► ShotGrid creates one"}
            onClick={() => sync(FROM_SHOTGRID, { action: "sync-from-shotgrid", projectName: ayonProject })}
            data-testid={`sync-${ayonProject}`}
          >
            {FROM_SHOTGRID}
          </button>
          <button
            type="button"
            className="row-button"
            disabled={busy || !canSyncFromAyon}
            title={canSyncFromAyon ? "Full sync of the AYON project into ShotGrid (creates the ShotGrid project when it has none)" : "Not an active project in AYON"}
            onClick={() => sync(FROM_AYON, { action: "sync-from-ayon", projectName: ayonProject })}
            data-testid={`sync-from-ayon-${ayonProject}`}
          >
            {FROM_AYON}
          </button>
          <button type="button" className="row-button" disabled={!canSyncFromShotgrid && !previewing} onClick={onTogglePreview} data-testid={`preview-${ayonProject}`}>
            {previewing ? "Close preview" : "Preview sync"}
          </button>
        </>
      )}
      <JobStatus state={job.state} onRetry={job.retry} testId={`sync-job-${ayonProject}`} label={asked?.label} />
    </td>
  );
});
