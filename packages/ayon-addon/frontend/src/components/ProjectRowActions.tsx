// The actions cell of one projects-table row (managers only): "Sync", and "Preview sync" that opens the row's
// preview (ProjectRow.tsx shows it under the row).
// Memoized on stable props, so the table's refreshes do not re-render its buttons.
import { Button } from "@ynput/ayon-react-components";
import { memo } from "react";
import type { AyonConnection } from "../api.js";
import { isJobActive, useJob } from "../useJob.js";
import { JobStatus } from "./JobStatus.js";

interface ActionsProps {
  connection: AyonConnection;
  ayonProject: string;
  canAct: boolean;
  previewing: boolean;
  onTogglePreview: () => void;
}

export const ProjectRowActions = memo(function ProjectRowActions({ connection, ayonProject, canAct, previewing, onTogglePreview }: ActionsProps) {
  const job = useJob(connection);
  return (
    <td className="row-actions">
      {canAct && (
        <>
          <Button
            label="Sync"
            icon="sync"
            disabled={isJobActive(job.state)}
            onClick={() => void job.start({ action: "sync-from-shotgrid", projectName: ayonProject })}
            data-testid={`sync-${ayonProject}`}
          />
          <Button label={previewing ? "Close preview" : "Preview sync"} icon="preview" onClick={onTogglePreview} data-testid={`preview-${ayonProject}`} />
        </>
      )}
      <JobStatus state={job.state} onRetry={job.retry} testId={`sync-job-${ayonProject}`} />
    </td>
  );
});
