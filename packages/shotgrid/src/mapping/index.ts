// ShotGrid ⇄ AYON field mapping (custom attributes, tags, users): pure functions both directions use.
export * from "./attrib-map.js";
export * from "./attrib-values.js";
export * from "./tags.js";
export * from "./users.js";
export * from "./fields.js";
export * from "./users-load.js";
