// POST /graphql: parse and validate against the schema (documents cached per schema generation),
// then execute with root resolvers over the in-memory state. Errors come back in `errors[]` with
// HTTP 200 (extensions.status carries the AYON status); an unauthenticated request is a 401.
import { execute, GraphQLError, parse, validate, type DocumentNode, type GraphQLSchema } from "graphql";
import { jsonReply, rawReply } from "../../http/index.js";
import { requestValidationError } from "../errors.js";
import type { AyonRequest, AyonRoutes } from "../request.js";
import type { AyonState } from "../state.js";
import type { JsonObject } from "../types.js";
import { isPlainObject } from "../validation.js";
import { eventCandidates, eventPredicate, folderQuery, gqlError, projectOr404, taskQuery, type EventArgs, type FolderArgs, type TaskArgs } from "./filters.js";
import { EventNode, FolderNode, ProjectNode, TaskNode, UserNode, type GqlContext } from "./nodes.js";
import { emptyConnection, paginate, type PageArgs } from "./paging.js";
import { buildAyonSchema } from "./schema.js";

const DOCUMENT_CACHE_LIMIT = 500;

export class GraphqlService {
  private schema: GraphQLSchema | null = null;
  private generation = -1;
  private documents = new Map<string, { document: DocumentNode } | { errors: readonly GraphQLError[] }>();

  constructor(private readonly state: AyonState) {}

  /** The schema for the active attributes (rebuilt after a restart). */
  currentSchema(): GraphQLSchema {
    if (!this.schema || this.generation !== this.state.attributes.generation) {
      this.schema = buildAyonSchema(this.state.attributes);
      this.generation = this.state.attributes.generation;
      this.documents.clear();
    }
    return this.schema;
  }

  private prepare(schema: GraphQLSchema, source: string) {
    let entry = this.documents.get(source);
    if (!entry) {
      try {
        const document = parse(source);
        const errors = validate(schema, document);
        entry = errors.length ? { errors } : { document };
      } catch (err) {
        entry = { errors: [err instanceof GraphQLError ? err : new GraphQLError(String(err))] };
      }
      if (this.documents.size >= DOCUMENT_CACHE_LIMIT) this.documents.delete(this.documents.keys().next().value!);
      this.documents.set(source, entry);
    }
    return entry;
  }

  async run(req: AyonRequest): Promise<JsonObject> {
    const principal = req.principal;
    const body = await req.json();
    if (!isPlainObject(body) || typeof body.query !== "string") {
      throw requestValidationError(req.http.method, req.http.path, [{ loc: ["body", "query"], msg: "field required", type: "value_error.missing" }]);
    }
    const schema = this.currentSchema();
    const prepared = this.prepare(schema, body.query);
    if ("errors" in prepared) return { data: null, errors: prepared.errors.map((e) => e.toJSON()) };
    const ctx = this.context(principal);
    const result = await execute({
      schema,
      document: prepared.document,
      rootValue: this.root(ctx),
      contextValue: ctx,
      variableValues: isPlainObject(body.variables) ? body.variables : undefined,
      operationName: typeof body.operationName === "string" ? body.operationName : undefined,
    });
    const out: JsonObject = { data: result.data ?? null };
    if (result.errors?.length) out.errors = result.errors.map((e) => e.toJSON());
    return out;
  }

  private context(principal: GqlContext["principal"]): GqlContext {
    const state = this.state;
    const ctx: GqlContext = {
      state,
      principal,
      attribCache: new Map(),
      resolveFolders: (project, args: FolderArgs) => {
        const cache = attribCacheOf(ctx, project.name);
        const { candidates, accept } = folderQuery(state, project, args, cache);
        return paginate(candidates, args, accept, (f) => new FolderNode(ctx, project, f, args.hasChildren != null));
      },
      resolveTasks: (project, args: TaskArgs, scope) => {
        const cache = attribCacheOf(ctx, project.name);
        const { candidates, accept } = taskQuery(state, project, args, cache, scope);
        return paginate(candidates, args, accept, (t) => new TaskNode(ctx, project, t, scope !== undefined));
      },
    };
    return ctx;
  }

  private root(ctx: GqlContext) {
    const state = this.state;
    return {
      projects: (args: PageArgs & { name?: string | null; code?: string | null }) => {
        const list = [...state.projects.values()]
          .filter((p) => (!args.name || p.name === args.name) && (!args.code || p.code === args.code))
          .sort((a, b) => a.createdAt - b.createdAt || (a.name < b.name ? -1 : 1))
          .map((p, i) => ({ creationOrder: i + 1, p }));
        return paginate(list, args, () => true, (item) => new ProjectNode(ctx, item.p));
      },
      project: (args: { name?: string | null; code?: string | null }) => {
        if (!args.name && args.code) {
          const byCode = [...state.projects.values()].find((p) => p.code === args.code);
          if (!byCode) throw gqlError(404, `Project with code ${args.code} not found`);
          return new ProjectNode(ctx, byCode);
        }
        return new ProjectNode(ctx, projectOr404(state, args.name));
      },
      events: (args: EventArgs) => {
        // ayon-backend ayon_server/graphql/resolvers/events.py: a non-manager sees only their own events, unless `ids` is given.
        const onlyUser = ctx.principal.isManager || args.ids != null ? null : ctx.principal.user.name;
        return paginate(eventCandidates(state.events, args), args, eventPredicate(args, onlyUser, state.events), (e) => new EventNode(e));
      },
      me: () => new UserNode(ctx.principal.user, true),
      user: (args: { name: string }) => {
        const user = state.users.get(args.name);
        if (!user) throw gqlError(404, `User ${args.name} not found`);
        return new UserNode(user);
      },
      users: (args: PageArgs & { names?: string[] | null; name?: string | null }) => {
        // ayon-backend graphql/resolvers/users.py: users are paged in name order (order_by = ["name"]).
        const list = [...state.users.values()]
          .filter((u) => (!args.names || args.names.includes(u.name)) && (!args.name || u.name === args.name))
          .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
          .map((u, i) => ({ creationOrder: i + 1, u }));
        return paginate(list, args, () => true, (item) => new UserNode(item.u));
      },
      productTypes: () => [],
      inbox: () => emptyConnection(),
      kanban: () => emptyConnection(),
    };
  }
}

function attribCacheOf(ctx: GqlContext, project: string): Map<string, JsonObject> {
  let cache = ctx.attribCache.get(project);
  if (!cache) ctx.attribCache.set(project, (cache = new Map()));
  return cache;
}

export function registerGraphqlRoutes(routes: AyonRoutes, service: GraphqlService): void {
  routes.post("/graphql", async (req: AyonRequest) => jsonReply(await service.run(req)));
  // ayon-backend api/graphql router: GET needs a user and has no GraphiQL page, so it answers text 404.
  routes.get("/graphql", (req: AyonRequest) => {
    void req.principal;
    return rawReply("Not Found", "text/plain; charset=utf-8", 404);
  });
}
