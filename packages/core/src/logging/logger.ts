/**
 * The logging interface every service and plugin receives. An abstract class, not an interface, so it can be
 * a constructor-injection token (decorator metadata sees classes only).
 */
export type LogMeta = Record<string, unknown>;

export abstract class Logger {
  abstract error(message: string, meta?: LogMeta): void;
  abstract warn(message: string, meta?: LogMeta): void;
  abstract info(message: string, meta?: LogMeta): void;
  abstract debug(message: string, meta?: LogMeta): void;
  /** A logger that adds `meta` to every line it writes. */
  abstract child(meta: LogMeta): Logger;
}

/** Discards everything; the default where no logger is given. */
export class SilentLogger extends Logger {
  error(): void {}
  warn(): void {}
  info(): void {}
  debug(): void {}
  child(): Logger {
    return this;
  }
}
