/**
 * Everything a sync needs about one project, loaded once per job: the addon settings as AYON resolves them
 * for the project, the AYON project (anatomy and attributes), the linked ShotGrid Project (its navchains),
 * the synced entity types and the Pipeline Steps. ProjectContextCache keeps contexts for a short while, so
 * the incremental handler does not reload them on every event.
 */
import type { AddonSettings, AyonClient, Project } from "@ayon-sg/core";
import { ShotgridHttpError, type ShotgridClient, type ShotgridRecord } from "../client/index.js";
import { parseShotgridId } from "../linked-projects.js";
import { parseShotgridSettings, type ShotgridSettings } from "../settings.js";
import { parseNavchains, HIERARCHY_ENTITY_TYPES, type MappingOptions, type Navchains, type PipelineStep } from "./hierarchy.js";
import { folderLayoutOf } from "./folder-layout.js";
import { FIELD_AUTO_SYNC, FIELD_AYON_ID, FIELD_SYNC_STATUS } from "./identity.js";
import { FieldMap } from "../mapping/attrib-map.js";
import { mapRecordFields, type MappedFields } from "../mapping/fields.js";
import { loadUsersMap } from "../mapping/users-load.js";
import type { UsersMap } from "../mapping/users.js";

/** The linked ShotGrid Project, as a sync reads it. */
export interface ShotgridProjectInfo {
  id: number;
  name: string | null;
  /** Value of the settings' project code field. */
  code: string | null;
  sgAyonId: string | null;
  syncStatus: string | null;
  autoSync: boolean;
  trackingSettings: unknown;
  /** The Project's mapped fields (its tags and the attributes mapped for Project); null when not read. */
  fields?: MappedFields | null;
}

export interface ProjectContext {
  readonly ayonProjectName: string;
  readonly settings: ShotgridSettings;
  readonly ayonProject: Project;
  readonly sgProject: ShotgridProjectInfo;
  readonly navchains: Navchains;
  /** Hierarchy types this project syncs (Episode, Sequence, Scene, Shot, Asset, Task per the settings). */
  readonly enabledTypes: ReadonlySet<string>;
  readonly steps: ReadonlyMap<number, PipelineStep>;
  /** Date.now() when loaded. */
  readonly loadedAt: number;
  /** What hierarchy.ts needs to map records of this project. */
  readonly mapping: MappingOptions;
  /** The mapped fields (custom_attribs_map restricted to the attributes AYON has, tags, assignees). */
  readonly fieldMap: FieldMap;
  /** Mapped AYON attributes AYON does not have (left out). */
  readonly unknownAttributes: readonly string[];
  /** The ShotGrid → AYON users map, read on first use and kept with the context. */
  readonly users: () => Promise<UsersMap>;
}

/** A context, or the reason a sync of this project is skipped (not an error: nothing to do). */
export type ProjectContextResult = { ok: true; context: ProjectContext } | { ok: false; reason: string };

export interface ProjectContextDeps {
  ayon: AyonClient;
  sg: ShotgridClient;
  settings: AddonSettings;
}

/** Project fields read for a sync (plus the mapped ones the field map asks for). */
export function projectFields(codeField: string, fieldMap?: FieldMap): string[] {
  return [...new Set(["name", codeField, "tracking_settings", FIELD_AYON_ID, FIELD_SYNC_STATUS, FIELD_AUTO_SYNC, ...(fieldMap?.readFields("Project") ?? [])])];
}

/**
 * Loads the context of AYON project `name`. Skips (ok: false) when the AYON project does not exist or is
 * linked to no ShotGrid Project. The ShotGrid Project is found by the AYON project's `attrib.shotgridId`,
 * else by a ShotGrid Project whose `sg_ayon_id` names the AYON project (how the Python addon linked them).
 * Settings problems throw ShotgridSettingsError; ShotGrid/AYON failures throw their client errors.
 */
export async function loadProjectContext(deps: ProjectContextDeps, name: string, now: () => number = Date.now): Promise<ProjectContextResult> {
  const [rawSettings, ayonProject] = await Promise.all([deps.settings.forProject(name), deps.ayon.getProject(name)]);
  const settings = parseShotgridSettings(rawSettings);
  if (!ayonProject) {
    return { ok: false, reason: `the AYON project '${name}' does not exist; import it from ShotGrid first (create-project)` };
  }
  const codeField = settings.shotgrid_project_code_field;
  // The attribute list is read only when something is mapped (tags and assignees need no attribute).
  const configured = FieldMap.fromRows(settings.compatibility_settings.custom_attribs_map);
  const restricted = configured.size > 0 ? configured.withAyonAttributes(await deps.ayon.listAttributes()) : { map: configured, unknown: [] };
  const fieldMap = restricted.map;
  const [record, steps] = await Promise.all([findShotgridProject(deps.sg, ayonProject, codeField, fieldMap), loadSteps(deps.sg)]);
  if (!record) {
    const linkedId = parseShotgridId(ayonProject.attrib?.shotgridId);
    const reason = linkedId !== null
      ? `the AYON project '${ayonProject.name}' is linked to ShotGrid project ${linkedId}, which ShotGrid does not have (deleted or archived?)`
      : `the AYON project '${ayonProject.name}' is not linked to a ShotGrid project (no shotgridId attribute, no ShotGrid Project with sg_ayon_id '${ayonProject.name}')`;
    return { ok: false, reason };
  }
  const sgProject = { ...toProjectInfo(record, codeField), fields: mapRecordFields(record, fieldMap) };
  const enabled = new Set<string>(settings.compatibility_settings.shotgrid_enabled_entities);
  const enabledTypes = new Set<string>(HIERARCHY_ENTITY_TYPES.filter((t) => enabled.has(t)));
  const navchains = parseNavchains(sgProject.trackingSettings);
  const context: ProjectContext = {
    ayonProjectName: ayonProject.name,
    settings,
    ayonProject,
    sgProject,
    navchains,
    enabledTypes,
    steps,
    loadedAt: now(),
    mapping: {
      navchains,
      steps,
      defaultTaskType: settings.compatibility_settings.default_task_type,
      enabledTypes,
      folderLayout: folderLayoutOf(settings.compatibility_settings.folder_parenting),
      fieldMap,
    },
    fieldMap,
    unknownAttributes: restricted.unknown,
    users: memo(() => loadUsersMap(deps.ayon, deps.sg)),
  };
  return { ok: true, context };
}

