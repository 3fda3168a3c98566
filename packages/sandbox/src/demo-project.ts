/**
 * The demo ShotGrid project: the issue-size project of the ShotGrid emulator's `--demo-project` (3 episodes,
 * 12 sequences, 300 shots, 60 assets, 5 tasks each), resized by the options, auto-sync on. Seeded in bulk: a
 * project that existed before ayon-sg was installed, so its rows have no event log entries to replay.
 */
import { demoProjectSpec, generateShotgridProject, type GeneratedShotgridProject, type ShotgridStore } from "@ayon-sg/testkit";
import { ayonNamesFor, type SandboxOptions } from "./options.js";

export interface DemoProject {
  sgName: string;
  sgProjectId: number;
  ayonName: string;
  ayonCode: string;
  generated: GeneratedShotgridProject;
}

/**
 * `projectIdAbove`: the ShotGrid project gets an id above it, as on a site that has had that many projects.
 * A real AYON keeps the projects of earlier sandbox runs, linked (shotgridId) to the projects of ShotGrid
 * emulators long gone; a new emulator's project 1 would be claimed by them.
 */
export function seedDemoProject(store: ShotgridStore, options: SandboxOptions, projectIdAbove = 0): DemoProject {
  store.data.table("Project").noteId(projectIdAbove);
  const { name: ayonName, code: ayonCode } = ayonNamesFor(options.project);
  const spec = {
    ...demoProjectSpec(options.project, true),
    code: ayonCode,
    episodes: options.episodes,
    sequences: options.sequences,
    shots: options.shots,
    assets: options.assets,
    tasksPerEntity: options.tasks,
    nasty: options.nasty,
    seed: options.seed,
  };
  const generated = generateShotgridProject(store, spec);
  return { sgName: options.project, sgProjectId: generated.projectId, ayonName, ayonCode, generated };
}
