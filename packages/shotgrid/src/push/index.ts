// The AYON → ShotGrid direction (the push): what an AYON event asks, and how one entity is pushed.
export * from "./ayon-change.js";
export * from "./sg-fields.js";
export * from "./push-site.js";
export * from "./push-mapping.js";
export * from "./push-entity.js";
export * from "./push-read.js";
export * from "./push-batch.js";
export * from "./full-push.js";
export * from "./shotgrid-project.js";
