// Shared HTTP plumbing of the emulators (server, router, fault injection, stats).
export * from "./http/index.js";
// ShotGrid REST v1 emulator and its in-process store.
export * from "./shotgrid/index.js";
// Realistic project generators (ShotGrid side).
export * from "./fixtures/index.js";
// The AYON server emulator.
export * from "./ayon/index.js";
