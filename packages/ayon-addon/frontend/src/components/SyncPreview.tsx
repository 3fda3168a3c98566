// "Preview sync", then "Sync": what a full sync of one project (or of one sub-tree) would change, counted per
// ShotGrid type and change kind and listed by path, computed by the runtime's own planner run dry. "Sync" sends the
// previewed plan's fingerprint: the runtime applies exactly that plan, or refuses when ShotGrid or AYON changed since.
import { Button } from "@ynput/ayon-react-components";
import { useCallback, useEffect, useState } from "react";
import type { AyonConnection, JobReply } from "../api.js";
import { CHANGE_KINDS, parseRoot, parseSyncPreview, type SyncPreviewData } from "../sync-preview.js";
import { isJobActive, useJob } from "../useJob.js";
import { JobStatus } from "./JobStatus.js";

type Root = { type: string; id: number } | null;

export function SyncPreview({ connection, projectName }: { connection: AyonConnection; projectName: string }) {
  const [root, setRoot] = useState<Root>(null);
  const [rootText, setRootText] = useState("");
  const [preview, setPreview] = useState<SyncPreviewData | null>(null);
  const [previews, setPreviews] = useState(0);
  const onPreviewed = useCallback((reply: JobReply) => {
    setPreview(reply.status === "finished" ? parseSyncPreview(reply.result) : null);
    setPreviews((n) => n + 1);
  }, []);
  const previewJob = useJob(connection, onPreviewed);
  const { start } = previewJob;
  const busy = isJobActive(previewJob.state);

  useEffect(() => {
    setPreview(null);
    void start({ action: "sync-from-shotgrid", projectName, plan: { preview: true, root } });
  }, [start, projectName, root]);

  const picked = parseRoot(rootText, preview?.roots ?? []);
  // Only the preview of the sub-tree shown now (a reply to an earlier request is never offered for "Sync").
  const current = preview && preview.root === (root ? `${root.type}:${root.id}` : null) ? preview : null;
  const id = (suffix: string) => `${suffix}-${projectName}`;

  return (
    <div className="sync-preview" data-testid={id("sync-preview")}>
      <div className="row">
        <strong>{root ? `Preview of ${root.type} ${root.id} and everything under it` : "Preview of the whole project"}</strong>
        <Button label="Preview again" icon="refresh" disabled={busy} onClick={previewJob.retry} data-testid={id("preview-again")} />
      </div>
      <div className="row">
        <input
          list={id("preview-roots")}
          placeholder="Sub-tree: an episode, sequence or shot path, or Type id (Sequence 12)"
          value={rootText}
          onChange={(e) => setRootText(e.target.value)}
          data-testid={id("preview-root-input")}
          size={48}
        />
        <datalist id={id("preview-roots")}>
          {(preview?.roots ?? []).map((r) => (
            <option key={`${r.type}:${r.id}`} value={r.path}>{`${r.type} ${r.id}`}</option>
          ))}
        </datalist>
        <Button label="Preview this sub-tree" icon="account_tree" disabled={busy || !picked} onClick={() => setRoot(picked)} data-testid={id("preview-root-apply")} />
        {root && <Button label="Whole project" icon="select_all" disabled={busy} onClick={() => setRoot(null)} data-testid={id("preview-whole")} />}
      </div>
      <JobStatus state={previewJob.state} onRetry={previewJob.retry} testId={id("preview-job")} />
      {current && <PreviewBody preview={current} testId={id("preview")} />}
      {current && <ApplyPlan key={previews} connection={connection} projectName={projectName} root={root} fingerprint={current.fingerprint} disabled={busy} />}
    </div>
  );
}

/** "Sync" of one previewed plan; each new preview brings a fresh one. */
function ApplyPlan(props: { connection: AyonConnection; projectName: string; root: Root; fingerprint: string; disabled: boolean }) {
  const { connection, projectName, root, fingerprint } = props;
  const job = useJob(connection);
  return (
    <>
      <div className="row">
        <Button
          label={root ? `Sync ${root.type} ${root.id}` : "Sync"}
          icon="sync"
          disabled={props.disabled || isJobActive(job.state)}
          onClick={() => void job.start({ action: "sync-from-shotgrid", projectName, plan: { fingerprint, root } })}
          data-testid={`preview-sync-${projectName}`}
        />
        <span className="muted">applies exactly this plan, or refuses if ShotGrid or AYON changed since</span>
      </div>
      <JobStatus state={job.state} onRetry={job.retry} testId={`preview-sync-job-${projectName}`} />
    </>
  );
}

function PreviewBody({ preview, testId }: { preview: SyncPreviewData; testId: string }) {
  const { folders, tasks } = preview.totals;
  const types = Object.keys(preview.counts).sort();
  return (
    <div data-testid={testId}>
      <p data-testid={`${testId}-totals`}>
        Folders: {folders.created} to create, {folders.updated} to update · Tasks: {tasks.created} to create, {tasks.updated} to update ·{" "}
        {preview.shotgridWrites} ShotGrid write-back(s)
        {preview.projectChanges.length > 0 && ` · project: ${preview.projectChanges.join(", ")}`}
        {preview.shotgridFieldsToCreate.length > 0 && ` · ShotGrid fields to create: ${preview.shotgridFieldsToCreate.join(", ")}`}
      </p>
      {types.length === 0 ? (
        <p className="muted" data-testid={`${testId}-nothing`}>Nothing to change: AYON already matches ShotGrid.</p>
      ) : (
        <table className="failed-table" data-testid={`${testId}-counts`}>
          <thead>
            <tr><th>Type</th>{CHANGE_KINDS.map((k) => <th key={k}>{k}</th>)}<th>retire</th></tr>
          </thead>
          <tbody>
            {types.map((type) => (
              <tr key={type}>
                <td>{type}</td>
                {CHANGE_KINDS.map((k) => <td key={k} data-testid={`${testId}-count-${type}-${k}`}>{preview.counts[type]?.[k] ?? 0}</td>)}
                <td>0</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {preview.orphans > 0 && (
        <p className="muted">{preview.orphans} AYON entities are linked to ShotGrid entities that no longer exist: a Sync leaves them alone (the nightly reconcile retires them).</p>
      )}
      {preview.failed.length > 0 && (
        <ul className="problem" data-testid={`${testId}-failed`}>
          {preview.failed.map((f) => <li key={f.path}>{f.path}: {f.reason}</li>)}
        </ul>
      )}
      {preview.items.length > 0 && (
        <table className="failed-table" data-testid={`${testId}-items`}>
          <thead>
            <tr><th>Path</th><th>Type</th><th>Change</th><th>What</th></tr>
          </thead>
          <tbody>
            {preview.items.map((item) => (
              <tr key={item.key} data-testid="preview-item">
                <td>{item.path}</td>
                <td>{item.type}</td>
                <td>{item.kinds.join(", ")}</td>
                <td>{item.changes.join("; ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {preview.more > 0 && <p className="muted">and {preview.more} more change(s), counted above</p>}
    </div>
  );
}
