/**
 * Access tokens for a script (ShotGrid REST API v1 `POST /auth/access_token`): `client_credentials` grant,
 * form-encoded; a new token before the old one expires; one token request shared by every concurrent caller. Refresh
 * tokens are never used (they are single-use and race under concurrency).
 */
import { z } from "zod";
import type { Logger } from "@ayon-sg/core";
import { ShotgridAuthError, ShotgridError, ShotgridHttpError, ShotgridProtocolError } from "./errors.js";
import type { SecretRegistry } from "./redaction.js";
import type { TokenSource, Transport } from "./transport.js";

const tokenResponseSchema = z
  .object({
    access_token: z.string().min(1),
    // Measured at 600 s; the lifetime is a site preference. Absent → assume 600.
    expires_in: z.number().positive().optional(),
  })
  .loose();

/** Re-authenticate this long before expiry: 90 s, or half the lifetime when the lifetime is short. */
export function renewalMarginMs(lifetimeMs: number): number {
  return Math.min(90_000, lifetimeMs / 2);
}

interface HeldToken {
  value: string;
  renewAt: number;
}

export interface TokenManagerOptions {
  transport: Transport;
  scriptName: string;
  /** Returns the script key; a function so the key is not held as a plain field here. */
  scriptKey: () => string;
  secrets: SecretRegistry;
  logger: Logger;
  /** "script 'x' at https://site" — who is asking, for error messages. */
  describeCredentials: () => string;
  siteDisplay: string;
  now?: () => number;
}

export class TokenManager implements TokenSource {
  readonly #o: TokenManagerOptions;
  readonly #now: () => number;
  #token: HeldToken | null = null;
  #previous: string | null = null;
  #flight: Promise<string> | null = null;

  constructor(options: TokenManagerOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
  }

  get(): Promise<string> {
    const held = this.#token;
    if (held && this.#now() < held.renewAt) return Promise.resolve(held.value);
    if (!this.#flight) {
      this.#flight = this.#acquire().finally(() => {
        this.#flight = null;
      });
    }
    return this.#flight;
  }

  invalidate(token: string): void {
    if (this.#token?.value === token) this.#token = null;
  }

  async #acquire(): Promise<string> {
    const form = new URLSearchParams({
      grant_type: "client_credentials",
      client_id: this.#o.scriptName,
      client_secret: this.#o.scriptKey(),
    });
    let body: unknown;
    try {
      const res = await this.#o.transport.send(
        { method: "POST", path: "/auth/access_token", form, safety: "idempotent", readOnly: true },
        null,
      );
      body = res.body;
    } catch (err) {
      throw this.#explain(err);
    }
    const parsed = tokenResponseSchema.safeParse(body);
    if (!parsed.success) {
      throw new ShotgridProtocolError(`ShotGrid at ${this.#o.siteDisplay} answered the token request without an access token.`);
    }
    const lifetimeMs = (parsed.data.expires_in ?? 600) * 1000;
    const value = parsed.data.access_token;
    // Keep the newest two tokens in the scrubber: a request may still be in flight with the previous one.
    if (this.#previous) this.#o.secrets.remove(this.#previous);
    this.#previous = this.#token?.value ?? null;
    this.#o.secrets.add(value);
    this.#token = { value, renewAt: this.#now() + lifetimeMs - renewalMarginMs(lifetimeMs) };
    this.#o.logger.debug("ShotGrid access token acquired", { expiresInS: lifetimeMs / 1000 });
    return value;
  }

  #explain(err: unknown): unknown {
    if (!(err instanceof ShotgridHttpError)) return err;
    if (err.status === 400 || err.status === 401 || err.status === 403) {
      // A real site answers 400 "Can't authenticate script '<name>'" for a bad key, 400 for missing arguments.
      const why = err.detail ?? err.title;
      const reason = why ? ` (${why.replace(/\.+$/, "")})` : "";
      return new ShotgridAuthError(`ShotGrid rejected ${this.#o.describeCredentials()}${reason}.`);
    }
    if (err.status === 404) {
      return new ShotgridError(
        `ShotGrid at ${this.#o.siteDisplay} has no REST token endpoint (HTTP 404 on /api/v1/auth/access_token); check the site URL.`,
      );
    }
    return err;
  }
}
