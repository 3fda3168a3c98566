export {};
export { Logger, SilentLogger, type LogMeta } from "./logging/logger.js";
