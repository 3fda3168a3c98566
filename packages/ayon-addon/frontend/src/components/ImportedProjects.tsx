// The ShotGrid projects that already have an AYON project, each with its own sync button.
import type { AyonConnection, ImportableProject } from "../api.js";
import { ImportedProjectRow } from "./ImportedProjectRow.js";

export function ImportedProjects({ connection, projects }: { connection: AyonConnection; projects: ImportableProject[] }) {
  return (
    <section className="card" data-testid="imported-projects">
      <h2>Already imported Projects</h2>
      {projects.length === 0 ? (
        <p className="muted">No ShotGrid project has been imported yet.</p>
      ) : (
        <ul className="project-list">
          {projects.map((project) => (
            <ImportedProjectRow key={project.shotgridId} connection={connection} project={project} />
          ))}
        </ul>
      )}
    </section>
  );
}
