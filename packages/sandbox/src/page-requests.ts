/**
 * The events the addon's settings page posts for "import" and "sync" (packages/ayon-addon/frontend/src/api.ts,
 * buildRequestEvent): the sandbox drives the runtime through exactly these, so what it shows is what a
 * studio gets from the page. A test holds the two side by side.
 */
import { randomBytes } from "node:crypto";

export interface PageRequestEvent {
  topic: string;
  project?: string;
  description: string;
  payload: Record<string, unknown> & { action: string; requestId: string };
  finished: true;
}

/** The page's request id: 32 hex digits (the runtime mirrors the job into `ayonsg.reply.<requestId>`). */
export function newRequestId(): string {
  return randomBytes(16).toString("hex");
}

export function importProjectEvent(request: { projectName: string; projectCode: string; sgProjectId: number }, requestId: string): PageRequestEvent {
  return {
    topic: "shotgrid.event",
    project: request.projectName,
    description: `Import ShotGrid project ${request.sgProjectId} as ${request.projectName}`,
    payload: {
      action: "create-project",
      project_name: request.projectName,
      project_code: request.projectCode,
      sg_project_id: request.sgProjectId,
      requestId,
    },
    finished: true,
  };
}

export function syncProjectEvent(projectName: string, requestId: string): PageRequestEvent {
  return {
    topic: "shotgrid.event",
    project: projectName,
    description: `Sync ${projectName} from ShotGrid`,
    payload: { action: "sync-from-shotgrid", project_name: projectName, requestId },
    finished: true,
  };
}
