/**
 * Keeps secrets out of log lines: known secret values (the AYON API key, the ShotGrid script key, tokens) are
 * replaced wherever they appear, and values under secret-looking keys are hidden whatever they are.
 */
const SECRET_KEY = /(api[-_]?key|token|secret|password|passwd|authorization|script[-_]?key|client[-_]?secret)/i;
export const REDACTED = "[redacted]";

export class Redactor {
  private readonly secrets = new Set<string>();

  add(secret: string | null | undefined): void {
    // Very short values would blank out ordinary words; real keys and tokens are long.
    if (secret && secret.length >= 6) this.secrets.add(secret);
  }

  text(value: string): string {
    let out = value;
    for (const secret of this.secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    return out;
  }

  /** A redacted copy of any value; Errors become `{name, message}` (plus `stack` when asked). */
  value(value: unknown, withStack = false, depth = 0): unknown {
    if (typeof value === "string") return this.text(value);
    if (value === null || typeof value !== "object") return value;
    if (depth > 6) return "[…]";
    if (value instanceof Error) {
      const out: Record<string, unknown> = { name: value.name, message: this.text(value.message) };
      const status = (value as { status?: unknown }).status;
      if (status !== undefined) out.status = status;
      if (withStack && value.stack) out.stack = this.text(value.stack);
      return out;
    }
    if (Array.isArray(value)) return value.map((v) => this.value(v, withStack, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      out[key] = SECRET_KEY.test(key) && inner !== null && inner !== undefined && inner !== "" ? REDACTED : this.value(inner, withStack, depth + 1);
    }
    return out;
  }
}
