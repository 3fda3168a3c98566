/**
 * Re-reading one ShotGrid entity for the incremental sync (ShotGrid REST API v1 `GET /entity/{type}/{id}`): one `GET`
 * with only the fields the mapping needs, plus the parent's `sg_ayon_id` through a dotted field
 * (`sg_sequence.Sequence.sg_ayon_id`,
 * `entity.Shot.sg_ayon_id`, ...) so the AYON parent can be fetched by id without another ShotGrid request.
 * Retired rows read as missing unless asked for (`options[return_only]=retired`), so the state the event suggests
 * is read first and the other one only when that finds nothing.
 */
import { linkOf, ShotgridHttpError, type ShotgridClient, type ShotgridRecord } from "../../client/index.js";
import { FOLDER_ENTITY_TYPES, fieldsFor, parentRuleFor, type Navchains } from "../hierarchy.js";
import { FIELD_AYON_ID } from "../identity.js";
import type { FieldMap } from "../../mapping/attrib-map.js";
import { mappedReadFields } from "../../mapping/fields.js";
import type { EntityRef } from "./event-intent.js";
import { PROJECT_FIELD } from "./project-guard.js";
import { groupBy } from "./wave-gather.js";

export interface ReadOptions {
  navchains: Navchains;
  enabledTypes: ReadonlySet<string>;
  /** The mapped fields to read too (custom attributes, tags, assignees). */
  fieldMap?: FieldMap;
}

export interface ReadEntity {
  record: ShotgridRecord;
  retired: boolean;
}

/** The dotted field that carries the `sg_ayon_id` of a parent of `parentType` linked through `field`. */
export function parentAyonIdField(field: string, parentType: string): string {
  return `${field}.${parentType}.${FIELD_AYON_ID}`;
}

/** Fields read for one entity: the mapping's, plus the parent's `sg_ayon_id` for every type the link may point to. */
export function entityFields(sgType: string, options: ReadOptions): string[] {
  // `project` too: project-guard.ts checks it before anything is written.
  const fields = [...fieldsFor(sgType, options.navchains), ...mappedReadFields(options.fieldMap, sgType), PROJECT_FIELD];
  const rule = parentRuleFor(sgType, options.navchains);
  if (rule.kind === "field") {
    // Link types are only advisory in ShotGrid: a Task's entity may be any folder type.
    for (const type of FOLDER_ENTITY_TYPES) if (options.enabledTypes.has(type)) fields.push(parentAyonIdField(rule.field, type));
  }
  return fields;
}

/** The parent's `sg_ayon_id` as read through the dotted field, or null. */
export function parentAyonIdOf(record: ShotgridRecord, field: string): string | null {
  const link = linkOf(record, field);
  if (!link) return null;
  const value = record[parentAyonIdField(field, link.type)];
  return typeof value === "string" && value.trim() !== "" ? value.trim() : null;
}

/** The entity alive or retired (read in the order `expect` suggests), or null when ShotGrid has neither. */
export async function readEntity(
  sg: ShotgridClient,
  ref: EntityRef,
  options: ReadOptions & { expect?: "alive" | "retired" },
): Promise<ReadEntity | null> {
  const fields = entityFields(ref.type, options);
  const order = options.expect === "retired" ? [true, false] : [false, true];
  for (const retired of order) {
    const record = await sg.read(ref.type, ref.id, { fields, retired });
    if (record) return { record, retired };
  }
  return null;
}

/** Ids per `_search` of readEntities: well within what one ShotGrid page returns. */
const IDS_PER_SEARCH = 500;

/**
 * readEntity for many entities at once (a batch of live updates): per type, one `_search` on `id in [...]` with
 * the same fields, first in the state each entity is expected in, then in the other state for those not found.
 * A search answers as the GETs would (both read live rows unless asked for retired ones, archived projects
 * included: ShotGrid REST API v1 `options[return_only]`, `include_archived_projects` default true), so the result
 * is readEntity's, entity by entity: the record and its state, null when ShotGrid has neither, undefined when
 * the search failed (the caller reads that one again on its own).
 */
export async function readEntities(
  sg: ShotgridClient,
  requests: ReadonlyArray<{ ref: EntityRef; expect?: "alive" | "retired" }>,
  options: ReadOptions,
): Promise<Array<ReadEntity | null | undefined>> {
  const results: Array<ReadEntity | null | undefined> = requests.map(() => null);
  let pending = requests.map((request, index) => ({ index, ref: request.ref, retired: request.expect === "retired" }));
  for (let pass = 0; pass < 2 && pending.length > 0; pass++) {
    const missing: typeof pending = [];
    const groups = groupBy(pending, (item) => `${item.ref.type}|${item.retired}`);
    await Promise.all(
      groups.flatMap((group) => chunks(group, IDS_PER_SEARCH)).map(async (group) => {
        const { type } = group[0]!.ref;
        const retired = group[0]!.retired;
        const ids = [...new Set(group.map((item) => item.ref.id))];
        const found = await sg
          .search(type, { filters: [["id", "in", ids]], fields: entityFields(type, options), retired, pageSize: ids.length })
          .catch(() => undefined);
        const byId = new Map(found?.map((record) => [record.id, record]));
        for (const item of group) {
          const record = byId.get(item.ref.id);
          if (found === undefined) results[item.index] = undefined;
          else if (record) results[item.index] = { record, retired };
          else missing.push({ ...item, retired: !retired });
        }
      }),
    );
    pending = missing;
  }
  return results;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let from = 0; from < items.length; from += size) out.push(items.slice(from, from + size));
  return out;
}

/**
 * Live entities whose parent link points at `parent` (Shots of a Sequence, Tasks of an Asset...), per the
 * project's navchains, with the fields readEntity reads: one search per type that links that way. A type whose field
 * refuses the filter (a link type the site does not allow there) simply has no such children.
 */
export async function findChildren(
  sg: ShotgridClient,
  parent: EntityRef,
  projectId: number,
  options: ReadOptions,
): Promise<ShotgridRecord[]> {
  const searches: Array<Promise<ShotgridRecord[]>> = [];
  for (const type of ["Episode", "Sequence", "Scene", "Shot", "Task"]) {
    if (!options.enabledTypes.has(type) || type === parent.type) continue;
    const rule = parentRuleFor(type, options.navchains);
    if (rule.kind !== "field") continue;
    const filters = [["project", "is", { type: "Project", id: projectId }], [rule.field, "is", { type: parent.type, id: parent.id }]] as const;
    searches.push(
      sg.searchAll(type, { filters, fields: entityFields(type, options), sort: "id", pageSize: 5000 }).catch((error: unknown) => {
        if (error instanceof ShotgridHttpError && error.status === 400) return [];
        throw error;
      }),
    );
  }
  return (await Promise.all(searches)).flat();
}
