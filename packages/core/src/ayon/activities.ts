// Activities (ayon-backend api/activities/activity.py post_project_activity, ayon_server/activities/): a comment on a
// project-level entity; a user mentioned in its body as `[label](user:name)` gets it in the inbox as important
// (activities/utils.py extract_mentions, create_activity.py "inbox.message", graphql/resolvers/inbox.py).
import { z } from "zod";
import { newAyonId } from "./ids.js";
import { parseBody } from "./schemas.js";
import { endpoint, type AyonTransport } from "./transport.js";

/** ayon-backend activities/utils.py MAX_BODY_LENGTH: a longer body is refused (400). */
export const ACTIVITY_BODY_MAX = 2000;

/** The entity types an activity may be posted on (dependencies.py PathProjectLevelEntityType). */
export type ActivityEntityType = "folder" | "task" | "product" | "version" | "representation" | "workfile";

export interface ActivityRequest {
  entityType: ActivityEntityType;
  entityId: string;
  /** Markdown; mentions as `[label](user:name)`. At most ACTIVITY_BODY_MAX characters. */
  body: string;
  /** models.py ActivityType; a service user may post any of them, a human only comments and reviews. */
  activityType?: "comment";
  data?: Record<string, unknown>;
}

const createdSchema = z.object({ id: z.string() });

/** POST .../activities with an id of our own (models.py ProjectActivityPostModel.id), sent once (not repeated). */
export async function postActivity(transport: AyonTransport, headers: Record<string, string>, project: string, req: ActivityRequest): Promise<string> {
  const spec = {
    method: "POST" as const,
    endpoint: endpoint("/api/projects/{project}/{entityType}/{entityId}/activities", { project, entityType: req.entityType, entityId: req.entityId }),
    json: { id: newAyonId(), activityType: req.activityType ?? "comment", body: req.body, ...(req.data ? { data: req.data } : {}) },
    retry: "if-not-sent" as const,
    headers,
  };
  const result = await transport.call(spec);
  return parseBody(createdSchema, result.body, spec.method, spec.endpoint.path).id;
}
