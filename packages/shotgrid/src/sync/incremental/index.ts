// The incremental ShotGrid → AYON sync: one ShotGrid entity reconciled per EventLogEntry (the Python addon's
// update_from_shotgrid.py).
export * from "./event-intent.js";
export { readEntity, readEntities, entityFields, parentAyonIdOf, findChildren, type ReadEntity } from "./entity-reader.js";
export { lookupAyon, lookupAyonTogether, siblingsOf, type FoundEntity, type FoundFolder, type FoundTask, type LookupRequest, type LookupResult } from "./ayon-lookup.js";
export { isPublished, planCreate, planUpdate, planRetirement, deactivation, type RenamePolicy, type EntityPlan } from "./entity-changes.js";
export { ChangeSet, type PlannedChange, type ApplyResult } from "./change-set.js";
export { NotInPlaceError, type UpdateDeps, type EntityChange } from "./update-session.js";
export { reconcileEntity, describeReport, type ReconcileRequest, type ReconcileReport, type ReconciledEntity } from "./reconcile.js";
export { inPlaceKeys, planWaves, type EntityIntent, type WaveItem } from "./batch-waves.js";
export { foreignProjectReason, withinProject, PROJECT_FIELD } from "./project-guard.js";
export { WaveWriter, type WaveSeat } from "./wave-writer.js";
export { WaveReader, type WaveReadSeat } from "./wave-reader.js";
export { WaveWriteBacks, type WaveWriteBackSeat } from "./wave-write-backs.js";
