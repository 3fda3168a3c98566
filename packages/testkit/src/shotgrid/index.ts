// The ShotGrid emulator's public surface, re-exported from the package entry. Generic names get a
// Shotgrid prefix here so they cannot clash with the AYON emulator's exports.
export { startShotgridEmulator, type ShotgridEmulator, type ShotgridEmulatorOptions } from "./rest/server.js";
export { DEFAULT_SCRIPT as DEFAULT_SHOTGRID_SCRIPT } from "./rest/server.js";
export { runShotgridEmulatorCli, parseShotgridCliArgs, SHOTGRID_EMULATOR_USAGE } from "./cli.js";
export type { ScriptCredential as ShotgridScriptCredential, HumanCredential as ShotgridHumanCredential } from "./rest/auth.js";
export {
  ShotgridStore,
  type StoreOptions as ShotgridStoreOptions,
  type ActAs as ShotgridActAs,
  type EntityRef as ShotgridEntityRef,
  type UserRef as ShotgridUserRef,
  type FindOptions as ShotgridFindOptions,
  type FlatRecord as ShotgridFlatRecord,
} from "./store/store.js";
export type { GapModeOptions as ShotgridGapModeOptions } from "./store/event-log.js";
export { SgError, type SgErrorBody } from "./errors.js";
export { ShotgridSchema, EntityTypeDef as ShotgridEntityTypeDef } from "./schema/schema.js";
export { demoProjectSpec } from "./cli.js";
