// Credentials and bearer tokens. `POST /auth/access_token` takes its parameters from a form body
// or the query string (Autodesk's Node and Ruby clients use the latter); every other route needs
// `Authorization: Bearer <jwt>`. Script keys and passwords are compared in constant time and never
// echoed in any message.
import { timingSafeEqual } from "node:crypto";
import { badRequest, SgError } from "../errors.js";
import type { Actor } from "../store/changes.js";
import type { ShotgridStore, UserRef } from "../store/store.js";
import type { HttpContext } from "../../http/index.js";
import { jsonReply, type HttpReply } from "../../http/index.js";
import { FORM, requireContentType } from "./content-types.js";
import { TokenService } from "./tokens.js";

export interface ScriptCredential {
  name: string;
  key: string;
  /** `ApiUser.generate_event_log_entries`: off unless set (the real site schema's default_value is false). */
  generateEventLogEntries?: boolean;
}

export interface HumanCredential {
  login: string;
  name?: string;
  password?: string;
}

interface Secret {
  user: UserRef;
  secret: Buffer;
}

function unauthorized(detail: string): SgError {
  return new SgError({ status: 401, code: 102, title: "Unauthorized", detail });
}

function secretEquals(expected: Buffer, given: string): boolean {
  const g = Buffer.from(given, "utf8");
  return g.length === expected.length && timingSafeEqual(g, expected);
}

export class Authenticator {
  readonly tokens: TokenService;
  private readonly scripts = new Map<string, Secret>();
  private readonly passwords = new Map<string, Secret>();

  constructor(
    private readonly store: ShotgridStore,
    lifetimeSeconds: number,
  ) {
    this.tokens = new TokenService(lifetimeSeconds, store.now);
  }

  /** Registers a script: its ApiUser row (firstname = name) exists in the store, its key only here. */
  addScript(script: ScriptCredential): UserRef {
    const user = this.store.apiUser(script.name, script.generateEventLogEntries ?? false);
    this.scripts.set(script.name, { user, secret: Buffer.from(script.key, "utf8") });
    return user;
  }

  addHuman(human: HumanCredential): UserRef {
    const user = this.store.humanUser(human.login, human.name);
    if (human.password !== undefined) this.passwords.set(human.login, { user, secret: Buffer.from(human.password, "utf8") });
    return user;
  }

  /** `POST /api/v1/auth/access_token`. */
  async tokenRequest(ctx: HttpContext): Promise<HttpReply> {
    const params = new URLSearchParams(ctx.query);
    const raw = await ctx.body();
    if (raw.length > 0) {
      requireContentType(ctx, [FORM]);
      for (const [k, v] of new URLSearchParams(raw.toString("utf8"))) params.set(k, v); // the body wins
    }
    const grant = params.get("grant_type");
    const sessionUuid = params.get("session_uuid") || null;
    let user: UserRef;
    let authType: "api_key" | "password" | "refresh" = "api_key";
    switch (grant) {
      case "client_credentials": {
        const name = params.get("client_id");
        const key = params.get("client_secret");
        if (!name || !key) throw new SgError({ status: 400, code: 102, title: "Missing or invalid authentication arguments" });
        const script = this.scriptUser(name, key);
        if (!script) throw new SgError({ status: 400, code: 102, title: `Can't authenticate script '${name}'` });
        user = script;
        break;
      }
      case "password": {
        const login = params.get("username");
        const password = params.get("password");
        if (!login || !password) throw new SgError({ status: 400, code: 102, title: "Missing or invalid authentication arguments" });
        const human = this.passwordUser(login, password);
        if (!human) throw new SgError({ status: 400, code: 102, title: `Can't authenticate user '${login}'` });
        user = human;
        authType = "password";
        break;
      }
      // Rust/Node clients send `refresh`, the Ruby client and the README `refresh_token`: both work.
      case "refresh":
      case "refresh_token": {
        const claims = this.tokens.consumeRefresh(params.get("refresh_token") ?? "");
        if (!claims) throw unauthorized("Unauthorized");
        return jsonReply(this.tokens.issue(claims.user, "refresh", claims.sudo_as_login, claims.session_uuid));
      }
      default:
        throw badRequest("Unsupported grant_type", { grant_type: grant ?? null });
    }
    const sudo = this.sudoLogin(params.get("scope"));
    return jsonReply(this.tokens.issue(user, authType, sudo, sessionUuid));
  }

  /** `scope=sudo_as_login:<login>` must name a live HumanUser. */
  private sudoLogin(scope: string | null): string | null {
    if (!scope) return null;
    const m = /^sudo_as_login:(.+)$/.exec(scope);
    if (!m) throw badRequest(`Invalid scope '${scope}'`, { scope });
    const login = m[1]!;
    if (!this.findHuman(login)) {
      throw new SgError({ status: 400, code: 102, title: `Cannot 'sudo' - unknown or retired user: '${login}'` });
    }
    return login;
  }

  /** The live ApiUser of a script whose key matches, else null (REST client_credentials and api3 share it). */
  scriptUser(name: string, key: string): UserRef | null {
    const script = this.scripts.get(name);
    if (!script || !secretEquals(script.secret, key) || this.store.row("ApiUser", script.user.id)?.retired) return null;
    return script.user;
  }

  /** The live HumanUser whose password matches, else null. */
  passwordUser(login: string, password: string): UserRef | null {
    const human = this.passwords.get(login);
    if (!human || !secretEquals(human.secret, password) || this.store.row("HumanUser", human.user.id)?.retired) return null;
    return human.user;
  }

  /** A live HumanUser by login (the target of a sudo). */
  findHuman(login: string): UserRef | null {
    const row = this.store.data.table("HumanUser").all.rows().find((r) => r.v.login === login && !r.retired);
    return row ? { type: "HumanUser", id: row.id } : null;
  }

  /** The actor behind a request's bearer token; a sudo token acts as the named person. */
  authenticate(ctx: HttpContext): Actor {
    const header = ctx.header("authorization") ?? "";
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    // Only the expired/invalid details are documented; a missing header reads as invalid too.
    if (!m) throw unauthorized("Token invalid");
    const result = this.tokens.verifyAccess(m[1]!);
    if (!result.ok) throw unauthorized(result.reason);
    const { claims } = result;
    let user: UserRef = claims.user;
    if (claims.sudo_as_login) {
      const human = this.findHuman(claims.sudo_as_login);
      if (!human) throw unauthorized("Token invalid");
      user = human;
    }
    const row = this.store.row(user.type, user.id);
    if (!row || row.retired) throw unauthorized("Token invalid");
    return { row, sessionUuid: claims.session_uuid };
  }
}
