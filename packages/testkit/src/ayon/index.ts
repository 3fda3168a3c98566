// The AYON server emulator (see /work/shared/reference/ayon-api.md for the behaviour it reproduces).
export {
  startAyonEmulator,
  type AyonEmulator,
  type AyonEmulatorOptions,
  type AyonEmulatorUser,
  type AyonEmulatorAddon,
} from "./emulator.js";
export { runAyonEmulatorCli, parseAyonCliArgs, type AyonCliOptions } from "./cli.js";
export { AyonState } from "./state.js";
export { ProjectState } from "./project-store.js";
export { EventStore } from "./event-store.js";
export type {
  EventRecord,
  EventStatus,
  FolderRecord,
  TaskRecord,
  UserRecord,
  AttributeDefinition,
  AttributeData,
} from "./types.js";
