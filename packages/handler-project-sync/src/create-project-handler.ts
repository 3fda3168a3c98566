/**
 * Action `create-project`: import a ShotGrid project into AYON (validate the name and code, create the project
 * with the configured anatomy preset, set up attributes and fields, link both sides, run the full sync).
 * Thin: the payload is read here, the work is the domain's importProject (@ayon-sg/shotgrid, sync/).
 */
import {
  AddonSettings, AyonClient, Handler, InvalidEventError, PluginConfig,
  type AyonEvent, type EventHandler, type HandlerContext, type HandlerOutcome,
} from "@ayon-sg/core";
import {
  describeSummary, importProject, settingsAreFinal, ShotgridClient, tuningOptions, type FullSyncTuning, type ImportProjectRequest,
} from "@ayon-sg/shotgrid";

/**
 * `{project_name, project_code, sg_project_id?, sg_project_name?, adopt?}`; the AYON name may also come from the
 * event's project. Without an id the ShotGrid project is looked up by `sg_project_name`, else by the AYON
 * name (what the early Python addon did). Only `adopt: true` (the boolean) takes over an existing, unlinked AYON project.
 */
export function importRequestOf(event: AyonEvent): ImportProjectRequest {
  const payload = event.payload ?? {};
  const projectName = text(payload.project_name) ?? text(event.project);
  const projectCode = text(payload.project_code);
  if (projectName === null) throw new InvalidEventError("create-project needs payload.project_name (the AYON project name)");
  if (projectCode === null) throw new InvalidEventError("create-project needs payload.project_code (the AYON project code)");
  const request: ImportProjectRequest = { projectName, projectCode };
  const rawId = payload.sg_project_id;
  if (rawId !== undefined && rawId !== null && rawId !== "") {
    const id = typeof rawId === "number" ? rawId : typeof rawId === "string" && /^\d+$/.test(rawId.trim()) ? Number(rawId) : NaN;
    if (!Number.isSafeInteger(id) || id <= 0) throw new InvalidEventError(`create-project: sg_project_id must be a ShotGrid project id, got ${JSON.stringify(rawId)}`);
    request.sgProjectId = id;
  }
  const sgName = text(payload.sg_project_name);
  if (sgName !== null) request.sgProjectName = sgName;
  if (payload.adopt !== undefined && payload.adopt !== null && typeof payload.adopt !== "boolean") {
    throw new InvalidEventError("create-project: adopt must be true or false");
  }
  if (payload.adopt === true) request.adopt = true;
  return request;
}

@Handler({
  topic: "shotgrid.event",
  action: "create-project",
  description: "Import a ShotGrid project into AYON and run its first full sync",
})
export class CreateProjectHandler implements EventHandler {
  constructor(
    private readonly ayon: AyonClient,
    private readonly sg: ShotgridClient,
    private readonly settings: AddonSettings,
    private readonly config: PluginConfig<FullSyncTuning>,
  ) {}

  async handle(event: AyonEvent, ctx: HandlerContext): Promise<HandlerOutcome> {
    const request = importRequestOf(event);
    const deps = { ayon: this.ayon, sg: this.sg, settings: this.settings, logger: ctx.logger };
    const outcome = await importProject(deps, request, {
      ...tuningOptions(this.config.value),
      signal: ctx.signal,
      progress: (percent, message) => ctx.progress(percent, message),
    }).catch(settingsAreFinal);
    if (outcome.kind === "skipped") return ctx.skip(outcome.reason);
    const verb = outcome.created ? "Imported" : "Re-imported";
    return ctx.done(`${verb} ShotGrid project ${outcome.shotgridProjectId} as ${request.projectName}. ${describeSummary(outcome.summary)}`, {
      created: outcome.created,
      ...outcome.summary,
    });
  }
}

function text(value: unknown): string | null {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : null;
}
