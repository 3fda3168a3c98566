// Arguments of the `folders`, `tasks` and `events` connections turned into candidate lists (from the
// indexes when an argument allows it) and predicates. Ordering is always creation order (`sortBy` is
// accepted and ignored: creation order is the server's stable default).
import { GraphQLError } from "graphql";
import { folderEffectiveAttrib, taskEffectiveAttrib } from "../attrib-values.js";
import { folderExportedAttrib } from "../exported-attrib.js";
import { jsonbText } from "../jsonb-text.js";
import type { ProjectState } from "../project-store.js";
import { compileQueryFilter, FilterError, likeToRegExp, parseQueryFilter, type RowColumns } from "../query-filter.js";
import { TOPIC_REGEX } from "../naming.js";
import type { AyonState } from "../state.js";
import type { EventStore } from "../event-store.js";
import type { EventRecord, FolderRecord, JsonObject, TaskRecord } from "../types.js";
import type { ValidationIssue } from "../errors.js";
import type { PageArgs } from "./paging.js";
import { checkNames, checkUserNames, ilike, regexArg, STATUS_PATTERN, TYPE_NAME_PATTERN } from "./arg-checks.js";

export interface AttributeFilter {
  name: string;
  values: string[];
}

export interface FolderArgs extends PageArgs {
  ids?: string[] | null;
  parentId?: string | null;
  parentIds?: string[] | null;
  names?: string[] | null;
  name?: string | null;
  paths?: string[] | null;
  pathEx?: string | null;
  folderTypes?: string[] | null;
  statuses?: string[] | null;
  tags?: string[] | null;
  assignees?: string[] | null;
  hasChildren?: boolean | null;
  hasTasks?: boolean | null;
  hasProducts?: boolean | null;
  attributes?: AttributeFilter[] | null;
  search?: string | null;
  filter?: string | null;
}

export interface TaskArgs extends PageArgs {
  ids?: string[] | null;
  taskTypes?: string[] | null;
  folderIds?: string[] | null;
  includeFolderChildren?: boolean | null;
  names?: string[] | null;
  assignees?: string[] | null;
  assigneesAny?: string[] | null;
  statuses?: string[] | null;
  tags?: string[] | null;
  tagsAny?: string[] | null;
  attributes?: AttributeFilter[] | null;
  search?: string | null;
  filter?: string | null;
}

export interface EventArgs extends PageArgs {
  ids?: string[] | null;
  topics?: string[] | null;
  projects?: string[] | null;
  users?: string[] | null;
  statuses?: string[] | null;
  states?: string[] | null;
  newerThan?: string | null;
  olderThan?: string | null;
  filter?: string | null;
  includeLogs?: boolean | null;
  hasChildren?: boolean | null;
}

export function gqlError(status: number, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { status } });
}

type Pred<T> = (item: T) => boolean;

function byOrder<T extends { creationOrder: number }>(items: T[]): T[] {
  return items.sort((a, b) => a.creationOrder - b.creationOrder);
}

/** `attributes` filter: each named attribute (valid for the scope) rendered as text must be one of the values. */
function attributeMatcher<T>(state: AyonState, scope: string, filters: AttributeFilter[], valueOf: (item: T, name: string) => unknown): Pred<T> {
  // ayon-backend graphql/resolvers/folders.py: filters on attributes not valid for the scope are skipped.
  const active = filters.filter((f) => state.attributes.activeIn(scope, f.name));
  return (item) =>
    active.every((f) => {
      const text = jsonbText(valueOf(item, f.name), state.attributes.activeDef(f.name)?.data.type);
      return text !== null && f.values.includes(text);
    });
}

/**
 * One attribute of ayon-backend graphql/resolvers/folders.py's `pr.attrib || parent's exported attributes ||
 * folders.attrib`: the last set holding the key gives the value (the parent's set is built only when needed).
 */
function folderFilterValue(state: AyonState, project: ProjectState, f: FolderRecord, name: string, cache: Map<string, JsonObject>): unknown {
  if (Object.hasOwn(f.attrib, name)) return f.attrib[name];
  const parent = f.parentId === null ? undefined : project.folders.get(f.parentId);
  const exported = parent ? folderExportedAttrib(state.attributes, project, parent, cache) : {};
  return Object.hasOwn(exported, name) ? exported[name] : project.attrib[name];
}

/** One attribute of ayon-backend graphql/resolvers/tasks.py's `folder's exported attributes || tasks.attrib`. */
function taskFilterValue(state: AyonState, project: ProjectState, t: TaskRecord, name: string, cache: Map<string, JsonObject>): unknown {
  if (Object.hasOwn(t.attrib, name)) return t.attrib[name];
  const folder = project.folders.get(t.folderId);
  return folder ? folderExportedAttrib(state.attributes, project, folder, cache)[name] : undefined;
}

