// Activities (ayon-backend api/activities/activity.py post_project_activity, ayon_server/activities/create_activity.py):
// a comment on a project-level entity, its references (origin, author, user mentions) and the inbox they make.
// Stored per project; the inbox is derived from the references as graphql/resolvers/inbox.py reads them.
import { jsonReply } from "../http/index.js";
import { badRequest, conflict } from "./errors.js";
import { entityNotFound } from "./entities.js";
import { dispatchEvent } from "./events.js";
import { ENTITY_ID_REGEX, newEntityId } from "./ids.js";
import { projectFromPath } from "./operations.js";
import type { ProjectState } from "./project-store.js";
import type { AyonRoutes } from "./request.js";
import type { JsonObject } from "./types.js";
import { validateParam } from "./validation.js";

// ayon_server/activities/models.py ActivityType.
const ACTIVITY_TYPES = [
  "comment", "watch", "reviewable", "status.change", "assignee.add", "assignee.remove", "version.publish", "version.review", "attrib.change",
] as const;
// api/activities/activity.py human_activity_types.
const HUMAN_ACTIVITY_TYPES = ["comment", "version.review"];
// ayon_server/activities/models.py DO_NOT_TRACK_ACTIVITIES: their activity.created event is not stored.
const NOT_TRACKED = ["status.change", "assignee.add", "assignee.remove", "version.publish"];
// ayon_server/activities/utils.py MAX_BODY_LENGTH.
const MAX_BODY_LENGTH = 2000;
// ayon_server/activities/utils.py LINK_PATTERN: markdown links, not images.
const LINK_PATTERN = /(?<!!)\[(.*?)\]\((.*?)\)/g;
// ayon_server/activities/models.py ReferencedEntityType (a team mention expands to its members; no teams here).
const REFERENCED_TYPES = ["activity", "user", "folder", "task", "product", "version", "representation", "workfile"];

export interface ActivityReference {
  referenceType: "origin" | "mention" | "author" | "relation" | "watching";
  entityType: string;
  entityId: string | null;
  entityName: string | null;
}

export interface ActivityRecord {
  id: string;
  activityType: string;
  body: string;
  tags: string[];
  data: JsonObject;
  references: ActivityReference[];
  createdAt: number;
}

/** Stored activities, per project (the project's `activities` and `activity_references` tables). */
const store = new WeakMap<ProjectState, Map<string, ActivityRecord>>();

export function activitiesOf(project: ProjectState): Map<string, ActivityRecord> {
  let map = store.get(project);
  if (!map) store.set(project, (map = new Map()));
  return map;
}

/**
 * A user's important inbox items in a project: activities that mention or are watched by the user, the author's
 * own excluded (graphql/resolvers/inbox.py with showImportantMessages: reference_type mention/watching, not
 * status.change; create_activity.py skips the author).
 */
export function inboxOf(project: ProjectState, user: string): ActivityRecord[] {
  return [...activitiesOf(project).values()].filter(
    (a) => a.activityType !== "status.change" && a.data.author !== user &&
      a.references.some((r) => r.entityType === "user" && r.entityName === user && (r.referenceType === "mention" || r.referenceType === "watching")),
  );
}

function mentions(body: string): ActivityReference[] {
  const refs = new Map<string, ActivityReference>();
  for (const [, , target] of body.matchAll(LINK_PATTERN)) {
    // utils.py extract_link_tuples: "type:id", anything else is skipped.
    const parts = (target ?? "").split(":");
    if (parts.length !== 2 || !REFERENCED_TYPES.includes(parts[0]!)) continue;
    const [entityType, id] = parts as [string, string];
    const ref: ActivityReference = entityType === "user"
      ? { referenceType: "mention", entityType, entityName: id, entityId: null }
      : { referenceType: "mention", entityType, entityId: id, entityName: null };
    refs.set(`${entityType}:${id}`, ref);
  }
  return [...refs.values()];
}

function loadEntity(project: ProjectState, type: string, id: string): { name: string } | undefined {
  if (type === "folder") return project.folders.get(id);
  if (type === "task") return project.tasks.get(id);
  return undefined;
}

export function registerActivityRoutes(routes: AyonRoutes): void {
  routes.post("/api/projects/{projectName}/{entityType}/{entityId}/activities", async (req) => {
    const principal = req.principal;
    const ctx = { method: req.http.method, path: req.http.path };
    const entityId = validateParam("entityId", "path", req.params.entityId!, ENTITY_ID_REGEX, ctx);
    const body = await req.body({
      id: { type: "string", nullable: true },
      activityType: { type: "string", required: true, enum: ACTIVITY_TYPES },
      body: { type: "string", default: "" },
      tags: { type: "array", nullable: true, items: { type: "string" } },
      files: { type: "array", nullable: true, items: { type: "string" } },
      timestamp: { type: "string", nullable: true },
      data: { type: "object", nullable: true },
    });
    const activityType = body.activityType as string;
    // activity.py: only services may post other activity types.
    if (!principal.isService && !HUMAN_ACTIVITY_TYPES.includes(activityType)) throw badRequest("Humans can only create comments/guest reviews");
    const project = projectFromPath(req);
    // dependencies.py dep_path_project_level_entity_type: a trailing "s" is dropped.
    const entityType = req.params.entityType!.replace(/s+$/, "");
    if (!["folder", "task", "product", "version", "representation", "workfile"].includes(entityType)) throw badRequest(`Invalid entity type: ${entityType}`);
    // Products, versions, representations and workfiles are not commented on by this emulator.
    const entity = loadEntity(project, entityType, entityId);
    if (!entity) throw entityNotFound(entityId);
    const text = body.body as string;
    // create_activity.py: the body length check, with the type capitalised.
    if (text.length > MAX_BODY_LENGTH) throw badRequest(`${activityType.charAt(0).toUpperCase()}${activityType.slice(1)} body is too long`);
    const id = (body.id as string | null) ?? newEntityId();
    const activities = activitiesOf(project);
    // The activities table's primary key.
    if (activities.has(id)) throw conflict(`Activity ${id} already exists`);
    const author = principal.user.name;
    const references: ActivityReference[] = [
      { referenceType: "origin", entityType, entityId, entityName: null },
      { referenceType: "author", entityType: "user", entityName: author, entityId: null },
      ...mentions(text),
    ];
    // create_activity.py: data gets origin, author (and parents, not kept here).
    const data: JsonObject = { ...((body.data as JsonObject | null) ?? {}), origin: { type: entityType, id: entityId, name: entity.name }, author };
    activities.set(id, { id, activityType, body: text, tags: (body.tags as string[] | null) ?? [], data, references, createdAt: req.state.now() });
    // create_activity.py: "activity.created" (stored unless not tracked); the inbox.message events are never stored.
    dispatchEvent(req.state, {
      topic: "activity.created", project: project.name, description: `Created ${activityType} activity`,
      summary: { activity_id: id, activity_type: activityType, references: references.filter((r) => r.entityId).map((r) => ({ entity_id: r.entityId, entity_type: r.entityType, reference_type: r.referenceType })) },
      payload: { body: text }, store: !NOT_TRACKED.includes(activityType), user: author, sender: req.sender, senderType: req.senderType,
    });
    // activity.py: 201 with the activity id.
    return jsonReply({ id }, 201);
  });
}
