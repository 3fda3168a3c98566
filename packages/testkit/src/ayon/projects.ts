// Projects (ayon-backend api/projects/): list, get (case-insensitive name), deploy (POST), low-level create (PUT),
// PATCH with merge semantics and entity.project.* events, DELETE, anatomy view, stats, and anatomy presets.
import { emptyReply, jsonReply } from "../http/index.js";
import { anatomyToParts, builtinAnatomy, partsToAnatomy, validateAnatomy } from "./anatomy.js";
import { AttribValueError, cleanAttrib, mergeAttrib, projectAttrib } from "./attrib-values.js";
import { AyonError, conflict, forbidden, modelRegexError, notFound, requestValidationError, UnhandledServerError, type ValidationIssue } from "./errors.js";
import { dispatchEvent } from "./events.js";
import { COLOR_REGEX, LABEL_REGEX, NAME_REGEX, PROJECT_CODE_REGEX, PROJECT_NAME_REGEX } from "./naming.js";
import { projectFromPath } from "./operations.js";
import { ProjectState, type ProjectFields } from "./project-store.js";
import { isoTime, type AyonRequest, type AyonRoutes } from "./request.js";
import type { AyonState } from "./state.js";
import { Transaction } from "./transaction.js";
import type { JsonObject } from "./types.js";
import { coerceBool, isPlainObject, validateParam, type Schema } from "./validation.js";
import { projectPatch, type ProjectPatchInput } from "./project-patch.js";
import { projectConfig } from "./project-config.js";
import { jsonbKeyCompare, jsonbOrder } from "./jsonb-order.js";

/** ayon-backend ayon_server/entities/project.py (ProjectEntity model, exclude-none): fields in model order. */
/**
 * The stored config in jsonb key order, except productBaseTypes' default and definitions, which the read
 * rebuilds through their models (api/projects/projects.py, settings/anatomy/product_base_types.py
 * enrich_project_config_with_product_base_types).
 */
function servedConfig(config: JsonObject): JsonObject {
  const built = projectConfig(config);
  const out = jsonbOrder(built);
  const types = built.productBaseTypes;
  const served = out.productBaseTypes;
  if (isPlainObject(types) && isPlainObject(served)) for (const key of ["default", "definitions"]) if (key in types) served[key] = types[key]!;
  return out;
}

export function projectModel(state: AyonState, p: ProjectState): JsonObject {
  const attrib = projectAttrib(state.attributes, p);
  const model: JsonObject = {
    name: p.name,
    code: p.code,
    label: p.label,
    library: p.library,
    folderTypes: structuredClone(p.folderTypes),
    taskTypes: structuredClone(p.taskTypes),
    linkTypes: structuredClone(p.linkTypes),
    statuses: structuredClone(p.statuses),
    tags: structuredClone(p.tags),
    // config, data and the stored attrib keys are jsonb (attrib itself follows the attribute model).
    config: servedConfig(p.config),
    attrib,
    data: jsonbOrder(structuredClone(p.data)),
    active: p.active,
    ownAttrib: Object.keys(attrib).sort(jsonbKeyCompare),
    createdAt: isoTime(p.createdAt),
    updatedAt: isoTime(p.updatedAt),
  };
  if (model.label === null) delete model.label; // exclude none
  return model;
}

function listItem(p: ProjectState): JsonObject {
  return {
    name: p.name,
    code: p.code,
    label: p.label,
    color: p.color,
    active: p.active,
    library: p.library,
    skeleton: p.skeleton,
    pinned: false,
    projectFolder: null,
    createdAt: isoTime(p.createdAt),
    updatedAt: isoTime(p.updatedAt),
  };
}

function cleanProjectAttrib(state: AyonState, raw: JsonObject): JsonObject {
  try {
    return cleanAttrib(state.attributes, "project", raw);
  } catch (err) {
    if (err instanceof AttribValueError) throw new AyonError(400, `Invalid attribute value: ${err.message}`);
    throw err;
  }
}

/** ayon-backend api/projects/deploy.py: a project with that name or code exists → 409 naming the existing one. */
function checkUnique(state: AyonState, name: string, code: string): void {
  for (const p of state.projects.values()) {
    if (p.name.toLowerCase() === name.toLowerCase() || p.code.toLowerCase() === code.toLowerCase()) {
      throw conflict(`Project ${p.name} (${p.code}) already exists`);
    }
  }
}

/**
 * ayon-backend helpers/deploy_project.py builds the ProjectEntity model (name NAME_REGEX, code and then the
 * schema name PROJECT_NAME_REGEX, entities/models/fields.py) outside any handler: a bad value is a 500.
 */
