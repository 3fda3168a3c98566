// Entity links (ayon-backend api/links/links.py, graphql/resolvers/links.py): POST creates a link of a
// type "name|input_type|output_type" the project defines (else 400 "Unsupported link type."), both
// ends must exist (404), an entity cannot link to itself; link.created / link.deleted events; GraphQL
// lists an entity's links in creation order with the other end, seen from the entity ("in" when the
// entity is the output). A link whose end was deleted is left out (the server deletes it with the entity).
import { emptyReply, jsonReply } from "../http/index.js";
import { AyonError, badRequest, notFound } from "./errors.js";
import { dispatchEvent } from "./events.js";
import { ENTITY_ID_REGEX, newEntityId } from "./ids.js";
import { projectFromPath } from "./operations.js";
import type { ProjectState } from "./project-store.js";
import type { AyonRoutes } from "./request.js";
import type { JsonObject } from "./types.js";
import { validateParam } from "./validation.js";

export interface LinkRecord {
  id: string;
  name: string | null;
  inputId: string;
  outputId: string;
  /** "name|input_type|output_type". */
  linkType: string;
  author: string;
  data: JsonObject;
  createdAt: number;
  creationOrder: number;
}

const ID = { type: "string", regex: ENTITY_ID_REGEX, minLength: 32, maxLength: 32 } as const;

/** Whether an entity of that type exists (the server's `SELECT id FROM {type}s`). */
export function entityExists(project: ProjectState, type: string, id: string): boolean {
  switch (type) {
    case "folder":
      return project.folders.has(id);
    case "task":
      return project.tasks.has(id);
    case "product":
      return !!project.published.products.get(id);
    case "version":
      return !!project.published.versions.get(id);
    case "representation":
      return !!project.published.representations.get(id);
    default:
      return false;
  }
}

function linkSummary(link: LinkRecord): JsonObject {
  const [linkType, inputType, outputType] = link.linkType.split("|");
  return { id: link.id, linkType, inputType, outputType, inputId: link.inputId, outputId: link.outputId };
}

export interface LinkEdgeArgs {
  direction?: "in" | "out" | null;
  linkTypes?: string[] | null;
  names?: string[] | null;
  nameEx?: string | null;
  first?: number | null;
  after?: string | null;
}

/** The links of one entity as graphql/resolvers/links.py pages them (cursor = creation order, default 100). */
export function entityLinks(project: ProjectState, entityId: string, args: LinkEdgeArgs) {
  const first = args.first ?? 100;
  const after = args.after && /^\d+$/.test(args.after) ? Number(args.after) : null;
  const nameRe = args.nameEx != null ? new RegExp(args.nameEx) : null;
  const rows = [...project.links.values()]
    .filter((l) => (args.direction === "in" ? l.outputId === entityId : args.direction === "out" ? l.inputId === entityId : l.inputId === entityId || l.outputId === entityId))
    .filter((l) => !args.linkTypes || args.linkTypes.some((t) => l.linkType.startsWith(`${t}|`)))
    .filter((l) => after === null || l.creationOrder > after)
    .filter((l) => !args.names || (l.name !== null && args.names.includes(l.name)))
    .filter((l) => !nameRe || (l.name !== null && nameRe.test(l.name)))
    .filter((l) => {
      const [, inputType, outputType] = l.linkType.split("|");
      return entityExists(project, inputType!, l.inputId) && entityExists(project, outputType!, l.outputId);
    })
    .sort((a, b) => a.creationOrder - b.creationOrder);
  const page = rows.slice(0, first);
  const edges = page.map((l) => {
    const [linkType, inputType, outputType] = l.linkType.split("|") as [string, string, string];
    const incoming = l.outputId === entityId;
    return {
      id: l.id,
      projectName: project.name,
      direction: incoming ? "in" : "out",
      entityId: incoming ? l.inputId : l.outputId,
      entityType: incoming ? inputType : outputType,
      name: l.name,
      linkType,
      cursor: String(l.creationOrder),
      description: `${linkType} link with input ${inputType} and output ${outputType}`,
      author: l.author,
      data: l.data,
    };
  });
  return { edges, pageInfo: { hasNextPage: rows.length > first, hasPreviousPage: false, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null } };
}

export function registerLinkRoutes(routes: AyonRoutes): void {
  routes.post("/api/projects/{projectName}/links", async (req) => {
    const caller = req.principal;
    const body = await req.body({
      id: { ...ID, nullable: true },
      input: { ...ID, required: true },
      output: { ...ID, required: true },
      name: { type: "string", nullable: true },
      linkType: { type: "string", nullable: true },
      data: { type: "object", default: {} },
      link: { type: "string", nullable: true },
    });
    const project = projectFromPath(req);
    const linkType = (body.linkType as string | null | undefined) ?? (body.link as string | null | undefined);
    if (!linkType) throw badRequest("Link type is not specified");
    const parts = linkType.split("|");
    if (parts.length !== 3) throw badRequest("Link type must be in the format 'name|input_type|output_type'");
    const [name, inputType, outputType] = parts as [string, string, string];
    const input = body.input as string;
    const output = body.output as string;
    if (inputType === outputType && input === output) throw badRequest("Cannot link an entity to itself.");
    if (!entityExists(project, inputType, input)) throw notFound(`Input entity ${input} not found.`);
    if (!entityExists(project, outputType, output)) throw notFound(`Output entity ${output} not found.`);
    if (!project.linkTypes.some((t) => t.name === linkType)) throw badRequest("Unsupported link type.");
    const id = (body.id as string | null | undefined) ?? newEntityId();
    if (project.links.has(id)) throw new AyonError(409, "Link already exists.");
    const order = Math.max(0, ...[...project.links.values()].map((l) => l.creationOrder)) + 1;
    const link: LinkRecord = { id, name: (body.name as string | null | undefined) ?? null, inputId: input, outputId: output, linkType, author: caller.user.name, data: body.data as JsonObject, createdAt: req.state.now(), creationOrder: order };
    project.links.set(id, link);
    dispatchEvent(req.state, {
      topic: "link.created",
      project: project.name,
      user: caller.user.name,
      sender: req.sender,
      senderType: req.senderType,
      summary: linkSummary(link),
      description: `Created ${name} link between ${inputType} ${input} and ${outputType} ${output}.`,
    });
    return jsonReply({ id });
  });

  routes.delete("/api/projects/{projectName}/links/{linkId}", (req) => {
    const caller = req.principal;
    const id = validateParam("link_id", "path", req.params.linkId!, ENTITY_ID_REGEX, req.vctx, 32);
    const project = projectFromPath(req);
    const link = project.links.get(id);
    if (!link) throw notFound(`Link ${id} not found.`);
    project.links.delete(id);
    const [name, inputType, outputType] = link.linkType.split("|");
    dispatchEvent(req.state, {
      topic: "link.deleted",
      project: project.name,
      user: caller.user.name,
      sender: req.sender,
      senderType: req.senderType,
      summary: linkSummary(link),
      description: `Deleted ${name} link between ${inputType} ${link.inputId} and ${outputType} ${link.outputId}.`,
    });
    return emptyReply(204);
  });
}