/** A QueryFilter given as a JSON string argument. */
function queryFilterPredicate<T>(raw: string, columns: RowColumns<T>): Pred<T> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw gqlError(400, "Invalid filter: not valid JSON");
  }
  const issues: ValidationIssue[] = [];
  const filter = parseQueryFilter(parsed, ["filter"], issues);
  if (issues.length || !filter) throw gqlError(400, `Invalid filter: ${issues.map((i) => `${i.loc.join(".")}: ${i.msg}`).join("; ")}`);
  try {
    const test = compileQueryFilter(filter, columns);
    return (item) => {
      try {
        return test(item);
      } catch (err) {
        if (err instanceof FilterError) throw gqlError(500, err.message);
        throw err;
      }
    };
  } catch (err) {
    if (err instanceof FilterError) throw gqlError(500, err.message);
    throw err;
  }
}

function folderColumns(state: AyonState, project: ProjectState, cache: Map<string, JsonObject>): RowColumns<FolderRecord> {
  return {
    id: { kind: "uuid", get: (f) => f.id },
    name: { kind: "text", get: (f) => f.name },
    label: { kind: "text", get: (f) => f.label },
    folder_type: { kind: "text", get: (f) => f.folderType },
    parent_id: { kind: "uuid", get: (f) => f.parentId },
    thumbnail_id: { kind: "uuid", get: (f) => f.thumbnailId },
    status: { kind: "text", get: (f) => f.status },
    tags: { kind: "textArray", get: (f) => f.tags },
    active: { kind: "boolean", get: (f) => f.active },
    path: { kind: "text", get: (f) => project.folderPath(f) },
    attrib: { kind: "json", get: (f) => folderEffectiveAttrib(state.attributes, project, f, cache) },
    data: { kind: "json", get: (f) => f.data },
    created_at: { kind: "timestamp", get: (f) => f.createdAt },
    updated_at: { kind: "timestamp", get: (f) => f.updatedAt },
  };
}

function taskColumns(state: AyonState, project: ProjectState, cache: Map<string, JsonObject>): RowColumns<TaskRecord> {
  return {
    id: { kind: "uuid", get: (t) => t.id },
    name: { kind: "text", get: (t) => t.name },
    label: { kind: "text", get: (t) => t.label },
    task_type: { kind: "text", get: (t) => t.taskType },
    folder_id: { kind: "uuid", get: (t) => t.folderId },
    thumbnail_id: { kind: "uuid", get: (t) => t.thumbnailId },
    assignees: { kind: "textArray", get: (t) => t.assignees },
    status: { kind: "text", get: (t) => t.status },
    tags: { kind: "textArray", get: (t) => t.tags },
    active: { kind: "boolean", get: (t) => t.active },
    attrib: { kind: "json", get: (t) => taskEffectiveAttrib(state.attributes, project, t, cache) },
    data: { kind: "json", get: (t) => t.data },
    created_at: { kind: "timestamp", get: (t) => t.createdAt },
    updated_at: { kind: "timestamp", get: (t) => t.updatedAt },
  };
}

