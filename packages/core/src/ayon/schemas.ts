// zod schemas for the AYON responses the client reads (response models of ayon-backend api/). They check what callers
// rely on and keep every other field (loose objects), so a newer server with extra fields still parses.
// Where the server omits null fields (REST models use exclude_none), defaults restore the typed shape.
// Every field the server's pydantic model declares `X | None` is accepted as null here (ayon-backend 1.16
// models: attributes/models.py, api/folders/list_folders.py, settings/anatomy/*.py, entities/models), so a
// reply the real server may send never fails to parse; what the client cannot do without is named by
// parseBody (endpoint and field) and fails that one call.
import { z } from "zod";
import { AyonResponseError } from "./errors.js";
import type {
  AnatomyPresetSummary, AttributeDefinition, AyonEvent, EnrollResponse, EventNode, EventStatus, Folder,
  FolderListItem, OperationResult, Project, ProjectSummary, ServerInfo, Task, UserInfo,
} from "./types.js";

const nullableString = z.string().nullish().transform((v) => v ?? null);
const jsonRecord = z.record(z.string(), z.unknown());
const stringList = z.array(z.string());
/** A list the model allows to be null (`list[str] | None`): null and absent read as empty. */
const nullableList = stringList.nullish().transform((v) => v ?? []);
/** An optional field the model allows to be null: null reads as absent. */
const optional = <T extends z.ZodType>(schema: T) => schema.nullish().transform((v) => v ?? undefined);

export const EVENT_STATUSES = ["pending", "in_progress", "finished", "failed", "aborted", "restarted"] as const;
const eventStatus: z.ZodType<EventStatus> = z.enum(EVENT_STATUSES);

