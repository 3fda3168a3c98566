// One imported project: what it is linked to, whether ShotGrid pushes changes automatically, and a
// full sync on demand.
import { Button } from "@ynput/ayon-react-components";
import { useState } from "react";
import type { AyonConnection, ImportableProject } from "../api.js";
import { isJobActive, useJob } from "../useJob.js";
import { JobStatus } from "./JobStatus.js";
import { SyncPreview } from "./SyncPreview.js";

export function ImportedProjectRow({ connection, project }: { connection: AyonConnection; project: ImportableProject }) {
  const job = useJob(connection);
  const ayonProject = project.ayonProject as string;
  const busy = isJobActive(job.state);
  const [previewing, setPreviewing] = useState(false);
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
        <Button label={previewing ? "Close preview" : "Preview sync"} icon="preview" onClick={() => setPreviewing(!previewing)} data-testid={`preview-${ayonProject}`} />
      </div>
      <JobStatus state={job.state} onRetry={job.retry} testId={`sync-job-${ayonProject}`} />
      {previewing && <SyncPreview connection={connection} projectName={ayonProject} />}
    </li>
  );
}
