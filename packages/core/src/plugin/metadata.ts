// Metadata keys live in the global symbol registry, so a plugin that ends up with its own copy of core still
// writes keys the runtime can read.
export const HANDLER_METADATA = Symbol.for("ayon-sg:handler");
export const SOURCE_METADATA = Symbol.for("ayon-sg:source");
export const PLUGIN_BRAND = "@ayon-sg/plugin" as const;
/** The `deps` of a `@Handler`/`@Source`: the classes its constructor receives, in order. */
export const INJECT_METADATA = Symbol.for("ayon-sg:inject");
