/**
 * The state of one incremental update: what was decided for each ShotGrid entity it touched (the entity of the
 * event, the parents created on the way, the children moved), the AYON changes it will send in one
 * transaction, and the anatomy names it maps to. The alive and retirement paths (ensure-alive.ts, retire.ts)
 * fill it; reconcile.ts sends it and reports.
 */
import type { AyonClient, Logger, Project } from "@ayon-sg/core";
import type { ShotgridClient } from "../../client/index.js";
import { planAnatomy, type AnatomyMapping, type AnatomyWants } from "../anatomy.js";
import type { DesiredEntity } from "../hierarchy.js";
import type { ProjectContext } from "../project-context.js";
import { ChangeSet, type PlannedChange } from "./change-set.js";
import { anatomyTagsWith } from "../../mapping/tags.js";
import type { EntityRef } from "./event-intent.js";
import type { WaveSeat } from "./wave-writer.js";
import type { WaveReadSeat } from "./wave-reader.js";
import type { WaveWriteBackSeat } from "./wave-write-backs.js";

export interface UpdateDeps {
  ayon: AyonClient;
  sg: ShotgridClient;
  logger: Logger;
  context: ProjectContext;
  /** Told when the update added types to the project anatomy (a cached context is then stale). */
  onAnatomyChanged?: () => void;
  signal?: AbortSignal;
  /**
   * The update runs beside others (batch-waves.ts) and may write only its own entity: anything more — creating or
   * reviving a parent or an asset category, adding a type to the anatomy, retiring — stops it with
   * NotInPlaceError before anything is written, to be run again alone.
   */
  inPlaceOnly?: boolean;
  /** The update's seat in its wave's writer (wave-writer.ts): its AYON write goes out with the wave's. */
  wave?: WaveSeat;
  /** The update's seat in its wave's reader (wave-reader.ts): its AYON lookup goes out with the wave's. */
  waveRead?: WaveReadSeat;
  /** The update's seat in its wave's ShotGrid write-backs (wave-write-backs.ts): they go out with the wave's. */
  waveWriteBack?: WaveWriteBackSeat;
}

/** An update meant to change one entity in place found it must do more (see UpdateDeps.inPlaceOnly). */
export class NotInPlaceError extends Error {
  constructor(what: string) {
    super(`not an in-place change: it must ${what}`);
    this.name = "NotInPlaceError";
  }
}

export type EntityChange = "created" | "updated" | "unchanged" | "deleted" | "deactivated" | "skipped" | "failed" | "absent";

/** What the update decided for one entity. */
export interface EntityState {
  key: string;
  /** The ShotGrid-side description for alive entities (null on the retirement path). */
  desired: DesiredEntity | null;
  ayonId: string | null;
  change: EntityChange;
  /** Why it failed, was skipped, or was left as it is. */
  reason: string | null;
  /** What an update changes (`name`, `label`, `parentId`...), for the description. */
  fields?: string[];
}

/** Deepest parent chain walked when parents are missing (ShotGrid links may form cycles). */
export const MAX_DEPTH = 16;

export class UpdateSession {
  readonly changes = new ChangeSet();
  readonly states = new Map<string, EntityState>();
  /** AYON folder id → the changes of this update that move its children away or delete them. */
  readonly leaving = new Map<string, PlannedChange[]>();
  /** ShotGrid user id → keys of the Tasks it is assigned to, for users with no AYON user. */
  readonly unknownUsers = new Map<number, string[]>();
  #mapping: AnatomyMapping;
  readonly #tagsAdded = new Set<string>();

  constructor(
    readonly deps: UpdateDeps,
    /** Reconciles another entity of the same update (children of a retired folder...). */
    readonly visit: (ref: EntityRef, expect: "alive" | "retired", depth: number) => Promise<void>,
  ) {
    this.#mapping = planAnatomy(deps.context.ayonProject, { folderTypes: [], taskTypes: [], statuses: [] }).mapping;
  }

  get context(): ProjectContext {
    return this.deps.context;
  }

  get project(): string {
    return this.deps.context.ayonProjectName;
  }

  get mapping(): AnatomyMapping {
    return this.#mapping;
  }

