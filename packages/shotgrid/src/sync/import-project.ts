/**
 * Importing a ShotGrid project into AYON (the `create-project` action, ynput/ayon-shotgrid
 * services/shotgrid_common/ayon_shotgrid_hub/__init__.py create_project): validate the AYON name and code, make sure
 * the AYON attributes and the ShotGrid fields exist, create the AYON project with the configured anatomy preset (unless
 * it exists and is this project's), link both sides, and run the full sync. Every step checks before it writes, so
 * importing twice changes nothing.
 *
 * Fixed from the Python addon: the ShotGrid fields exist before anything is written to them (the Python
 * addon's create-project wrote them first); no field that is never created is written (PR #13); an AYON project linked
 * to another ShotGrid project is refused instead of being silently taken over.
 */
import { AyonHttpError, InvalidEventError, type AddonSettings, type AyonClient, type Logger } from "@ayon-sg/core";
import type { ShotgridClient, ShotgridRecord } from "../client/index.js";
import { parseShotgridId } from "../linked-projects.js";
import { parseShotgridSettings } from "../settings.js";
import { runFullSync, type FullSyncOptions, type FullSyncSummary } from "./full-sync.js";
import { HIERARCHY_ENTITY_TYPES } from "./hierarchy.js";
import { ATTRIB_SHOTGRID_ID, ATTRIB_SHOTGRID_TYPE, FIELD_AYON_ID, FIELD_PROJECT_CODE, FIELD_SERVER_URL } from "./identity.js";
import { loadProjectContext, projectFields } from "./project-context.js";
import { ensureShotgridFields, requireAyonAttributes } from "./setup.js";

/** AYON project names: the name becomes a Postgres schema `project_<name>` (ayon-backend ayon_server/types.py). */
const PROJECT_NAME = /^[a-zA-Z0-9_]+$/;
const PROJECT_CODE = /^[a-zA-Z0-9_]+$/;
/** Postgres identifiers hold 63 bytes and AYON prefixes `project_` (8); ayon-backend's PROJECT_NAME_REGEX sets no length. */
export const MAX_PROJECT_NAME_LENGTH = 55;
/** ayon-backend's PROJECT_CODE_REGEX sets no length; codes are short by nature and end up in file names. */
export const MAX_PROJECT_CODE_LENGTH = 64;

/** Why `name` cannot be an AYON project name, or null. */
export function projectNameProblem(name: unknown): string | null {
  if (typeof name !== "string" || name === "") return "the AYON project name is missing";
  if (!PROJECT_NAME.test(name)) return `the AYON project name '${name}' may contain only letters, digits and underscores`;
  if (name.length > MAX_PROJECT_NAME_LENGTH) return `the AYON project name '${name}' is longer than ${MAX_PROJECT_NAME_LENGTH} characters`;
  return null;
}

/** Why `code` cannot be an AYON project code, or null. */
export function projectCodeProblem(code: unknown): string | null {
  if (typeof code !== "string" || code === "") return "the AYON project code is missing";
  if (!PROJECT_CODE.test(code)) return `the AYON project code '${code}' may contain only letters, digits and underscores`;
  if (code.length > MAX_PROJECT_CODE_LENGTH) return `the AYON project code '${code}' is longer than ${MAX_PROJECT_CODE_LENGTH} characters`;
  return null;
}

export interface ImportProjectRequest {
  projectName: string;
  projectCode: string;
  /** The ShotGrid Project: by id, else by name. */
  sgProjectId?: number;
  sgProjectName?: string;
  /**
   * Take over an AYON project that exists and is not linked to this ShotGrid project yet (one made by hand or by
   * the Python addon). Without it such a project is refused: an import never joins a production project by name.
   */
  adopt?: boolean;
}

export interface ImportProjectDeps {
  ayon: AyonClient;
  sg: ShotgridClient;
  settings: AddonSettings;
  logger: Logger;
}

export type ImportOutcome =
  | { kind: "skipped"; reason: string }
  | { kind: "done"; created: boolean; shotgridProjectId: number; summary: FullSyncSummary };

