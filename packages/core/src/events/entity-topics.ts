/**
 * The `entity.*` events AYON 1.16 emits for its own entities, as zod schemas of their `summary` and `payload`,
 * read from the emitters in ayon-backend (named on each entry). Objects are loose: a key a later server adds
 * passes through; a key listed here that is missing or of the wrong type makes the event invalid.
 *
 * `payload.oldValue`/`newValue` of a change are optional: the server writes them only with its audit trail on
 * (ayon_server/config/ayonconfig.py `audit_trail`, default on).
 */
import { z } from "zod";

/** A topic's schemas. */
export interface TopicSchemas {
  readonly summary: z.ZodType<Record<string, unknown>>;
  readonly payload: z.ZodType<Record<string, unknown>>;
}

const id = z.string();
const nullableString = z.string().nullable();
const json = z.record(z.string(), z.unknown());
const empty = z.looseObject({});

/** A value change, `{oldValue, newValue}` (ayon_server/events/patch.py). */
function change<T extends z.ZodType>(value: T) {
  return z.looseObject({ oldValue: value.optional(), newValue: value.optional() });
}

/**
 * The summary of an update (ayon_server/events/patch.py build_pl_entity_change_events): every event of one update
 * shares one summary object on the server, so `value` is the new value of the last change built for the update that
 * sets one, not necessarily this event's. Every change but attrib_changed sets it (data_changed too: the exclusion
 * list there compares topic names with column names and never matches), so it is absent only for an attrib-only update.
 */
function changeSummary<P extends z.ZodType>(parentId: P) {
  return z.looseObject({ entityId: id, parentId, entityPath: z.string(), value: z.unknown().optional() });
}

/** Topics every project-level entity type has, with `parentId` typed as the type's (null for a root folder). */
function commonTopics<P extends z.ZodType>(parentId: P) {
  const summary = changeSummary(parentId);
  return {
    // ayon_server/operations/project_level/entity_create.py: no payload.
    created: { summary: z.looseObject({ entityId: id, parentId }), payload: empty },
    // ayon_server/operations/project_level/entity_delete.py: the entity as it was (dict_simple), with the audit trail.
    deleted: { summary: z.looseObject({ entityId: id, parentId }), payload: z.looseObject({ entityData: json.optional() }) },
    // ayon_server/events/patch.py build_pl_entity_change_events: name.
    renamed: { summary, payload: change(z.string()) },
    // ayon_server/events/patch.py build_pl_entity_change_events: status.
    status_changed: { summary, payload: change(z.string()) },
    // ayon_server/events/patch.py build_pl_entity_change_events: tags (names).
    tags_changed: { summary, payload: change(z.array(z.string())) },
    // ayon_server/events/patch.py build_pl_entity_change_events: only the changed own attributes; the names of
    // attributes the server calculated, when there are some.
    attrib_changed: {
      summary,
      payload: z.looseObject({ oldValue: json.optional(), newValue: json.optional(), calculatedAttributes: z.array(z.string()).optional() }),
    },
    // ayon_server/events/patch.py ADDITIONAL_COLUMNS "data" (ayon_server/entities/core/base.py: every entity has it).
    data_changed: { summary, payload: change(json) },
    // ayon_server/events/patch.py ADDITIONAL_COLUMNS "active" (ayon_server/entities/core/base.py).
    active_changed: { summary, payload: change(z.boolean()) },
  };
}

/**
 * The ADDITIONAL_COLUMNS of ayon_server/events/patch.py an entity type really emits: the server skips a column
 * its entity class has no property for (`hasattr`), so e.g. a representation's `files` never gives an event.
 */
function columnTopics<P extends z.ZodType>(parentId: P) {
  const summary = changeSummary(parentId);
  return {
    label: { label_changed: { summary, payload: change(nullableString) } },
    type: { type_changed: { summary, payload: change(z.string()) } },
    thumbnail: { thumbnail_changed: { summary, payload: change(nullableString) } },
    assignees: { assignees_changed: { summary, payload: change(z.array(z.string())) } },
    productType: { product_type_changed: { summary, payload: change(z.string()) } },
    author: { author_changed: { summary, payload: change(nullableString) } },
    parent: { parent_changed: { summary, payload: change(nullableString) } },
    folder: { folder_changed: { summary, payload: change(z.string()) } },
    task: { task_changed: { summary, payload: change(nullableString) } },
    product: { product_changed: { summary, payload: change(z.string()) } },
    version: { version_changed: { summary, payload: change(z.string()) } },
  };
}

const rootable = columnTopics(nullableString);
const child = columnTopics(id);

/** The topic suffixes (`entity.<type>.<suffix>`) of each entity type, with their schemas. */
export const ENTITY_TOPICS = {
  // ayon_server/entities/folder.py: label, folder_type, thumbnail_id, parent_id (null at the project's root).
  folder: { ...commonTopics(nullableString), ...rootable.label, ...rootable.type, ...rootable.thumbnail, ...rootable.parent },
  // ayon_server/entities/task.py: label, task_type, thumbnail_id, assignees, folder_id.
  task: {
    ...commonTopics(id), ...child.label, ...child.type, ...child.thumbnail, ...child.folder,
    // Also api/tasks/tasks.py (POST .../tasks/{id}/assign): summary {entityId, parentId} without entityPath.
    assignees_changed: { summary: z.looseObject({ entityId: id, parentId: id, entityPath: z.string().optional(), value: z.unknown().optional() }), payload: change(z.array(z.string())) },
  },
  // ayon_server/entities/product.py: product_type, folder_id.
  product: { ...commonTopics(id), ...child.productType, ...child.folder },
  // ayon_server/entities/version.py: author, product_id, task_id, thumbnail_id.
  version: { ...commonTopics(id), ...child.author, ...child.product, ...child.task, ...child.thumbnail },
  // ayon_server/entities/representation.py: version_id (no files property, so no files_changed).
  representation: { ...commonTopics(id), ...child.version },
  // ayon_server/entities/workfile.py: task_id, thumbnail_id.
  workfile: { ...commonTopics(id), ...child.task, ...child.thumbnail },
  project: projectTopics(),
} as const satisfies Record<string, Record<string, TopicSchemas>>;

/** The project's own events: no entityId (the project is named by the event's `project`). */
function projectTopics() {
  const bare = { summary: empty, payload: empty };
  // ayon_server/events/patch.py build_project_change_events: one event per changed column, then `changed`.
  const column = <T extends z.ZodType>(value: T) => ({ summary: empty, payload: change(value) });
  return {
    // api/projects/projects.py (create_project) and ayon_server/helpers/deploy_project.py: no summary, no payload.
    created: bare,
    // api/projects/projects.py (delete_project).
    deleted: bare,
    // ayon_server/helpers/rename_project.py: the old name in the summary; no `project` on the event.
    renamed: { summary: z.looseObject({ entityName: z.string() }), payload: z.looseObject({ oldValue: z.string(), newValue: z.string() }) },
    // ayon_server/events/patch.py build_project_change_events: emitted after every project update.
    changed: bare,
    attrib_changed: column(json),
    data_changed: column(json),
    label_changed: column(nullableString),
    active_changed: column(z.boolean()),
    config_changed: column(json),
    // ayon_server/entities/project.py: statuses, tags, folder_types, task_types are lists of definitions.
    statuses_changed: column(z.array(json)),
    tags_changed: column(z.array(json)),
    folder_types_changed: column(z.array(json)),
    task_types_changed: column(z.array(json)),
  };
}
