// The actions cell of one projects-table row (managers only): "Sync" today; a new per-row action goes here.
// Memoized on stable props, so the table's refreshes do not re-render its buttons.
import { Button } from "@ynput/ayon-react-components";
import { memo } from "react";
import type { AyonConnection } from "../api.js";
import { isJobActive, useJob } from "../useJob.js";
import { JobStatus } from "./JobStatus.js";

export const ProjectRowActions = memo(function ProjectRowActions({ connection, ayonProject, canAct }: { connection: AyonConnection; ayonProject: string; canAct: boolean }) {
  const job = useJob(connection);
  return (
    <td className="row-actions">
      {canAct && (
        <Button
          label="Sync"
          icon="sync"
          disabled={isJobActive(job.state)}
          onClick={() => void job.start({ action: "sync-from-shotgrid", projectName: ayonProject })}
          data-testid={`sync-${ayonProject}`}
        />
      )}
      <JobStatus state={job.state} onRetry={job.retry} testId={`sync-job-${ayonProject}`} />
    </td>
  );
});
