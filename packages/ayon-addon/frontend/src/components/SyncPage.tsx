// The page: the projects table (AYON's links and queue, read live from GraphQL, joined with the runtime's list of
// ShotGrid projects), the import of an unlinked ShotGrid project, users sync and failed jobs. Managers act; other
// users read the table without actions (AYON refuses them the request events the runtime answers).
// The user's role is read once for every view. The table's figures are read first: the other views and the
// runtime's list of ShotGrid projects start once they arrived, so they do not compete with them for AYON.
import { useCallback, useEffect, useMemo, useState } from "react";
import { parseImportableProjects, type AyonConnection, type ImportableProject, type JobReply } from "../api.js";
import { fetchCanAct } from "../failed-jobs.js";
import { tableRows } from "../projects-table.js";
import { useJob } from "../useJob.js";
import { useTableStats } from "../useTableStats.js";
import { FailedJobs } from "./FailedJobs.js";
import { ImportForm } from "./ImportForm.js";
import { ProjectListStatus } from "./ProjectListStatus.js";
import { ProjectsTable } from "./ProjectsTable.js";
import { RuntimeInstances } from "./RuntimeInstances.js";
import { UsersSync } from "./UsersSync.js";

const LIST_REQUEST = { action: "list-importable-projects" } as const;

export function SyncPage({ connection }: { connection: AyonConnection }) {
  const [canAct, setCanAct] = useState<boolean | null>(null);
  const [projects, setProjects] = useState<ImportableProject[] | null>(null);
  const onListed = useCallback((reply: JobReply) => {
    if (reply.status === "finished") setProjects(parseImportableProjects(reply.result));
  }, []);
  const list = useJob(connection, onListed);
  const { start } = list;
  const table = useTableStats(connection);
  const { refresh: refreshTable } = table;
  const refresh = useCallback(() => {
    void start(LIST_REQUEST);
    void refreshTable();
  }, [start, refreshTable]);

  const [ready, setReady] = useState(false);
  const firstRead = table.stats?.figures === true || table.problem !== null;
  useEffect(() => {
    if (firstRead) setReady(true);
  }, [firstRead]);

  useEffect(() => {
    void fetchCanAct(connection).then(setCanAct, () => setCanAct(false));
  }, [connection]);
  useEffect(() => {
    if (canAct && ready) void start(LIST_REQUEST);
  }, [canAct, ready, start]);

  const rows = useMemo(() => tableRows(projects, table.stats?.ayonProjects ?? null), [projects, table.stats]);
  const notImported = useMemo(() => (projects ?? []).filter((p) => p.ayonProject === null), [projects]);
  const ayonNames = useMemo(() => rows.map((r) => r.ayonProject), [rows]);

  return (
    <main className="page">
      <h1>ShotGrid Sync</h1>
      <RuntimeInstances connection={connection} canSee={canAct} ready={ready} />
      {canAct && <ProjectListStatus state={list.state} onRetry={list.retry} />}
      {table.problem && <p className="problem" role="alert">{table.problem}</p>}
      {canAct && projects && <ImportForm connection={connection} projects={notImported} existingNames={ayonNames} onImported={refresh} />}
      {/* Once the role is known (it answers before the table's data): a table drawn first without actions would be
          drawn again, all 500 rows, when it arrives. */}
      {canAct !== null && (projects || table.stats) && (
        <ProjectsTable connection={connection} projects={rows} stats={table.stats} canAct={canAct === true} now={table.now} onLinked={refresh} />
      )}
      {canAct && <UsersSync connection={connection} />}
      <FailedJobs connection={connection} canAct={canAct} ready={ready} />
    </main>
  );
}
