// The ShotGrid → AYON sync domain shared by the leecher and the handlers.
export * from "./naming.js";
export * from "./identity.js";
export * from "./hierarchy.js";
export * from "./ayon-tree.js";
export * from "./sg-tree.js";
export * from "./anatomy.js";
export * from "./plan.js";
export * from "./project-context.js";
export * from "./setup.js";
export * from "./apply.js";
export * from "./full-sync.js";
export * from "./import-project.js";
export * from "./importable-projects.js";
export * from "./tuning.js";
export * from "./incremental/index.js";
export * from "./sync-users.js";
export * from "./project-fields.js";
