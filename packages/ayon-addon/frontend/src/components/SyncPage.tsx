// The page: asks the runtime for the ShotGrid projects, then offers to import new ones and to sync
// the ones already in AYON. The list is asked for again after each finished import.
import { useCallback, useEffect, useMemo, useState } from "react";
import { parseImportableProjects, type AyonConnection, type ImportableProject, type JobReply } from "../api.js";
import { useJob } from "../useJob.js";
import { FailedJobs } from "./FailedJobs.js";
import { ImportForm } from "./ImportForm.js";
import { ImportedProjects } from "./ImportedProjects.js";
import { ProjectListStatus } from "./ProjectListStatus.js";
import { UsersSync } from "./UsersSync.js";

const LIST_REQUEST = { action: "list-importable-projects" } as const;

export function SyncPage({ connection }: { connection: AyonConnection }) {
  const [projects, setProjects] = useState<ImportableProject[] | null>(null);
  const onListed = useCallback((reply: JobReply) => {
    if (reply.status === "finished") setProjects(parseImportableProjects(reply.result));
  }, []);
  const list = useJob(connection, onListed);
  const { start } = list;
  const refresh = useCallback(() => void start(LIST_REQUEST), [start]);

  useEffect(refresh, [refresh]);

  const imported = useMemo(() => (projects ?? []).filter((p) => p.ayonProject !== null), [projects]);
  const notImported = useMemo(() => (projects ?? []).filter((p) => p.ayonProject === null), [projects]);
  const ayonNames = useMemo(() => imported.map((p) => p.ayonProject as string), [imported]);

  return (
    <main className="page">
      <h1>ShotGrid Sync</h1>
      <ProjectListStatus state={list.state} onRetry={list.retry} />
      {projects && (
        <>
          <ImportForm connection={connection} projects={notImported} existingNames={ayonNames} onImported={refresh} />
          <ImportedProjects connection={connection} projects={imported} />
        </>
      )}
      <UsersSync connection={connection} />
      <FailedJobs connection={connection} />
    </main>
  );
}