  set(state: EntityState): EntityState {
    this.states.set(state.key, state);
    return state;
  }

  fail(key: string, desired: DesiredEntity | null, reason: string, ayonId: string | null = null): null {
    this.set({ key, desired, ayonId, change: "failed", reason });
    return null;
  }

  noteLeaving(folderId: string | null, change: PlannedChange): void {
    if (folderId === null) return;
    const list = this.leaving.get(folderId);
    if (list) list.push(change);
    else this.leaving.set(folderId, [change]);
  }

  noteUnknownUser(sgUserId: number, key: string): void {
    const keys = this.unknownUsers.get(sgUserId);
    if (keys) keys.push(key);
    else this.unknownUsers.set(sgUserId, [key]);
  }

  checkAborted(): void {
    this.deps.signal?.throwIfAborted();
  }

  /** Called before the update plans more than its own entity's change (UpdateDeps.inPlaceOnly). */
  beyondEntity(what: string): void {
    if (this.deps.inPlaceOnly) throw new NotInPlaceError(what);
  }

  /**
   * Adds the tags an entity is given to the project anatomy when missing (as the full sync does). Known tags cost
   * nothing; otherwise the anatomy is re-read first, as in typeFor.
   */
  async ensureTags(names: readonly string[]): Promise<void> {
    const known = new Set([...(this.context.ayonProject.tags ?? []).map((t) => t.name), ...this.#tagsAdded]);
    if (names.every((n) => known.has(n))) return;
    this.beyondEntity("add tags to the anatomy");
    const project: Project | null = await this.deps.ayon.getProject(this.project);
    if (!project) return;
    const tags = anatomyTagsWith(project, names);
    if (tags) {
      await this.deps.ayon.updateProject(this.project, { tags });
      this.deps.logger.info(`added tags ${names.filter((n) => !known.has(n)).join(", ")} to the anatomy of ${this.project}`, { project: this.project });
      this.deps.onAnatomyChanged?.();
    }
    for (const n of names) this.#tagsAdded.add(n);
  }

  /**
   * The AYON type for a folder type or Step code, adding it to the project anatomy when missing (a Step created
   * after the import). The anatomy is re-read first: the project lists are replaced as a whole, and a cached
   * copy could drop types someone else added meanwhile.
   */
  async typeFor(desired: DesiredEntity): Promise<string | null> {
    const current = desired.kind === "folder" ? this.#mapping.folderType(desired.type) : this.#mapping.taskType(desired.type);
    if (current !== null) return current;
    this.beyondEntity(`add ${desired.kind} type '${desired.type}' to the anatomy`);
    const project: Project | null = await this.deps.ayon.getProject(this.project);
    if (!project) return null;
    const step = [...this.context.steps.values()].find((s) => s.code.trim().toLowerCase() === desired.type.toLowerCase());
    const wants: AnatomyWants = {
      folderTypes: desired.kind === "folder" ? [desired.type] : [],
      taskTypes: desired.kind === "task" ? [{ name: desired.type, shortName: (step?.shortName ?? desired.type.slice(0, 4)).toLowerCase() }] : [],
      statuses: [],
    };
    const plan = planAnatomy(project, wants);
    if (plan.patch) {
      await this.deps.ayon.updateProject(this.project, plan.patch);
      this.deps.logger.info(`added ${desired.kind} type '${desired.type}' to the anatomy of ${this.project}`, { project: this.project });
      this.deps.onAnatomyChanged?.();
    }
    this.#mapping = plan.mapping;
    return desired.kind === "folder" ? plan.mapping.folderType(desired.type) : plan.mapping.taskType(desired.type);
  }
}

/** `Shot:12` → {type: "Shot", id: 12}; null for asset categories (text ids) and anything unreadable. */
export function refOfKey(key: string): EntityRef | null {
  const colon = key.indexOf(":");
  const id = Number(key.slice(colon + 1));
  if (colon <= 0 || !Number.isSafeInteger(id) || id <= 0) return null;
  return { type: key.slice(0, colon), id };
}

/** `Shot:12` → "Shot 12" for messages. */
export function describeKey(key: string): string {
  return key.replace(":", " ");
}
