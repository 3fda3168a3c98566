// @ayon-sg/testing — what a studio needs to test its own handlers against the emulators, without mocking
// modules: a real runtime, a capturing logger, studio-directory fixtures, the built binary and the emulators
// themselves. A dev dependency: the runtime (@ayon-sg/core) never loads it, so no emulator ships with a studio.

export { CapturingLogger, type CapturedEntry } from "./capturing-logger.js";
export { createTestRuntime, type TestRuntime, type TestRuntimeOptions } from "./test-runtime.js";
export { createStudioDir, type StudioDirSpec, type FakePackage } from "./studio-dir.js";
export { startBinary, runBinary, BINARY, CORE_PACKAGE_DIR, type BinaryResult, type RunningBinary } from "./binary.js";
export { startAyonEmulator, startShotgridEmulator, seedAyonProject } from "@ayon-sg/testkit";
export type { AyonEmulator, AyonEmulatorOptions, ShotgridEmulator, ShotgridEmulatorOptions, AyonProjectSpec, SeededAyonProject } from "@ayon-sg/testkit";
export { runEmulatorCli, EMULATOR_USAGE } from "./emulator-cli.js";
