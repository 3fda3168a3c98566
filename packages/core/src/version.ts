import { readFileSync } from "node:fs";
import { join } from "node:path";

/** Core's own version, read from its package.json (works from src in tests and from dist when installed). */
export const CORE_VERSION: string = (JSON.parse(readFileSync(join(import.meta.dirname, "..", "package.json"), "utf8")) as { version: string }).version;
