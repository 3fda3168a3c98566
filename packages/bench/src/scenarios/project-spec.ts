// The project sizes, scaled for quick runs (`--scale 0.01` gives a ~720-entity project).
import type { ShotgridProjectSpec } from "@ayon-sg/testkit";
import { entitiesNeeded } from "../emulators/edit-script.js";

export const ASSET_CATEGORIES = ["Character", "Prop", "Environment", "Vehicle", "FX", "Weapon"];

/** Scenario 1/2: 10 episodes, 100 sequences, 10,000 shots, 2,000 assets in 6 categories, 5 tasks each. */
export function largeProjectSpec(name: string, scale: number): ShotgridProjectSpec {
  const n = (full: number, min: number) => Math.max(min, Math.round(full * scale));
  return {
    name,
    episodes: n(10, 1),
    sequences: n(100, 1),
    shots: n(10_000, 2),
    assets: n(2_000, 2),
    assetCategories: ASSET_CATEGORIES,
    tasksPerEntity: 5,
  };
}

/**
 * Scenario 3 (and 4): one of the ten auto-sync projects the live edits are spread over, with a Shot and a Shot Task
 * for each edit of an existing entity it will get (`needed`: edit-script.ts, push-edit-script.ts) plus a few spare.
 */
export function liveProjectSpec(name: string, editsPerProject: number, needed = entitiesNeeded(editsPerProject)): ShotgridProjectSpec {
  return {
    name,
    episodes: 1,
    sequences: 4,
    shots: Math.max(needed.shots, needed.shotTasks) + 5,
    assets: 10,
    assetCategories: ASSET_CATEGORIES.slice(0, 2),
    tasksPerEntity: 1,
    autoSync: true,
  };
}

/** Entities a sync creates in AYON for a generated project: folders (incl. asset categories) and tasks. */
export function expectedEntities(spec: ShotgridProjectSpec): number {
  const sequences = spec.sequences ?? (spec.sequencesPerEpisode ?? 0) * spec.episodes;
  const categories = Math.min(spec.assetCategories.length, spec.assets);
  return spec.episodes + sequences + spec.shots + spec.assets + categories + (spec.shots + spec.assets) * spec.tasksPerEntity;
}