/** The ShotGrid Project an AYON project is linked to, or null. */
export async function findShotgridProject(sg: ShotgridClient, ayonProject: Project, codeField: string, fieldMap?: FieldMap): Promise<ShotgridRecord | null> {
  const fields = projectFields(codeField, fieldMap);
  const sgId = parseShotgridId(ayonProject.attrib?.shotgridId);
  if (sgId !== null) {
    const byId = await sg.findOne("Project", { filters: [["id", "is", sgId]], fields });
    if (byId) return byId;
  }
  try {
    return await sg.findOne("Project", { filters: [[FIELD_AYON_ID, "is", ayonProject.name]], fields, sort: "id" });
  } catch (error) {
    // A site without the sg_ayon_id field (never set up) refuses the filter: then nothing is linked by it.
    if (error instanceof ShotgridHttpError && error.status === 400) return null;
    throw error;
  }
}

/** Every Pipeline Step of the site (a small, site-wide list). */
export async function loadSteps(sg: ShotgridClient): Promise<Map<number, PipelineStep>> {
  const records = await sg.searchAll("Step", { fields: ["code", "short_name", "entity_type"], sort: "id", pageSize: 5000 });
  const steps = new Map<number, PipelineStep>();
  for (const r of records) {
    steps.set(r.id, {
      id: r.id,
      code: typeof r.code === "string" ? r.code : "",
      shortName: typeof r.short_name === "string" && r.short_name !== "" ? r.short_name : null,
      entityType: typeof r.entity_type === "string" ? r.entity_type : null,
    });
  }
  return steps;
}

export function toProjectInfo(record: ShotgridRecord, codeField: string): ShotgridProjectInfo {
  const text = (value: unknown) => (typeof value === "string" && value.trim() !== "" ? value.trim() : null);
  return {
    id: record.id,
    name: text(record.name),
    code: text(record[codeField]),
    sgAyonId: text(record[FIELD_AYON_ID]),
    syncStatus: text(record[FIELD_SYNC_STATUS]),
    autoSync: record[FIELD_AUTO_SYNC] === true,
    trackingSettings: record.tracking_settings ?? null,
  };
}

/**
 * Contexts by AYON project name for `ttlMs` (default 60 s), so a burst of incremental events loads the
 * project once. Concurrent gets of one project share one load; failed loads and skips are not cached.
 */
export class ProjectContextCache {
  readonly #deps: ProjectContextDeps;
  readonly #ttlMs: number;
  readonly #now: () => number;
  readonly #entries = new Map<string, { at: number; value: Promise<ProjectContextResult> }>();

  constructor(deps: ProjectContextDeps, options: { ttlMs?: number; now?: () => number } = {}) {
    this.#deps = deps;
    this.#ttlMs = options.ttlMs ?? 60_000;
    this.#now = options.now ?? Date.now;
  }

  get(name: string): Promise<ProjectContextResult> {
    const key = name.toLowerCase();
    const entry = this.#entries.get(key);
    if (entry && this.#now() - entry.at < this.#ttlMs) return entry.value;
    const value = loadProjectContext(this.#deps, name, this.#now).then(
      (result) => {
        if (!result.ok) this.#entries.delete(key);
        return result;
      },
      (error: unknown) => {
        this.#entries.delete(key);
        throw error;
      },
    );
    this.#entries.set(key, { at: this.#now(), value });
    return value;
  }

  /** Forget a project (after an import, an anatomy change, a settings change...). */
  invalidate(name?: string): void {
    if (name === undefined) this.#entries.clear();
    else this.#entries.delete(name.toLowerCase());
  }
}

/** Runs `load` once, on first call; a failed load is tried again on the next call. */
function memo<T>(load: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | null = null;
  return () => {
    value ??= load().catch((error: unknown) => {
      value = null;
      throw error;
    });
    return value;
  };
}

/**
 * The project context cache of a plugin's jobs, made on first use with the clients of the first job (they are
 * runtime-wide services) and kept for the runtime's life: a plugin's service holds one (the runtime makes a handler
 * per job, a service once), so a burst of events costs no reload.
 */
export class SharedProjectContexts {
  #cache: ProjectContextCache | null = null;

  cacheFor(deps: ProjectContextDeps, ttlMs: number): ProjectContextCache {
    this.#cache ??= new ProjectContextCache(deps, { ttlMs });
    return this.#cache;
  }
}
