/**
 * The full-sync planner (pure): the desired tree from ShotGrid × the AYON tree → AYON operations, the
 * ShotGrid entity ↔ AYON id links, and what could not be synced. No I/O, so every rule is unit-tested on
 * small synthetic trees.
 *
 * Rules:
 * - entities are walked parents first; an entity whose parent could not be synced fails with it;
 * - matching follows identity.ts (shotgridId, then sg_ayon_id, then name under the parent);
 * - a matched entity keeps its AYON name (renames are the incremental handler's business, under the
 *   rename policy; with `deferRenamed`, the reconcile's, one whose ShotGrid name is not its label is left
 *   whole to that rule: reconcile-sync.ts); its label, parent, task type, status, identity attributes and mapped fields (attributes,
 *   tags, assignees: mapping/fields.ts) follow ShotGrid, only what differs being written;
 * - a new entity gets a de-duplicated name (naming.ts) and a client-made id — the ShotGrid entity's old
 *   `sg_ayon_id` when it is a free AYON id, so a re-created project keeps its ids; parents are created
 *   before their children and the operations say which created id each one depends on;
 * - AYON entities linked to ShotGrid entities that no longer exist are counted as orphans, never deleted
 *   here (deletion belongs to the incremental handler);
 * - folder_parenting (folder-layout.ts): a new entity with a layout goes under its layout folders, found by
 *   name or created; an existing one moves only when its ShotGrid parent changed (sitsInPlace), never for a
 *   layout computed differently.
 */
import type { Operation } from "@ayon-sg/core";
import { newAyonId } from "@ayon-sg/core";
import type { AnatomyMapping } from "./anatomy.js";
import type { AyonEntity, AyonFolder, AyonTree } from "./ayon-tree.js";
import { anchorOf, layoutKey, layoutPath, sitsInPlace, type LayoutFolder } from "./folder-layout.js";
import { ASSET_CATEGORY, type DesiredEntity } from "./hierarchy.js";
import {
  ayonIdOrNull, identityAttrib, identityKey, identityKeyOf, matchFallback, type ExistingEntity, type MatchedBy,
  type SyncStatus,
} from "./identity.js";
import { shotgridNameChanged } from "./incremental/entity-changes.js";
import { pickUniqueName } from "./naming.js";
import { fieldChanges, mergeFieldData, type CurrentFields } from "../mapping/fields.js";

export interface PlannedOperation {
  /** Ready to send: creates carry their client-made entityId. */
  operation: Operation;
  /** The desired entity this operation serves (for failure reports). */
  key: string;
  /** The id of an entity created earlier in this plan that this operation needs (its parent or folder). */
  dependsOn: string | null;
}

export interface KindCounts {
  created: number;
  updated: number;
  unchanged: number;
}

export interface SyncPlan {
  /** Parents before children. */
  operations: PlannedOperation[];
  /** Desired key → AYON id (matched, or created by `operations`). */
  links: Map<string, string>;
  /** Desired key → why it is not (fully) synced. */
  failures: Map<string, string>;
  /** Desired key → why it is left out by design (a Task on a type the project does not sync...). */
  skipped: Map<string, string>;
  /** How each linked entity was found; absent for created ones. */
  matchedBy: Map<string, MatchedBy>;
  counts: { folders: KindCounts; tasks: KindCounts };
  /** AYON entities linked to ShotGrid entities this sync did not see (retired or moved to another project). */
  orphans: Array<{ id: string; kind: "folder" | "task"; shotgridType: string; shotgridId: string }>;
  /** Identity keys found on more than one AYON entity. */
  duplicateIdentities: string[];
  /**
   * With `deferRenamed`: entities whose ShotGrid name is no longer the one AYON last took (its label), left
   * untouched here for the live-update rule (incremental/reconcile.ts) — linked, not counted.
   */
  renamed: Array<{ id: string; kind: "folder" | "task"; key: string }>;
  /** ShotGrid user id → keys of the Tasks it is assigned to, for users with no AYON user. */
  unknownUsers: Map<number, string[]>;
  /** Desired key → mapped values that could not be converted (the entity is synced without them). */
  fieldProblems: Map<string, string[]>;
}

