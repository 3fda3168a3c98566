// "Sync users": the runtime creates or links the AYON user of every ShotGrid user (data.sg_user_id), so task
// assignees can be synced. Same request/reply as the project actions.
import { Button } from "@ynput/ayon-react-components";
import type { AyonConnection } from "../api.js";
import { isJobActive, useJob } from "../useJob.js";
import { JobStatus } from "./JobStatus.js";

export function UsersSync({ connection }: { connection: AyonConnection }) {
  const job = useJob(connection);
  return (
    <section className="users-sync">
      <h2>Users</h2>
      <div className="row">
        <span className="muted">Create or link the AYON users of the ShotGrid users (needed for task assignees).</span>
        <Button
          label="Sync users"
          icon="group"
          disabled={isJobActive(job.state)}
          onClick={() => void job.start({ action: "sync-users" })}
          data-testid="users-sync-button"
        />
      </div>
      <JobStatus state={job.state} onRetry={job.retry} testId="users-sync-job" />
    </section>
  );
}
