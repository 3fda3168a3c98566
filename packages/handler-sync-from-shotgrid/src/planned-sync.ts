/**
 * The page's "Preview sync" and the "Sync" that follows it (issue 19), on a `sync-from-shotgrid` request:
 * - `preview: true`: the full sync's planner run dry (@ayon-sg/shotgrid prepareFullSync): nothing is written; the
 *   job's result is the plan counted and listed, with its fingerprint;
 * - `fingerprint: "<hash>"`: the sync re-plans and applies the plan only when it is still the previewed one;
 *   otherwise it fails at once, with no write and no retry (ShotGrid or AYON changed since the preview);
 * - `root: {type, id}`: the plan narrowed to that ShotGrid entity, its descendants and their Tasks; with or without
 *   `preview`/`fingerprint`.
 */
import { HandlerError, InvalidEventError, type AyonEvent, type HandlerContext, type HandlerOutcome } from "@ayon-sg/core";
import {
  applyPreparedSync, describePreview, pickableRoots, describeSummary, identityKey, planFingerprint, prepareFullSync, previewPlan, restrictToSubtree,
  writeProjectSetup, type FullSyncDeps, type FullSyncOptions, type ProjectContext,
} from "@ayon-sg/shotgrid";

/** Whether the request asks for a preview, a previewed plan or a sub-tree (else it is a plain full sync). */
export function isPlannedSync(event: AyonEvent): boolean {
  const p = event.payload ?? {};
  return p.preview === true || typeof p.fingerprint === "string" || (p.root !== undefined && p.root !== null);
}

/** `payload.root` as an identity key (`Sequence:12`), or null for the whole project. */
export function rootKeyOf(event: AyonEvent): string | null {
  const root = event.payload?.root as { type?: unknown; id?: unknown } | null | undefined;
  if (root === undefined || root === null) return null;
  const id = typeof root.id === "string" && /^\d+$/.test(root.id.trim()) ? Number(root.id) : root.id;
  if (typeof root.type !== "string" || !/^[A-Za-z_]\w*$/.test(root.type) || typeof id !== "number" || !Number.isSafeInteger(id) || id <= 0) {
    throw new InvalidEventError("payload.root must name a ShotGrid entity as {type, id} (e.g. {\"type\": \"Sequence\", \"id\": 12})");
  }
  return identityKey(root.type, id);
}

export async function runPlannedSync(
  deps: FullSyncDeps,
  context: ProjectContext,
  event: AyonEvent,
  ctx: HandlerContext,
  options: FullSyncOptions,
): Promise<HandlerOutcome> {
  const started = Date.now();
  const root = rootKeyOf(event);
  const whole = await prepareFullSync(deps, context, { ...options, dryRun: true });
  let prepared = whole;
  if (root !== null) {
    try {
      prepared = restrictToSubtree(whole, root);
    } catch (error) {
      throw new InvalidEventError((error as Error).message);
    }
  }
  if (event.payload?.preview === true) {
    const preview = previewPlan(prepared, context, root, { roots: pickableRoots(whole.desired) });
    return ctx.done(describePreview(preview), preview);
  }
  const wanted = event.payload?.fingerprint;
  if (typeof wanted === "string" && planFingerprint(prepared, context) !== wanted) {
    throw new HandlerError(
      "Not synced: ShotGrid or AYON changed since the preview, so the sync would no longer do what was previewed. Nothing was written; preview again.",
      { retryable: false },
    );
  }
  const ready = await writeProjectSetup(deps, context, prepared);
  const { summary } = await applyPreparedSync(deps, context, ready, options, started);
  const where = root === null ? "" : ` (sub-tree ${root.replace(":", " ")})`;
  return ctx.done(`${describeSummary(summary)}${where}`, { ...summary, root });
}