export interface PlanInput {
  /** Parents before children (sg-tree.ts orders them so). */
  desired: readonly DesiredEntity[];
  existing: AyonTree;
  anatomy: AnatomyMapping;
  /** Id factory; tests pass a deterministic one. */
  newId?: () => string;
  /** ShotGrid user id → AYON user name (assignees); without it every assignee is unknown. */
  resolveUser?: (sgUserId: number) => string | null;
  /**
   * Leave the entities matched by identity whose ShotGrid name changed since AYON last took it (a rename event
   * lost) to the live-update rule instead of writing their new label here (`renamed`); the reconcile sets it.
   */
  deferRenamed?: boolean;
}

export function planSync(input: PlanInput): SyncPlan {
  return new Planner(input).run();
}

/** One ShotGrid entity's wanted `sg_ayon_id` / `sg_ayon_sync_status`, sent only where they differ. */
export interface ShotgridWriteBack {
  type: string;
  id: number;
  data: { sg_ayon_id?: string | null; sg_ayon_sync_status?: SyncStatus };
}

/**
 * The write-backs after a sync: "Synced" + the AYON id for linked entities, "Failed" for failed ones and
 * "Skipped" for those left out by design (their `sg_ayon_id` keeps its value unless they are linked).
 * Entities whose values already match are left out, which is what makes a re-run with no change write nothing.
 */
export function planWriteBacks(
  desired: Iterable<DesiredEntity>,
  links: ReadonlyMap<string, string>,
  failures: ReadonlyMap<string, string>,
  skipped: ReadonlyMap<string, string> = new Map(),
): ShotgridWriteBack[] {
  const writes: ShotgridWriteBack[] = [];
  for (const entity of desired) {
    if (!entity.hasShotgridRow || typeof entity.sgId !== "number") continue;
    const status: SyncStatus = failures.has(entity.key) ? "Failed" : skipped.has(entity.key) ? "Skipped" : "Synced";
    const ayonId = links.get(entity.key) ?? entity.sgAyonId;
    const data: ShotgridWriteBack["data"] = {};
    if (ayonId !== entity.sgAyonId) data.sg_ayon_id = ayonId;
    if (status !== entity.sgSyncStatus) data.sg_ayon_sync_status = status;
    if (Object.keys(data).length > 0) writes.push({ type: entity.sgType, id: entity.sgId, data });
  }
  return writes;
}

