// REST for products, versions and representations (ayon-backend api/products/products.py,
// api/versions/versions.py, api/representations/representations.py): the body is validated by the
// endpoint's post/patch model first (400 "Request validation error"), then each write runs as one
// operation (canFail false, errors raised as HTTP errors): POST 201 {id}, PATCH/DELETE 204, GET the model.
import { emptyReply, jsonReply } from "../http/index.js";
import { entityNotFound } from "./entities.js";
import { ENTITY_ID_REGEX } from "./ids.js";
import { projectFromPath, runSingleOperation } from "./operations.js";
import {
  PRODUCT_BODY_SCHEMA,
  PRODUCT_REQUIRED,
  REPRESENTATION_BODY_SCHEMA,
  REPRESENTATION_REQUIRED,
  VERSION_BODY_SCHEMA,
  VERSION_REQUIRED,
} from "./published-entities.js";
import { productRestModel, representationRestModel, versionRestModel } from "./published-views.js";
import type { ProjectState } from "./project-store.js";
import type { AyonRequest, AyonRoutes } from "./request.js";
import type { AyonState } from "./state.js";
import type { JsonObject } from "./types.js";
import { validateParam, type Schema } from "./validation.js";

interface PublishedKind {
  entityType: "product" | "version" | "representation";
  plural: string;
  idParam: string;
  schema: Schema;
  required: string[];
  view(state: AyonState, project: ProjectState, id: string): JsonObject | undefined;
}

/** A kind whose path segment and id parameter follow its entity type (`products`, `product_id`). */
function publishedKind<R>(
  entityType: PublishedKind["entityType"],
  schema: Schema,
  required: string[],
  table: (project: ProjectState) => { get(id: string): R | undefined },
  model: (state: AyonState, project: ProjectState, row: R) => JsonObject,
): PublishedKind {
  return {
    entityType,
    plural: `${entityType}s`,
    idParam: `${entityType}_id`,
    schema,
    required,
    view: (state, project, id) => {
      const row = table(project).get(id);
      return row && model(state, project, row);
    },
  };
}

const KINDS: PublishedKind[] = [
  publishedKind("product", PRODUCT_BODY_SCHEMA, PRODUCT_REQUIRED, (p) => p.published.products, productRestModel),
  publishedKind("version", VERSION_BODY_SCHEMA, VERSION_REQUIRED, (p) => p.published.versions, versionRestModel),
  publishedKind("representation", REPRESENTATION_BODY_SCHEMA, REPRESENTATION_REQUIRED, (p) => p.published.representations, representationRestModel),
];

function idParam(req: AyonRequest, kind: PublishedKind): string {
  // ayon-backend ayon_server/utils/entity_id.py EntityID.META: length 32 checked before the pattern.
  return validateParam(kind.idParam, "path", req.params.entityId!, ENTITY_ID_REGEX, req.vctx, 32);
}

async function restBody(req: AyonRequest, kind: PublishedKind, required: string[]): Promise<Record<string, unknown>> {
  const spec: Schema = { ...kind.schema };
  for (const key of required) spec[key] = { ...spec[key]!, required: true };
  return req.body(spec);
}

export function registerPublishedRoutes(routes: AyonRoutes): void {
  for (const kind of KINDS) {
    const base = `/api/projects/{projectName}/${kind.plural}`;
    routes.post(base, async (req) => {
      void req.principal;
      const body = await restBody(req, kind, kind.required);
      const project = projectFromPath(req);
      const id = runSingleOperation(req, project, { type: "create", entityType: kind.entityType, entityId: (body.id as string) ?? null, data: body });
      return jsonReply({ id }, 201);
    });
    routes.get(`${base}/{entityId}`, (req) => {
      void req.principal;
      const id = idParam(req, kind);
      const project = projectFromPath(req);
      const model = kind.view(req.state, project, id);
      if (!model) throw entityNotFound(id);
      return jsonReply(model);
    });
    routes.patch(`${base}/{entityId}`, async (req) => {
      void req.principal;
      const id = idParam(req, kind);
      const body = await restBody(req, kind, []);
      const project = projectFromPath(req);
      runSingleOperation(req, project, { type: "update", entityType: kind.entityType, entityId: id, data: body });
      return emptyReply(204);
    });
    routes.delete(`${base}/{entityId}`, (req) => {
      void req.principal;
      const id = idParam(req, kind);
      const project = projectFromPath(req);
      runSingleOperation(req, project, { type: "delete", entityType: kind.entityType, entityId: id, data: null });
      return emptyReply(204);
    });
  }
}
