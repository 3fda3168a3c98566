// Metadata keys live in the global symbol registry, so a plugin that ends up with its own copy of core still
// writes keys the runtime can read.
export const HANDLER_METADATA = Symbol.for("ayon-sg:handler");
export const SOURCE_METADATA = Symbol.for("ayon-sg:source");
export const PLUGIN_BRAND = "@ayon-sg/plugin" as const;
