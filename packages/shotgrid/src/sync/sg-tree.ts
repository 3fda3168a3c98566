/**
 * The ShotGrid side of a project, loaded in bulk (ShotGrid REST API v1 `_search`): one paged `_search` per synced
 * type, pages of 5000 (the server maximum), only the fields the mapping needs, sorted by id. The records
 * become DesiredEntity values (hierarchy.ts), ordered parents before children so a planner can walk them
 * once.
 */
import type { ShotgridClient, ShotgridRecord } from "../client/index.js";
import {
  ASSET_CATEGORY, assetCategoryEntity, assetCategoryOf, fieldsFor, HIERARCHY_ENTITY_TYPES, toDesiredEntity,
  type DesiredEntity, type MappingOptions,
} from "./hierarchy.js";
import { compareSgIds } from "./naming.js";
import { mappedReadFields } from "../mapping/fields.js";

/** The server's maximum page size (5000): the fewest requests for a big project. */
export const SHOTGRID_PAGE_SIZE = 5000;

export interface ShotgridTree {
  /** Parents before children; siblings of one depth in type order, then by ShotGrid id. */
  entities: DesiredEntity[];
  byKey: ReadonlyMap<string, DesiredEntity>;
  /** Records read per ShotGrid type. */
  counts: Record<string, number>;
}

/** Types in the order they are read and ordered: categories first, then the folder types, Task last. */
const TYPE_RANK = new Map<string, number>([ASSET_CATEGORY, ...HIERARCHY_ENTITY_TYPES].map((t, i) => [t, i]));

/** The hierarchy types a project syncs, in reading order. */
export function syncedTypes(enabledTypes: ReadonlySet<string>): string[] {
  return HIERARCHY_ENTITY_TYPES.filter((type) => enabledTypes.has(type));
}

export interface LoadShotgridTreeOptions extends MappingOptions {
  projectId: number;
  pageSize?: number;
  signal?: AbortSignal;
}

/**
 * Reads every synced type of the project (in parallel, one paged search each) and builds the tree. Each page
 * is mapped as it arrives, so the raw records of a 60,000-task project are never all held at once.
 */
export async function loadShotgridTree(sg: ShotgridClient, options: LoadShotgridTreeOptions): Promise<ShotgridTree> {
  const project = { type: "Project", id: options.projectId };
  const builder = new ShotgridTreeBuilder(options);
  await Promise.all(
    syncedTypes(options.enabledTypes).map(async (type) => {
      builder.count(type, 0);
      const pages = sg.searchPages(type, {
        filters: [["project", "is", project]],
        fields: [...fieldsFor(type, options.navchains), ...mappedReadFields(options.fieldMap, type)],
        sort: "id",
        pageSize: options.pageSize ?? SHOTGRID_PAGE_SIZE,
      });
      for await (const page of pages) {
        options.signal?.throwIfAborted();
        for (const record of page) builder.add(record);
      }
    }),
  );
  return builder.build();
}

/** Pure: records per type → the ordered desired tree, with problems (missing parent, cycle) marked. */
export function buildShotgridTree(recordsByType: ReadonlyMap<string, readonly ShotgridRecord[]>, options: MappingOptions): ShotgridTree {
  const builder = new ShotgridTreeBuilder(options);
  for (const [type, records] of recordsByType) {
    builder.count(type, 0);
    for (const record of records) builder.add(record);
  }
  return builder.build();
}

/** Collects mapped records in any order; build() adds the categories, checks parents and orders the tree. */
export class ShotgridTreeBuilder {
  readonly #options: MappingOptions;
  readonly #byKey = new Map<string, DesiredEntity>();
  readonly #counts: Record<string, number> = {};
  readonly #categories = new Map<string, { label: string; firstAssetId: number }>();

  constructor(options: MappingOptions) {
    this.#options = options;
  }

  /** Makes a type show in the counts even when it has no rows. */
  count(type: string, n: number): void {
    this.#counts[type] = (this.#counts[type] ?? 0) + n;
  }

  add(record: ShotgridRecord): void {
    const entity = toDesiredEntity(record, this.#options);
    this.#byKey.set(entity.key, entity);
    this.count(record.type, 1);
    if (record.type === "Asset") noteCategory(this.#categories, record);
  }

  build(): ShotgridTree {
    const byKey = this.#byKey;
    for (const [slug, { label }] of this.#categories) {
      const category = assetCategoryEntity(slug, label, this.#options.folderLayout);
      byKey.set(category.key, category);
    }
    markMissingParents(byKey);
    const depths = computeDepths(byKey);
    const entities = [...byKey.values()].sort((a, b) => {
      const byDepth = (depths.get(a.key) ?? 0) - (depths.get(b.key) ?? 0);
      if (byDepth !== 0) return byDepth;
      const byType = (TYPE_RANK.get(a.sgType) ?? 99) - (TYPE_RANK.get(b.sgType) ?? 99);
      return byType !== 0 ? byType : compareSgIds(a.sgId, b.sgId);
    });
    return { entities, byKey, counts: { ...this.#counts } };
  }
}

/** A category's label comes from its lowest-id Asset, so it does not depend on reading order. */
function noteCategory(categories: Map<string, { label: string; firstAssetId: number }>, record: ShotgridRecord): void {
  const category = assetCategoryOf(record);
  if (!category) return;
  const known = categories.get(category.slug);
  if (!known || record.id < known.firstAssetId) categories.set(category.slug, { label: category.label, firstAssetId: record.id });
}

function markMissingParents(byKey: ReadonlyMap<string, DesiredEntity>): void {
  for (const entity of byKey.values()) {
    if (entity.problem !== null || entity.skip !== null || entity.parentKey === null || byKey.has(entity.parentKey)) continue;
    entity.problem = `its parent ${entity.parentKey.replace(":", " ")} is not part of this project's synced ShotGrid data`;
  }
}

/** Depth below the root per key; an entity in a parent cycle gets a problem and depth 0. */
function computeDepths(byKey: ReadonlyMap<string, DesiredEntity>): Map<string, number> {
  const depths = new Map<string, number>();
  for (const start of byKey.values()) {
    if (depths.has(start.key)) continue;
    const path: DesiredEntity[] = [];
    const onPath = new Set<string>();
    let current: DesiredEntity | undefined = start;
    let base = 0;
    while (current && !depths.has(current.key)) {
      if (onPath.has(current.key)) {
        // A cycle (link types are only advisory in ShotGrid, so a Shot can name a Shot as its sequence).
        for (const member of path.slice(path.indexOf(current))) {
          member.problem ??= "its parents form a cycle in ShotGrid";
          depths.set(member.key, 0);
        }
        break;
      }
      path.push(current);
      onPath.add(current.key);
      current = current.parentKey === null ? undefined : byKey.get(current.parentKey);
    }
    if (current && depths.has(current.key)) base = (depths.get(current.key) ?? 0) + 1;
    for (let i = path.length - 1; i >= 0; i -= 1) {
      const entity = path[i] as DesiredEntity;
      if (depths.has(entity.key)) {
        base = (depths.get(entity.key) ?? 0) + 1;
        continue;
      }
      depths.set(entity.key, base);
      base += 1;
    }
  }
  return depths;
}
