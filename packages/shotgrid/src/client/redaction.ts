/**
 * Keeps credentials out of everything the client shows: log lines, error messages, JSON and `util.inspect`.
 * The values live in a private field, so neither enumeration nor inspection can reach them.
 */
import { inspect } from "node:util";

const REDACTED = "[redacted]";

/** A set of secret strings (script key, access tokens) that must never be shown. */
export class SecretRegistry {
  readonly #values = new Set<string>();

  add(value: string): void {
    // Very short strings would redact ordinary words; real keys and tokens are long.
    if (value.length >= 6) this.#values.add(value);
  }

  remove(value: string): void {
    this.#values.delete(value);
  }

  /** `text` with every known secret replaced by "[redacted]". */
  scrub(text: string): string {
    let out = text;
    for (const value of this.#values) {
      if (out.includes(value)) out = out.split(value).join(REDACTED);
    }
    return out;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return "SecretRegistry [redacted]";
  }
}

/** The site URL as it may be shown: origin and path only, never user-info or a query string. */
export function displayUrl(url: URL): string {
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}
