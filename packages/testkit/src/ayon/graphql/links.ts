// GraphQL `links` of an entity node (ayon-backend graphql/resolvers/links.py): the edges of
// links.ts's entityLinks, each with its `node` resolved to the entity at the other end. BaseNode is an
// interface, so each node names its type through __typename.
import { entityLinks, type LinkEdgeArgs } from "../links.js";
import type { ProjectState } from "../project-store.js";
import type { GqlContext } from "./nodes.js";
import { FolderNode, TaskNode } from "./nodes.js";
import { ProductNode, RepresentationNode, VersionNode } from "./published-nodes.js";

function nodeFor(ctx: GqlContext, project: ProjectState, type: string, id: string): object | null {
  const typed = (node: object | null, typename: string) => (node ? Object.assign(node, { __typename: typename }) : null);
  switch (type) {
    case "folder": {
      const f = project.folders.get(id);
      return typed(f ? new FolderNode(ctx, project, f) : null, "FolderNode");
    }
    case "task": {
      const t = project.tasks.get(id);
      return typed(t ? new TaskNode(ctx, project, t) : null, "TaskNode");
    }
    case "product": {
      const p = project.published.products.get(id);
      return typed(p ? new ProductNode(ctx, project, p) : null, "ProductNode");
    }
    case "version": {
      const v = project.published.versions.get(id);
      return typed(v ? new VersionNode(ctx, project, v) : null, "VersionNode");
    }
    case "representation": {
      const r = project.published.representations.get(id);
      return typed(r ? new RepresentationNode(ctx, project, r) : null, "RepresentationNode");
    }
    default:
      return null;
  }
}

export function resolveLinks(ctx: GqlContext, project: ProjectState, entityId: string, args: LinkEdgeArgs) {
  const connection = entityLinks(project, entityId, args);
  return {
    ...connection,
    edges: connection.edges.map((edge) => ({ ...edge, node: () => nodeFor(ctx, project, edge.entityType, edge.entityId) })),
  };
}
