// Scenarios 1 and 2: the import of a large ShotGrid project into an empty AYON, as a user starts it from the
// addon page (`create-project` through AYON's queue and the real runtime binary), then a full sync of the
// same project with nothing changed (`sync-from-shotgrid`), which must write nothing.
import type { Deployment } from "../deployment.js";
import type { SeededProject } from "../emulators/shotgrid-host.js";
import { check, MB } from "../report/targets.js";
import type { ScenarioResult } from "../report/types.js";
import { unitFigures } from "../report/unit-figures.js";
import { measureJob, type MeasuredJob } from "./measured-job.js";
import { expectedEntities, largeProjectSpec } from "./project-spec.js";

const PROJECT = { name: "bench_show", code: "bench" };

/**
 * The Python addon commits each created entity to AYON and updates it in ShotGrid (ynput/ayon-shotgrid
 * services/shotgrid_common/ayon_shotgrid_hub/match_shotgrid_hierarchy_in_ayon.py).
 */
export const PYTHON_REQUESTS_PER_ENTITY = 2;

export interface ImportRunOptions {
  scale: number;
  /** Which to report; scenario 2 or 6 alone still imports first (unreported). */
  report: { import: boolean; resync: boolean; push?: boolean };
  /** 1-minute load average when the bench started (report/load.ts). */
  loadBefore: number;
}

export async function runImportScenarios(deployment: Deployment, options: ImportRunOptions): Promise<ScenarioResult[]> {
  const spec = largeProjectSpec("Bench Show", options.scale);
  const seeded = await deployment.shotgrid.call<SeededProject>("seed", { spec });
  const expected = expectedEntities(spec);
  const studio = deployment.studio(["handler-project-sync", "handler-sync-from-shotgrid"], { metricsPort: 0 });
  const timeoutMs = Math.max(120_000, 600_000 * options.scale);
  const results: ScenarioResult[] = [];

  const imported = await measureJob(
    deployment,
    studio,
    { topic: "shotgrid.event", project: PROJECT.name, payload: { action: "create-project", project_name: PROJECT.name, project_code: PROJECT.code, sg_project_id: seeded.projectId } },
    { instance: "bench-import", timeoutMs, loadBefore: options.loadBefore },
  );
  const counts = await deployment.ayon.call<{ folders: number; tasks: number }>("projectCounts", { project: PROJECT.name });
  const created = counts.folders + counts.tasks;
  if (created !== expected) throw new Error(`the import created ${created} AYON entities, expected ${expected}: ${imported.outcome.description}`);
  if (options.report.import) results.push(importResult(imported, created));

  if (options.report.resync) {
    const resynced = await measureJob(
      deployment,
      studio,
      { topic: "shotgrid.event", project: PROJECT.name, payload: { action: "sync-from-shotgrid", project_name: PROJECT.name } },
      { instance: "bench-resync", timeoutMs, loadBefore: options.loadBefore },
    );
    results.push(resyncResult(resynced, expected));
  }

  if (options.report.push) {
    // The imported AYON project, linked to a new, empty ShotGrid project instead: the push creates every entity.
    const target = await deployment.shotgrid.call<{ projectId: number }>("emptyProject", { name: "Bench Show Pushed", code: "bench_pushed" });
    await deployment.client.updateProject(PROJECT.name, { attrib: { shotgridId: String(target.projectId), shotgridType: "Project" } });
    const pushStudio = deployment.studio(["handler-update-from-ayon"], { metricsPort: 0 });
    const pushed = await measureJob(
      deployment,
      pushStudio,
      { topic: "shotgrid.event.project.sync", project: PROJECT.name, payload: { action: "sync-from-ayon", project_name: PROJECT.name } },
      { instance: "bench-push", timeoutMs, loadBefore: options.loadBefore },
    );
    const counts = await deployment.shotgrid.call<Record<string, number>>("projectCounts", { projectId: target.projectId, types: ["Episode", "Sequence", "Shot", "Asset", "Task"] });
    const inShotgrid = Object.values(counts).reduce((a, b) => a + b, 0);
    // As project-spec.ts counts them: a category only where there are assets to put in it.
    results.push(pushResult(pushed, inShotgrid, expected - Math.min(spec.assetCategories.length, spec.assets)));
  }
  return results;
}

/** `wanted`: the AYON entities ShotGrid holds as entities of their own (asset categories are its Assets' sg_asset_type). */
function pushResult(job: MeasuredJob, inShotgrid: number, wanted: number): ScenarioResult {
  return {
    id: 6,
    name: `AYON → ShotGrid sync of ${inShotgrid.toLocaleString("en-US")} entities`,
    wallMs: job.wallMs,
    traffic: job.traffic,
    peakRssBytes: job.peakRssBytes,
    runtimeCpuMs: job.runtimeCpuMs,
    entities: inShotgrid,
    units: unitFigures(job, "entity", inShotgrid, 1),
    load: job.load,
    outcome: job.outcome.description,
    targets: [
      check("ShotGrid entities", `${wanted} (AYON's folders and tasks but the asset categories)`, inShotgrid === wanted, String(inShotgrid)),
      check("wall time", "< 90 s", job.wallMs < 90_000, `${(job.wallMs / 1000).toFixed(1)} s`),
      check("requests", "< 1,500", job.traffic.requests.total < 1500, String(job.traffic.requests.total)),
    ],
  };
}

function importResult(job: MeasuredJob, created: number): ScenarioResult {
  const baseline = created * PYTHON_REQUESTS_PER_ENTITY;
  return {
    id: 1,
    name: `Import of ${created.toLocaleString("en-US")} entities`,
    wallMs: job.wallMs,
    traffic: job.traffic,
    peakRssBytes: job.peakRssBytes,
    runtimeCpuMs: job.runtimeCpuMs,
    entities: created,
    units: unitFigures(job, "entity", created, 1),
    load: job.load,
    baseline: { requests: baseline, ratio: baseline / Math.max(1, job.traffic.requests.total) },
    outcome: job.outcome.description,
    targets: [
      check("wall time", "< 60 s", job.wallMs < 60_000, `${(job.wallMs / 1000).toFixed(1)} s`),
      check("requests", "<= 550", job.traffic.requests.total <= 550, String(job.traffic.requests.total)),
      check("peak RSS", "< 600 MB", job.peakRssBytes !== null && job.peakRssBytes < 600 * MB, job.peakRssBytes === null ? "n/a" : `${Math.round(job.peakRssBytes / MB)} MB`),
    ],
  };
}

function resyncResult(job: MeasuredJob, entities: number): ScenarioResult {
  return {
    id: 2,
    name: "Re-sync, no change",
    wallMs: job.wallMs,
    traffic: job.traffic,
    peakRssBytes: job.peakRssBytes,
    runtimeCpuMs: job.runtimeCpuMs,
    entities,
    units: unitFigures(job, "entity", entities, 1),
    load: job.load,
    outcome: job.outcome.description,
    targets: [
      check("writes", "0", job.traffic.writes.total === 0, String(job.traffic.writes.total)),
      check("wall time", "< 20 s", job.wallMs < 20_000, `${(job.wallMs / 1000).toFixed(1)} s`),
    ],
  };
}
