// What one projects-table row shows about syncing and lets a manager ask for, from the row alone. The rules are the
// runtime's, as far as the page can see them:
//   - live ShotGrid → AYON runs for a linked ShotGrid project whose `sg_ayon_auto_sync` is on (the runtime's list
//     reads it);
//   - live AYON → ShotGrid runs for an AYON project whose `shotgridPush` attribute is true, once it is linked to a
//     ShotGrid project (the push skips a project with none);
//   - "ShotGrid ► AYON" (sync-from-shotgrid) needs a linked ShotGrid project to read from;
//   - "AYON ► ShotGrid" (sync-from-ayon) needs the project in AYON, and creates its ShotGrid project when it has none.
import type { TableRow } from "./projects-table.js";

export interface RowSyncState {
  /** Live ShotGrid → AYON; null while not known (the runtime's list not read, or not readable by this user). */
  liveFromShotgrid: boolean | null;
  /** Live AYON → ShotGrid; null while not known (a project the runtime listed but AYON's read does not have). */
  liveToShotgrid: boolean | null;
  /** shotgridPush is on, but nothing is pushed until the project has a ShotGrid project. */
  pushWaitsForLink: boolean;
  canSyncFromShotgrid: boolean;
  canSyncFromAyon: boolean;
}

export function rowSyncState(row: TableRow): RowSyncState {
  const linked = row.shotgridId !== null;
  return {
    liveFromShotgrid: linked ? row.autoSync : false,
    liveToShotgrid: row.push === null ? null : row.push && linked,
    pushWaitsForLink: row.push === true && !linked,
    canSyncFromShotgrid: linked,
    canSyncFromAyon: row.inAyon,
  };
}
