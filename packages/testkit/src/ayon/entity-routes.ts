// REST for folders and tasks (ayon-backend api/folders/, api/tasks/). Writes are one operation each (canFail false,
// errors raised as HTTP errors), except the task assign endpoint (task-assign.ts); the request body is first
// validated by the endpoint's model (400 "Request validation error"), as FastAPI does before the handler runs.
import { emptyReply, jsonReply } from "../http/index.js";
import { forbidden } from "./errors.js";
import { entityNotFound, FOLDER_BODY_SCHEMA, TASK_BODY_SCHEMA } from "./entities.js";
import { folderHierarchy, folderListing, folderRestModel, taskRestModel } from "./entity-views.js";
import { ENTITY_ID_REGEX } from "./ids.js";
import { processOperations, projectFromPath, runSingleOperation } from "./operations.js";
import type { AyonRequest, AyonRoutes } from "./request.js";
import { assignTaskUsers, type AssignMode } from "./task-assign.js";
import { coerceBool, validateParam, type Schema } from "./validation.js";
import { jsonDumpsOrder } from "./json-dumps.js";

function entityIdParam(req: AyonRequest, name: string): string {
  // ayon-backend ayon_server/utils/entity_id.py EntityID.META: length 32 checked before the pattern.
  return validateParam(name === "folderId" ? "folder_id" : "task_id", "path", req.params[name]!, ENTITY_ID_REGEX, req.vctx, 32);
}

/** Validates the REST body against the model, then hands the raw keys on to the operation. */
async function restBody(req: AyonRequest, schema: Schema, required: string[]): Promise<Record<string, unknown>> {
  const spec: Schema = { ...schema };
  for (const key of required) spec[key] = { ...spec[key]!, required: true };
  return req.body(spec);
}

export function registerEntityRoutes(routes: AyonRoutes): void {
  routes.get("/api/projects/{projectName}/folders", (req) => {
    void req.principal;
    const project = projectFromPath(req);
    const withAttrib = coerceBool(req.query("attrib") ?? "false") === true;
    // api/folders/list_folders.py _build_response writes the list with json_dumps: keys sorted at every depth.
    return jsonReply(jsonDumpsOrder({ folders: folderListing(req.state, project, withAttrib) }));
  });

  routes.get("/api/projects/{projectName}/hierarchy", (req) => {
    void req.principal;
    const project = projectFromPath(req);
    const types = req.query("types")?.split(",").map((t) => t.trim()).filter(Boolean);
    return jsonReply({
      detail: `Hierarchy of ${project.name}`,
      projectName: project.name,
      hierarchy: folderHierarchy(project, req.query("search") || undefined, types && types.length ? types : undefined),
    });
  });

  routes.get("/api/projects/{projectName}/folders/{folderId}", (req) => {
    void req.principal;
    const id = entityIdParam(req, "folderId");
    const project = projectFromPath(req);
    const folder = project.folders.get(id);
    if (!folder) throw entityNotFound(id);
    return jsonReply(folderRestModel(req.state, project, folder));
  });

  routes.post("/api/projects/{projectName}/folders", async (req) => {
    void req.principal;
    const body = await restBody(req, FOLDER_BODY_SCHEMA, ["name"]);
    const project = projectFromPath(req);
    const id = runSingleOperation(req, project, { type: "create", entityType: "folder", entityId: (body.id as string) ?? null, data: body });
    return jsonReply({ id }, 201);
  });

  routes.patch("/api/projects/{projectName}/folders/{folderId}", async (req) => {
    void req.principal;
    const id = entityIdParam(req, "folderId");
    const body = await restBody(req, FOLDER_BODY_SCHEMA, []);
    const project = projectFromPath(req);
    runSingleOperation(req, project, { type: "update", entityType: "folder", entityId: id, data: body });
    return emptyReply(204);
  });

  routes.delete("/api/projects/{projectName}/folders/{folderId}", (req) => {
    const caller = req.principal;
    const id = entityIdParam(req, "folderId");
    const project = projectFromPath(req);
    const force = coerceBool(req.query("force") ?? "false") === true;
    if (force && !caller.isManager) throw forbidden("Only managers can force-delete folders");
    const { firstError } = processOperations(req, project, [
      { id: id, type: "delete", entityType: "folder", entityId: id, data: null, force, asUser: null },
    ], false);
    if (firstError) throw firstError;
    return emptyReply(204);
  });

  routes.get("/api/projects/{projectName}/tasks/{taskId}", (req) => {
    void req.principal;
    const id = entityIdParam(req, "taskId");
    const project = projectFromPath(req);
    const task = project.tasks.get(id);
    if (!task) throw entityNotFound(id);
    return jsonReply(taskRestModel(req.state, project, task));
  });

  routes.post("/api/projects/{projectName}/tasks", async (req) => {
    void req.principal;
    const body = await restBody(req, TASK_BODY_SCHEMA, ["name", "taskType"]);
    const project = projectFromPath(req);
    const id = runSingleOperation(req, project, { type: "create", entityType: "task", entityId: (body.id as string) ?? null, data: body });
    return jsonReply({ id }, 201);
  });

  routes.patch("/api/projects/{projectName}/tasks/{taskId}", async (req) => {
    void req.principal;
    const id = entityIdParam(req, "taskId");
    const body = await restBody(req, TASK_BODY_SCHEMA, []);
    const project = projectFromPath(req);
    runSingleOperation(req, project, { type: "update", entityType: "task", entityId: id, data: body });
    return emptyReply(204);
  });

  routes.delete("/api/projects/{projectName}/tasks/{taskId}", (req) => {
    void req.principal;
    const id = entityIdParam(req, "taskId");
    const project = projectFromPath(req);
    runSingleOperation(req, project, { type: "delete", entityType: "task", entityId: id, data: null });
    return emptyReply(204);
  });

  routes.post("/api/projects/{projectName}/tasks/{taskId}/assign", async (req) => {
    void req.principal;
    const id = entityIdParam(req, "taskId");
    const body = await req.body({
      mode: { type: "string", required: true, enum: ["add", "remove", "set"] },
      users: { type: "array", required: true, items: { type: "string" } },
    });
    const project = projectFromPath(req);
    assignTaskUsers(req, project, id, body.mode as AssignMode, body.users as string[]);
    return emptyReply(204);
  });
}
