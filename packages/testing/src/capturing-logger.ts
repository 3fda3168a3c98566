import { Logger, type LogMeta } from "@ayon-sg/core";

export interface CapturedEntry {
  level: "error" | "warn" | "info" | "debug";
  message: string;
  meta: LogMeta;
}

/** A logger for tests: keeps every entry (children share the list) and can assert on them. */
export class CapturingLogger extends Logger {
  constructor(
    readonly entries: CapturedEntry[] = [],
    private readonly bound: LogMeta = {},
  ) {
    super();
  }

  error(message: string, meta?: LogMeta): void {
    this.push("error", message, meta);
  }
  warn(message: string, meta?: LogMeta): void {
    this.push("warn", message, meta);
  }
  info(message: string, meta?: LogMeta): void {
    this.push("info", message, meta);
  }
  debug(message: string, meta?: LogMeta): void {
    this.push("debug", message, meta);
  }
  child(meta: LogMeta): Logger {
    return new CapturingLogger(this.entries, { ...this.bound, ...meta });
  }

  /** Throws (with what was logged) unless an entry matches. */
  assertLogged(expected: { level?: CapturedEntry["level"]; message: string | RegExp; meta?: LogMeta }): CapturedEntry {
    const found = this.entries.find(
      (entry) =>
        (!expected.level || entry.level === expected.level) &&
        (typeof expected.message === "string" ? entry.message.includes(expected.message) : expected.message.test(entry.message)) &&
        Object.entries(expected.meta ?? {}).every(([key, value]) => entry.meta[key] === value),
    );
    if (!found) {
      throw new Error(`no log entry matches ${String(expected.message)}; logged:\n${this.entries.map((e) => `  ${e.level} ${e.message}`).join("\n")}`);
    }
    return found;
  }

  /** The entries of one level. */
  at(level: CapturedEntry["level"]): CapturedEntry[] {
    return this.entries.filter((entry) => entry.level === level);
  }

  /** Everything logged, as text (messages and metadata): handy to scan for secrets. */
  text(): string {
    return this.entries.map((e) => `${e.level} ${e.message} ${safeJson(e.meta)}`).join("\n");
  }

  private push(level: CapturedEntry["level"], message: string, meta?: LogMeta): void {
    this.entries.push({ level, message, meta: { ...this.bound, ...meta } });
  }
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_key, v: unknown) => (v instanceof Error ? { name: v.name, message: v.message } : v));
  } catch {
    return String(value);
  }
}
