// The live state of one import or sync job, as the runtime reports it in the reply event. `label` names the job
// where one status line serves several actions (a project row's two sync directions).
import { Button } from "@ynput/ayon-react-components";
import type { JobState } from "../useJob.js";
import { NoRuntimeNotice } from "./NoRuntimeNotice.js";
import { ProgressBar } from "./ProgressBar.js";

const LABELS = { pending: "Pending", in_progress: "In progress", finished: "Finished", failed: "Failed" } as const;

export function JobStatus({ state, onRetry, testId, label }: { state: JobState; onRetry: () => void; testId: string; label?: string | null }) {
  const named = label ? `${label}: ` : "";
  switch (state.phase) {
    case "idle":
      return null;
    case "no-runtime":
      return <NoRuntimeNotice message={state.message} onRetry={onRetry} />;
    case "error":
      return (
        <div className="notice" role="alert" data-testid={testId} data-status="error">
          <span>{named}{state.message}</span>
          <Button label="Retry" icon="refresh" onClick={onRetry} />
        </div>
      );
    case "sending":
    case "waiting":
      return (
        <div className="job" data-testid={testId} data-status="pending">
          <span className="job-status">{named}Pending</span>
          <span className="muted">Waiting for the ayon-sg runtime to pick up the job…</span>
        </div>
      );
    case "reply": {
      const { reply } = state;
      const detail = reply.status === "failed" && reply.error && reply.error !== reply.description ? reply.error : null;
      return (
        <div className="job" data-testid={testId} data-status={reply.status} role="status">
          <span className="job-status">
            {named}{LABELS[reply.status]}
            {reply.status === "in_progress" ? ` (${Math.round(reply.progress)}%)` : ""}
          </span>
          {reply.status === "in_progress" && <ProgressBar value={reply.progress} />}
          {reply.description && <span className="job-description">{reply.description}</span>}
          {detail && <span className="problem">{detail}</span>}
        </div>
      );
    }
  }
}
