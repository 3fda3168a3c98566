import winston from "winston";
import { Logger, type LogMeta } from "./logger.js";
import { Redactor } from "./redactor.js";

export interface LoggerOptions {
  level: "error" | "warn" | "info" | "debug";
  /** pretty: one readable line per entry (for a terminal); json: one JSON object per line (for log collectors). */
  format: "pretty" | "json";
  redactor: Redactor;
  stream?: NodeJS.WritableStream;
}

/** The runtime's logger: winston behind the small `Logger` interface, secrets redacted on every line. */
export class WinstonLogger extends Logger {
  private constructor(
    private readonly winstonLogger: winston.Logger,
    private readonly redactor: Redactor,
    private readonly bound: LogMeta,
    private readonly withStack: boolean,
  ) {
    super();
  }

  static create(options: LoggerOptions): WinstonLogger {
    const stream = options.stream ?? process.stdout;
    const format = options.format === "json" ? winston.format.combine(winston.format.timestamp(), winston.format.json()) : prettyFormat();
    const instance = winston.createLogger({
      level: options.level,
      format,
      transports: [new winston.transports.Stream({ stream })],
    });
    return new WinstonLogger(instance, options.redactor, {}, options.level === "debug");
  }

  error(message: string, meta?: LogMeta): void {
    this.write("error", message, meta);
  }
  warn(message: string, meta?: LogMeta): void {
    this.write("warn", message, meta);
  }
  info(message: string, meta?: LogMeta): void {
    this.write("info", message, meta);
  }
  debug(message: string, meta?: LogMeta): void {
    this.write("debug", message, meta);
  }
  child(meta: LogMeta): Logger {
    return new WinstonLogger(this.winstonLogger, this.redactor, { ...this.bound, ...meta }, this.withStack);
  }

  private write(level: string, message: string, meta?: LogMeta): void {
    // winston formats every entry before its transports filter by level: skip the work for a level that is off
    // (the clients log each request at debug; at info that cost more than the request itself).
    if (!this.winstonLogger.isLevelEnabled(level)) return;
    const merged = meta ? { ...this.bound, ...meta } : this.bound;
    const clean = this.redactor.value(merged, this.withStack) as LogMeta;
    this.winstonLogger.log(level, this.redactor.text(message), clean);
  }
}

const CONTEXT_KEYS = ["plugin", "handler", "source", "service", "component"];

function prettyFormat(): winston.Logform.Format {
  return winston.format.printf((info) => {
    const { level, message, ...rest } = info as { level: string; message: string; [k: string]: unknown };
    const time = new Date().toISOString().replace("T", " ").slice(0, 23);
    const context = CONTEXT_KEYS.map((k) => rest[k]).filter((v) => typeof v === "string").join("/");
    for (const key of CONTEXT_KEYS) delete rest[key];
    const fields = Object.entries(rest)
      .filter(([k, v]) => v !== undefined && typeof k === "string")
      .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`)
      .join(" ");
    return `${time} ${level.toUpperCase().padEnd(5)}${context ? ` [${context}]` : ""} ${message}${fields ? `  ${fields}` : ""}`;
  });
}
