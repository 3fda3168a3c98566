/**
 * The ShotGrid Project's mapped fields on the AYON project (the Python addon's `_sync_project_attributes`,
 * ayon-shotgrid 0.6.19 match_shotgrid_hierarchy_in_ayon.py): the attributes mapped for Project, and the tags the
 * project and its entities use added to the anatomy when missing. Used by the full sync and by a live Project change.
 */
import type { AyonClient, ProjectPatch } from "@ayon-sg/core";
import { fieldChanges } from "../mapping/fields.js";
import { anatomyTagsWith } from "../mapping/tags.js";
import type { ProjectContext } from "./project-context.js";

/** Adds what differs to `patch`; returns the tags added to the anatomy. */
export function addProjectFields(patch: ProjectPatch, context: ProjectContext, entityTags: Iterable<string> = []): string[] {
  const project = context.sgProject.fields;
  if (project) {
    const attrib = fieldChanges({ ...project, tags: null }, { attrib: context.ayonProject.attrib ?? {}, tags: [] }, () => null).data.attrib;
    if (attrib) patch.attrib = { ...(patch.attrib ?? {}), ...attrib };
  }
  const names = new Set<string>([...(project?.tags ?? []), ...entityTags]);
  const current = patch.tags ?? context.ayonProject.tags ?? [];
  const tags = anatomyTagsWith({ tags: current }, names);
  if (!tags) return [];
  const before = new Set(current.map((t) => t.name));
  patch.tags = tags;
  return tags.map((t) => t.name).filter((n) => !before.has(n));
}

/** A live Project change: writes the project's mapped fields when they differ (one PATCH at most). */
export async function syncProjectFields(ayon: AyonClient, context: ProjectContext): Promise<{ changed: string[] }> {
  const patch: ProjectPatch = {};
  const tags = addProjectFields(patch, context);
  if (Object.keys(patch).length === 0) return { changed: [] };
  await ayon.updateProject(context.ayonProjectName, patch);
  return { changed: [...Object.keys(patch.attrib ?? {}), ...tags.map((t) => `tag ${t}`)] };
}
