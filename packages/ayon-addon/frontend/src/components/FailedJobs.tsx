// "Failed jobs": the ShotGrid jobs that failed, read live from AYON, with Retry, Retry all for a project and Skip —
// the actions of `ayon-sg-runtime jobs retry|skip`, sent to the runtime as page requests. Managers act; other
// users are told the list is for managers (AYON shows them only their own events, and refuses their requests).
import { Button } from "@ynput/ayon-react-components";
import { useCallback, useEffect, useMemo, useState } from "react";
import type { AyonConnection, JobReply } from "../api.js";
import { fetchFailedJobs, type FailedJobRow } from "../failed-jobs.js";
import { isJobActive, useJob } from "../useJob.js";
import { JobStatus } from "./JobStatus.js";

/** How often the list is read again while the page is open. */
export const FAILED_JOBS_REFRESH_MS = 3000;

interface Props {
  connection: AyonConnection;
  /** The page's user may act (null while it is being read). */
  canAct: boolean | null;
  /** The page's first figures were read: this view's reads wait for them (SyncPage.tsx). */
  ready: boolean;
}

export function FailedJobs({ connection, canAct, ready }: Props) {
  const [jobs, setJobs] = useState<FailedJobRow[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      setJobs(await fetchFailedJobs(connection));
      setProblem(null);
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    }
  }, [connection]);
  const onDone = useCallback((_reply: JobReply) => void refresh(), [refresh]);
  const action = useJob(connection, onDone);
  const busy = isJobActive(action.state);

  useEffect(() => {
    if (!canAct || !ready) return;
    void refresh();
    const timer = setInterval(() => void refresh(), FAILED_JOBS_REFRESH_MS);
    return () => clearInterval(timer);
  }, [canAct, ready, refresh]);

  const byProject = useMemo(() => {
    const groups = new Map<string, FailedJobRow[]>();
    for (const job of jobs ?? []) groups.set(job.project ?? "", [...(groups.get(job.project ?? "") ?? []), job]);
    return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b));
  }, [jobs]);

  const act = (kind: "retry-failed-jobs" | "skip-failed-jobs", jobIds: string[]) => void action.start({ action: kind, jobIds });

  return (
    <section className="card failed-jobs" data-testid="failed-jobs">
      <h2>Failed jobs</h2>
      {canAct === false && (
        <p className="muted" data-testid="failed-jobs-managers-only">
          Failed jobs are listed for AYON managers only; ask a manager to retry or skip them.
        </p>
      )}
      {problem && <p className="problem" role="alert">{problem}</p>}
      {canAct && jobs?.length === 0 && <p className="muted" data-testid="failed-jobs-none">No failed jobs.</p>}
      {canAct &&
        byProject.map(([project, rows]) => (
          <div key={project} className="failed-project" data-testid={`failed-project-${project || "none"}`}>
            <div className="row">
              <span className="project-name">{project || "(no project)"}</span>
              <Button label={`Retry all ${rows.length} for this project`} icon="replay" disabled={busy} onClick={() => act("retry-failed-jobs", rows.map((r) => r.jobId))} data-testid={`retry-project-${project || "none"}`} />
            </div>
            <table className="failed-table">
              <thead>
                <tr><th>Job</th><th>Event</th><th>Failed at</th><th>Tries</th><th>Sentence</th><th /></tr>
              </thead>
              <tbody>
                {rows.map((job) => (
                  <tr key={job.jobId} data-testid={`failed-job-${job.jobId}`}>
                    <td title={job.jobId}>{job.jobId.slice(0, 8)}</td>
                    <td title={job.sourceId}>{job.topic ?? "(source gone)"}{job.action ? ` / ${job.action}` : ""}</td>
                    <td>{new Date(job.failedAt).toLocaleString()}</td>
                    <td>{job.tries}</td>
                    <td className="failed-sentence">{job.description}</td>
                    <td>
                      <div className="failed-actions">
                      <Button label="Retry" icon="replay" disabled={busy} onClick={() => act("retry-failed-jobs", [job.jobId])} data-testid={`retry-${job.jobId}`} />
                      <Button label="Skip" icon="skip_next" disabled={busy} onClick={() => act("skip-failed-jobs", [job.jobId])} data-testid={`skip-${job.jobId}`} />
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      <JobStatus state={action.state} onRetry={action.retry} testId="failed-jobs-action" />
    </section>
  );
}
