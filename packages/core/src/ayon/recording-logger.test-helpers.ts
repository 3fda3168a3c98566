// A Logger that keeps every line, for asserting what the AYON client logs (and what it never logs).
import { Logger, type LogMeta } from "../logging/logger.js";

export interface LogLine {
  level: "error" | "warn" | "info" | "debug";
  message: string;
  meta: LogMeta;
}

export class RecordingLogger extends Logger {
  constructor(readonly lines: LogLine[] = [], private readonly bound: LogMeta = {}) {
    super();
  }
  error(message: string, meta: LogMeta = {}): void { this.lines.push({ level: "error", message, meta: { ...this.bound, ...meta } }); }
  warn(message: string, meta: LogMeta = {}): void { this.lines.push({ level: "warn", message, meta: { ...this.bound, ...meta } }); }
  info(message: string, meta: LogMeta = {}): void { this.lines.push({ level: "info", message, meta: { ...this.bound, ...meta } }); }
  debug(message: string, meta: LogMeta = {}): void { this.lines.push({ level: "debug", message, meta: { ...this.bound, ...meta } }); }
  child(meta: LogMeta): Logger { return new RecordingLogger(this.lines, { ...this.bound, ...meta }); }

  at(level: LogLine["level"]): LogLine[] {
    return this.lines.filter((l) => l.level === level);
  }
  /** Everything logged, as one string (to search for things that must never appear). */
  dump(): string {
    return JSON.stringify(this.lines);
  }
}
