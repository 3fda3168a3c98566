// @ayon-sg/shotgrid/testing — the sync test environment (both emulators, clients, expected and actual trees),
// for the handler packages' tests. Test-only: production code never imports this subpath.
export * from "../sync/sync-env.test-helpers.js";
export * from "./python-addon-layout.js";
export * from "./python-addon-names.js";
export * from "./entity-writes.js";