class Planner {
  readonly #desired: readonly DesiredEntity[];
  readonly #existing: AyonTree;
  readonly #anatomy: AnatomyMapping;
  readonly #newId: () => string;
  readonly #desiredKeys: Set<string>;
  readonly #claimed = new Set<string>();
  readonly #identityMatches = new Map<string, ExistingEntity>();
  /** Lowercase names per `kind|parentId`, seeded lazily from AYON and extended as names are handed out. */
  readonly #names = new Map<string, Set<string>>();
  readonly #createdIds = new Set<string>();
  /** Layout folders by lowercase path: their AYON id, or why they cannot be had. */
  readonly #layoutFolders = new Map<string, string | { problem: string }>();
  readonly #plan: SyncPlan = {
    operations: [],
    links: new Map(),
    failures: new Map(),
    skipped: new Map(),
    matchedBy: new Map(),
    counts: { folders: { created: 0, updated: 0, unchanged: 0 }, tasks: { created: 0, updated: 0, unchanged: 0 } },
    orphans: [],
    duplicateIdentities: [],
    renamed: [],
    unknownUsers: new Map(),
    fieldProblems: new Map(),
  };
  readonly #resolveUser: (sgUserId: number) => string | null;
  readonly #deferRenamed: boolean;

  constructor(input: PlanInput) {
    this.#deferRenamed = input.deferRenamed ?? false;
    this.#desired = input.desired;
    this.#existing = input.existing;
    this.#anatomy = input.anatomy;
    this.#newId = input.newId ?? newAyonId;
    this.#resolveUser = input.resolveUser ?? (() => null);
    this.#desiredKeys = new Set(input.desired.map((e) => e.key));
  }

  run(): SyncPlan {
    // Identity matches first, for everyone: an AYON entity carrying a live identity is never adopted by
    // another entity's sg_ayon_id or name further down the walk.
    for (const entity of this.#desired) {
      const match = this.#existing.byIdentity(entity.kind, entity.key);
      if (match && !this.#claimed.has(match.id)) {
        this.#identityMatches.set(entity.key, match);
        this.#claimed.add(match.id);
      }
    }
    // Existing layout folders are never adopted by a ShotGrid entity of the same name.
    for (const entity of this.#desired) if (entity.layout) this.#findLayout(entity.layout, (id) => this.#claimed.add(id));
    for (const entity of this.#desired) this.#visit(entity);
    this.#collectOrphans();
    this.#plan.duplicateIdentities = [...this.#existing.duplicateIdentities];
    return this.#plan;
  }

  #visit(entity: DesiredEntity): void {
    if (entity.problem !== null) return this.#fail(entity, entity.problem);
    if (entity.skip !== null) return void this.#plan.skipped.set(entity.key, entity.skip);
    let parentId: string | null = null;
    const layout = entity.layout ?? null;
    if (entity.parentKey !== null) {
      const parent = this.#plan.links.get(entity.parentKey);
      if (parent === undefined && this.#plan.skipped.has(entity.parentKey) && !layout) {
        return void this.#plan.skipped.set(entity.key, `its parent ${describeKey(entity.parentKey)} is not synced`);
      }
      // With a layout the ShotGrid parent is not where it goes: it need not be synced.
      if (parent === undefined && !layout) return this.#fail(entity, `its parent ${describeKey(entity.parentKey)} could not be synced`);
      parentId = parent ?? null;
    }
    const sgParentId = entity.parentKey === null ? null : this.#plan.links.get(entity.parentKey);
    const type = entity.kind === "folder" ? this.#anatomy.folderType(entity.type) : this.#anatomy.taskType(entity.type);
    if (type === null) return this.#fail(entity, `the AYON project has no ${entity.kind} type '${entity.type}'`);
    const status = entity.status === null ? null : this.#anatomy.status(entity.status, entity.kind);

    let match = this.#identityMatches.get(entity.key);
    let by: MatchedBy = "shotgridId";
    if (!match) {
      // By name where it would go: under the layout folder when there is one already.
      const nameParent = layout ? this.#findLayout(layout) : parentId;
      const found = matchFallback(
        { key: entity.key, kind: entity.kind, sgType: entity.sgType, sgAyonId: entity.sgAyonId, lowerName: entity.baseName.toLowerCase(), parentId: nameParent },
        this.#existing,
        this.#claimed,
        (key) => this.#desiredKeys.has(key),
      );
      if (found) {
        this.#claimed.add(found.entity.id);
        match = found.entity;
        by = found.by;
      }
    }
    if (match) {
      const current = match as AyonEntity;
      if (this.#deferRenamed && by === "shotgridId" && shotgridNameChanged(entity, current)) {
        this.#plan.links.set(entity.key, current.id);
        this.#plan.matchedBy.set(entity.key, by);
        this.#plan.renamed.push({ id: current.id, kind: current.kind, key: entity.key });
        return;
      }
      const place = this.#placeOf(current, layout, parentId, sgParentId);
      if (typeof place !== "string" && place !== null) return this.#fail(entity, place.problem);
      this.#update(entity, current, by, place, type, status);
      return;
    }
    const place = layout ? this.#layoutFolder(layout) : parentId;
    if (typeof place !== "string" && place !== null) return this.#fail(entity, place.problem);
    this.#create(entity, place, type, status);
  }

  /**
   * Where an existing entity belongs: where it is, when it differs from the computed place only by the layout
   * (folder-layout.ts sitsInPlace); else the computed place (its layout folder, created if needed, or its parent).
   */
  #placeOf(current: AyonEntity, layout: readonly LayoutFolder[] | null, parentId: string | null, sgParentId: string | null | undefined): string | null | { problem: string } {
    const computed = layout ? this.#findLayout(layout) : parentId;
    if (current.parentId === computed) return computed;
    if (current.kind === "folder") {
      const anchor = anchorOf(current.parentId, (id) => this.#existing.folders.get(id));
      if (sitsInPlace(anchor, sgParentId)) return current.parentId;
    }
    return layout ? this.#layoutFolder(layout) : parentId;
  }

  /** The id of an existing layout chain's last folder, or undefined when part of it is missing (nothing created). */
  #findLayout(chain: readonly LayoutFolder[], onFolder?: (id: string) => void): string | undefined {
    let parent: string | null = null;
    for (let depth = 1; depth <= chain.length; depth += 1) {
      const known = this.#layoutFolders.get(layoutPath(chain, depth).toLowerCase());
      if (typeof known === "string") {
        parent = known;
        continue;
      }
      const folder = this.#existing.childByName("folder", parent, (chain[depth - 1] as LayoutFolder).name.toLowerCase());
      if (!folder || folder.identity.shotgridId !== null) return undefined;
      onFolder?.(folder.id);
      parent = folder.id;
    }
    return parent ?? undefined;
  }

  /** The id of a layout chain's last folder, creating the missing ones (parents first); or why it cannot be had. */
  #layoutFolder(chain: readonly LayoutFolder[]): string | { problem: string } {
    let parent: string | null = null;
    for (let depth = 1; depth <= chain.length; depth += 1) {
      const path = layoutPath(chain, depth);
      let id = this.#layoutFolders.get(path.toLowerCase());
      if (id === undefined) {
        id = this.#layoutLevel(chain, depth, parent);
        this.#layoutFolders.set(path.toLowerCase(), id);
      }
      if (typeof id !== "string") return id;
      parent = id;
    }
    return parent as string;
  }

  #layoutLevel(chain: readonly LayoutFolder[], depth: number, parent: string | null): string | { problem: string } {
    const wanted = chain[depth - 1] as LayoutFolder;
    const path = layoutPath(chain, depth);
    const lower = wanted.name.toLowerCase();
    const existing = this.#existing.childByName("folder", parent, lower);
    if (existing) {
      if (existing.identity.shotgridId === null) return existing.id;
      return { problem: `the folder_parenting folder '${path}' is taken by the AYON folder of ShotGrid ${existing.identity.shotgridType ?? "entity"} ${existing.identity.shotgridId}` };
    }
    if (this.#namesUnder("folder", parent).has(lower)) {
      return { problem: `the folder_parenting folder '${path}' is taken by another synced entity of that name` };
    }
    const folderType = this.#anatomy.folderType(wanted.folderType);
    if (folderType === null) return { problem: `the AYON project has no folder type '${wanted.folderType}' (folder_parenting folder '${path}')` };
    const id = this.#newId();
    this.#createdIds.add(id);
    this.#namesUnder("folder", parent).add(lower);
    this.#plan.operations.push({
      operation: {
        type: "create",
        entityType: "folder",
        entityId: id,
        // As the Python addon makes them (utils.py _create_special_category): no shotgridId, the type as shotgridType.
        data: { name: wanted.name, label: wanted.name, folderType, parentId: parent, attrib: { shotgridType: wanted.folderType } },
      },
      key: layoutKey(chain, depth),
      dependsOn: parent !== null && this.#createdIds.has(parent) ? parent : null,
    });
    this.#plan.counts.folders.created += 1;
    return id;
  }

  #create(entity: DesiredEntity, parentId: string | null, type: string, status: string | null): void {
    const name = pickUniqueName({ sgId: entity.sgId, base: entity.baseName }, this.#namesUnder(entity.kind, parentId));
    const reusable = ayonIdOrNull(entity.sgAyonId);
    const id = reusable && !this.#existing.byId(reusable) && !this.#createdIds.has(reusable) ? reusable : this.#newId();
    this.#createdIds.add(id);
    const data: Record<string, unknown> = { name, attrib: identityAttrib(entity.sgType, entity.sgId) };
    if (entity.label !== null) data.label = entity.label;
    if (entity.kind === "folder") {
      data.folderType = type;
      data.parentId = parentId;
    } else {
      data.taskType = type;
      data.folderId = parentId;
    }
    if (status !== null) data.status = status;
    this.#mergeFields(entity, null, data);
    this.#plan.operations.push({
      operation: { type: "create", entityType: entity.kind, entityId: id, data },
      key: entity.key,
      dependsOn: parentId !== null && this.#createdIds.has(parentId) ? parentId : null,
    });
    this.#plan.links.set(entity.key, id);
    this.#counts(entity.kind).created += 1;
  }

  /** `parentId`: where it belongs (planned by #placeOf). */
  #update(entity: DesiredEntity, current: AyonEntity, by: MatchedBy, parentId: string | null, type: string, status: string | null): void {
    const data: Record<string, unknown> = {};
    if ((entity.label ?? current.name) !== (current.label ?? current.name)) data.label = entity.label;
    if (current.parentId !== parentId) {
      const problem = this.#moveProblem(current, parentId);
      if (problem) this.#plan.failures.set(entity.key, problem);
      else {
        data[current.kind === "folder" ? "parentId" : "folderId"] = parentId;
        this.#namesUnder(current.kind, parentId).add(current.name.toLowerCase());
      }
    }
    if (current.kind === "task" && current.taskType !== type) data.taskType = type;
    if (status !== null && current.status !== status) data.status = status;
    if (!sameIdentity(current, entity)) data.attrib = identityAttrib(entity.sgType, entity.sgId);
    this.#mergeFields(entity, current.fields ?? NO_FIELDS, data);
    this.#plan.links.set(entity.key, current.id);
    this.#plan.matchedBy.set(entity.key, by);
    if (Object.keys(data).length === 0) {
      this.#counts(entity.kind).unchanged += 1;
      return;
    }
    const target = (data.parentId ?? data.folderId) as string | null | undefined;
    this.#plan.operations.push({
      operation: { type: "update", entityType: current.kind, entityId: current.id, data },
      key: entity.key,
      dependsOn: typeof target === "string" && this.#createdIds.has(target) ? target : null,
    });
    this.#counts(entity.kind).updated += 1;
  }

  /** Adds the mapped fields that differ to an operation's data; notes unknown assignees and unconvertible values. */
  #mergeFields(entity: DesiredEntity, current: CurrentFields | null, data: Record<string, unknown>): void {
    if (!entity.fields) return;
    const changes = fieldChanges(entity.fields, current, this.#resolveUser);
    mergeFieldData(data, changes.data);
    for (const id of changes.unknownUsers) {
      const keys = this.#plan.unknownUsers.get(id);
      if (keys) keys.push(entity.key);
      else this.#plan.unknownUsers.set(id, [entity.key]);
    }
    if (entity.fields.problems.length > 0) this.#plan.fieldProblems.set(entity.key, entity.fields.problems);
  }

  /** Why an entity cannot move to `parentId`, or null. */
  #moveProblem(current: AyonEntity, parentId: string | null): string | null {
    if (current.kind === "folder" && (current as AyonFolder).hasVersions) {
      return "its ShotGrid parent changed, but the AYON folder has published versions and stays where it is";
    }
    if (current.kind === "task" && parentId === null) return "a task cannot move to the project root";
    if (this.#namesUnder(current.kind, parentId).has(current.name.toLowerCase())) {
      return `its ShotGrid parent changed, but the new AYON parent already has a ${current.kind} named '${current.name}'`;
    }
    return null;
  }

  #namesUnder(kind: "folder" | "task", parentId: string | null): Set<string> {
    const key = `${kind}|${parentId ?? ""}`;
    let names = this.#names.get(key);
    if (!names) {
      names = this.#existing.namesUnder(kind, parentId);
      this.#names.set(key, names);
    }
    return names;
  }

  #fail(entity: DesiredEntity, reason: string): void {
    this.#plan.failures.set(entity.key, reason);
  }

  #counts(kind: "folder" | "task"): KindCounts {
    return kind === "folder" ? this.#plan.counts.folders : this.#plan.counts.tasks;
  }

  #collectOrphans(): void {
    for (const entity of this.#existing.entities()) {
      const key = identityKeyOf(entity.identity);
      if (key === null || this.#desiredKeys.has(key) || entity.identity.shotgridType === ASSET_CATEGORY) continue;
      this.#plan.orphans.push({
        id: entity.id,
        kind: entity.kind,
        shotgridType: entity.identity.shotgridType ?? "",
        shotgridId: entity.identity.shotgridId ?? "",
      });
    }
  }
}

function sameIdentity(current: ExistingEntity, entity: DesiredEntity): boolean {
  const { shotgridId, shotgridType } = current.identity;
  return shotgridId !== null && shotgridType !== null && identityKey(shotgridType, shotgridId) === entity.key;
}

function describeKey(key: string): string {
  return key.replace(":", " ");
}

const NO_FIELDS: CurrentFields = { attrib: {}, tags: [], assignees: [] };