/** A GraphQL field holding JSON text (summary, payload, data): parsed into an object, null stays null. */
const jsonObjectText = z.string().transform((text, ctx): Record<string, unknown> => {
  try {
    const value: unknown = JSON.parse(text);
    if (value !== null && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  ctx.issues.push({ code: "custom", message: "expected a JSON object in a string", input: undefined });
  return z.NEVER;
});

export const serverInfoSchema: z.ZodType<ServerInfo> = z.looseObject({ version: z.string() });

export const userInfoSchema: z.ZodType<UserInfo> = z.looseObject({
  name: z.string(),
  active: optional(z.boolean()),
  // A service user's data has isService only (no isAdmin/isManager): every flag is optional.
  data: optional(z.looseObject({ isService: optional(z.boolean()), isAdmin: optional(z.boolean()), isManager: optional(z.boolean()) })),
  attrib: optional(jsonRecord),
}) as z.ZodType<UserInfo>;

export const eventSchema: z.ZodType<AyonEvent> = z.looseObject({
  id: z.string(),
  hash: z.string(),
  topic: z.string(),
  sender: nullableString,
  senderType: nullableString,
  project: nullableString,
  user: nullableString,
  dependsOn: nullableString,
  status: eventStatus,
  retries: z.number().default(0),
  description: z.string().nullish().transform((v) => v ?? ""),
  summary: jsonRecord.nullish().transform((v) => v ?? {}),
  payload: jsonRecord.nullish().transform((v) => v ?? {}),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const createdIdSchema = z.looseObject({ id: z.string() });

export const enrollResponseSchema: z.ZodType<EnrollResponse> = z.looseObject({
  id: z.string(),
  dependsOn: z.string(),
  hash: z.string(),
  status: eventStatus,
});

const projectSummarySchema: z.ZodType<ProjectSummary> = z.looseObject({
  name: z.string(),
  code: z.string(),
  label: nullableString.optional(),
  active: z.boolean().default(true),
  library: z.boolean().default(false),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
});
export const projectListSchema = z.looseObject({ projects: z.array(projectSummarySchema) });

const namedItem = z.looseObject({ name: z.string() });
export const projectSchema: z.ZodType<Project> = z.looseObject({
  name: z.string(),
  code: z.string(),
  label: nullableString.optional(),
  library: z.boolean().default(false),
  active: z.boolean().default(true),
  folderTypes: z.array(namedItem).default([]),
  taskTypes: z.array(namedItem).default([]),
  // settings/anatomy/statuses.py: scope is `list[str] | None`.
  statuses: z.array(namedItem.extend({ scope: optional(stringList) })).default([]),
  tags: z.array(z.looseObject({ name: z.string(), color: optional(z.string()) })).default([]),
  attrib: jsonRecord.nullish().transform((v) => v ?? {}),
  ownAttrib: optional(stringList),
  data: jsonRecord.nullish().transform((v) => v ?? {}),
  config: optional(jsonRecord),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
}) as z.ZodType<Project>;

export const anatomyPresetListSchema = z.looseObject({
  presets: z.array(z.looseObject({ name: z.string(), primary: z.boolean().default(false), version: z.string().optional() })),
}) as z.ZodType<{ presets: AnatomyPresetSummary[] }>;

export const anatomySchema = jsonRecord;

export const attributeSchema: z.ZodType<AttributeDefinition> = z.looseObject({
  name: z.string(),
  position: z.number(),
  scope: stringList,
  builtin: optional(z.boolean()),
  data: z.looseObject({
    type: z.enum([
      "string", "integer", "float", "boolean", "datetime", "list_of_strings", "list_of_integers",
      "list_of_any", "list_of_submodels", "dict",
    ]),
    // attributes/models.py AttributeData: every field but type and inherit is `X | None`, sent as null.
    title: z.string().nullish(),
    description: z.string().nullish(),
    default: z.unknown().optional(),
    inherit: optional(z.boolean()),
  }),
});
export const attributeListSchema = z.looseObject({ attributes: z.array(attributeSchema) });

export const folderSchema: z.ZodType<Folder> = z.looseObject({
  id: z.string(),
  name: z.string(),
  label: nullableString.optional(),
  folderType: z.string(),
  parentId: nullableString,
  path: optional(z.string()),
  status: optional(z.string()),
  tags: optional(stringList),
  attrib: jsonRecord.nullish().transform((v) => v ?? {}),
  ownAttrib: optional(stringList),
  data: jsonRecord.nullish().transform((v) => v ?? {}),
  active: z.boolean().default(true),
  hasVersions: optional(z.boolean()),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
});

export const taskSchema: z.ZodType<Task> = z.looseObject({
  id: z.string(),
  name: z.string(),
  label: nullableString.optional(),
  taskType: z.string(),
  folderId: z.string(),
  assignees: optional(stringList),
  path: optional(z.string()),
  status: optional(z.string()),
  tags: optional(stringList),
  attrib: jsonRecord.nullish().transform((v) => v ?? {}),
  ownAttrib: optional(stringList),
  data: jsonRecord.nullish().transform((v) => v ?? {}),
  active: z.boolean().default(true),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
});

const folderListItemSchema: z.ZodType<FolderListItem> = z.looseObject({
  id: z.string(),
  path: z.string(),
  parentId: nullableString,
  parents: nullableList,
  name: z.string(),
  label: nullableString.optional(),
  folderType: z.string(),
  // api/folders/list_folders.py FolderListItem: taskNames, tags, attrib and ownAttrib are `X | None`.
  hasTasks: z.boolean().default(false),
  taskNames: nullableList,
  status: z.string(),
  tags: nullableList,
  hasChildren: z.boolean().default(false),
  hasVersions: z.boolean().default(false),
  attrib: optional(jsonRecord),
  ownAttrib: optional(stringList),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
});
export const folderListSchema = z.looseObject({ folders: z.array(folderListItemSchema) });

const operationResultSchema: z.ZodType<OperationResult> = z.looseObject({
  id: z.string(),
  type: z.enum(["create", "update", "delete"]),
  entityType: z.enum(["folder", "task", "product", "version", "representation", "workfile"]),
  entityId: nullableString,
  success: z.boolean(),
  status: z.number(),
  errorCode: nullableString,
  detail: nullableString,
});
export const operationsResponseSchema = z.looseObject({
  operations: z.array(operationResultSchema),
  success: z.boolean(),
});

export const secretSchema = z.looseObject({ name: z.string().optional(), value: z.string() });

export const addonListSchema = z.looseObject({
  addons: z.array(
    z.looseObject({
      name: z.string(),
      title: z.string().nullish(),
      productionVersion: z.string().nullish(),
      stagingVersion: z.string().nullish(),
      versions: z.record(z.string(), z.unknown()).default({}),
    }),
  ),
});

export const graphqlEnvelopeSchema = z.looseObject({
  data: z.unknown().optional(),
  errors: z
    .array(
      z.looseObject({
        message: z.string().default("unknown GraphQL error"),
        path: z.array(z.union([z.string(), z.number()])).nullish(),
        extensions: z.looseObject({ status: z.number().optional() }).nullish(),
      }),
    )
    .nullish(),
});

const pageInfoSchema = z.looseObject({
  hasNextPage: z.boolean().default(false),
  endCursor: nullableString,
  hasPreviousPage: z.boolean().default(false),
  startCursor: nullableString,
});

export const eventNodeSchema: z.ZodType<EventNode> = z.looseObject({
  id: z.string(),
  hash: z.string(),
  topic: z.string(),
  project: nullableString,
  user: nullableString,
  sender: nullableString,
  dependsOn: nullableString,
  status: eventStatus,
  retries: z.number(),
  description: z.string(),
  summary: jsonObjectText,
  // Absent when the query left payload out; null when the event has none (ayon-backend
  // ayon_server/graphql/resolvers/events.py).
  payload: jsonObjectText.nullish().transform((v) => v ?? null),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const eventsDataSchema = z.looseObject({
  events: z.looseObject({
    edges: z.array(z.looseObject({ node: eventNodeSchema })),
    pageInfo: pageInfoSchema,
  }),
});

const taskNodeSchema: z.ZodType<Task> = z.looseObject({
  id: z.string(),
  name: z.string(),
  label: nullableString,
  taskType: z.string(),
  folderId: z.string(),
  assignees: stringList.default([]),
  status: z.string(),
  tags: stringList.default([]),
  active: z.boolean(),
  data: jsonObjectText.nullish().transform((v) => v ?? {}),
  attrib: z.record(z.string(), z.unknown()).nullish().transform((v) => v ?? {}),
  ownAttrib: optional(stringList),
});

export const projectTasksDataSchema = z.looseObject({
  project: z
    .looseObject({
      tasks: z.looseObject({
        edges: z.array(z.looseObject({ node: taskNodeSchema })),
        pageInfo: pageInfoSchema,
      }),
    })
    .nullable(),
});

/** Validates `body` or throws AyonResponseError naming where it differs (paths and messages only, no values). */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown, method: string, path: string): T {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => {
    const where = issue.path.length ? issue.path.map(String).join(".") : "body";
    return `${where}: ${issue.message}`;
  });
  throw new AyonResponseError({ method, path, issues });
}
