// @ayon-sg/handler-update-from-shotgrid/testing — the live-update test world and the scripted ShotGrid edits,
// for the reliability scenarios. Test-only: production code never imports this subpath.
export * from "../update.test-helpers.js";
export * from "../edit-script.test-helpers.js";