export async function importProject(deps: ImportProjectDeps, request: ImportProjectRequest, options: FullSyncOptions = {}): Promise<ImportOutcome> {
  const { ayon, sg, logger } = deps;
  const problem = projectNameProblem(request.projectName) ?? projectCodeProblem(request.projectCode);
  if (problem) throw new InvalidEventError(`Cannot import: ${problem}.`);
  const name = request.projectName;
  const progress = options.progress ?? (() => undefined);
  // The project has no settings of its own yet: the studio level applies.
  const settings = parseShotgridSettings(deps.settings.studio);
  const codeField = settings.shotgrid_project_code_field;

  progress(0, "Looking up the ShotGrid project");
  const sgProject = await findShotgridProjectToImport(sg, request, codeField);
  if (!sgProject) {
    const which = request.sgProjectId !== undefined ? `id ${request.sgProjectId}` : `named '${request.sgProjectName ?? name}'`;
    return { kind: "skipped", reason: `there is no ShotGrid project ${which}` };
  }
  const linkedName = typeof sgProject[FIELD_AYON_ID] === "string" ? (sgProject[FIELD_AYON_ID] as string) : "";
  if (linkedName !== "" && linkedName.toLowerCase() !== name.toLowerCase() && (await ayon.getProject(linkedName))) {
    throw new InvalidEventError(`Cannot import: ShotGrid project ${sgProject.id} is already imported as the AYON project '${linkedName}'.`);
  }

  await requireAyonAttributes(ayon);
  const created = await ensureAyonProject(ayon, name, request.projectCode, settings.anatomy_preset, sgProject.id, request.adopt === true);
  if (created) logger.info(`created the AYON project ${name}`, { project: name, shotgridProjectId: sgProject.id });

  const enabled = new Set<string>(settings.compatibility_settings.shotgrid_enabled_entities);
  await ensureShotgridFields(sg, ["Project", ...HIERARCHY_ENTITY_TYPES.filter((t) => enabled.has(t))]);
  await linkBothSides(deps, name, request.projectCode, sgProject);

  const context = await loadProjectContext(deps, name);
  if (!context.ok) throw new Error(`the AYON project ${name} was linked but cannot be read back: ${context.reason}`);
  const summary = await runFullSync(deps, context.context, {
    ...options,
    progress: (percent, message) => progress(5 + Math.round(percent * 0.95), message),
  });
  return { kind: "done", created, shotgridProjectId: sgProject.id, summary };
}

async function findShotgridProjectToImport(sg: ShotgridClient, request: ImportProjectRequest, codeField: string): Promise<ShotgridRecord | null> {
  const fields = [...projectFields(codeField), FIELD_PROJECT_CODE, FIELD_SERVER_URL];
  if (request.sgProjectId !== undefined) return sg.findOne("Project", { filters: [["id", "is", request.sgProjectId]], fields });
  return sg.findOne("Project", { filters: [["name", "is", request.sgProjectName ?? request.projectName]], fields, sort: "id" });
}

/**
 * Creates the AYON project, or accepts an existing one already linked to this ShotGrid project (importing again) or,
 * with `adopt`, one not linked to any ShotGrid project yet.
 */
async function ensureAyonProject(ayon: AyonClient, name: string, code: string, preset: string, sgProjectId: number, adopt: boolean): Promise<boolean> {
  const existing = await ayon.getProject(name);
  if (existing) {
    const linked = parseShotgridId(existing.attrib?.[ATTRIB_SHOTGRID_ID]);
    if (linked !== null && linked !== sgProjectId) {
      throw new InvalidEventError(`Cannot import: the AYON project '${existing.name}' is already linked to ShotGrid project ${linked}.`);
    }
    if (linked === null && !adopt) throw new InvalidEventError(existingProjectRefusal(existing.name, sgProjectId));
    return false;
  }
  try {
    // "_" means the server's own default (the primary preset, else the built-in one).
    await ayon.createProject({ name, code, ...(preset && preset !== "_" ? { anatomyPreset: preset } : {}) });
    return true;
  } catch (error) {
    if (error instanceof AyonHttpError && error.status === 409) {
      throw new InvalidEventError(`Cannot import: AYON already has a project named '${name}' or with the code '${code}'.`, { cause: error });
    }
    if (error instanceof AyonHttpError && error.status === 404) {
      throw new InvalidEventError(`Cannot import: the anatomy preset '${preset}' (addon setting anatomy_preset) does not exist in AYON.`, { cause: error });
    }
    throw error;
  }
}

/** The sentence for an existing, unlinked AYON project imported without `adopt: true`. */
export function existingProjectRefusal(ayonName: string, sgProjectId: number): string {
  return `Cannot import: the AYON project '${ayonName}' already exists and is not linked to ShotGrid project ${sgProjectId}; to take it over, ask again with adopt: true.`;
}

/** AYON project → ShotGrid id; ShotGrid Project → AYON name, code and server. Only what differs is written. */
async function linkBothSides(deps: ImportProjectDeps, name: string, code: string, sgProject: ShotgridRecord): Promise<void> {
  const ayonProject = await deps.ayon.getProject(name);
  const attrib = ayonProject?.attrib ?? {};
  if (attrib[ATTRIB_SHOTGRID_ID] !== String(sgProject.id) || attrib[ATTRIB_SHOTGRID_TYPE] !== "Project") {
    await deps.ayon.updateProject(name, { attrib: { [ATTRIB_SHOTGRID_ID]: String(sgProject.id), [ATTRIB_SHOTGRID_TYPE]: "Project" } });
  }
  const wanted: Record<string, string> = { [FIELD_AYON_ID]: name, [FIELD_PROJECT_CODE]: code, [FIELD_SERVER_URL]: deps.ayon.serverUrl };
  const changes = Object.fromEntries(Object.entries(wanted).filter(([field, value]) => sgProject[field] !== value));
  if (Object.keys(changes).length > 0) await deps.sg.update("Project", sgProject.id, changes);
}
