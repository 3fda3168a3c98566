/**
 * The AYON writes of one incremental update, sent as ONE operations transaction (ayon-backend
 * api/operations/operations.py): parents are created before their children, children moved out before a folder is
 * deleted. When AYON refuses one operation the whole transaction is rolled back, the refusal is resolved where that is
 * safe, and the batch is sent again:
 * - a name clash (409 unique-violation) on an entity whose name may change: the siblings are read and the
 *   entity gets the next de-duplicated name (naming.ts); a create may instead adopt the sibling of that name
 *   when it is unlinked (identity.ts, matching step 3) or already carries this entity's identity;
 * - a delete refused because of products below (409): the entity is deactivated and marked "removed" instead;
 * - a clean-up delete (an emptied asset category) refused: dropped;
 * - a create refused because its id is taken (the stable id another run of the sync just created the entity with,
 *   stable-id.ts): the update runs again (retryable), and then finds that entity at its stable id and updates it.
 * Any other refusal, or a clash on a published entity, fails that change with AYON's reason: it is set aside
 * with the changes that need it (children of a folder it creates), a delete that needed it (a child moved out
 * first) becomes its fallback, and the rest is sent again. One bad entity never blocks the others.
 */
import { AyonHttpError, AyonOperationsError, HandlerError, type AyonClient, type Logger, type Operation } from "@ayon-sg/core";
import { identityKeyOf, isUnlinked } from "../identity.js";
import { pickUniqueName } from "../naming.js";
import { lookupAyon, siblingsOf } from "./ayon-lookup.js";
import type { WaveSeat } from "./wave-writer.js";

export interface PlannedChange {
  /** Identity key of the entity this change serves (`Shot:12`, `AssetCategory:prop`). */
  key: string;
  kind: "folder" | "task";
  operation: Operation;
  /** Where the entity's name must be unique after this change, and the name it will have there. */
  place: { parentId: string | null; name: string } | null;
  /** Another name may be given to solve a clash: the ShotGrid id and base name to derive it from. */
  naming: { sgId: number | string; base: string } | null;
  /** A create that may adopt an unlinked same-named sibling instead. */
  adoptable: boolean;
  /** What to do when AYON refuses a delete: send this instead, or drop the change. */
  onDeleteRefused: Operation | "drop" | null;
  /** Changes that must succeed for this one to go as planned (else its onDeleteRefused is sent instead). */
  requires?: PlannedChange[];
}

/** A refusal this sync does not resolve. */
class Unresolved extends Error {}

export interface ApplyResult {
  /** Operations committed. */
  committed: number;
  /** Operations requests sent. */
  requests: number;
  /** AYON ids changed on the way (a create that adopted a sibling): old → new. */
  replacedIds: Map<string, string>;
  /** Changes set aside: identity key → AYON's reason. Their operations were not committed. */
  failed: Map<string, string>;
  /** Entities whose create was set aside (they do not exist in AYON), by key. */
  notCreated: Set<string>;
}

export class ChangeSet {
  readonly changes: PlannedChange[] = [];

  add(change: PlannedChange): void {
    this.changes.push(change);
  }

  get size(): number {
    return this.changes.length;
  }

  /**
   * Sends the changes, resolving what can be resolved; transport failures are thrown (the job is retried). With a
   * wave seat, the first attempt goes with the other updates of the wave (wave-writer.ts); any further one alone.
   */
  async apply(ayon: AyonClient, project: string, logger?: Logger, seat?: WaveSeat): Promise<ApplyResult> {
    try {
      return await this.#apply(ayon, project, logger, seat);
    } finally {
      seat?.leave();
    }
  }

