// The whole of an AYON project as the emulator holds it (every folder and task with every field, and the
// project's anatomy and attributes), keyed by ShotGrid identity, and the exact difference between two such
// snapshots; plus the sg_ayon_* values of a ShotGrid project. For the take-over test: "changes exactly what
// it should" is a diff that equals the expected list, nothing more.
import type { AyonEmulator, ShotgridStore } from "@ayon-sg/testkit";

export interface SnapshotEntity {
  id: string;
  kind: "folder" | "task" | "project";
  name: string;
  label: string | null;
  type: string;
  /** The parent's key, null at the root. */
  parent: string | null;
  status: string;
  active: boolean;
  tags: string[];
  assignees: string[];
  attrib: Record<string, unknown>;
  data: Record<string, unknown>;
  /** The project's anatomy lists (names), on the `Project` entry only. */
  anatomy?: Record<string, string[]>;
}

/** One difference: an entity added or removed, or one field (`attrib.<name>`, `data.<key>` for those) changed. */
export interface SnapshotChange {
  key: string;
  change: string;
  from?: unknown;
  to?: unknown;
}

/**
 * Entities keyed `shotgridType:shotgridId`; a folder without a shotgridId (a folder_parenting layout folder) by
 * `Layout:<path>`; the project itself as `Project`.
 */
export function snapshotProject(emulator: AyonEmulator, project: string): Map<string, SnapshotEntity> {
  const state = emulator.state.project(project);
  if (!state) throw new Error(`no AYON project ${project}`);
  const folders = new Map([...state.folders.values()].map((f) => [f.id, f]));
  const path = (id: string): string => {
    const f = folders.get(id)!;
    return f.parentId ? `${path(f.parentId)}/${f.name}` : f.name;
  };
  const keyOf = (id: string): string => {
    const f = folders.get(id)!;
    return f.attrib.shotgridId ? `${String(f.attrib.shotgridType)}:${String(f.attrib.shotgridId)}` : `Layout:${path(id)}`;
  };
  const out = new Map<string, SnapshotEntity>();
  const add = (key: string, entity: SnapshotEntity) => {
    if (out.has(key)) throw new Error(`two AYON entities carry ${key}`);
    out.set(key, entity);
  };
  add("Project", {
    id: state.name, kind: "project", name: state.name, label: state.label, type: "project", parent: null, status: "", active: state.active,
    tags: [], assignees: [], attrib: { ...state.attrib }, data: { ...state.data },
    anatomy: {
      folderTypes: state.folderTypes.map((t) => t.name), taskTypes: state.taskTypes.map((t) => t.name),
      statuses: state.statuses.map((s) => s.name), tags: state.tags.map((t) => t.name),
    },
  });
  for (const f of state.folders.values()) {
    add(keyOf(f.id), {
      id: f.id, kind: "folder", name: f.name, label: f.label, type: f.folderType, parent: f.parentId ? keyOf(f.parentId) : null, status: f.status,
      active: f.active, tags: [...f.tags], assignees: [], attrib: { ...f.attrib }, data: { ...f.data },
    });
  }
  for (const t of state.tasks.values()) {
    add(`${String(t.attrib.shotgridType)}:${String(t.attrib.shotgridId)}`, {
      id: t.id, kind: "task", name: t.name, label: t.label, type: t.taskType, parent: keyOf(t.folderId), status: t.status,
      active: t.active, tags: [...t.tags], assignees: [...t.assignees], attrib: { ...t.attrib }, data: { ...t.data },
    });
  }
  return out;
}

/** Every difference between two snapshots, sorted by key then change. */
export function diffSnapshots(before: ReadonlyMap<string, SnapshotEntity>, after: ReadonlyMap<string, SnapshotEntity>): SnapshotChange[] {
  const changes: SnapshotChange[] = [];
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const [b, a] = [before.get(key), after.get(key)];
    if (!b) changes.push({ key, change: "added", to: a });
    else if (!a) changes.push({ key, change: "removed", from: b });
    else {
      for (const field of ["id", "kind", "name", "label", "type", "parent", "status", "active", "tags", "assignees"] as const) {
        if (!same(b[field], a[field])) changes.push({ key, change: field, from: b[field], to: a[field] });
      }
      for (const group of ["attrib", "data", "anatomy"] as const) {
        const [bg, ag] = [(b[group] ?? {}) as Record<string, unknown>, (a[group] ?? {}) as Record<string, unknown>];
        for (const name of new Set([...Object.keys(bg), ...Object.keys(ag)])) {
          if (!same(bg[name], ag[name])) changes.push({ key, change: `${group}.${name}`, from: bg[name], to: ag[name] });
        }
      }
    }
  }
  return changes.sort((x, y) => x.key.localeCompare(y.key) || x.change.localeCompare(y.change));
}

const LINKED_TYPES = ["Episode", "Sequence", "Shot", "Asset", "Task"];

/** `sg_ayon_id` and `sg_ayon_sync_status` of the Project and every live entity of it, keyed `Type:id`. */
export function shotgridLinks(store: ShotgridStore, projectId: number): Record<string, { sg_ayon_id: unknown; sg_ayon_sync_status: unknown }> {
  const fields = ["sg_ayon_id", "sg_ayon_sync_status"];
  const out: Record<string, { sg_ayon_id: unknown; sg_ayon_sync_status: unknown }> = {};
  const project = store.findOne("Project", projectId, { fields })!;
  out[`Project:${projectId}`] = { sg_ayon_id: project.sg_ayon_id ?? null, sg_ayon_sync_status: project.sg_ayon_sync_status ?? null };
  for (const type of LINKED_TYPES) {
    for (const row of store.find(type, [["project", "is", { type: "Project", id: projectId }]], { fields })) {
      out[`${type}:${row.id}`] = { sg_ayon_id: row.sg_ayon_id ?? null, sg_ayon_sync_status: row.sg_ayon_sync_status ?? null };
    }
  }
  return out;
}

/**
 * Attribute values as AYON stores them, for comparing what was sent: a datetime attribute (`…Date`) sent as a Unix
 * timestamp (ayon-python-api) or a `YYYY-MM-DD` text is held in ISO form with milliseconds and `+00:00`.
 */
export function asStoredAttrib(attrib: Record<string, unknown>): Record<string, unknown> {
  const iso = (v: unknown) => new Date(typeof v === "number" ? v * 1000 : /^\d{4}-\d{2}-\d{2}$/.test(String(v)) ? `${String(v)}T00:00:00Z` : String(v)).toISOString().replace("Z", "+00:00");
  return Object.fromEntries(Object.entries(attrib).filter(([, v]) => v !== null).map(([k, v]) => [k, k.endsWith("Date") ? iso(v) : v]).sort(([a], [b]) => String(a).localeCompare(String(b))));
}
