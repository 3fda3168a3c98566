// Pick a ShotGrid project that is not in AYON yet, check (and if needed fix) the AYON name and code it
// will get, and import it. Import stays disabled, with the reason shown, while the name or code would be
// refused by AYON.
import { Button, Dropdown, FormLayout, FormRow, InputText } from "@ynput/ayon-react-components";
import { useMemo, useState } from "react";
import type { AyonConnection, ImportableProject, JobReply } from "../api.js";
import { isJobActive, useJob } from "../useJob.js";
import { projectCodeProblem, projectNameProblem } from "../validation.js";
import { JobStatus } from "./JobStatus.js";

interface ImportFormProps {
  connection: AyonConnection;
  projects: ImportableProject[];
  existingNames: string[];
  onImported: () => void;
}

export function ImportForm({ connection, projects, existingNames, onImported }: ImportFormProps) {
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [name, setName] = useState("");
  const [code, setCode] = useState("");
  const job = useJob(connection, (reply: JobReply) => {
    if (reply.status === "finished") onImported();
  });

  const importable = useMemo(() => projects.filter((p) => p.importable), [projects]);
  const blocked = useMemo(() => projects.filter((p) => !p.importable), [projects]);
  const options = useMemo(
    () => importable.map((p) => ({ value: String(p.shotgridId), label: p.code ? `${p.name} (${p.code})` : p.name })),
    [importable],
  );
  const selected = importable.find((p) => String(p.shotgridId) === selectedId) ?? null;
  const busy = isJobActive(job.state);
  const problem = selected ? (projectNameProblem(name, existingNames) ?? projectCodeProblem(code)) : null;

  const choose = (added: string[]) => {
    const project = importable.find((p) => String(p.shotgridId) === added[0]);
    if (!project) return;
    setSelectedId(String(project.shotgridId));
    setName(project.name);
    setCode(project.code ?? "");
  };

  const startImport = () => {
    if (!selected || problem) return;
    void job.start({ action: "create-project", projectName: name, projectCode: code, sgProjectId: selected.shotgridId });
  };

  return (
    <section className="card" data-testid="import-section">
      <h2>Import a ShotGrid project</h2>
      {importable.length === 0 ? (
        <p className="muted">Every ShotGrid project that can be imported is already in AYON.</p>
      ) : (
        <Dropdown
          data-testid="project-dropdown"
          value={selected ? [String(selected.shotgridId)] : []}
          options={options}
          placeholder="Choose a Project to Import and Sync..."
          onChange={choose}
          search={options.length > 10}
          widthExpand
        />
      )}
      {selected && (
        <FormLayout>
          <FormRow label="AYON project name" labelStyle={{ minWidth: 150 }}>
            <InputText value={name} onChange={(e) => setName(e.target.value)} data-testid="project-name" />
          </FormRow>
          <FormRow label="AYON project code" labelStyle={{ minWidth: 150 }}>
            <InputText value={code} onChange={(e) => setCode(e.target.value)} data-testid="project-code" />
          </FormRow>
        </FormLayout>
      )}
      <div className="row">
        <Button
          label="Import"
          icon="download"
          variant="filled"
          disabled={!selected || problem !== null || busy}
          onClick={startImport}
          data-testid="import-button"
        />
        {problem && (
          <p className="problem" data-testid="import-problem">
            {problem}
          </p>
        )}
      </div>
      <JobStatus state={job.state} onRetry={job.retry} testId="import-job" />
      {blocked.length > 0 && (
        <p className="muted" data-testid="not-importable">
          Not importable: {blocked.map((p) => `${p.name} (${p.reason ?? "no reason given"})`).join("; ")}
        </p>
      )}
    </section>
  );
}
