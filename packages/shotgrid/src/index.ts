export * from "./client/index.js";
export * from "./settings.js";
export * from "./settings-folder-parenting.js";
export * from "./service.js";
export * from "./linked-projects.js";
export * from "./sync/index.js";
export * from "./mapping/index.js";
export * from "./plugin-identity.js";