function checkProjectModel(name: string, code: string, label: string | null | undefined): void {
  const failures: Array<{ field: string; pattern: string }> = [];
  if (!NAME_REGEX.test(name)) failures.push({ field: "name", pattern: NAME_REGEX.source });
  if (!PROJECT_CODE_REGEX.test(code)) failures.push({ field: "code", pattern: PROJECT_CODE_REGEX.source });
  if (typeof label === "string" && !LABEL_REGEX.test(label)) failures.push({ field: "label", pattern: LABEL_REGEX.source });
  if (failures.length) throw modelRegexError("ProjectModel", failures);
  // A name the model accepts but PostgreSQL refuses as a schema name fails inside the transaction.
  if (!PROJECT_NAME_REGEX.test(name)) {
    throw new UnhandledServerError("asyncpg.exceptions.InFailedSQLTransactionError: current transaction is aborted, commands ignored until end of transaction block");
  }
}

function createProject(req: AyonRequest, fields: ProjectFields): void {
  const { state } = req;
  state.projects.set(fields.name.toLowerCase(), new ProjectState(fields));
  dispatchEvent(state, {
    topic: "entity.project.created",
    project: fields.name,
    description: `Created project ${fields.name}`,
    sender: req.sender,
    senderType: req.senderType,
    user: req.principal.user.name,
  });
}

function presetAnatomy(state: AyonState, name: string | undefined): JsonObject {
  if (name === undefined) {
    const primary = [...state.anatomyPresets.values()].find((p) => p.primary);
    return structuredClone(primary?.anatomy ?? builtinAnatomy());
  }
  if (name === "__builtin__" || name === "_") return builtinAnatomy();
  if (name === "__primary__") return presetAnatomy(state, undefined);
  const preset = state.anatomyPresets.get(name);
  if (!preset) throw notFound(`Anatomy preset ${name} not found`);
  return structuredClone(preset.anatomy);
}

// ayon-backend api/projects/deploy.py DeployProjectRequestModel: name, code and label carry no pattern;
// the project model checks them later (see checkProjectModel).
const DEPLOY_SCHEMA: Schema = {
  name: { type: "string", required: true },
  code: { type: "string", required: true },
  label: { type: "string", nullable: true },
  color: { type: "string", nullable: true, regex: COLOR_REGEX },
  anatomy: { type: "object", nullable: true },
  anatomyPreset: { type: "string", nullable: true },
  library: { type: "bool", default: false },
  assignUsers: { type: "bool", default: true },
  skeleton: { type: "bool", default: false },
};

