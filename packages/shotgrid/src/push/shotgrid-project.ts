/**
 * The ShotGrid project of an AYON project that was born in AYON (the Python addon's `create_project` before its
 * "AYON ► ShotGrid" sync): when the AYON project is linked to none, a ShotGrid Project named after it is created
 * — its code in the settings' code field, `sg_ayon_id` = the AYON project name, as the import links them — and the
 * AYON project is linked to it (`shotgridId`/`shotgridType`). A ShotGrid Project that already names the AYON
 * project in `sg_ayon_id` is linked instead of creating a second one (a run killed between the two writes).
 */
import type { AddonSettings, AyonClient } from "@ayon-sg/core";
import type { ShotgridClient } from "../client/index.js";
import { parseShotgridSettings } from "../settings.js";
import { HIERARCHY_ENTITY_TYPES } from "../sync/hierarchy.js";
import { FIELD_AYON_ID, FIELD_SYNC_STATUS, identityAttrib } from "../sync/identity.js";
import { findShotgridProject } from "../sync/project-context.js";
import { ensureShotgridFields } from "../sync/setup.js";

export interface EnsuredProject {
  /** The ShotGrid Project id, or null when the AYON project does not exist. */
  sgProjectId: number | null;
  created: boolean;
}

export async function ensureShotgridProject(deps: { ayon: AyonClient; sg: ShotgridClient; settings: AddonSettings }, name: string): Promise<EnsuredProject> {
  const [ayonProject, rawSettings] = await Promise.all([deps.ayon.getProject(name), deps.settings.forProject(name)]);
  if (!ayonProject) return { sgProjectId: null, created: false };
  const settings = parseShotgridSettings(rawSettings);
  const codeField = settings.shotgrid_project_code_field;
  const enabled = new Set<string>(settings.compatibility_settings.shotgrid_enabled_entities);
  await ensureShotgridFields(deps.sg, ["Project", ...HIERARCHY_ENTITY_TYPES.filter((t) => enabled.has(t))]);
  const existing = await findShotgridProject(deps.sg, ayonProject, codeField);
  const sgProject = existing ?? (await deps.sg.create("Project", { name: ayonProject.name, [codeField]: ayonProject.code, [FIELD_AYON_ID]: ayonProject.name, [FIELD_SYNC_STATUS]: "Synced" }));
  const linked = ayonProject.attrib?.shotgridId === String(sgProject.id) && ayonProject.attrib?.shotgridType === "Project";
  if (!linked) await deps.ayon.updateProject(name, { attrib: identityAttrib("Project", sgProject.id) });
  return { sgProjectId: sgProject.id, created: existing === null };
}