/** Candidates (sorted by creation order) and a predicate for `project.folders(...)`. */
export function folderQuery(state: AyonState, project: ProjectState, args: FolderArgs, cache: Map<string, JsonObject>) {
  let candidates: readonly FolderRecord[];
  const fromIds = (ids: Iterable<string>) => byOrder([...ids].map((id) => project.folders.get(id)).filter((f): f is FolderRecord => !!f));
  if (args.ids) candidates = fromIds(new Set(args.ids));
  else if (args.parentId != null) candidates = fromIds(project.childFolderIds(args.parentId === "root" ? null : args.parentId));
  else if (args.parentIds) {
    const ids = new Set<string>();
    for (const p of args.parentIds) for (const id of project.childFolderIds(p === "root" ? null : p)) ids.add(id);
    candidates = fromIds(ids);
  } else candidates = project.foldersInOrder();

  // ayon-backend graphql/resolvers/folders.py: each list argument is checked against its pattern first.
  checkNames(args.folderTypes, TYPE_NAME_PATTERN);
  if (args.name != null) checkNames([args.name]);
  checkNames(args.names);
  checkNames(args.statuses, STATUS_PATTERN);
  if (args.tags?.length) checkNames(args.tags);
  checkNames(args.assignees);
  const preds: Pred<FolderRecord>[] = [];
  if (args.ids && args.parentId != null) preds.push((f) => f.parentId === (args.parentId === "root" ? null : args.parentId));
  if (args.names) {
    const names = new Set(args.names);
    preds.push((f) => names.has(f.name));
  }
  if (args.name != null) {
    // `folders.name ILIKE name`: case-insensitive, `_` matches any one character (a `%` fails the pattern check).
    const re = ilike(args.name);
    preds.push((f) => re.test(f.name));
  }
  if (args.folderTypes) preds.push((f) => args.folderTypes!.includes(f.folderType));
  if (args.statuses) preds.push((f) => args.statuses!.includes(f.status));
  // `if tags:` — an empty list filters nothing.
  if (args.tags?.length) preds.push((f) => args.tags!.every((t) => f.tags.includes(t)));
  if (args.paths) {
    const paths = new Set(args.paths.map((p) => p.replace(/^\/+|\/+$/g, "")));
    preds.push((f) => paths.has(project.folderPath(f)));
  }
  if (args.pathEx) {
    const re = regexArg(args.pathEx, "pathEx");
    // ayon-backend graphql/resolvers/folders.py: `'/' || hierarchy.path ~ pathEx` (the path WITH its leading slash).
    preds.push((f) => re.test(`/${project.folderPath(f)}`));
  }
  if (args.hasChildren != null) preds.push((f) => project.childFolderIds(f.id).size > 0 === args.hasChildren);
  if (args.hasTasks != null) preds.push((f) => project.taskIdsOf(f.id).size > 0 === args.hasTasks);
  // ayon-backend graphql/resolvers/folders.py: COUNT(products.id) > 0 (products directly in the folder).
  if (args.hasProducts != null) preds.push((f) => project.published.products.hasChildren(f.id) === args.hasProducts);
  if (args.assignees) {
    preds.push((f) => [...project.taskIdsOf(f.id)].some((id) => args.assignees!.every((a) => project.tasks.get(id)?.assignees.includes(a))));
  }
  if (args.attributes?.length) {
    const exportedCache = new Map<string, JsonObject>();
    preds.push(attributeMatcher(state, "folder", args.attributes, (f, name) => folderFilterValue(state, project, f, name, exportedCache)));
  }
  if (args.search) {
    const needle = args.search.toLowerCase();
    preds.push((f) => f.name.toLowerCase().includes(needle) || (f.label ?? "").toLowerCase().includes(needle) || project.folderPath(f).toLowerCase().includes(needle));
  }
  if (args.filter) preds.push(queryFilterPredicate(args.filter, folderColumns(state, project, cache)));
  return { candidates, accept: (f: FolderRecord) => preds.every((p) => p(f)) };
}

export function descendantsOf(project: ProjectState, folderId: string, out: Set<string>): void {
  for (const child of project.childFolderIds(folderId)) {
    out.add(child);
    descendantsOf(project, child, out);
  }
}

/** Candidates and predicate for `tasks(...)`; `scope` limits to one folder (FolderNode.tasks). */
export function taskQuery(state: AyonState, project: ProjectState, args: TaskArgs, cache: Map<string, JsonObject>, scope?: FolderRecord) {
  let folderIds: string[] | null = scope ? [scope.id] : args.folderIds ?? null;
  if (folderIds && args.includeFolderChildren) {
    const all = new Set(folderIds);
    for (const id of folderIds) descendantsOf(project, id, all);
    folderIds = [...all];
  }
  let candidates: readonly TaskRecord[];
  if (args.ids) {
    candidates = byOrder([...new Set(args.ids)].map((id) => project.tasks.get(id)).filter((t): t is TaskRecord => !!t));
  } else if (folderIds) {
    const tasks: TaskRecord[] = [];
    for (const fid of new Set(folderIds)) for (const id of project.taskIdsOf(fid)) tasks.push(project.tasks.get(id)!);
    candidates = byOrder(tasks);
  } else candidates = project.tasksInOrder();

  // ayon-backend graphql/resolvers/tasks.py: names, types, statuses and assignees checked against their patterns.
  checkNames(args.names);
  checkNames(args.taskTypes, TYPE_NAME_PATTERN);
  checkNames(args.statuses, STATUS_PATTERN);
  if (args.assignees?.length) checkUserNames(args.assignees);
  if (args.assigneesAny?.length) checkUserNames(args.assigneesAny);
  const preds: Pred<TaskRecord>[] = [];
  if (args.ids && folderIds) {
    const set = new Set(folderIds);
    preds.push((t) => set.has(t.folderId));
  }
  if (args.taskTypes) preds.push((t) => args.taskTypes!.includes(t.taskType));
  if (args.names) {
    const names = new Set(args.names);
    preds.push((t) => names.has(t.name));
  }
  if (args.statuses) preds.push((t) => args.statuses!.includes(t.status));
  // tasks.py: an empty `tags`/`assignees` means "none at all", an empty `tagsAny`/`assigneesAny` "at least one".
  if (args.tags) preds.push(args.tags.length ? (t) => args.tags!.every((tag) => t.tags.includes(tag)) : (t) => t.tags.length === 0);
  if (args.tagsAny) preds.push(args.tagsAny.length ? (t) => args.tagsAny!.some((tag) => t.tags.includes(tag)) : (t) => t.tags.length > 0);
  if (args.assignees) preds.push(args.assignees.length ? (t) => args.assignees!.every((a) => t.assignees.includes(a)) : (t) => t.assignees.length === 0);
  if (args.assigneesAny) preds.push(args.assigneesAny.length ? (t) => args.assigneesAny!.some((a) => t.assignees.includes(a)) : (t) => t.assignees.length > 0);
  if (args.attributes?.length) {
    const exportedCache = new Map<string, JsonObject>();
    preds.push(attributeMatcher(state, "task", args.attributes, (t, name) => taskFilterValue(state, project, t, name, exportedCache)));
  }
  if (args.search) {
    const needle = args.search.toLowerCase();
    preds.push((t) => t.name.toLowerCase().includes(needle) || (t.label ?? "").toLowerCase().includes(needle));
  }
  if (args.filter) preds.push(queryFilterPredicate(args.filter, taskColumns(state, project, cache)));
  return { candidates, accept: (t: TaskRecord) => preds.every((p) => p(t)) };
}

