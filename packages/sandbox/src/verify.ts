/**
 * `--once`'s check that the sync did its job: AYON holds exactly the generated entities (by shotgridId, per
 * type), and every ShotGrid entity points back at the AYON entity that carries its id (`sg_ayon_id`). Pure: the
 * readers are separate, so the rules are tested on their own.
 */
import type { AyonClient } from "@ayon-sg/core";
import type { ShotgridStore } from "@ayon-sg/testkit";
import type { DemoProject } from "./demo-project.js";

export const SYNCED_TYPES = ["Episode", "Sequence", "Shot", "Asset", "Task"] as const;
type SyncedType = (typeof SYNCED_TYPES)[number];

/** One AYON folder or task: its id and what it says it mirrors. */
export interface AyonEntity {
  id: string;
  shotgridType: string | null;
  shotgridId: string | null;
}

/** One ShotGrid entity of the project and its link to AYON. */
export interface ShotgridEntity {
  type: string;
  id: number;
  sgAyonId: string | null;
}

export interface CountRow {
  type: string;
  shotgrid: number | null;
  ayon: number;
  /** ShotGrid entities whose sg_ayon_id is the id of the AYON entity mirroring them (null: not applicable). */
  linked: number | null;
}

export interface Verification {
  rows: CountRow[];
  problems: string[];
}

export function verifySync(input: {
  expected: Record<SyncedType, readonly number[]>;
  categories: number;
  ayon: readonly AyonEntity[];
  shotgrid: readonly ShotgridEntity[];
  project: { ayonName: string; sgAyonId: string | null; ayonShotgridId: string | null; sgProjectId: number };
}): Verification {
  const problems: string[] = [];
  const ayonByKey = new Map<string, AyonEntity>();
  const ayonCount = new Map<string, number>();
  for (const entity of input.ayon) {
    const type = entity.shotgridType ?? "(none)";
    ayonCount.set(type, (ayonCount.get(type) ?? 0) + 1);
    if (entity.shotgridId !== null) ayonByKey.set(`${type}:${entity.shotgridId}`, entity);
  }
  const sgByKey = new Map(input.shotgrid.map((e) => [`${e.type}:${e.id}`, e]));

  const rows: CountRow[] = [];
  for (const type of SYNCED_TYPES) {
    const ids = input.expected[type];
    let linked = 0;
    const unlinked: number[] = [];
    const missingInAyon: number[] = [];
    for (const id of ids) {
      const mirror = ayonByKey.get(`${type}:${id}`);
      if (!mirror) missingInAyon.push(id);
      const sg = sgByKey.get(`${type}:${id}`);
      if (mirror && sg?.sgAyonId === mirror.id) linked += 1;
      else unlinked.push(id);
    }
    const inAyon = ayonCount.get(type) ?? 0;
    rows.push({ type, shotgrid: ids.length, ayon: inAyon, linked });
    if (missingInAyon.length > 0) problems.push(`${missingInAyon.length} ShotGrid ${type}(s) have no AYON entity (e.g. id ${missingInAyon.slice(0, 3).join(", ")})`);
    if (inAyon !== ids.length) problems.push(`AYON has ${inAyon} ${type} entities, ShotGrid ${ids.length}`);
    if (unlinked.length > 0) problems.push(`${unlinked.length} ShotGrid ${type}(s) lack the sg_ayon_id of their AYON entity (e.g. id ${unlinked.slice(0, 3).join(", ")})`);
    if (type === "Asset") {
      const categories = ayonCount.get("AssetCategory") ?? 0;
      rows.push({ type: "AssetCategory", shotgrid: null, ayon: categories, linked: null });
      if (categories !== input.categories) problems.push(`AYON has ${categories} AssetCategory folders, the assets use ${input.categories} categories`);
    }
  }
  const p = input.project;
  if (p.ayonShotgridId !== String(p.sgProjectId)) problems.push(`the AYON project ${p.ayonName} is not linked to ShotGrid project ${p.sgProjectId} (shotgridId ${p.ayonShotgridId ?? "unset"})`);
  if (p.sgAyonId !== p.ayonName) problems.push(`the ShotGrid project's sg_ayon_id is ${p.sgAyonId ?? "unset"}, not ${p.ayonName}`);
  const strays = (ayonCount.get("(none)") ?? 0);
  if (strays > 0) problems.push(`${strays} AYON folder(s) or task(s) carry no shotgridType`);
  return { rows, problems };
}

/** The counts as a small table. */
export function formatCounts(rows: readonly CountRow[]): string {
  const header = ["", "ShotGrid", "AYON", "linked"];
  const cells = rows.map((r) => [r.type, r.shotgrid === null ? "-" : String(r.shotgrid), String(r.ayon), r.linked === null ? "-" : String(r.linked)]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((text, i) => (i === 0 ? text.padEnd(widths[i]!) : text.padStart(widths[i]!))).join("   ").trimEnd();
  return [line(header), ...cells.map(line)].join("\n");
}

/** Reads both sides for verifySync: AYON over its API, ShotGrid from the emulator's store. */
export async function readBothSides(ayon: AyonClient, store: ShotgridStore, demo: DemoProject): Promise<Parameters<typeof verifySync>[0]> {
  const [folders, tasks, project] = await Promise.all([
    ayon.listFolders(demo.ayonName, { attrib: true }),
    ayon.listTasks(demo.ayonName, { attribs: ["shotgridId", "shotgridType"] }),
    ayon.getProject(demo.ayonName),
  ]);
  const text = (value: unknown) => (typeof value === "string" && value !== "" ? value : null);
  const ayonEntities: AyonEntity[] = [
    // The listing's attrib holds exported (inherited) values: only the folder's own ones are its identity.
    ...folders.map((f) => {
      const own = (name: string) => (f.ownAttrib?.includes(name) ? text(f.attrib?.[name]) : null);
      return { id: f.id, shotgridType: own("shotgridType"), shotgridId: own("shotgridId") };
    }),
    ...tasks.map((t) => ({ id: t.id, shotgridType: text(t.attrib.shotgridType), shotgridId: text(t.attrib.shotgridId) })),
  ];
  const inProject = [["project", "is", { type: "Project", id: demo.sgProjectId }]];
  const shotgrid: ShotgridEntity[] = SYNCED_TYPES.flatMap((type) =>
    store.find(type, inProject, { fields: ["sg_ayon_id"] }).map((row) => ({ type, id: row.id as number, sgAyonId: text(row.sg_ayon_id) })),
  );
  const sgProject = store.findOne("Project", demo.sgProjectId, { fields: ["sg_ayon_id"] });
  const { ids, tree } = demo.generated;
  return {
    expected: { Episode: ids.Episode, Sequence: ids.Sequence, Shot: ids.Shot, Asset: ids.Asset, Task: ids.Task },
    categories: new Set(tree.assets.map((a) => a.category)).size,
    ayon: ayonEntities,
    shotgrid,
    project: {
      ayonName: demo.ayonName,
      sgProjectId: demo.sgProjectId,
      sgAyonId: text(sgProject?.sg_ayon_id),
      ayonShotgridId: text(project?.attrib?.shotgridId),
    },
  };
}