export function registerProjectRoutes(routes: AyonRoutes): void {
  routes.get("/api/projects", (req) => {
    void req.principal;
    let list = [...req.state.projects.values()];
    const library = req.query("library");
    if (library !== undefined) list = list.filter((p) => p.library === coerceBool(library));
    const active = req.query("active");
    if (active !== undefined) list = list.filter((p) => p.active === coerceBool(active));
    const name = req.query("name");
    if (name) {
      const re = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/%/g, ".*").replace(/_/g, ".")}$`, "i");
      list = list.filter((p) => re.test(p.name));
    }
    const order = req.query("order") ?? "name";
    const key = (p: ProjectState): string | number => (order === "createdAt" ? p.createdAt : order === "updatedAt" ? p.updatedAt : p.name.toLowerCase());
    list.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
    if (coerceBool(req.query("desc") ?? "false")) list.reverse();
    const count = list.length;
    const length = Number(req.query("length") ?? 0);
    const page = Math.max(1, Number(req.query("page") ?? 1));
    if (length > 0) list = list.slice((page - 1) * length, page * length);
    // ayon-backend api/projects/list_projects.py: the count comes from the page's rows (0 when it is empty).
    if (list.length === 0) return jsonReply({ detail: "No projects", count: 0, projects: [] });
    return jsonReply({ detail: `Showing ${list.length} of ${count} projects`, count, projects: list.map(listItem) });
  });

  routes.get("/api/projects/{projectName}", (req) => {
    void req.principal;
    return jsonReply(projectModel(req.state, projectFromPath(req)));
  });

  routes.post("/api/projects", async (req) => {
    const caller = req.principal;
    const body = await req.body(DEPLOY_SCHEMA);
    if (body.anatomy) {
      const issues: ValidationIssue[] = [];
      validateAnatomy(body.anatomy, ["body", "anatomy"], issues);
      if (issues.length) throw requestValidationError(req.http.method, req.http.path, issues);
    }
    if (!caller.isManager) throw forbidden("You are not allowed to create projects");
    const name = body.name as string;
    const code = body.code as string;
    checkUnique(req.state, name, code);
    checkProjectModel(name, code, body.label as string | null | undefined);
    const anatomy = (body.anatomy as JsonObject | null | undefined) ?? presetAnatomy(req.state, (body.anatomyPreset as string | null | undefined) ?? undefined);
    const parts = anatomyToParts(anatomy);
    const now = req.state.now();
    createProject(req, {
      name,
      code,
      label: (body.label as string | null | undefined) ?? null,
      color: (body.color as string | null | undefined) ?? null,
      library: body.library as boolean,
      active: true,
      skeleton: body.skeleton as boolean,
      folderTypes: parts.folderTypes,
      taskTypes: parts.taskTypes,
      statuses: parts.statuses,
      tags: parts.tags,
      linkTypes: parts.linkTypes,
      config: parts.config,
      attrib: mergeAttrib({}, cleanProjectAttrib(req.state, parts.attributes)),
      data: {},
      createdAt: now,
      updatedAt: now,
    });
    return jsonReply(null, 201);
  });

  routes.put("/api/projects/{projectName}", async (req) => {
    const caller = req.principal;
    const name = validateParam("project_name", "path", req.params.projectName!, /^[a-zA-Z0-9_]*$/, req.vctx);
    const body = await req.body({
      code: { type: "string", required: true, regex: PROJECT_CODE_REGEX },
      label: { type: "string", nullable: true, regex: LABEL_REGEX },
      library: { type: "bool", default: false },
      active: { type: "bool", default: true },
      folderTypes: { type: "array", default: [] },
      taskTypes: { type: "array", default: [] },
      statuses: { type: "array", default: [] },
      tags: { type: "array", default: [] },
      linkTypes: { type: "array", default: [] },
      config: { type: "object", default: {} },
      attrib: { type: "object", default: {} },
      data: { type: "object", default: {} },
    });
    if (!caller.isManager) throw forbidden("You are not allowed to create projects");
    if (req.state.project(name)) throw conflict(`Project ${name} already exists`);
    checkUnique(req.state, name, body.code as string);
    for (const key of ["folderTypes", "taskTypes", "statuses"]) {
      if ((body[key] as unknown[]).length === 0) throw new AyonError(500, `AssertionError: ${key} must not be empty`);
    }
    const parts = anatomyToParts({
      folder_types: body.folderTypes as unknown[],
      task_types: body.taskTypes as unknown[],
      statuses: body.statuses as unknown[],
      tags: body.tags as unknown[],
      link_types: (body.linkTypes as JsonObject[]).map((l) => ({
        link_type: l.linkType ?? l.link_type,
        input_type: l.inputType ?? l.input_type,
        output_type: l.outputType ?? l.output_type,
        ...(isPlainObject(l.data) ? l.data : {}),
      })),
    });
    const now = req.state.now();
    createProject(req, {
      name,
      code: body.code as string,
      label: (body.label as string | null | undefined) ?? null,
      color: null,
      library: body.library as boolean,
      active: body.active as boolean,
      skeleton: false,
      folderTypes: parts.folderTypes,
      taskTypes: parts.taskTypes,
      statuses: parts.statuses,
      tags: parts.tags,
      linkTypes: parts.linkTypes,
      config: body.config as JsonObject,
      attrib: mergeAttrib({}, cleanProjectAttrib(req.state, body.attrib as JsonObject)),
      data: body.data as JsonObject,
      createdAt: now,
      updatedAt: now,
    });
    return jsonReply(null, 201);
  });

  routes.patch("/api/projects/{projectName}", async (req) => {
    const caller = req.principal;
    const body = await req.body({
      code: { type: "string", regex: PROJECT_CODE_REGEX },
      label: { type: "string", nullable: true, regex: LABEL_REGEX },
      library: { type: "bool" },
      active: { type: "bool" },
      folderTypes: { type: "array" },
      taskTypes: { type: "array" },
      statuses: { type: "array" },
      tags: { type: "array" },
      linkTypes: { type: "array" },
      config: { type: "object" },
      attrib: { type: "object" },
      data: { type: "object" },
    });
    if (!caller.isManager) throw forbidden("You are not allowed to modify projects");
    const project = projectFromPath(req);
    const input: ProjectPatchInput = { ...body };
    if (body.attrib) input.attrib = cleanProjectAttrib(req.state, body.attrib as JsonObject);
    applyProjectPatch(req, project, input);
    return emptyReply(204);
  });

  routes.delete("/api/projects/{projectName}", (req) => {
    const caller = req.principal;
    if (!caller.isManager) throw forbidden("You are not allowed to delete projects");
    const project = projectFromPath(req);
    req.state.projects.delete(project.name.toLowerCase());
    dispatchEvent(req.state, {
      topic: "entity.project.deleted",
      project: project.name,
      description: `Deleted project ${project.name}`,
      sender: req.sender,
      senderType: req.senderType,
      user: caller.user.name,
    });
    return emptyReply(204);
  });

  routes.get("/api/projects/{projectName}/anatomy", (req) => {
    void req.principal;
    const project = projectFromPath(req);
    return jsonReply(partsToAnatomy(project, projectAttrib(req.state.attributes, project)));
  });

  routes.post("/api/projects/{projectName}/anatomy", async (req) => {
    const caller = req.principal;
    const raw = await req.json();
    const issues: ValidationIssue[] = [];
    validateAnatomy(raw, ["body"], issues);
    if (issues.length) throw requestValidationError(req.http.method, req.http.path, issues);
    if (!caller.isManager) throw forbidden("You are not allowed to modify projects");
    const project = projectFromPath(req);
    const parts = anatomyToParts(raw as JsonObject);
    const renamesOf = (key: string) => ((raw as JsonObject)[key] as JsonObject[] | undefined)?.map((r) => r.original_name) ?? [];
    applyProjectPatch(req, project, {
      folderTypes: parts.folderTypes.map((t, i) => ({ ...t, original_name: renamesOf("folder_types")[i] })),
      taskTypes: parts.taskTypes.map((t, i) => ({ ...t, original_name: renamesOf("task_types")[i] })),
      statuses: parts.statuses.map((t, i) => ({ ...t, original_name: renamesOf("statuses")[i] })),
      tags: parts.tags,
      linkTypes: parts.linkTypes,
      config: parts.config,
      attrib: cleanProjectAttrib(req.state, parts.attributes),
      replaceConfig: true,
    });
    return emptyReply(204);
  });

  routes.get("/api/projects/{projectName}/stats", (req) => {
    void req.principal;
    const project = projectFromPath(req);
    return jsonReply({ counts: { folders: project.folders.size, products: 0, versions: 0, representations: 0, tasks: project.tasks.size } });
  });

  registerPresetRoutes(routes);
}

/** Applies a patch in a transaction (a type still in use makes it fail whole) and dispatches events. */
function applyProjectPatch(req: AyonRequest, project: ProjectState, input: ProjectPatchInput): void {
  const tx = new Transaction();
  try {
    const events = projectPatch(req.state, project, input, tx);
    tx.commit();
    for (const event of events) {
      dispatchEvent(req.state, { ...event, sender: req.sender, senderType: req.senderType, user: req.principal.user.name });
    }
  } catch (err) {
    tx.rollback();
    throw err;
  }
}

function registerPresetRoutes(routes: AyonRoutes): void {
  routes.get("/api/anatomy/presets", (req) => {
    void req.principal;
    const presets = [...req.state.anatomyPresets.entries()].map(([name, p]) => ({ name, primary: p.primary, version: "1.0.0" }));
    return jsonReply({ version: "1.0.0", presets });
  });

  routes.get("/api/anatomy/presets/{presetName}", (req) => {
    void req.principal;
    return jsonReply(presetAnatomy(req.state, req.params.presetName));
  });

  routes.put("/api/anatomy/presets/{presetName}", async (req) => {
    const caller = req.principal;
    const raw = await req.json();
    const issues: ValidationIssue[] = [];
    validateAnatomy(raw, ["body"], issues);
    if (issues.length) throw requestValidationError(req.http.method, req.http.path, issues);
    if (!caller.isManager) throw forbidden("You are not allowed to modify anatomy presets");
    const name = req.params.presetName!;
    if (name.startsWith("_")) throw new AyonError(400, "Preset names starting with _ are reserved");
    const existing = req.state.anatomyPresets.get(name);
    req.state.anatomyPresets.set(name, { anatomy: { ...builtinAnatomy(), ...(raw as JsonObject) }, primary: existing?.primary ?? false });
    return emptyReply(204);
  });

  routes.post("/api/anatomy/presets/{presetName}/primary", (req) => {
    req.requireManager("You are not allowed to modify anatomy presets");
    const name = req.params.presetName!;
    if (!req.state.anatomyPresets.has(name)) throw notFound(`Anatomy preset ${name} not found`);
    for (const [key, preset] of req.state.anatomyPresets) preset.primary = key === name;
    return emptyReply(204);
  });

  routes.delete("/api/anatomy/presets/{presetName}", (req) => {
    req.requireManager("You are not allowed to modify anatomy presets");
    if (!req.state.anatomyPresets.delete(req.params.presetName!)) throw notFound(`Anatomy preset ${req.params.presetName} not found`);
    return emptyReply(204);
  });
}

