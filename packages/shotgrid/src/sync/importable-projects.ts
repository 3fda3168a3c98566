/**
 * The list the addon's settings page shows (action `list-importable-projects`): every ShotGrid project with
 * its AYON counterpart when it has one. The page lets the user edit the AYON name and code before importing,
 * so a project is refused here only when it cannot become an AYON project at all: already imported, or a
 * name with nothing an AYON project name can use. Nothing secret goes into the answer.
 */
import type { AddonSettings, AyonClient } from "@ayon-sg/core";
import type { ShotgridClient } from "../client/index.js";
import { AyonProjectLinks } from "../linked-projects.js";
import { parseShotgridSettings } from "../settings.js";
import { FIELD_AUTO_SYNC, FIELD_AYON_ID } from "./identity.js";
import { slugifyName } from "./naming.js";

/** One row of the page's list; the shape is the page's contract (ayon-addon frontend api.ts). */
export interface ImportableProject {
  shotgridId: number;
  name: string;
  code: string | null;
  autoSync: boolean;
  /** The AYON project it is imported as, null when it is not. */
  ayonProject: string | null;
  importable: boolean;
  reason?: string;
}

export interface ImportableProjectsDeps {
  ayon: AyonClient;
  sg: ShotgridClient;
  settings: AddonSettings;
}

export async function listImportableProjects(deps: ImportableProjectsDeps): Promise<ImportableProject[]> {
  const settings = parseShotgridSettings(deps.settings.studio);
  const codeField = settings.shotgrid_project_code_field;
  const [records, ayonProjects, linkedBySgId] = await Promise.all([
    deps.sg.searchAll("Project", { fields: [...new Set(["name", codeField, FIELD_AYON_ID, FIELD_AUTO_SYNC, "is_template"])], sort: "name" }),
    deps.ayon.listProjects(),
    new AyonProjectLinks(deps.ayon).bySgProjectId(),
  ]);
  const ayonNames = new Map(ayonProjects.map((p) => [p.name.toLowerCase(), p.name]));
  const out: ImportableProject[] = [];
  for (const record of records) {
    if (record.is_template === true) continue;
    const name = typeof record.name === "string" ? record.name : "";
    const code = typeof record[codeField] === "string" && record[codeField] !== "" ? (record[codeField] as string) : null;
    // Linked by attrib.shotgridId; a Python-era link lives only in the ShotGrid Project's sg_ayon_id.
    const byAyonId = typeof record[FIELD_AYON_ID] === "string" ? ayonNames.get((record[FIELD_AYON_ID] as string).toLowerCase()) : undefined;
    const ayonProject = linkedBySgId.get(record.id) ?? byAyonId ?? null;
    const row: ImportableProject = { shotgridId: record.id, name, code, autoSync: record[FIELD_AUTO_SYNC] === true, ayonProject, importable: true };
    if (ayonProject !== null) {
      row.importable = false;
      row.reason = `already imported as ${ayonProject}`;
    } else if (slugifyName(name) === null) {
      row.importable = false;
      row.reason = "its name has no letters or digits an AYON project name could use";
    }
    out.push(row);
  }
  return out;
}
