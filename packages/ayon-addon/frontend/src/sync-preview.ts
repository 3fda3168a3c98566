// The "Preview sync" reply as the page reads it (the runtime's plan preview: its types come from @ayon-sg/shotgrid,
// type-only, so nothing of that package reaches the bundle), and the sub-tree the operator types or picks.

import type { ChangeKind, PlanPreview, PreviewRoot } from "@ayon-sg/shotgrid";

export type { ChangeKind, PreviewItem, PreviewRoot } from "@ayon-sg/shotgrid";

/** The change kinds in the order the page shows them. */
export const CHANGE_KINDS = ["create", "rename", "move", "fields"] as const satisfies readonly ChangeKind[];

export type SyncPreviewData = PlanPreview;

/** The preview in a reply's result, or null when it is not one. */
export function parseSyncPreview(result: unknown): SyncPreviewData | null {
  const r = result as Partial<SyncPreviewData> | null;
  if (!r || typeof r !== "object" || typeof r.fingerprint !== "string" || !r.totals || !r.counts || !Array.isArray(r.items)) return null;
  return {
    ...(r as SyncPreviewData),
    roots: Array.isArray(r.roots) ? r.roots : [],
    failed: Array.isArray(r.failed) ? r.failed : [],
    projectChanges: Array.isArray(r.projectChanges) ? r.projectChanges : [],
    shotgridFieldsToCreate: Array.isArray(r.shotgridFieldsToCreate) ? r.shotgridFieldsToCreate : [],
  };
}

/**
 * The sub-tree an operator typed: `Sequence 12`, `Sequence:12`, `Shot #1234`, or a path offered by the picker
 * (`ep01/sq010`). Null when it reads as none of them.
 */
export function parseRoot(text: string, roots: readonly PreviewRoot[]): { type: string; id: number } | null {
  const value = text.trim();
  const typed = /^([A-Za-z_]\w*)\s*[:# ]\s*#?(\d+)$/.exec(value);
  if (typed) return { type: typed[1] as string, id: Number(typed[2]) };
  const picked = roots.find((r) => r.path === value);
  return picked ? { type: picked.type, id: picked.id } : null;
}