  async #apply(ayon: AyonClient, project: string, logger?: Logger, seat?: WaveSeat): Promise<ApplyResult> {
    const result: ApplyResult = { committed: 0, requests: 0, replacedIds: new Map(), failed: new Map(), notCreated: new Set() };
    // Each round resolves or sets aside one refusal; a clash can only repeat a few times per change.
    const maxRounds = this.changes.length * 3 + 3;
    for (let round = 0; round < maxRounds && this.changes.length > 0; round += 1) {
      try {
        result.requests += 1;
        const operations = this.changes.map((c) => c.operation);
        await (seat ? seat.submit(project, operations) : ayon.operations(project, operations));
        result.committed = this.changes.length;
        return result;
      } catch (error) {
        if (isLockConflict(error)) {
          // AYON retried its own transaction and still found the entities locked by another writer: try later.
          throw new HandlerError(`AYON is busy with the same entities (${error.message}); the update will run again`, { retryable: true, cause: error });
        }
        if (!(error instanceof AyonOperationsError) || error.failed.index < 0) throw error;
        const change = this.changes[error.failed.index] as PlannedChange;
        const reason = `AYON refused it: ${error.failed.detail ?? error.failed.errorCode ?? `status ${error.failed.status}`}`;
        logger?.debug("AYON refused an operation of an incremental update; resolving", { key: change.key, reason });
        try {
          if (error.failed.errorCode === "unique-violation" && change.place) {
            await this.#solveClash(ayon, project, change, reason, result);
          } else if (change.operation.type === "delete" && error.failed.status === 409 && change.onDeleteRefused) {
            this.#fallBack(change);
          } else {
            throw new Unresolved(reason);
          }
        } catch (unresolved) {
          if (!(unresolved instanceof Unresolved)) throw unresolved;
          logger?.warn(`AYON refused a change of ${change.key.replace(":", " ")}: ${unresolved.message}`, { key: change.key });
          this.#setAside(change, unresolved.message, result);
        }
      }
    }
    for (const change of this.changes) result.failed.set(change.key, "AYON kept refusing the changes after several attempts to solve name clashes");
    this.changes.length = 0;
    return result;
  }

  #fallBack(change: PlannedChange): void {
    if (change.onDeleteRefused === "drop") this.changes.splice(this.changes.indexOf(change), 1);
    else if (change.onDeleteRefused) change.operation = change.onDeleteRefused;
    change.onDeleteRefused = null;
  }

  /** Removes a refused change, the changes under an entity it would have created, and falls back where needed. */
  #setAside(change: PlannedChange, reason: string, result: ApplyResult): void {
    const removed = new Set<PlannedChange>([change]);
    result.failed.set(change.key, reason);
    const lostIds = new Set<string>();
    if (change.operation.type === "create" && change.operation.entityId) lostIds.add(change.operation.entityId);
    if (change.operation.type === "create") result.notCreated.add(change.key);
    for (const other of this.changes) {
      if (removed.has(other)) continue;
      const target = other.operation.data?.parentId ?? other.operation.data?.folderId;
      if (typeof target === "string" && lostIds.has(target)) {
        removed.add(other);
        result.failed.set(other.key, "its parent could not be created in AYON");
        if (other.operation.type === "create") {
          result.notCreated.add(other.key);
          if (other.operation.entityId) lostIds.add(other.operation.entityId);
        }
      }
    }
    for (let i = this.changes.length - 1; i >= 0; i -= 1) if (removed.has(this.changes[i] as PlannedChange)) this.changes.splice(i, 1);
    for (const other of [...this.changes]) {
      if (other.requires?.some((r) => removed.has(r)) && other.onDeleteRefused) this.#fallBack(other);
    }
  }

  async #solveClash(ayon: AyonClient, project: string, change: PlannedChange, reason: string, result: ApplyResult): Promise<void> {
    const place = change.place as NonNullable<PlannedChange["place"]>;
    if (!change.naming && !change.adoptable) throw new Unresolved(`${reason} (it has published versions, so it cannot take another name)`);
    const ownId = change.operation.entityId;
    if (change.operation.type === "create" && ownId && (await idTaken(ayon, project, change.kind, ownId))) {
      throw new HandlerError(`another run created ${change.key.replace(":", " ")} at the same time (AYON holds its id ${ownId}); the update will run again`, { retryable: true });
    }
    const siblings = await siblingsOf(ayon, project, change.kind, place.parentId);
    const wanted = place.name.toLowerCase();
    if (change.operation.type === "create" && change.adoptable) {
      // An unlinked sibling (matching step 3), or this very entity made by an earlier attempt whose id got lost.
      const twin = siblings.find((s) => s.active && s.name.toLowerCase() === wanted && (isUnlinked(s.identity) || identityKeyOf(s.identity) === change.key));
      if (twin) {
        this.#adopt(change, twin.id, twin.name);
        if (ownId) result.replacedIds.set(ownId, twin.id);
        return;
      }
    }
    // A create without naming (a folder_parenting folder) has exactly one name: adopt or give up.
    if (!change.naming) throw new Unresolved(reason);
    const taken = new Set<string>();
    for (const s of siblings) if (s.active && s.id !== ownId) taken.add(s.name.toLowerCase());
    // Names other changes of this batch give under the same parent (rolled back, so not among the siblings).
    for (const other of this.changes) {
      if (other !== change && other.kind === change.kind && other.place && other.place.parentId === place.parentId) taken.add(other.place.name.toLowerCase());
    }
    const naming = change.naming;
    const name = pickUniqueName({ sgId: naming.sgId, base: naming.base }, taken);
    if (name.toLowerCase() === wanted) throw new Unresolved(reason);
    const data = { ...(change.operation.data ?? {}), name };
    change.operation = { ...change.operation, data };
    place.name = name;
  }

  /** Turns a create into an update of the unlinked sibling it clashed with, and points later changes at it. */
  #adopt(change: PlannedChange, twinId: string, twinName: string): void {
    const createdId = change.operation.entityId as string;
    const { name: _name, parentId: _parentId, folderId: _folderId, folderType: _folderType, ...rest } = change.operation.data ?? {};
    change.operation = { type: "update", entityType: change.operation.entityType, entityId: twinId, data: rest };
    change.adoptable = false;
    if (change.place) change.place.name = twinName;
    for (const other of this.changes) {
      const data = other.operation.data;
      if (!data) continue;
      for (const field of ["parentId", "folderId"]) if (data[field] === createdId) data[field] = twinId;
      if (other.place?.parentId === createdId) other.place.parentId = twinId;
    }
  }
}

/** Whether an AYON entity of this kind has this id (a create with it is then refused as a unique-violation). */
async function idTaken(ayon: AyonClient, project: string, kind: "folder" | "task", id: string): Promise<boolean> {
  const found = await lookupAyon(ayon, project, kind === "folder" ? { folderIds: [id] } : { taskIds: [id] });
  return (kind === "folder" ? found.folders : found.tasks).has(id);
}

/**
 * A locked entity makes AYON retry the batch up to 3 times, then answer 409 "Entity is locked" (ayon-backend
 * ayon_server/operations/project_level/__init__.py).
 */
function isLockConflict(error: unknown): error is Error {
  const detail = error instanceof AyonHttpError ? error.detail : error instanceof AyonOperationsError ? error.failed.detail : null;
  const status = error instanceof AyonHttpError ? error.status : error instanceof AyonOperationsError ? error.failed.status : null;
  return status === 409 && /locked/i.test(detail ?? "");
}
