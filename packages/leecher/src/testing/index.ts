// @ayon-sg/leecher/testing — the leecher's test world (linked emulators, expected event ids, write streams),
// for the reliability scenarios. Test-only: production code never imports this subpath.
export * from "../leecher.test-helpers.js";
