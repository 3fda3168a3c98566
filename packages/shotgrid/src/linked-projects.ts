/**
 * Which ShotGrid projects are "linked": the ShotGrid Project has `sg_ayon_auto_sync` on, and an active AYON
 * project carries its id in `attrib.shotgridId` (as a string, like the Python addon writes it). The leecher
 * and the sync handlers share this one definition.
 *
 * AYON's REST project listing carries no attributes, so the AYON side reads each project once and then again
 * only when the listing shows a new `updatedAt` (or, when the server gives none, after `maxAgeMs`): a steady
 * poll costs one listing request, not one request per project.
 */
import type { AyonClient, ProjectSummary } from "@ayon-sg/core";
import type { ShotgridClient } from "./client/index.js";

export interface LinkedProject {
  sgProjectId: number;
  /** The ShotGrid Project's name. */
  sgProjectName: string | null;
  /** The value of the project code field on the ShotGrid Project (null when empty or not text). */
  projectCode: string | null;
  /** The field that code was read from (settings `shotgrid_project_code_field`). */
  projectCodeField: string;
  ayonProjectName: string;
}

/** What the AYON side needs; an AyonClient fits. */
export type AyonProjectReader = Pick<AyonClient, "listProjects" | "getProject">;
/** What the ShotGrid side needs; a ShotgridClient fits. */
export type ShotgridProjectReader = Pick<ShotgridClient, "searchAll">;

export interface AyonProjectLinksOptions {
  /** Re-read a project whose listing has no `updatedAt` after this long. Default 60 s. */
  maxAgeMs?: number;
  /** Told once per ShotGrid id that several AYON projects claim (the first by name wins). */
  onDuplicate?: (sgProjectId: number, ayonProjects: string[]) => void;
  now?: () => number;
}

interface CachedProject {
  updatedAt: string | null;
  readAt: number;
  shotgridId: number | null;
}

/** The AYON half: active AYON projects by the ShotGrid Project id in their `attrib.shotgridId`, cached. */
export class AyonProjectLinks {
  readonly #ayon: AyonProjectReader;
  readonly #maxAgeMs: number;
  readonly #now: () => number;
  readonly #onDuplicate: AyonProjectLinksOptions["onDuplicate"];
  readonly #cache = new Map<string, CachedProject>();
  readonly #reportedDuplicates = new Set<number>();

  constructor(ayon: AyonProjectReader, options: AyonProjectLinksOptions = {}) {
    this.#ayon = ayon;
    this.#maxAgeMs = options.maxAgeMs ?? 60_000;
    this.#now = options.now ?? Date.now;
    this.#onDuplicate = options.onDuplicate;
  }

  /** ShotGrid Project id → AYON project name, for every active AYON project that has a valid `shotgridId`. */
  async bySgProjectId(): Promise<Map<number, string>> {
    const listing = await this.#ayon.listProjects({ active: true });
    const names = new Set(listing.map((p) => p.name));
    for (const name of [...this.#cache.keys()]) if (!names.has(name)) this.#cache.delete(name);
    const stale = listing.filter((p) => this.#isStale(p));
    // A handful of reads at once: fast on a first start with many projects, gentle on the server.
    for (let i = 0; i < stale.length; i += 8) {
      await Promise.all(stale.slice(i, i + 8).map((p) => this.#read(p)));
    }
    const claims = new Map<number, string[]>();
    for (const project of [...listing].sort((a, b) => a.name.localeCompare(b.name))) {
      const id = this.#cache.get(project.name)?.shotgridId ?? null;
      if (id === null) continue;
      const list = claims.get(id);
      if (list) list.push(project.name);
      else claims.set(id, [project.name]);
    }
    const out = new Map<number, string>();
    for (const [id, projects] of claims) {
      out.set(id, projects[0]!);
      if (projects.length > 1 && !this.#reportedDuplicates.has(id)) {
        this.#reportedDuplicates.add(id);
        this.#onDuplicate?.(id, projects);
      }
    }
    return out;
  }

  #isStale(summary: ProjectSummary): boolean {
    const cached = this.#cache.get(summary.name);
    if (!cached) return true;
    const updatedAt = summary.updatedAt ?? null;
    if (updatedAt !== null) return updatedAt !== cached.updatedAt;
    return this.#now() - cached.readAt >= this.#maxAgeMs;
  }

  async #read(summary: ProjectSummary): Promise<void> {
    const project = await this.#ayon.getProject(summary.name);
    if (!project) {
      this.#cache.delete(summary.name); // deleted between the listing and the read
      return;
    }
    this.#cache.set(summary.name, {
      updatedAt: summary.updatedAt ?? null,
      readAt: this.#now(),
      shotgridId: parseShotgridId(project.attrib?.shotgridId),
    });
  }
}

/** `attrib.shotgridId` as a ShotGrid id: a positive whole number written as a string (a number is accepted). */
export function parseShotgridId(value: unknown): number | null {
  const text = typeof value === "number" ? String(value) : typeof value === "string" ? value.trim() : "";
  if (!/^[1-9]\d*$/.test(text)) return null;
  const id = Number(text);
  return Number.isSafeInteger(id) ? id : null;
}

/** The ShotGrid half: Projects with `sg_ayon_auto_sync` on, with their name and code. */
export async function findAutoSyncProjects(
  sg: ShotgridProjectReader,
  projectCodeField = "code",
): Promise<Array<{ id: number; name: string | null; code: string | null }>> {
  const fields = [...new Set(["name", projectCodeField])];
  const records = await sg.searchAll("Project", { filters: [["sg_ayon_auto_sync", "is", true]], fields, sort: "id" });
  return records.map((r) => ({
    id: r.id,
    name: typeof r.name === "string" ? r.name : null,
    code: typeof r[projectCodeField] === "string" && r[projectCodeField] !== "" ? (r[projectCodeField] as string) : null,
  }));
}

export interface FindLinkedProjectsOptions {
  /** Settings `shotgrid_project_code_field`; default "code". */
  projectCodeField?: string;
  /** Reuse a cache across calls (a poller should); a fresh one otherwise. */
  links?: AyonProjectLinks;
}

/** Every linked project, ordered by ShotGrid id. */
export async function findLinkedProjects(
  sg: ShotgridProjectReader,
  ayon: AyonProjectReader,
  options: FindLinkedProjectsOptions = {},
): Promise<LinkedProject[]> {
  const projectCodeField = options.projectCodeField ?? "code";
  const links = options.links ?? new AyonProjectLinks(ayon);
  const [sgProjects, ayonBySgId] = await Promise.all([findAutoSyncProjects(sg, projectCodeField), links.bySgProjectId()]);
  const linked: LinkedProject[] = [];
  for (const project of sgProjects) {
    const ayonProjectName = ayonBySgId.get(project.id);
    if (ayonProjectName === undefined) continue;
    linked.push({ sgProjectId: project.id, sgProjectName: project.name, projectCode: project.code, projectCodeField, ayonProjectName });
  }
  return linked;
}