/** Topic names in the store matching the `topics` argument (LIKE ANY, `*` → `%`, case-sensitive). */
export function matchingTopics(store: EventStore, topics: string[]): string[] {
  for (const t of topics) if (!TOPIC_REGEX.test(t)) throw gqlError(400, `Invalid topic: ${t}`);
  const patterns = topics.map((t) => new RegExp(likeToRegExp(t.replace(/\*/g, "%")).source));
  return [...store.topics()].filter((name) => patterns.some((p) => p.test(name)));
}

/** The events to page over: only the matching topics' lists when `topics` is given. */
export function eventCandidates(store: EventStore, args: EventArgs): readonly EventRecord[] {
  if (!args.topics?.length) return store.all();
  const lists = matchingTopics(store, args.topics).map((t) => store.ofTopicByOrder(t));
  if (lists.length === 1) return lists[0]!;
  return lists.flat().sort((a, b) => a.creationOrder - b.creationOrder);
}

/** Predicate for `events(...)`; a non-manager sees only their own events. */
export function eventPredicate(args: EventArgs, onlyUser: string | null, store: EventStore): (e: EventRecord) => boolean {
  const preds: Pred<EventRecord>[] = [];
  if (onlyUser !== null) preds.push((e) => e.user === onlyUser);
  if (args.ids) {
    const ids = new Set(args.ids);
    preds.push((e) => ids.has(e.id));
  }
  // `topics` is applied by choosing the candidate lists (eventCandidates).
  if (!args.topics?.length && !args.includeLogs) {
    preds.push((e) => !e.topic.startsWith("log."));
  }
  if (args.projects) preds.push((e) => e.project !== null && args.projects!.includes(e.project));
  if (args.users) preds.push((e) => e.user !== null && args.users!.includes(e.user));
  const statuses = args.statuses ?? args.states;
  if (statuses) preds.push((e) => statuses.includes(e.status));
  if (args.newerThan) {
    const t = parseTime(args.newerThan);
    preds.push((e) => e.createdAt > t);
  }
  if (args.olderThan) {
    const t = parseTime(args.olderThan);
    preds.push((e) => e.createdAt < t);
  }
  // ayon-backend ayon_server/graphql/resolvers/events.py: hasChildren is `id [NOT] IN (SELECT depends_on FROM
  // public.events)`, a dependent event of any topic. The subquery keeps NULLs, and `x NOT IN (..., NULL)` is never
  // true in SQL: hasChildren false matches nothing once any event has no depends_on (every source event).
  if (args.hasChildren === true) preds.push((e) => store.hasDependents(e.id));
  if (args.hasChildren === false) {
    const anyNull = store.all().some((e) => e.dependsOn === null);
    preds.push((e) => !anyNull && !store.hasDependents(e.id));
  }
  if (args.filter) {
    const terms = args.filter.toLowerCase().split(/\s+/).filter((w) => w.length >= 3);
    if (terms.length) {
      preds.push((e) => {
        const text = `${e.topic} ${e.project ?? ""} ${e.user ?? ""} ${e.description}`.toLowerCase();
        return terms.every((w) => text.includes(w));
      });
    }
  }
  return (e) => preds.every((p) => p(e));
}

function parseTime(value: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw gqlError(400, `Invalid timestamp: ${value}`);
  return ms;
}

export function projectOr404(state: AyonState, name: string | null | undefined): ProjectState {
  const project = name ? state.project(name) : undefined;
  if (!project) throw gqlError(404, `Project ${name ?? ""} not found`);
  return project;
}

