// Access and refresh tokens (`POST /auth/access_token`): HS256 JWTs signed with a per-emulator secret. The access
// token's payload is the only "who am I" a client has (`user`, `sudo_as_login`, `session_uuid`, `exp`). Refresh
// tokens are single-use. Expiry follows the emulator's clock, so tests can shorten it to seconds.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { UserRef } from "../store/store.js";

export interface TokenClaims {
  iss: string;
  aud: string;
  iat: number;
  exp: number;
  jti: string;
  user: UserRef;
  sudo_as_login: string | null;
  auth_type: "api_key" | "password" | "refresh";
  session_uuid: string | null;
  typ: "access" | "refresh";
}

export interface IssuedTokens {
  token_type: "Bearer";
  access_token: string;
  expires_in: number;
  refresh_token: string;
}

export type Verification = { ok: true; claims: TokenClaims } | { ok: false; reason: "Token Expired" | "Token invalid" };

/** Refresh tokens outlive access tokens; no figure is documented, a day is plenty for tests. */
const REFRESH_LIFETIME_S = 24 * 3600;
/** Bounds the memory of a long soak with short-lived tokens. */
const MAX_REMEMBERED_TOKENS = 10_000;

export class TokenService {
  private readonly secret = randomBytes(32);
  /** jti of every refresh token not used yet. */
  private readonly liveRefresh = new Set<string>();
  /** Every token handed out (newest last, capped), so a test can scan what it captured for them. */
  private readonly issuedTokens: string[] = [];

  constructor(
    private readonly lifetimeSeconds: number,
    private readonly now: () => Date,
  ) {}

  issue(user: UserRef, authType: TokenClaims["auth_type"], sudoAsLogin: string | null, sessionUuid: string | null): IssuedTokens {
    const nowMs = this.now().getTime();
    const iat = Math.floor(nowMs / 1000);
    const base = { iss: "shotgrid-emulator", aud: "shotgrid-rest-api", iat, user, sudo_as_login: sudoAsLogin, session_uuid: sessionUuid };
    // `exp` is rounded up so a token lives at least the configured lifetime.
    const access: TokenClaims = { ...base, exp: Math.ceil(nowMs / 1000 + this.lifetimeSeconds), jti: newJti(), auth_type: authType, typ: "access" };
    const refresh: TokenClaims = { ...base, exp: iat + REFRESH_LIFETIME_S, jti: newJti(), auth_type: authType, typ: "refresh" };
    this.liveRefresh.add(refresh.jti);
    const issued: IssuedTokens = {
      token_type: "Bearer",
      access_token: this.sign(access),
      expires_in: this.lifetimeSeconds,
      refresh_token: this.sign(refresh),
    };
    this.issuedTokens.push(issued.access_token, issued.refresh_token);
    if (this.issuedTokens.length > MAX_REMEMBERED_TOKENS) this.issuedTokens.splice(0, this.issuedTokens.length - MAX_REMEMBERED_TOKENS);
    return issued;
  }

  /** The access and refresh tokens issued so far (at most the last 10,000), oldest first. */
  issued(): readonly string[] {
    return this.issuedTokens;
  }

  verifyAccess(token: string): Verification {
    const claims = this.decode(token);
    if (!claims || claims.typ !== "access") return { ok: false, reason: "Token invalid" };
    if (this.now().getTime() >= claims.exp * 1000) return { ok: false, reason: "Token Expired" };
    return { ok: true, claims };
  }

  /** A refresh token works once; a replayed, expired or forged one is refused. */
  consumeRefresh(token: string): TokenClaims | null {
    const claims = this.decode(token);
    if (!claims || claims.typ !== "refresh" || !this.liveRefresh.has(claims.jti)) return null;
    this.liveRefresh.delete(claims.jti);
    if (this.now().getTime() >= claims.exp * 1000) return null;
    return claims;
  }

  private sign(claims: TokenClaims): string {
    const head = b64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
    const body = b64url(JSON.stringify(claims));
    return `${head}.${body}.${this.mac(`${head}.${body}`).toString("base64url")}`;
  }

  private decode(token: string): TokenClaims | null {
    const parts = token.split(".");
    if (parts.length !== 3) return null;
    const expected = this.mac(`${parts[0]}.${parts[1]}`);
    const given = Buffer.from(parts[2]!, "base64url");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    try {
      return JSON.parse(Buffer.from(parts[1]!, "base64url").toString("utf8")) as TokenClaims;
    } catch {
      return null;
    }
  }

  private mac(data: string): Buffer {
    return createHmac("sha256", this.secret).update(data).digest();
  }
}

function b64url(text: string): string {
  return Buffer.from(text, "utf8").toString("base64url");
}

function newJti(): string {
  return randomBytes(12).toString("hex");
}
