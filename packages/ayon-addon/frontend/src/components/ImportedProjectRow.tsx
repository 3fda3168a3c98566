// One imported project: what it is linked to, whether ShotGrid pushes changes automatically, and a
// full sync on demand.
import { Button } from "@ynput/ayon-react-components";
import type { AyonConnection, ImportableProject } from "../api.js";
import { isJobActive, useJob } from "../useJob.js";
import { JobStatus } from "./JobStatus.js";

export function ImportedProjectRow({ connection, project }: { connection: AyonConnection; project: ImportableProject }) {
  const job = useJob(connection);
  const ayonProject = project.ayonProject as string;
  const busy = isJobActive(job.state);
  return (
    <li className="project-row" data-testid={`imported-${ayonProject}`}>
      <div className="row">
        <span className="project-name">{ayonProject}</span>
        <span className="muted">
          ShotGrid: {project.name} (id {project.shotgridId}) · auto sync {project.autoSync ? "on" : "off"}
        </span>
      </div>
      <div className="row">
        <Button
          label="Sync Shotgrid Project"
          icon="sync"
          disabled={busy}
          onClick={() => void job.start({ action: "sync-from-shotgrid", projectName: ayonProject })}
          data-testid={`sync-${ayonProject}`}
        />
      </div>
      <JobStatus state={job.state} onRetry={job.retry} testId={`sync-job-${ayonProject}`} />
    </li>
  );
}
