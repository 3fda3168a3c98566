// Who is calling (ayon-backend ayon_server/api/auth.py): API keys (x-api-key or "Authorization: ApiKey"), Bearer tokens
// from login (header, `accessToken` cookie or ?token=), service impersonation through X-as-user; and the login
// and logout endpoints. Failed keys are remembered for 60 s ("Invalid session"), like the server's
// Redis cache. Not emulated: the 0.2 s sleep after a failure and the per-IP lockout (loopback is
// exempt on a real server anyway).
import type { HttpContext } from "../http/index.js";
import { jsonReply } from "../http/index.js";
import { forbidden, unauthorized } from "./errors.js";
import { newAccessToken, sha256Hex } from "./ids.js";
import type { AuthResult, AyonRoutes, Principal } from "./request.js";
import type { AyonState } from "./state.js";
import type { UserRecord } from "./types.js";
import { userModel } from "./users.js";

const REJECTED_KEY_TTL_MS = 60_000;
export const SESSION_TTL_MS = 72 * 3600_000;

export function principalFor(user: UserRecord, token: string | null): Principal {
  const isService = user.isService;
  const isAdmin = user.isAdmin || isService;
  return { user, isService, isAdmin, isManager: user.isManager || isAdmin, token };
}

export function passwordHash(name: string, password: string): string {
  return sha256Hex(`${name}\u0000${password}`);
}

export function resolveAuth(state: AyonState, http: HttpContext): AuthResult {
  const apiKey = http.header("x-api-key") ?? schemeValue(http.header("authorization"), "apikey");
  if (apiKey) return checkApiKey(state, http, apiKey);

  const token =
    cookieValue(http.header("cookie"), "accessToken") ??
    schemeValue(http.header("authorization"), "bearer") ??
    http.query.get("token") ??
    undefined;
  // parse_access_token: only exactly 64 characters count as a token at all.
  if (token && token.length === 64) {
    const session = state.sessions.get(token);
    const user = session ? state.users.get(session.userName) : undefined;
    if (!session || !user || session.expiresAt <= state.now() || !user.active) {
      if (session) state.sessions.delete(token);
      return { error: unauthorized("Invalid session") };
    }
    session.expiresAt = state.now() + SESSION_TTL_MS; // extended while used
    return { principal: principalFor(user, token) };
  }
  return { error: unauthorized("Access token is missing") };
}

function checkApiKey(state: AyonState, http: HttpContext, apiKey: string): AuthResult {
  const keyHash = sha256Hex(apiKey);
  const now = state.now();
  const rejectedUntil = state.rejectedKeys.get(keyHash);
  if (rejectedUntil !== undefined) {
    if (rejectedUntil > now) return { error: unauthorized("Invalid session") };
    state.rejectedKeys.delete(keyHash);
  }
  const user = state.userByApiKeyHash(keyHash);
  if (!user || !user.active) {
    state.rejectedKeys.set(keyHash, now + REJECTED_KEY_TTL_MS);
    return { error: unauthorized("Invalid API key") };
  }
  const asUser = http.header("x-as-user");
  // Only service users may impersonate; for others the header is ignored (not checked against the server).
  if (asUser && user.isService) {
    const target = state.users.get(asUser);
    if (!target || !target.active) return { error: unauthorized(`User ${asUser} does not exist`) };
    return { principal: principalFor(target, null) };
  }
  return { principal: principalFor(user, null) };
}

function schemeValue(header: string | undefined, scheme: string): string | undefined {
  if (!header) return undefined;
  const space = header.indexOf(" ");
  if (space < 0 || header.slice(0, space).toLowerCase() !== scheme) return undefined;
  return header.slice(space + 1).trim() || undefined;
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

export function registerAuthRoutes(routes: AyonRoutes): void {
  routes.post("/api/auth/login", async (req) => {
    const body = await req.body({ name: { type: "string", required: true }, password: { type: "string", required: true } });
    const name = body.name as string;
    const user = req.state.users.get(name);
    if (!user || !user.active || !user.passwordHash || user.passwordHash !== passwordHash(name, body.password as string)) {
      // ayon-backend auth/password.py: a wrong name or password is a ForbiddenException (403).
      throw forbidden("Invalid login/password combination");
    }
    const token = newAccessToken();
    req.state.sessions.set(token, { userName: user.name, expiresAt: req.state.now() + SESSION_TTL_MS });
    // api/auth/auth.py login: LoginResponseModel (auth/models.py), none kept: error and redirectUrl null.
    return jsonReply({ detail: `Logged in as ${user.name}`, error: null, token, user: userModel(req.state, user, true, "login"), redirectUrl: null });
  });

  routes.post("/api/auth/logout", (req) => {
    const principal = req.principal;
    if (principal.token) req.state.sessions.delete(principal.token);
    return jsonReply({ detail: "Logged out" });
  });
}
