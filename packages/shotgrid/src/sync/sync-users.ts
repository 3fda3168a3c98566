/**
 * "Sync users" (the Python addon's "Sync Active Users" button, done by the runtime instead of the browser): every
 * ShotGrid HumanUser gets its AYON user, linked through `data.sg_user_id` (mapping/users.ts has the rules). Reads
 * both sides, plans, then writes only what differs: a second run writes nothing. One refused user is reported and
 * the others go on; a transport failure is thrown (the job is retried, and the plan converges).
 */
import { AyonHttpError, type AyonClient, type Logger } from "@ayon-sg/core";
import type { ShotgridClient } from "../client/index.js";
import { loadAyonUsers, loadShotgridUsers } from "../mapping/users-load.js";
import { planUserSync } from "../mapping/users.js";

export interface SyncUsersSummary {
  shotgridUsers: number;
  created: number;
  linked: number;
  deactivated: number;
  reactivated: number;
  unchanged: number;
  skipped: Array<{ sgUserId: number; login: string | null; reason: string }>;
  failed: Array<{ user: string; reason: string }>;
  ayonWrites: number;
}

/** Creates and patches run this many at a time. */
const WRITE_CONCURRENCY = 4;

export async function syncUsers(deps: { ayon: AyonClient; sg: ShotgridClient; logger: Logger }, options: { progress?: (percent: number, message: string) => void; signal?: AbortSignal } = {}): Promise<SyncUsersSummary> {
  const progress = options.progress ?? (() => undefined);
  progress(0, "Reading ShotGrid and AYON users");
  const [sgUsers, ayonUsers] = await Promise.all([loadShotgridUsers(deps.sg), loadAyonUsers(deps.ayon, { withData: true })]);
  options.signal?.throwIfAborted();
  const plan = planUserSync(sgUsers, ayonUsers);
  const summary: SyncUsersSummary = {
    shotgridUsers: sgUsers.length,
    created: 0,
    linked: 0,
    deactivated: 0,
    reactivated: 0,
    unchanged: plan.unchanged,
    skipped: plan.skipped,
    failed: [],
    ayonWrites: 0,
  };
  const writes: Array<{ user: string; run: () => Promise<void>; done: () => void }> = [
    ...plan.creates.map((c) => ({ user: c.name, run: () => deps.ayon.createUser(c.name, c.body), done: () => void (summary.created += 1) })),
    ...plan.updates.map((u) => ({
      user: u.name,
      run: () => deps.ayon.updateUser(u.name, u.patch),
      done: () => {
        if (u.patch.active === false) summary.deactivated += 1;
        else if (u.patch.active === true) summary.reactivated += 1;
        else summary.linked += 1;
      },
    })),
  ];
  let next = 0;
  const worker = async () => {
    while (next < writes.length) {
      options.signal?.throwIfAborted();
      const write = writes[next++]!;
      try {
        await write.run();
        summary.ayonWrites += 1;
        write.done();
      } catch (error) {
        if (!(error instanceof AyonHttpError) || error.status >= 500) throw error;
        summary.failed.push({ user: write.user, reason: error.detail ?? error.message });
        deps.logger.warn(`AYON refused the user ${write.user}: ${error.detail ?? error.message}`, { user: write.user });
      }
      progress(5 + Math.floor((90 * next) / Math.max(1, writes.length)), `Writing AYON users: ${next} of ${writes.length}`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(WRITE_CONCURRENCY, writes.length) }, worker));
  return summary;
}

/** One line for the job description. */
export function describeUsersSync(s: SyncUsersSummary): string {
  const parts = [
    `Synced ${s.shotgridUsers} ShotGrid users: ${s.created} created, ${s.linked} linked, ${s.deactivated} deactivated, ${s.reactivated} reactivated, ${s.unchanged} unchanged`,
  ];
  if (s.skipped.length > 0) parts.push(`${s.skipped.length} skipped`);
  if (s.failed.length > 0) parts.push(`${s.failed.length} refused by AYON: ${s.failed.slice(0, 5).map((f) => `${f.user} (${f.reason})`).join(", ")}`);
  return parts.join("; ");
}
